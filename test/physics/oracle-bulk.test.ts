/**
 * Bulk OME and dipole from `compute` (observables ome, dipole; E ∥ ŷ) against the exact ribbon
 * oracle (src/ribbon/oracle.ts: finite-width ribbons periodic along x, exact static linear response
 * to eE·y, bulk density = slope vs width) on insulating lattice models — a 2-band (square-dirac) and a
 * 3-band model (three-band, 1 and 2 filled bands), all trivial (C = 0: a Chern ribbon has metallic
 * edges and converges only as N_k → ∞). And what can be tested for a metal: the static oracle does not
 * converge there (the isothermal f′ terms grow with the width; docs/ribbon.md §4, docs/physics-xi.md
 * §6), so the finite-T metal value of `compute` is checked against an independent per-k route instead
 * (paper 003's χ^int integrand, −2Σfλ, summed directly with Fermi factors on the same grid).
 */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compute } from '../../src/integrate/compute.js';
import { monkhorstPack } from '../../src/kspace/grid.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, TightBindingModel } from '../../src/model/types.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { lambda003 } from '../../src/physics/responses.js';
import { omeMetalCorrection, ribbonOracle } from '../../src/ribbon/index.js';
import { BOLTZMANN_EV_K } from '../../src/units/constants.js';

/** Band edges of filled band nf−1 / empty band nf on an N×N grid. */
function gap(m: CompiledModel, nf: number, N = 60): [number, number] {
  const k = new Float64Array(3 * N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let a = 0; a < 3; a++) k[3 * (i * N + j) + a] = (i / N) * m.reciprocal[a]! + (j / N) * m.reciprocal[3 + a]!;
  const b = createTsBackend().evaluate(m, { nk: N * N, k }, {});
  let top = -Infinity, bot = Infinity;
  for (let q = 0; q < N * N; q++) {
    top = Math.max(top, b.energies[m.nb * q + nf - 1]!);
    bot = Math.min(bot, b.energies[m.nb * q + nf]!);
  }
  return [top, bot];
}

async function bulk(m: CompiledModel, mu: number, grid: number, T = 0) {
  const r = await compute({ model: m, observables: ['ome', 'dipole', 'chern'], grid: [grid, grid], mu: [mu], T, backend: 'ts', threads: 1, params: { E: 1 } });
  const o = r.get('ome'), d = r.get('dipole');
  const k = o.conversions['Å per eE']!;
  return {
    K: o.at(0) * k,
    paper: (o.parts!['paper-reading'] as number[][])[0]![0]! * k,
    dy: d.at(0, 1) * d.conversions['1/eV per eE']!,
    chern: r.get('chern').at(0),
  };
}

const THREE = 'three-band:B=0.3,M=1.5,lambda=-1.5,eps0=0.5,vt=0.1';

describe('bulk OME from compute = exact ribbon oracle slope (insulators, E ∥ ŷ)', () => {
  // [name, model, filled bands, ribbon widths, ribbon k-points, also check the dipole]
  const cases: Array<[string, string, number, number[], number, boolean]> = [
    ['square-dirac (2 bands)', 'square-dirac:m=0.4,w=0.5', 1, [16, 20, 24], 64, true],
    ['three-band, 1 filled', THREE, 1, [12, 16, 20], 36, true],
    ['three-band, 2 filled', THREE, 2, [16, 20, 24], 48, false],
  ];
  for (const [name, spec, nf, widths, nk, withDipole] of cases) {
    it(name, async () => {
      const tb = buildBuiltin(spec) as TightBindingModel;
      const m = compileModel(tb);
      const [top, bot] = gap(m, nf);
      expect(bot - top).toBeGreaterThan(0.3);
      const mu = 0.5 * (top + bot);
      const a = await bulk(m, mu, 128), b = await bulk(m, mu, 96);
      expect(Math.abs(a.chern)).toBeLessThan(1e-6);
      const conv = Math.abs(a.K - b.K) / Math.abs(a.K);
      const rib = ribbonOracle(tb, { along: 0, widths, nk, mu, T: 0, observable: 'ome' });
      const ribD = withDipole ? ribbonOracle(tb, { along: 0, widths, nk, mu, T: 0, observable: 'dipole' }) : null;
      const ratio = a.K / rib.slope, ratioD = ribD ? a.dy / ribD.slope : 1;
      console.log(
        `[oracle-bulk] ${name}: μ = ${mu.toFixed(4)} eV, K = ${a.K.toPrecision(10)} Å (grid 128² vs 96²: ${conv.toExponential(1)}), ` +
          `ribbon slopes ${rib.successiveSlopes.map((x) => x.toPrecision(10)).join(' → ')} (W = ${widths.join('/')}); K/ribbon − 1 = ${(ratio - 1).toExponential(2)}; ` +
          `d^y/ribbon − 1 = ${ribD ? (ratioD - 1).toExponential(2) : '(not run)'}; paper-reading/value = ${(a.paper / a.K).toFixed(6)}`,
      );
      expect(conv).toBeLessThan(1e-6);
      expect(Math.abs(ratio - 1)).toBeLessThan(1e-5);
      if (ribD) expect(Math.abs(ratioD - 1)).toBeLessThan(1e-5);
      if (m.nb === 2) expect(Math.abs(a.paper / a.K + 0.5)).toBeLessThan(1e-9);
    });
  }
});

describe('metal (square-dirac, μ in the conduction band, T = 300 K): what can be tested', () => {
  const tb = buildBuiltin('square-dirac:m=0.4,w=0.5') as TightBindingModel;
  const m = compileModel(tb);
  const mu = 0.6, T = 300;

  it('the static ribbon oracle does not converge with the width (isothermal limit ≠ bulk intrinsic response)', () => {
    const rib = ribbonOracle(tb, { along: 0, widths: [4, 8, 12, 16], nk: 64, mu, T, observable: 'dipole' });
    const s = rib.successiveSlopes;
    const inc = s.slice(1).map((x, i) => Math.abs(x - s[i]!));
    console.log(`[oracle-bulk] metal μ = ${mu} eV, T = ${T} K: ribbon dipole successive slopes ${s.map((x) => x.toPrecision(6)).join(', ')} 1/eV (W = 4/8/12/16)`);
    // the increments do not shrink (a converging insulator's shrink geometrically)
    expect(inc[1]!).toBeGreaterThan(0.5 * inc[0]!);
  });

  it('finite-T OME from compute: parts d + ic + lc = −2Σ∫fλ₀₀₃ and `fermi-surface` = Σ∫f ε∂_βg (independent per-k routes, direct Fermi sums, same grid, 1e-9); the Fermi-surface form Σ∫(−f′)ε v g converges to the same value', async () => {
    const N = 48;
    const r = await compute({ model: m, observables: ['ome'], grid: [N, N], mu: [mu], T, backend: 'ts', threads: 1, params: { E: 1 } });
    const ome = r.get('ome').to('Å per eE');
    const K = ome.at(0);
    const fs = (ome.parts!['fermi-surface'] as number[][])[0]![0]!;
    const s = monkhorstPack(m, [N, N]);
    const kb = s.batch(0, s.size);
    const bb = createTsBackend().evaluate(m, kb, { velocity: true, hessian: true });
    let direct = 0, directFs = 0;
    const kT = BOLTZMANN_EV_K * T;
    for (let ik = 0; ik < kb.nk; ik++) {
      const g = new KGeometry(kpointFromBatch(bb, ik));
      const l = lambda003(g, 1, { physical: true }).sea;
      // field ∥ y: ε_{zyx} ∂_y g_yx = −Re ∂_yQ^{yx}, straight from the covariant derivatives
      const dyQyx = g.dQ(1, 1, 0);
      for (let n = 0; n < m.nb; n++) {
        const f = 1 / (1 + Math.exp((g.e[n]! - mu) / kT));
        direct += kb.w[ik]! * l[n]! * f;
        directFs += kb.w[ik]! * f * -dyQyx[2 * n]!;
      }
    }
    const sea = K; // the value = d + ic + lc (fermi-surface is a reading, not added)
    // the Fermi-surface form on finer grids (helper of the driven-ribbon study): the same integral
    const surface = [100, 200].map((grid) => omeMetalCorrection(m, { E: 1, mu, T, grid }).value);
    const fine = await compute({ model: m, observables: ['ome'], grid: [200, 200], mu: [mu], T, backend: 'auto', threads: 1, params: { E: 1 } });
    const fsFine = (fine.get('ome').to('Å per eE').parts!['fermi-surface'] as number[][])[0]![0]!;
    console.log(
      `[oracle-bulk] metal: K(compute) = d+ic+lc = ${sea.toPrecision(12)} Å, reading fermi-surface ${fs.toPrecision(8)}; −2Σ∫fλ = ${direct.toPrecision(12)} Å (rel ${(Math.abs(sea - direct) / Math.abs(direct)).toExponential(2)}), ` +
        `Σ∫f(−∂_yg_yx) = ${directFs.toPrecision(8)} (rel ${(Math.abs(fs - directFs) / Math.abs(directFs)).toExponential(2)}); 200²: sea form ${fsFine.toPrecision(10)}, surface form 100²/200² ${surface.map((x) => x.toPrecision(10)).join(' / ')}`,
    );
    expect(Math.abs(sea - direct) / Math.abs(direct)).toBeLessThan(1e-9);
    expect(Math.abs(directFs)).toBeGreaterThan(1e-3 * Math.abs(direct));
    expect(Math.abs(fs - directFs) / Math.abs(directFs)).toBeLessThan(1e-9);
    expect(Math.abs(fsFine - surface[1]!) / Math.abs(fsFine)).toBeLessThan(1e-4);
  });
});
