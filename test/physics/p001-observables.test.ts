/**
 * Paper 001 observables through `compute` (src/observables/dipole.ts, ome.ts, ome-extrinsic.ts) on
 * the built-in `tilted-dirac` k·p model (001 Eq. 8) with the production polar grid (default 64×16,
 * radial segments split at every Fermi crossing), T = 0: the closed forms that hold (to 1e-6), the
 * corrected forms where the printed ones fail, symmetry, units, two grids, and WASM vs TS.
 * Values are read back in internal units per unit eE with the results' own conversions
 * ('1/eV per eE' for the dipole, 'Å per eE' for K = ∂⟨r×v⟩/∂(eE)); 001's sign (Eq. 49) is L = −K.
 */
import { describe, expect, it } from 'vitest';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import { ELEMENTARY_CHARGE, HBAR_EV_S } from '../../src/units/constants.js';
import { magnetizationPerField } from '../../src/physics/units.js';
import type { ComputeResult } from '../../src/result.js';

const ALPHA = 4, M = 0.01;
const MU = [0, 0.005, 0.015, 0.03, 0.1]; // gap: 0, 0.005 (m = 0.01)
const METAL = [0.015, 0.03, 0.1];
const PI = Math.PI;

const model = (vt: number) => compileModel(buildBuiltin('tilted-dirac', { alpha: ALPHA, m: M, vt }));

async function run(vt: number, E: 0 | 1, extra: { grid?: number[]; backend?: 'ts' | 'wasm-simd'; observables?: string[]; tau?: number; field?: number } = {}): Promise<ComputeResult> {
  return compute({
    model: model(vt),
    observables: extra.observables ?? ['dipole', 'ome'],
    mu: MU,
    T: 0,
    grid: extra.grid,
    backend: extra.backend ?? 'ts',
    threads: 1,
    params: { E, tau: extra.tau, field: extra.field },
  });
}

/** Internal per-eE values of an observable (or part) over μ, component c. */
function internal(r: ComputeResult, name: string, part?: string, c = 0): number[] {
  const o = r.get(name);
  const key = Object.keys(o.conversions).find((k) => k.endsWith(' per eE'))!;
  const f = o.conversions[key]!;
  const v = (part ? o.parts![part]! : o.values) as number[][];
  return v.map((row) => row[c]! * f);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('paper 001 closed forms through compute (tilted-dirac, production polar grid, T = 0)', () => {
  it('dipole: −1/(12πm) in the gap (any tilt); Eq. 9 in the metal for v_t → 0; O(t²) off at v_t = 0.2α', async () => {
    const big = await run(0.2 * ALPHA, 1), small = await run(1e-4 * ALPHA, 1);
    const dBig = internal(big, 'dipole', undefined, 1), dSmall = internal(small, 'dipole', undefined, 1);
    for (const d of [dBig, dSmall]) for (const i of [0, 1]) expect(rel(d[i]!, -1 / (12 * PI * M))).toBeLessThan(1e-6);
    const eq9 = (EF: number) => -(M * M + 3 * EF * EF) / (48 * PI * EF ** 3);
    const rBig: number[] = [], rSmall: number[] = [];
    METAL.forEach((EF, j) => {
      rSmall.push(dSmall[j + 2]! / eq9(EF));
      rBig.push(dBig[j + 2]! / eq9(EF));
      expect(rel(dSmall[j + 2]!, eq9(EF))).toBeLessThan(1e-6);
    });
    console.log(`[p001 obs] dipole gap ratio ${(dBig[0]! / (-1 / (12 * PI * M))).toFixed(10)}; Eq. 9 ratio v_t=1e-4α ${rSmall.map((x) => x.toFixed(10)).join(', ')}; v_t=0.2α ${rBig.map((x) => x.toFixed(6)).join(', ')}`);
    // the tilt deforms the Fermi line: O(t²) off at the paper's tilt
    expect(Math.abs(rBig[0]! - 1)).toBeGreaterThan(1e-3);
    // transverse component vanishes (E ∥ ŷ → d^x = 0)
    for (const x of internal(big, 'dipole', undefined, 0)) expect(Math.abs(x)).toBeLessThan(1e-9 * Math.abs(dBig[0]!));
    // units: P = −e⟨r⟩, C/m per V/m; ⟨r⟩ per V/m = d/(eE)·1e-10·1e10
    const P = (big.get('dipole').values as number[][])[0]![1]!;
    expect(rel(P, -ELEMENTARY_CHARGE * (-1 / (12 * PI * M)))).toBeLessThan(1e-6);
    expect(big.get('dipole').unit).toBe('C/m per V/m');
  });

  it('⟨L⟩_d = v_t⟨y⟩ (any tilt, gap and metal) and −v_t/(12πm) in the gap', async () => {
    for (const vt of [0.2 * ALPHA, 1e-4 * ALPHA]) {
      const r = await run(vt, 1);
      const d = internal(r, 'dipole', undefined, 1);
      const Ld = internal(r, 'ome', 'd').map((x) => -x); // part d = −L_d (K sign)
      Ld.forEach((x, i) => expect(rel(x, vt * d[i]!)).toBeLessThan(1e-6));
      expect(rel(Ld[0]!, -vt / (12 * PI * M))).toBeLessThan(1e-6);
    }
  });

  it('⟨L⟩_IC: 0 in the gap; the printed metal form fails, the corrected v_t(E_F²−m²)/(16πE_F³) holds (v_t → 0)', async () => {
    const vt = 1e-4 * ALPHA;
    const r = await run(vt, 1);
    const IC = internal(r, 'ome', 'ic').map((x) => -x);
    const Ld = internal(r, 'ome', 'd').map((x) => -x);
    for (const i of [0, 1]) expect(Math.abs(IC[i]!)).toBeLessThan(1e-9 * Math.abs(Ld[i]!));
    const printed: number[] = [];
    METAL.forEach((EF, j) => {
      const corrected = (vt * (EF * EF - M * M)) / (16 * PI * EF ** 3);
      const p = (vt * (M * M + EF * EF)) / (16 * PI * EF ** 3);
      expect(rel(IC[j + 2]!, corrected)).toBeLessThan(1e-6);
      printed.push(IC[j + 2]! / p);
      expect(rel(IC[j + 2]! / p, (EF * EF - M * M) / (EF * EF + M * M))).toBeLessThan(1e-6);
    });
    console.log(`[p001 obs] IC/printed = ${printed.map((x) => x.toFixed(10)).join(', ')} (= (E_F²−m²)/(E_F²+m²))`);
  });

  it('total K = −(L_d + L_IC + LC_Eq51): v_t/(6πm) in the gap, v_t(5m²+3E_F²)/(48πE_F³) (003) in the metal; reading ΔK = −v_t m²(E_F²−m²)/(16πE_F⁵); printed d + IC fails (×−2); paper-reading = −½ value in the gap', async () => {
    const vt = 1e-4 * ALPHA;
    const r = await run(vt, 1);
    const K = internal(r, 'ome');
    const Ld = internal(r, 'ome', 'd').map((x) => -x), IC = internal(r, 'ome', 'ic').map((x) => -x), LC = internal(r, 'ome', 'lc').map((x) => -x);
    const LC3 = internal(r, 'ome', 'lc3');
    const FS = internal(r, 'ome', 'fermi-surface');
    for (const i of [0, 1]) expect(rel(K[i]!, vt / (6 * PI * M))).toBeLessThan(1e-6);
    for (const i of [0, 1]) expect(Math.abs(FS[i]!)).toBeLessThan(1e-9 * Math.abs(K[i]!));
    // metal: K = 003's χ^int = d + ic + lc = v_t(5m²+3E_F²)/(48πE_F³); a ribbon along the field adds the reading
    // ΔK = −v_t m²(E_F²−m²)/(16πE_F⁵) (derived in docs/physics-xi.md): K + ΔK = v_t(3E_F⁴+2m²E_F²+3m⁴)/(48πE_F⁵)
    METAL.forEach((EF, j) => {
      expect(rel(K[j + 2]!, (vt * (5 * M * M + 3 * EF * EF)) / (48 * PI * EF ** 3))).toBeLessThan(1e-6);
      expect(rel(FS[j + 2]!, (-vt * M * M * (EF * EF - M * M)) / (16 * PI * EF ** 5))).toBeLessThan(1e-6);
      expect(rel(K[j + 2]! + FS[j + 2]!, (vt * (3 * EF ** 4 + 2 * M * M * EF * EF + 3 * M ** 4)) / (48 * PI * EF ** 5))).toBeLessThan(1e-6);
    });
    // two bands: LC3 ≡ 0 and LC_Eq51 = L_d
    LC3.forEach((x, i) => expect(Math.abs(x)).toBeLessThan(1e-12 * Math.abs(K[i]!)));
    LC.forEach((x, i) => expect(rel(x, Ld[i]!)).toBeLessThan(1e-9));
    // 001's "⟨L⟩_d + ⟨L⟩_IC = e E m² v_t/(24πE_F³)": ratio −2 (corrected: −m²v_t/(12πE_F³))
    const ratios = METAL.map((EF, j) => (Ld[j + 2]! + IC[j + 2]!) / ((M * M * vt) / (24 * PI * EF ** 3)));
    ratios.forEach((x) => expect(Math.abs(x + 2)).toBeLessThan(1e-5));
    console.log(`[p001 obs] (L_d+IC)/printed = ${ratios.map((x) => x.toFixed(8)).join(', ')}`);
    // paper-reading: −(e/2)(L_d + IC + LC3) (001 sign) = −½ × the value in the gap
    const M0 = r.get('ome');
    const v = (M0.values as number[][]).map((x) => x[0]!), pr = (M0.parts!['paper-reading'] as number[][]).map((x) => x[0]!);
    for (const i of [0, 1]) expect(rel(pr[i]! / v[i]!, -0.5)).toBeLessThan(1e-9);
    // value = Σ of the parts d, ic, lc (fermi-surface is a reading, not added)
    const sum = ['d', 'ic', 'lc'].map((p) => (M0.parts![p] as number[][]).map((x) => x[0]!));
    v.forEach((x, i) => expect(rel(sum[0]![i]! + sum[1]![i]! + sum[2]![i]!, x)).toBeLessThan(1e-12));
  });

  it('units: M = −(e/2)K in A per V/m (= magnetizationPerField), nm/Ω, and for a given field (--field)', async () => {
    const r = await run(0.2 * ALPHA, 1);
    const o = r.get('ome');
    expect(o.unit).toBe('A per V/m');
    const K = internal(r, 'ome');
    expect(rel(o.at(0), magnetizationPerField(K[0]!, 2))).toBeLessThan(1e-12);
    expect(rel(o.at(0), -5.17e-14)).toBeLessThan(1e-3); // docs/physics-xi.md §5 example, v_t = 0.8 eV·Å
    const F = 1e5;
    const rf = await run(0.2 * ALPHA, 1, { field: F });
    expect(rf.get('ome').unit).toBe('A');
    expect(rel(rf.get('ome').at(2), F * o.at(2))).toBeLessThan(1e-12);
    expect(rf.get('dipole').unit).toBe('C/m');
    expect(Object.keys(rf.get('ome').conversions)).toEqual(['muB/nm^2', '1/s']);
  });

  it('extrinsic (E ∥ x̂): K_ext = −(τ/ħ)v_t m(E_F²−m²)/(2πE_F³) for v_t → 0 (derived here; no closed form in 001), 0 in the gap', async () => {
    // K_ext = 2(τ/ħ)Σ∫(−f′)v^x X = 2(τ/ħ)Σ∫f ∂_xX; to O(v_t) only the tilt shift of the Fermi line survives:
    // −2(τ/ħ)v_t∮δ(ε₀−E_F)k_x∂_xX with X = ∓mα²/(2ε₀²) → −(τ/ħ)v_t m(E_F²−m²)/(2πE_F³) (physical sign; 001's L_ext = −K_ext)
    const vt = 1e-4 * ALPHA, tau = 1e-14;
    const r = await compute({ model: model(vt), observables: ['ome-extrinsic'], mu: MU, T: 0, backend: 'ts', threads: 1, params: { E: 0, tau }, surfaceSmearing: 1e-4 });
    const K = internal(r, 'ome-extrinsic');
    const closed = (EF: number) => (-(tau / HBAR_EV_S) * vt * M * (EF * EF - M * M)) / (2 * PI * EF ** 3);
    const ratios = METAL.map((EF, j) => K[j + 2]! / closed(EF));
    console.log(`[p001 obs] K_ext / closed form (T = 0 δ smeared with k_BT = 0.1 meV): ${ratios.map((x) => x.toFixed(7)).join(', ')}`);
    // the smearing error is O((k_BT/E_F)²): 4e-4 at E_F = 0.015 eV
    expect(Math.abs(ratios[0]! - 1)).toBeLessThan(1e-3);
    for (const x of ratios.slice(1)) expect(Math.abs(x - 1)).toBeLessThan(1e-4);
    expect(Math.abs(K[0]!)).toBeLessThan(1e-12 * Math.abs(K[3]!));
  });

  it('symmetry (M_xT): intrinsic OME only for E ∥ ŷ, extrinsic only for E ∥ x̂', async () => {
    const vt = 0.2 * ALPHA, tau = 1e-14;
    const obs = ['ome', 'ome-extrinsic'];
    const ry = await run(vt, 1, { observables: obs, tau }), rx = await run(vt, 0, { observables: obs, tau });
    const intY = internal(ry, 'ome'), intX = internal(rx, 'ome');
    const extY = internal(ry, 'ome-extrinsic'), extX = internal(rx, 'ome-extrinsic');
    const mx = (a: number[]) => Math.max(...a.map(Math.abs));
    for (const part of ['d', 'ic', 'lc', 'lc3', 'paper-reading']) expect(mx(internal(rx, 'ome', part))).toBeLessThan(1e-9 * mx(intY));
    expect(mx(intX)).toBeLessThan(1e-9 * mx(intY));
    expect(mx(extY)).toBeLessThan(1e-9 * mx(extX));
    expect(mx(extX)).toBeGreaterThan(0);
    console.log(`[p001 obs] max|int E∥x|/max|int E∥y| = ${(mx(intX) / mx(intY)).toExponential(2)}, max|ext E∥y|/max|ext E∥x| = ${(mx(extY) / mx(extX)).toExponential(2)}`);
  });

  it('two grids (64×16 default vs 128×32) agree to 1e-9', async () => {
    const a = await run(0.2 * ALPHA, 1, { observables: ['dipole', 'ome'] });
    const b = await run(0.2 * ALPHA, 1, { observables: ['dipole', 'ome'], grid: [128, 32] });
    let worst = 0;
    for (const name of ['dipole', 'ome']) {
      const x = a.get(name).data, y = b.get(name).data;
      const scale = Math.max(...Array.from(y, Math.abs));
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
    }
    console.log(`[p001 obs] grid 64×16 vs 128×32: max rel diff ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-9);
  });

  it('WASM (wasm-simd) vs TS backend: dipole, ome (all parts), ome-extrinsic to 1e-10', async () => {
    const obs = ['dipole', 'ome', 'ome-extrinsic'];
    let worst = 0;
    const pairs: Array<[ComputeResult, ComputeResult]> = [];
    for (const E of [0, 1] as const) {
      const a = await run(0.2 * ALPHA, E, { observables: obs, tau: 1e-14 });
      const b = await run(0.2 * ALPHA, E, { observables: obs, tau: 1e-14, backend: 'wasm-simd' });
      expect(b.backend).toBe('wasm-simd');
      pairs.push([a, b]);
    }
    for (const name of obs) {
      // scale: the largest value over both field directions (one of them is zero by symmetry)
      const scale = Math.max(...pairs.flatMap(([a]) => Array.from(a.get(name).data, Math.abs)));
      for (const [a, b] of pairs) {
        const A = a.get(name), B = b.get(name);
        const arrays = [[A.data, B.data], ...Object.keys(A.partsData).map((p) => [A.partsData[p]!, B.partsData[p]!])];
        for (const [x, y] of arrays) for (let i = 0; i < x!.length; i++) worst = Math.max(worst, Math.abs(x![i]! - y![i]!) / scale);
      }
    }
    console.log(`[p001 obs] wasm-simd vs ts: max rel diff ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
  });
});
