/**
 * Paper 003's χ^int through `compute` (src/observables/chi-int.ts): against the exact ribbon oracle
 * (insulators), against the literal Ξ total of paper 001 (the `ome` observable, metals and
 * insulators), symmetry zeros (T or P restored, C₃, the mirror line M_xT), units, two grids and
 * WASM vs TS. Gauge invariance of the per-k λ is tested in test/physics/covariant-responses.test.ts
 * (every per-k coefficient under random band phases) and not repeated here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/select.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import chiInt, { CHI_NM_PER_OHM } from '../../src/observables/chi-int.js';
import { chiIntNmPerOhm } from '../../src/physics/units.js';
import { ribbonOracle } from '../../src/ribbon/index.js';
import { closePointGroup, detectSymmetries } from '../../src/symmetry/detect.js';
import { allowedComponents } from '../../src/symmetry/tensor.js';
import { BOHR_MAGNETON_J_T } from '../../src/units/constants.js';

const backend = await createBackend('wasm-simd');
afterAll(() => backend.dispose());

/** χ^int (nm/Ω) [μ][zx, zy] and K = ∂⟨r×v⟩/∂(eE) (Å) from it. */
async function chi(spec: string | TightBindingModel, mu: number[], T: number | number[] = 0, grid = [90, 90], extra: string[] = [], E: 0 | 1 = 1, be: typeof backend | 'ts' = backend) {
  const model = compileModel(typeof spec === 'string' ? buildBuiltin(spec) : spec);
  return compute({ model, observables: ['chi-int', ...extra], grid, mu, T, backend: be, threads: 1, params: { E } });
}
const K = (r: Awaited<ReturnType<typeof chi>>, i: number, c = 1, t = 0) => r.get('chi-int').at(i, c, t) * r.get('chi-int').conversions['Å per eE']!;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('χ^int (paper 003 Eqs. 8, 11) vs the exact ribbon oracle (insulators)', () => {
  it('strained Haldane (Δ = 1.5, trivial) and the 3-band model (M = −1.5, 1 and 2 filled bands): bulk = ribbon slope to 1e-5', async () => {
    const cases: Array<{ spec: string; mu: number; widths: number[]; nk: number }> = [
      { spec: 'haldane:strain=0.2,phi=pi/3,t2=0.1,delta=1.5', mu: -0.15, widths: [6, 10, 14, 18], nk: 24 },
      { spec: 'three-band:M=-1.5,vt=0.5', mu: -0.856, widths: [8, 12, 16], nk: 32 },
      { spec: 'three-band:M=-1.5,vt=0.5', mu: 1.11, widths: [6, 9, 12], nk: 24 },
    ];
    const rows: string[] = [];
    for (const c of cases) {
      const r = await chi(c.spec, [c.mu]);
      const bulk = K(r, 0);
      // the ribbon along a₁ = x̂ has the field across it along +ŷ: its slope is K_y
      const o = ribbonOracle(buildBuiltin(c.spec) as TightBindingModel, { along: 0, widths: c.widths, nk: c.nk, mu: c.mu, T: 0, observable: 'ome', backend });
      rows.push(`${c.spec} μ=${c.mu}: χ_zy = ${r.get('chi-int').at(0, 1).toExponential(6)} nm/Ω, K = ${bulk.toPrecision(10)} Å, ribbon ${o.slope.toPrecision(10)} (ratio ${(o.slope / bulk).toFixed(9)})`);
      expect(Math.abs(bulk)).toBeGreaterThan(1e-5);
      expect(rel(o.slope, bulk)).toBeLessThan(1e-5);
      expect(Math.abs(K(r, 0, 0))).toBeLessThan(1e-12 * Math.abs(bulk)); // χ_zx = 0 (M_xT)
    }
    console.log('[p003 obs] ' + rows.join('; '));
  });
});

describe('χ^int = the literal Ξ total of paper 001 (ome parts d + ic + lc)', () => {
  it('metals and insulators, T = 0 and T > 0, two and three bands, E ∥ x and y: to 1e-8', async () => {
    let worst = 0;
    for (const [spec, mu] of [
      ['haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6', [-0.15, -0.9, 0.4, 1.3]],
      ['three-band', [-1.5, -0.48, 0.2, 0.77, 2]],
    ] as const) {
      for (const E of [0, 1] as const) {
        const r = await chi(spec, [...mu], [0, 300], [60, 60], ['ome'], E);
        const omeK = r.get('ome').conversions['Å per eE']!;
        for (let t = 0; t < 2; t++)
          for (let i = 0; i < mu.length; i++) {
            // the literal Ξ total d + ic + lc = the `ome` value
            const a = K(r, i, E, t), b = r.get('ome').at(i, 0, t) * omeK;
            if (Math.abs(b) > 1e-10) worst = Math.max(worst, rel(a, b));
            else expect(Math.abs(a)).toBeLessThan(1e-10);
          }
      }
    }
    console.log(`[p003 obs] χ^int vs ome d + ic + lc (001 literal Ξ): max rel diff ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-8);
  });
});

describe('symmetry (003 Table I: intrinsic needs P and T broken, PT allowed)', () => {
  const allowed = (spec: string) => {
    const G = closePointGroup(detectSymmetries(buildBuiltin(spec)).group);
    return allowedComponents(G, chiInt.character, { dim: 2, components: chiInt.components(2) }).components.map((c) => c.status);
  };

  it('restored T (t₂ = 0), restored P (Δ = 0), C₃ (unstrained): every component vanishes, metal and insulator', async () => {
    const ref = await chi('haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6', [-0.15, 0.9], 0, [60, 60]);
    const scale = Math.abs(ref.get('chi-int').at(0, 1));
    expect(scale).toBeGreaterThan(1e-8);
    for (const spec of ['haldane:strain=0.2,phi=pi/3,t2=0,delta=0.6', 'haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0', 'haldane:phi=pi/3,t2=0.1,delta=0.6']) {
      expect(allowed(spec)).toEqual(['forbidden', 'forbidden']);
      // the C₃ case: grid 60² is C₃-symmetric only up to its half shift; 120² shrinks the residue
      const r = await chi(spec, [-0.15, 0.9], 0, [60, 60]);
      const mx = Math.max(...[0, 1].flatMap((i) => [0, 1].map((c) => Math.abs(r.get('chi-int').at(i, c)))));
      expect(mx, spec).toBeLessThan(1e-6 * scale);
    }
  });

  it('the mirror line M_xT (strained Haldane, 3-band): χ ∥ ŷ only; the model rotated by 90° has χ ∥ x̂ with χ′_zx = −χ_zy', async () => {
    for (const spec of ['haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6', 'three-band']) {
      expect(allowed(spec)).toEqual(['forbidden', 'free']);
      const m = buildBuiltin(spec) as TightBindingModel;
      const rot: TightBindingModel = { ...structuredClone(m), lattice: m.lattice.map(([x, y]) => [-y!, x!]) };
      const a = (await chi(m, [-0.3, 0.9], 0, [60, 60])).get('chi-int');
      const b = (await chi(rot, [-0.3, 0.9], 0, [60, 60])).get('chi-int');
      for (let i = 0; i < 2; i++) {
        expect(Math.abs(a.at(i, 1))).toBeGreaterThan(1e-9);
        expect(Math.abs(a.at(i, 0))).toBeLessThan(1e-12 * Math.abs(a.at(i, 1)));
        expect(Math.abs(b.at(i, 1))).toBeLessThan(1e-12 * Math.abs(a.at(i, 1)));
        expect(rel(b.at(i, 0), -a.at(i, 1))).toBeLessThan(1e-10);
      }
    }
  });
});

describe('units, grids, backends', () => {
  it('nm/Ω = chiIntNmPerOhm; magnetisation per field in μ_B/nm²; 003 magnitude check (10⁻⁴ nm/Ω at 10⁴ V/m ≈ 10⁻⁴ μ_B/nm²)', async () => {
    const r = await chi('haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6', [-0.15], 0, [135, 135]);
    const o = r.get('chi-int');
    expect(o.unit).toBe('nm/Ω');
    expect(o.components).toEqual(['zx', 'zy']);
    expect(CHI_NM_PER_OHM).toBe(chiIntNmPerOhm(1));
    expect(o.conversions['m/Ω']).toBe(1e-9);
    // 1 nm/Ω × 1 V/m = 1e-9 A; 1 μ_B/nm² = μ_B/1e-18 m² A
    expect(rel(o.conversions['muB/nm^2 per V/m']!, 1e-9 / (BOHR_MAGNETON_J_T / 1e-18))).toBeLessThan(1e-15);
    expect(1e-4 * o.conversions['muB/nm^2 per V/m']! * 1e4).toBeCloseTo(1.078e-4, 6);
    // parts add up to the value
    const p = o.parts as Record<string, number[][]>;
    expect(p.moment![0]![1]! + p.metric![0]![1]!).toBeCloseTo(o.at(0, 1), 14);
    // at a given field: the induced magnetisation
    const f = await compute({ model: compileModel(buildBuiltin('haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6')), observables: ['chi-int'], grid: [135, 135], mu: [-0.15], T: 0, backend, threads: 1, params: { field: 1e5 } });
    const Mf = f.get('chi-int').conversions['muB/nm^2']! * f.get('chi-int').at(0, 1);
    expect(rel(Mf, o.at(0, 1) * o.conversions['muB/nm^2 per V/m']! * 1e5)).toBeLessThan(1e-14);
    console.log(`[p003 obs] strained Haldane (Δ = 0.6) insulator: χ_zy = ${o.at(0, 1).toExponential(6)} nm/Ω → ΔM_z = ${Mf.toExponential(4)} μ_B/nm² at E_y = 1e5 V/m`);
  });

  it('two grids converge (insulator 135² vs 180²: 1e-7, exponential; metal at 300 K 120² vs 180²: 1e-4); WASM (SIMD) = TS to 1e-10', async () => {
    const spec = 'haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6';
    const a = await chi(spec, [-0.15], 0, [135, 135]), b = await chi(spec, [-0.15], 0, [180, 180]);
    const dIns = rel(K(a, 0), K(b, 0));
    const m1 = await chi(spec, [1.3], 300, [120, 120]), m2 = await chi(spec, [1.3], 300, [180, 180]);
    const dMet = rel(K(m1, 0), K(m2, 0));
    console.log(`[p003 obs] grids: insulator 135²→180² ${dIns.toExponential(2)}; metal (μ = 1.3, 300 K) 120²→180² ${dMet.toExponential(2)} (K = ${K(m2, 0).toPrecision(8)} Å)`);
    // the metric-curl part is a total derivative (0 after ∫ in an insulator); its grid sum decays exponentially (90²: 1e-4)
    expect(dIns).toBeLessThan(1e-7);
    expect(dMet).toBeLessThan(1e-4);
    const mu = [-1.2, -0.15, 0.7, 1.3];
    for (const s of [spec, 'three-band']) {
      const w = await chi(s, mu, [0, 300], [40, 40], ['alpha-int']);
      const t = await chi(s, mu, [0, 300], [40, 40], ['alpha-int'], 1, 'ts');
      for (const name of ['chi-int', 'alpha-int'])
        for (let i = 0; i < w.get(name).data.length; i++) {
          const x = w.get(name).data[i]!, y = t.get(name).data[i]!;
          const scale = Math.max(...Array.from(t.get(name).data, Math.abs));
          expect(Math.abs(x - y), `${s} ${name}`).toBeLessThanOrEqual(1e-10 * scale);
        }
    }
  });
});

describe('declared character drives the symmetry machinery correctly (compute symmetry: wedge)', () => {
  it.each(['square-dirac', 'haldane:strain=0.2,phi=pi/3', 'three-band'])('%s: wedge (M_xT …) = full grid for chi-int and alpha-int; χ_zx forbidden and zero', async (spec) => {
    const base = { model: compileModel(buildBuiltin(spec)), observables: ['chi-int', 'alpha-int'], grid: [24, 24], mu: [-1.2, 0, 0.9], T: [0, 300], threads: 1, backend };
    const full = await compute(base), sym = await compute({ ...base, symmetry: true });
    const sd = sym.diagnostics.symmetry as { wedgeGroup: string[]; warnings: string[]; forbidden: Record<string, string[]> };
    expect(sd.wedgeGroup).toContain('MxT');
    expect(sd.warnings).toEqual([]);
    for (const n of ['chi-int', 'alpha-int']) {
      expect(sd.forbidden[n]).toEqual(['zx']);
      const a = full.get(n).data, b = sym.get(n).data;
      const scale = Math.max(...Array.from(a, Math.abs));
      expect(scale).toBeGreaterThan(0);
      for (let i = 0; i < a.length; i++) {
        if (i % 2 === 0) expect(Math.abs(a[i]!) / scale).toBeLessThan(1e-9);
        expect(Math.abs(a[i]! - b[i]!) / scale, `${n} ${i}`).toBeLessThan(1e-10);
      }
    }
  });
});
