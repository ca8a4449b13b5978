/**
 * The k-lane path of the SIMD build (assembly/klanes.ts): two k-points per f64x2 from the
 * eigensolver on, for nb ≤ 2. The closed-form 2×2 eigensolver at machine precision (residual and
 * orthonormality) for random, exactly and nearly degenerate, diagonal, scalar and zero matrices,
 * batch sizes 1, 2, 3, 7, 64 (odd tails); evaluate() with k-lanes = the per-k path (same build,
 * kLanesEnabled = false) and = ts, for 1 and 2 bands, 1–3 dimensions, tight-binding (dense and
 * scatter assembly) and k·p, every need combination, batch sizes 1, 2, 3, 7, 64; the degeneracy
 * count and threshold; the scalar build and nb ≥ 3 take the per-k path (bit-identical on/off).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { axialCount, pairCount, type BandBatch, type Needs } from '../../src/backend/backend.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { createWasmBackend, type WasmBackend } from '../../src/backend/wasm/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, KpModel } from '../../src/model/types.js';
import { eigenResiduals, hermitianWithSpectrum, randomHermitian } from '../helpers/linalg.js';
import { randomTightBinding, rng } from '../helpers/models.js';

const EPS = 2.220446049250313e-16;
const BATCHES = [1, 2, 3, 7, 64];

let simd: WasmBackend;
let scalar: WasmBackend;
beforeAll(async () => {
  simd = await createWasmBackend('simd');
  scalar = await createWasmBackend('scalar');
  expect(simd.name).toBe('wasm-simd');
  expect(scalar.name).toBe('wasm');
});

/** 2×2 Hermitian test matrices of one family, interleaved re/im. */
function family(kind: string, count: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const out: Float64Array[] = [];
  for (let t = 0; t < count; t++) {
    const c = r() - 0.5;
    switch (kind) {
      case 'random': out.push(randomHermitian(2, seed * 1000 + t)); break;
      case 'degenerate': out.push(hermitianWithSpectrum([c, c], seed * 1000 + t)); break; // c·I up to rounding
      case 'nearly': {
        const split = 10 ** -(8 + Math.floor(r() * 8)); // 1e-8 … 1e-15
        out.push(hermitianWithSpectrum([c, c + split], seed * 1000 + t));
        break;
      }
      case 'exact-scalar': out.push(new Float64Array([c, 0, 0, 0, 0, 0, c, 0])); break; // exactly c·I
      case 'zero': out.push(new Float64Array(8)); break;
      case 'diagonal': out.push(new Float64Array([c, 0, 0, 0, 0, 0, r() - 0.5, 0])); break; // either order
      case 'off-diagonal': { const br = r() - 0.5, bi = r() - 0.5; out.push(new Float64Array([0, 0, br, -bi, br, bi, 0, 0])); break; }
      case 'tiny-offdiag': { const e = 1e-13 * (r() - 0.5); out.push(new Float64Array([c, 0, e, e, e, -e, c - 1e-14, 0])); break; }
      case 'large-range': out.push(hermitianWithSpectrum([1e6 * (r() + 0.5), -1e-6 * r()], seed * 1000 + t)); break;
      case 'huge': out.push(randomHermitian(2, seed * 1000 + t).map((x) => x * 1e200)); break; // squares would overflow
      case 'tiny': out.push(randomHermitian(2, seed * 1000 + t).map((x) => x * 1e-200)); break; // squares would underflow
      case 'nearly-tiny': out.push(hermitianWithSpectrum([1e-200, 1e-200 * (1 + 1e-12)], seed * 1000 + t)); break;
      default: throw new Error(kind);
    }
  }
  return out;
}

const KINDS = ['random', 'degenerate', 'nearly', 'exact-scalar', 'zero', 'diagonal', 'off-diagonal', 'tiny-offdiag', 'large-range', 'huge', 'tiny', 'nearly-tiny'];

describe('k-lane eigensolver (2×2 closed form, two matrices per f64x2)', () => {
  it('the SIMD build has the k-lane path for nb = 1, 2 only; the scalar build has none', () => {
    expect(simd.eighLanes(1, 1, new Float64Array(2))).not.toBeNull();
    expect(simd.eighLanes(2, 1, new Float64Array(8))).not.toBeNull();
    expect(simd.eighLanes(3, 1, new Float64Array(18))).toBeNull();
    expect(simd.eighLanes(4, 1, new Float64Array(32))).toBeNull();
    expect(scalar.eighLanes(2, 1, new Float64Array(8))).toBeNull();
  });

  for (const kind of KINDS) {
    it(`${kind}: residual and orthonormality at machine precision, batch sizes ${BATCHES.join(', ')}`, () => {
      let worst = 0;
      for (const count of BATCHES) {
        const mats = family(kind, count, 17 + count);
        const all = new Float64Array(8 * count);
        mats.forEach((m, t) => all.set(m, 8 * t));
        const res = simd.eighLanes(2, count, all)!;
        for (let t = 0; t < count; t++) {
          const w = res.values.subarray(2 * t, 2 * t + 2), U = res.vectors.subarray(8 * t, 8 * t + 8);
          expect(w[0]!).toBeLessThanOrEqual(w[1]!);
          const { residual, orthonormality } = eigenResiduals(2, mats[t]!, w, U);
          worst = Math.max(worst, residual, orthonormality);
          if (!(residual < 8 * EPS && orthonormality < 8 * EPS)) throw new Error(`${kind} count ${count} t ${t}: residual ${residual}, orthonormality ${orthonormality}`);
          // eigenvalues agree with the Householder/QL solver to ε·max|H|
          const ref = simd.eigh(2, 1, mats[t]!, false).values;
          let hmax = 1e-300;
          for (const x of mats[t]!) hmax = Math.max(hmax, Math.abs(x));
          for (let i = 0; i < 2; i++) expect(Math.abs(w[i]! - ref[i]!)).toBeLessThanOrEqual(4 * EPS * hmax);
        }
      }
      expect(worst).toBeLessThan(8 * EPS);
    });
  }

  it('exactly degenerate input (c·I, zero) gives exactly equal eigenvalues and an exactly unitary U', () => {
    for (const H of [new Float64Array([0.3, 0, 0, 0, 0, 0, 0.3, 0]), new Float64Array(8)]) {
      const { values, vectors } = simd.eighLanes(2, 1, H)!;
      expect(values[0]).toBe(values[1]);
      expect(values[0]).toBe(H[0]);
      expect(eigenResiduals(2, H, values, vectors).orthonormality).toBe(0);
    }
  });

  it('batch results do not depend on the lane or the batch (lane 0 = lane 1 = alone)', () => {
    const mats = family('random', 7, 99);
    const all = new Float64Array(56);
    mats.forEach((m, t) => all.set(m, 8 * t));
    const batch = simd.eighLanes(2, 7, all)!;
    for (let t = 0; t < 7; t++) {
      const one = simd.eighLanes(2, 1, mats[t]!)!;
      expect(Array.from(batch.values.subarray(2 * t, 2 * t + 2))).toEqual(Array.from(one.values));
      expect(Array.from(batch.vectors.subarray(8 * t, 8 * t + 8))).toEqual(Array.from(one.vectors));
    }
  });

  it('nb = 1: ε = H, U = 1', () => {
    const H = new Float64Array([0.7, 0, -0.2, 0, 3, 0]);
    const { values, vectors } = simd.eighLanes(1, 3, H)!;
    expect(Array.from(values)).toEqual([0.7, -0.2, 3]);
    expect(Array.from(vectors)).toEqual([1, 0, 1, 0, 1, 0]);
  });
});

function randomKp(nb: number, dim: 1 | 2 | 3, seed: number): KpModel {
  const r = rng(seed);
  const terms: KpModel['terms'] = [];
  for (let t = 0; t < 5; t++) {
    const k = Array.from({ length: dim }, () => Math.floor(r() * 3));
    if (t === 0) k.fill(0);
    const matrix: [number, number][][] = [];
    for (let i = 0; i < nb; i++) matrix.push(Array.from({ length: nb }, () => [0, 0] as [number, number]));
    for (let i = 0; i < nb; i++)
      for (let j = 0; j <= i; j++) {
        const re = r() - 0.5, im = i === j ? 0 : r() - 0.5;
        matrix[i]![j] = [re, im];
        matrix[j]![i] = [re, -im];
      }
    terms.push({ k, matrix, coef: 0.5 + r() });
  }
  return { format: 'orbitronics-model/1', kind: 'kp', name: `kp-${nb}-${seed}`, dim, basis: nb, terms, cutoff: null };
}

function randomK(nk: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: 3 * nk }, () => 3 * (2 * r() - 1));
}

/** |a − b| ≤ rel·max|b| per k-point block, for every output array; degeneracy counts equal. */
function close(a: BandBatch, b: BandBatch, rel: number, gaugeFree: boolean): void {
  expect(Array.from(a.degeneratePairs)).toEqual(Array.from(b.degeneratePairs));
  const { nk } = b;
  const cmp = (what: string, x: ArrayLike<number> | undefined, y: ArrayLike<number> | undefined) => {
    if (!y) { expect(x).toBeUndefined(); return; }
    expect(x!.length, what).toBe(y.length);
    const block = y.length / nk;
    for (let k = 0; k < nk; k++) {
      let max = 1e-300;
      for (let i = k * block; i < (k + 1) * block; i++) max = Math.max(max, Math.abs(y[i]!));
      for (let i = k * block; i < (k + 1) * block; i++)
        if (!(Math.abs(x![i]! - y[i]!) <= rel * max)) throw new Error(`${what} k=${k} [${i - k * block}]: ${x![i]} vs ${y[i]}`);
    }
  };
  cmp('energies', a.energies, b.energies);
  cmp('berryCurvature', a.berryCurvature, b.berryCurvature);
  cmp('quantumMetric', a.quantumMetric, b.quantumMetric);
  cmp('orbitalMoment', a.orbitalMoment, b.orbitalMoment);
  // matrix elements in the eigenbasis depend on the eigenvector phases: compare |X_nm|²
  const abs2 = (x?: Float64Array) => (x ? Float64Array.from({ length: x.length / 2 }, (_, i) => x[2 * i]! ** 2 + x[2 * i + 1]! ** 2) : undefined);
  if (gaugeFree) {
    cmp('|U|²', abs2(a.eigenvectors), abs2(b.eigenvectors));
    cmp('|h|²', abs2(a.velocity), abs2(b.velocity));
    cmp('|w|²', abs2(a.hessian), abs2(b.hessian));
  }
}

const NEEDS: Needs[] = [
  {},
  { eigenvectors: true },
  { velocity: true },
  { hessian: true },
  { geometry: true },
  { eigenvectors: true, velocity: true, hessian: true, geometry: true },
];

function models(): CompiledModel[] {
  const out: CompiledModel[] = [];
  for (const nb of [1, 2])
    for (const dim of [1, 2, 3] as const) {
      out.push(compileModel(randomTightBinding(nb, dim, 70 + 3 * nb + dim, 2)));
      out.push(compileModel(randomKp(nb, dim, 90 + 3 * nb + dim)));
    }
  return out;
}

describe('evaluate: the k-lane path = the per-k path = ts', () => {
  it('SIMD build: kLanes(nb) for the models here', () => {
    for (const m of models()) expect(simd.eighLanes(m.nb, 1, new Float64Array(2 * m.nb * m.nb))).not.toBeNull();
  });

  it('tight-binding and k·p, nb = 1, 2, dim 1–3, every need, batch sizes 1, 2, 3, 7, 64', () => {
    const ts = createTsBackend();
    let checked = 0;
    for (const m of models()) {
      for (const needs of NEEDS) {
        for (const nk of BATCHES) {
          const k = randomK(nk, 5 * nk + m.nb);
          simd.kLanesEnabled = true;
          const lanes = simd.evaluate(m, { nk, k }, needs);
          simd.kLanesEnabled = false;
          const perK = simd.evaluate(m, { nk, k }, needs);
          simd.kLanesEnabled = true;
          const ref = ts.evaluate(m, { nk, k }, needs);
          close(lanes, perK, 1e-11, true);
          close(lanes, ref, 1e-10, true);
          // velocity is returned with geometry, as by the per-k path
          expect(!!lanes.velocity).toBe(!!perK.velocity);
          checked++;
        }
      }
    }
    expect(checked).toBe(12 * NEEDS.length * BATCHES.length);
  });

  it('geometry of a 2-band model: Ω₀ = −Ω₁, X₀ = X₁, g₀ = g₁, trace h = Tr ∂H', () => {
    const m = compileModel(randomTightBinding(2, 2, 5, 2));
    const nk = 7;
    const b = simd.evaluate(m, { nk, k: randomK(nk, 3) }, { geometry: true });
    for (let k = 0; k < nk; k++) {
      expect(b.berryCurvature![2 * k]).toBeCloseTo(-b.berryCurvature![2 * k + 1]!, 12);
      expect(b.orbitalMoment![2 * k]).toBe(b.orbitalMoment![2 * k + 1]);
      for (let c = 0; c < 3; c++) expect(b.quantumMetric![6 * k + c]).toBe(b.quantumMetric![6 * k + 3 + c]);
    }
  });

  it('degenerate pairs: counted below the threshold, geometry +0 for them (both paths)', () => {
    // a 2-band model with H(k) = ε(k)·I: every pair degenerate
    const m = compileModel({
      format: 'orbitronics-model/1', kind: 'tight-binding', name: 'flat-pair', dim: 2,
      lattice: [[1, 0], [0, 1]], orbitals: [[0, 0], [0, 0]], onsite: [0.1, 0.1],
      hoppings: [{ from: 0, to: 0, R: [1, 0], t: [0.3, 0] }, { from: 1, to: 1, R: [1, 0], t: [0.3, 0] }],
    });
    for (const nk of [1, 3, 64]) {
      const k = randomK(nk, nk);
      const a = simd.evaluate(m, { nk, k }, { geometry: true });
      simd.kLanesEnabled = false;
      const b = simd.evaluate(m, { nk, k }, { geometry: true });
      simd.kLanesEnabled = true;
      expect(Array.from(a.degeneratePairs)).toEqual(Array(nk).fill(1));
      expect(Array.from(a.degeneratePairs)).toEqual(Array.from(b.degeneratePairs));
      for (const q of ['berryCurvature', 'quantumMetric', 'orbitalMoment'] as const)
        for (const x of a[q]!) expect(Object.is(x, 0)).toBe(true);
    }
    // a 1 eV threshold makes a split pair degenerate; a zero threshold none
    const m2 = compileModel(randomTightBinding(2, 2, 8, 2));
    const k = randomK(7, 1);
    for (const thr of [0, 1e-8, 100]) {
      const a = simd.evaluate(m2, { nk: 7, k }, { geometry: true }, { degeneracyThreshold: thr });
      simd.kLanesEnabled = false;
      const b = simd.evaluate(m2, { nk: 7, k }, { geometry: true }, { degeneracyThreshold: thr });
      simd.kLanesEnabled = true;
      close(a, b, 1e-11, false);
      if (thr === 100) expect(Array.from(a.degeneratePairs)).toEqual(Array(7).fill(1));
    }
  });

  it('phases: lane-parallel sin/cos on all phase paths (per ρ, lattice powers, per term) and |k·a| up to 1e7 (scalar fallback beyond 2^20·π/2)', async () => {
    const { factorisePhases } = await import('../../src/backend/wasm/phases.js');
    const ts = createTsBackend();
    const base = randomTightBinding(2, 2, 8, 2);
    const far = { ...base, hoppings: [...base.hoppings, { from: 0, to: 1, R: [70, -3], t: [0.05, 0.02] as [number, number] }] };
    const long = { ...base, hoppings: [...base.hoppings, { from: 0, to: 1, R: [12, -7], t: [0.05, 0.02] as [number, number] }] };
    const one = randomTightBinding(1, 2, 8);
    const models = [compileModel(base), compileModel(far), compileModel(long), compileModel(one)];
    expect(factorisePhases(models[1]!).rhoN).toBeNull(); // |n| = 70 > 64: one sin/cos per ρ
    expect(factorisePhases(models[2]!).maxPower).toBe(12);
    expect(factorisePhases(models[3]!).nrho).toBe(0); // per term
    const r = rng(4);
    for (const scale of [1e-9, 1, 30, 1e3, 1e5, 1e7]) {
      const nk = 7;
      // mixed magnitudes within a lane pair: one lane may need the scalar fallback, the other not
      const k = Float64Array.from({ length: 3 * nk }, (_, i) => (i % 3 === 2 ? 0 : (2 * r() - 1) * (i % 2 ? scale : 1)));
      for (const m of models) {
        const a = simd.evaluate(m, { nk, k }, { geometry: true });
        simd.kLanesEnabled = false;
        const b = simd.evaluate(m, { nk, k }, { geometry: true });
        simd.kLanesEnabled = true;
        const c = ts.evaluate(m, { nk, k }, { geometry: true });
        for (let i = 0; i < a.energies.length; i++) {
          expect(Math.abs(a.energies[i]! - b.energies[i]!)).toBeLessThan(1e-13);
          // ts (one sin/cos per term) only at moderate |k|: at |k·δ| ≳ 1e4 the phase factorisation
          // itself (either wasm path) differs from it by ulps of the argument
          if (scale <= 30) expect(Math.abs(a.energies[i]! - c.energies[i]!)).toBeLessThan(1e-13);
        }
        // Ω, g, X of the R = 70 model are ill-conditioned at large |k| (∂H ∝ δ·e^{ik·δ} with ulp-level
        // phase errors of arguments up to 1e9): measured per-k vs ts 6e-11 (|k| ≤ 30), 8e-10 (1e3),
        // 2e-8 (1e5), 2e-6 (1e7); k-lanes vs per-k is below those
        close(a, b, scale <= 1 ? 1e-11 : scale <= 1e3 ? 1e-9 : 1e-7, false);
      }
    }
  });

  it('nb = 3, 4 and the scalar build take the per-k path (bit-identical with k-lanes on or off)', () => {
    const all = { eigenvectors: true, velocity: true, hessian: true, geometry: true };
    const cases: Array<[WasmBackend, CompiledModel]> = [
      [simd, compileModel(randomTightBinding(3, 2, 11, 2))],
      [simd, compileModel(randomTightBinding(4, 3, 12, 2))],
      [scalar, compileModel(randomTightBinding(2, 2, 13, 2))],
    ];
    for (const [be, m] of cases) {
      const k = randomK(7, 2);
      be.kLanesEnabled = true;
      const a = be.evaluate(m, { nk: 7, k }, all);
      be.kLanesEnabled = false;
      const b = be.evaluate(m, { nk: 7, k }, all);
      be.kLanesEnabled = true;
      for (const q of ['energies', 'eigenvectors', 'velocity', 'hessian', 'berryCurvature', 'quantumMetric', 'orbitalMoment'] as const)
        expect(Array.from(a[q]!)).toEqual(Array.from(b[q]!));
    }
  });

  it('outputs have the canonical sizes (P, C per dimension) and nothing is written beyond them', () => {
    for (const dim of [1, 2, 3] as const) {
      const m = compileModel(randomTightBinding(2, dim, 20 + dim, 2));
      const b = simd.evaluate(m, { nk: 3, k: randomK(3, dim) }, { geometry: true, hessian: true, eigenvectors: true });
      expect(b.quantumMetric!.length).toBe(3 * 2 * pairCount(dim));
      expect(b.berryCurvature!.length).toBe(3 * 2 * axialCount(dim));
      expect(b.hessian!.length).toBe(3 * pairCount(dim) * 8);
    }
  });
});
