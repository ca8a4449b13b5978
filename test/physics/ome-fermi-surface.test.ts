/**
 * The `ome` part `fermi-surface` (docs/ribbon.md §15): ΔK_a = Σ_l ε_{aβl} Σₙ∫ f ∂_β gⁿ_{βl}, computed in its
 * Fermi-sea form (∂g by sums over states with ∂²H; 2D in the kernel, 3D per k in TypeScript), equals its
 * Fermi-surface form Σ_l ε_{aβl} Σₙ∫(−f′) v^β_n gⁿ_{βl} (integration by parts over the zone) on a gapped
 * metal at high T where both have converged; it vanishes in insulators; the 2D route agrees between WASM
 * and TS; the 3D route equals the 2D one for decoupled layers. (Models with band touchings — generic
 * random 3D models have Weyl points — make both forms converge slowly: g ~ 1/Δ² there.)
 */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { pairIndex } from '../../src/backend/backend.js';
import { compute } from '../../src/integrate/compute.js';
import { monkhorstPack } from '../../src/kspace/grid.js';
import { compileModel } from '../../src/model/compile.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { BOLTZMANN_EV_K } from '../../src/units/constants.js';
import type { CompiledModel, TightBindingModel } from '../../src/model/types.js';

const levi = (a: number, b: number, c: number) => ((a - b) * (b - c) * (c - a)) / 2;

/** Σ_l ε_{aβl} Σ∫(−f′) v^β g_{βl} on an n^dim grid, per axial component (the Fermi-surface form). */
function surfaceForm(m: CompiledModel, beta: number, n: number, mu: number, T: number): number[] {
  const dim = m.dim, nb = m.nb, nn2 = 2 * nb * nb, P = (dim * (dim + 1)) / 2, axes = dim === 2 ? [2] : [0, 1, 2];
  const s = monkhorstPack(m, new Array(dim).fill(n));
  const kb = s.batch(0, s.size);
  const b = createTsBackend().evaluate(m, kb, { velocity: true, geometry: true });
  const kT = BOLTZMANN_EV_K * T;
  const out = axes.map(() => 0);
  for (let k = 0; k < kb.nk; k++)
    for (let j = 0; j < nb; j++) {
      const f = 1 / (1 + Math.exp((b.energies[k * nb + j]! - mu) / kT));
      const w = kb.w[k]! * (f * (1 - f)) / kT;
      const v = b.velocity![(k * dim + beta) * nn2 + (j * nb + j) * 2]!;
      axes.forEach((a, c) => {
        for (let l = 0; l < dim; l++) {
          const e = levi(a, beta, l);
          if (e !== 0) out[c]! += w * e * v * b.quantumMetric![(k * nb + j) * P + pairIndex(dim, beta, l)]!;
        }
      });
    }
  return out;
}

async function seaForm(m: CompiledModel, beta: 0 | 1 | 2, n: number, mu: number, T: number, backend: 'ts' | 'wasm-simd' = 'ts'): Promise<number[]> {
  const r = await compute({ model: m, observables: ['ome'], grid: new Array(m.dim).fill(n), mu: [mu], T, backend, threads: 1, params: { E: beta } });
  const o = r.get('ome').to(m.dim === 2 ? 'Å per eE' : '1 per eE');
  return (o.parts!['fermi-surface'] as number[][])[0]!;
}

describe('ome part fermi-surface: Fermi-sea form = Fermi-surface form', () => {
  it('3D route (per k in TypeScript) = 2D kernel route for decoupled layers of a 2D metal (c = 7 Å): ΔK_z·c = ΔK_2D, ΔK_x = 0', async () => {
    const m2 = buildBuiltin('three-band:B=0.3,M=1.5,lambda=-1.5,eps0=0.5,vt=0.1') as TightBindingModel;
    const c = 7;
    const m3: TightBindingModel = {
      ...m2,
      name: 'three-band-layers',
      dim: 3,
      lattice: [[...m2.lattice[0]!, 0], [...m2.lattice[1]!, 0], [0, 0, c]],
      orbitals: m2.orbitals.map((o) => [...o, 0]),
      hoppings: m2.hoppings.map((h) => ({ ...h, R: [...h.R, 0] })),
    };
    const mu = -0.9, T = 2000;
    const two = await compute({ model: compileModel(m2), observables: ['ome'], grid: [60, 60], mu: [mu], T, backend: 'wasm-simd', threads: 1, params: { E: 1 } });
    const three = await compute({ model: compileModel(m3), observables: ['ome'], grid: [60, 60, 1], mu: [mu], T, backend: 'ts', threads: 1, params: { E: 1 } });
    const fs2 = (two.get('ome').to('Å per eE').parts!['fermi-surface'] as number[][])[0]![0]!;
    const fs3 = (three.get('ome').to('1 per eE').parts!['fermi-surface'] as number[][])[0]!;
    console.log(`[ome fs] layers: 2D ${fs2.toExponential(12)} Å; 3D (x, y, z)·c ${fs3.map((x) => (x * c).toExponential(12)).join(', ')}`);
    expect(Math.abs(fs2)).toBeGreaterThan(1e-5);
    expect(Math.abs(fs3[2]! * c - fs2)).toBeLessThan(1e-10 * Math.abs(fs2));
    expect(Math.abs(fs3[0]!) + Math.abs(fs3[1]!)).toBeLessThan(1e-12 * Math.abs(fs2));
  });

  it('2D three-band metal, WASM kernel = TS reference (1e-10) = Fermi-surface form (1e-8); zero in an insulator', async () => {
    const m = compileModel(buildBuiltin('three-band:B=0.3,M=1.5,lambda=-1.5,eps0=0.5,vt=0.1'));
    const T = 2000;
    {
      const beta = 1; // E ∥ x is forbidden here (M_xT): the part vanishes
      const ts = await seaForm(m, beta, 90, -0.9, T, 'ts');
      const simd = await seaForm(m, beta, 90, -0.9, T, 'wasm-simd');
      const surf = surfaceForm(m, beta, 90, -0.9, T);
      console.log(`[ome fs] 2D β = ${'xy'[beta]}: ts ${ts[0]!.toExponential(12)}, wasm-simd ${simd[0]!.toExponential(12)}, surface form ${surf[0]!.toExponential(12)}`);
      expect(Math.abs(ts[0]!)).toBeGreaterThan(1e-5);
      expect(Math.abs(simd[0]! - ts[0]!)).toBeLessThan(1e-10 * Math.abs(ts[0]!));
      expect(Math.abs(surf[0]! - ts[0]!)).toBeLessThan(1e-8 * Math.abs(ts[0]!));
    }
    // μ in a gap at low T: no Fermi surface, the part vanishes against d + ic + lc
    const r = await compute({ model: m, observables: ['ome'], grid: [60, 60], mu: [0.25], T: 30, backend: 'ts', threads: 1, params: { E: 1 } });
    const o = r.get('ome');
    const fs = (o.parts!['fermi-surface'] as number[][])[0]![0]!;
    expect(Math.abs(fs)).toBeLessThan(1e-10 * Math.abs(o.at(0)));
  });

  it('not a tensor in the field direction: for the C₃-symmetric Haldane metal the value vanishes (C₃) for E ∥ x and y, the reading does not for E ∥ y (a ribbon along y gives it, along x gives 0: docs/ribbon.md §15)', async () => {
    const m = compileModel(buildBuiltin('haldane:t=-1,t2=0.1,phi=0.3,delta=1.5'));
    const K: number[] = [], FS: number[] = [];
    for (const beta of [0, 1] as const) {
      const r = await compute({ model: m, observables: ['ome'], grid: [120, 120], mu: [1.8], T: 1000, backend: 'auto', threads: 1, params: { E: beta } });
      const o = r.get('ome').to('Å per eE');
      K.push(o.at(0));
      FS.push((o.parts!['fermi-surface'] as number[][])[0]![0]!);
    }
    console.log(`[ome fs] C₃ Haldane metal: value ${K.map((x) => x.toExponential(2)).join(', ')} Å; fermi-surface ${FS.map((x) => x.toExponential(4)).join(', ')} Å (E ∥ x, y)`);
    expect(Math.abs(FS[1]!)).toBeGreaterThan(1e-5);
    for (const x of K) expect(Math.abs(x)).toBeLessThan(1e-8 * Math.abs(FS[1]!));
    expect(Math.abs(FS[0]!)).toBeLessThan(1e-8 * Math.abs(FS[1]!));
  });
});
