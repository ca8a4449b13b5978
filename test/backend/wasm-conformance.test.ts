/**
 * wasm-simd, wasm and the ts reference agree to 1e-10 (relative to the largest |value| of each
 * quantity at each k) on every per-k quantity: energies, and the gauge-invariant combinations of
 * eigenvectors, velocity and Hessian matrix elements, plus the band geometry. Random tight-binding
 * models (1–16 bands, dim 2 and 3) and random k·p models, batch sizes 1, 3, 7, 64.
 * Also: a forced larger second batch (memory growth) gives unchanged results, and the backend
 * names are asserted so that a silent fallback to ts fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { axialCount, pairCount, type Backend, type BandBatch, type Needs } from '../../src/backend/backend.js';
import { createBackend } from '../../src/backend/select.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, KpModel, TightBindingModel } from '../../src/model/types.js';
import { randomTightBinding, rng } from '../helpers/models.js';

const REL = 1e-10;

function randomKp(nb: number, dim: 2 | 3, seed: number): KpModel {
  const r = rng(seed);
  const terms: KpModel['terms'] = [];
  const nterms = 3 + Math.floor(r() * 5);
  for (let t = 0; t < nterms; t++) {
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
  return { format: 'orbitronics-model/1', kind: 'kp', name: `random-kp-${nb}-${seed}`, dim, basis: nb, terms, cutoff: null };
}

/** A sparse random tight-binding model: each orbital pair hops to each neighbour cell with probability `fill`. */
function randomSparseTightBinding(nb: number, dim: 1 | 2 | 3, seed: number, fill = 0.04): TightBindingModel {
  const r = rng(seed);
  const lattice = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 2 : 0) + 0.2 * (r() - 0.5)));
  const orbitals = Array.from({ length: nb }, () => Array.from({ length: dim }, () => r()));
  const hoppings: TightBindingModel['hoppings'] = [];
  const Rs: number[][] = [Array(dim).fill(0)];
  for (let a = 0; a < dim; a++) Rs.push(Array.from({ length: dim }, (_, b) => (a === b ? 1 : 0)));
  for (const R of Rs) {
    const zero = R.every((x) => x === 0);
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        if (zero && j <= i) continue;
        if (r() < fill || (zero && j === i + 1)) hoppings.push({ from: j, to: i, R, t: [r() - 0.5, r() - 0.5] });
      }
  }
  return { format: 'orbitronics-model/1', kind: 'tight-binding', name: `sparse-${nb}-${dim}d-${seed}`, dim, lattice, orbitals,
    onsite: Array.from({ length: nb }, () => r() - 0.5), hoppings };
}

function randomK(nk: number, seed: number, scale: number): Float64Array {
  const r = rng(seed);
  const k = new Float64Array(3 * nk);
  for (let i = 0; i < 3 * nk; i++) k[i] = scale * (2 * r() - 1);
  return k;
}

/** Compares two arrays per k-point block with a floor of REL·max|ref| over the block. */
function agree(what: string, a: ArrayLike<number>, b: ArrayLike<number>, nk: number): void {
  expect(a.length, what).toBe(b.length);
  const block = a.length / nk;
  for (let k = 0; k < nk; k++) {
    let max = 0;
    for (let i = k * block; i < (k + 1) * block; i++) max = Math.max(max, Math.abs(b[i]!));
    const tol = REL * Math.max(max, 1e-300);
    for (let i = k * block; i < (k + 1) * block; i++) {
      const d = Math.abs(a[i]! - b[i]!);
      if (!(d <= tol)) throw new Error(`${what}: k=${k} index ${i - k * block}: ${a[i]} vs ${b[i]} (|Δ| = ${d}, tol ${tol})`);
    }
  }
}

/** Gauge-invariant products of matrices in the eigenbasis: X_nm Y_mn for all pairs of matrices. */
function products(mats: Float64Array, count: number, nb: number, nk: number): Float64Array {
  const n2 = nb * nb * 2;
  const out = new Float64Array(nk * count * count * nb * nb * 2);
  let o = 0;
  for (let k = 0; k < nk; k++)
    for (let x = 0; x < count; x++)
      for (let y = 0; y < count; y++) {
        const X = (k * count + x) * n2, Y = (k * count + y) * n2;
        for (let n = 0; n < nb; n++)
          for (let m = 0; m < nb; m++) {
            const ar = mats[X + (n * nb + m) * 2]!, ai = mats[X + (n * nb + m) * 2 + 1]!;
            const br = mats[Y + (m * nb + n) * 2]!, bi = mats[Y + (m * nb + n) * 2 + 1]!;
            out[o++] = ar * br - ai * bi;
            out[o++] = ar * bi + ai * br;
          }
      }
  return out;
}

/** |U_in|² (gauge invariant for non-degenerate bands). */
function weights(U: Float64Array): Float64Array {
  const out = new Float64Array(U.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = U[2 * i]! ** 2 + U[2 * i + 1]! ** 2;
  return out;
}

/** Copies (the wasm views alias backend memory). */
function snapshot(b: BandBatch) {
  const c = (x?: ArrayLike<number>) => (x ? Float64Array.from(x) : undefined);
  return {
    energies: c(b.energies)!, eigenvectors: c(b.eigenvectors), velocity: c(b.velocity), hessian: c(b.hessian),
    berryCurvature: c(b.berryCurvature), quantumMetric: c(b.quantumMetric), orbitalMoment: c(b.orbitalMoment),
    degeneratePairs: Array.from(b.degeneratePairs),
  };
}

function compare(model: CompiledModel, A: ReturnType<typeof snapshot>, B: ReturnType<typeof snapshot>, nk: number, needs: Needs): void {
  const { nb, dim } = model;
  const P = pairCount(dim);
  agree('energies', A.energies, B.energies, nk);
  expect(A.degeneratePairs).toEqual(B.degeneratePairs);
  if (needs.eigenvectors) agree('|U|²', weights(A.eigenvectors!), weights(B.eigenvectors!), nk);
  if (needs.velocity) agree('h^a_nm h^b_mn', products(A.velocity!, dim, nb, nk), products(B.velocity!, dim, nb, nk), nk);
  if (needs.hessian) agree('w_nm w_mn', products(A.hessian!, P, nb, nk), products(B.hessian!, P, nb, nk), nk);
  if (needs.geometry) {
    if (axialCount(dim) > 0) {
      agree('berryCurvature', A.berryCurvature!, B.berryCurvature!, nk);
      agree('orbitalMoment', A.orbitalMoment!, B.orbitalMoment!, nk);
    }
    agree('quantumMetric', A.quantumMetric!, B.quantumMetric!, nk);
  }
}

const ALL: Needs = { eigenvectors: true, velocity: true, hessian: true, geometry: true };

describe('wasm backends agree with ts', () => {
  const ts = createTsBackend();
  const wasm: Backend[] = [];
  beforeAll(async () => {
    wasm.push(await createBackend('wasm-simd'), await createBackend('wasm'));
    expect(wasm.map((b) => b.name)).toEqual(['wasm-simd', 'wasm']);
    expect((await createBackend()).name).toBe('wasm-simd');
  });

  const cases: Array<{ label: string; model: () => CompiledModel; scale: number; sparse?: boolean }> = [];
  for (const nb of [1, 2, 3, 4, 5, 8, 11, 16])
    for (const dim of [2, 3] as const) {
      if (dim === 3 && nb > 8) continue; // 3D models with nR = 1 are large; 2 sizes suffice
      cases.push({ label: `tight-binding nb=${nb} dim=${dim}`, model: () => compileModel(randomTightBinding(nb, dim, 100 * nb + dim)), scale: 2 });
    }
  for (const nb of [1, 3, 6]) cases.push({ label: `tight-binding nb=${nb} dim=1`, model: () => compileModel(randomTightBinding(nb, 1, 5 + nb, 2)), scale: 2 });
  for (const [nb, dim] of [[10, 1], [12, 1], [16, 2], [24, 1], [16, 3]] as const)
    cases.push({ label: `sparse tight-binding nb=${nb} dim=${dim}`, model: () => compileModel(randomSparseTightBinding(nb, dim, 70 + nb)), scale: 2, sparse: true });
  cases.push({ label: 'tight-binding nb=16 dim=3', model: () => compileModel(randomTightBinding(16, 3, 7)), scale: 2 });
  for (const nb of [1, 2, 3, 6])
    for (const dim of [2, 3] as const)
      cases.push({ label: `k·p nb=${nb} dim=${dim}`, model: () => compileModel(randomKp(nb, dim, 31 * nb + dim)), scale: 0.8 });

  for (const c of cases) {
    it(c.label, () => {
      const model = c.model();
      // sparse cases must exercise the sparse derivative products (src/backend/wasm/index.ts)
      if (c.sparse) expect(model.nterm * 2).toBeLessThanOrEqual(model.nb * model.nb);
      for (const nk of [1, 3, 7, 64]) {
        const batch = { nk, k: randomK(nk, nk * 7 + model.nb, c.scale) };
        for (const needs of [ALL, {}, { geometry: true }, { velocity: true }]) {
          const ref = snapshot(ts.evaluate(model, batch, needs));
          for (const be of wasm) {
            const got = snapshot(be.evaluate(model, batch, needs));
            try {
              compare(model, got, ref, nk, needs);
            } catch (e) {
              throw new Error(`${be.name}, nk=${nk}, needs=${JSON.stringify(needs)}: ${(e as Error).message}`);
            }
          }
        }
      }
    });
  }

  it('Haldane-like degeneracies: threshold and degeneratePairs agree', () => {
    // two decoupled copies of one 2-band model: every band is exactly 2-fold degenerate
    const base = randomTightBinding(2, 2, 5);
    const doubled = {
      ...base,
      orbitals: [...base.orbitals, ...base.orbitals],
      onsite: [...base.onsite, ...base.onsite],
      hoppings: [...base.hoppings, ...base.hoppings.map((h) => ({ ...h, from: h.from + 2, to: h.to + 2 }))],
    };
    const model = compileModel(doubled);
    const batch = { nk: 5, k: randomK(5, 3, 2) };
    const ref = snapshot(ts.evaluate(model, batch, { geometry: true }, { degeneracyThreshold: 1e-6 }));
    for (const be of wasm) {
      const got = snapshot(be.evaluate(model, batch, { geometry: true }, { degeneracyThreshold: 1e-6 }));
      expect(got.degeneratePairs).toEqual([2, 2, 2, 2, 2]);
      expect(got.degeneratePairs).toEqual(ref.degeneratePairs);
      agree('energies', got.energies, ref.energies, 5);
      agree('berryCurvature', got.berryCurvature!, ref.berryCurvature!, 5);
      agree('quantumMetric', got.quantumMetric!, ref.quantumMetric!, 5);
      agree('orbitalMoment', got.orbitalMoment!, ref.orbitalMoment!, 5);
    }
  });

  it('a forced larger second batch (memory growth) gives unchanged results', () => {
    const model = compileModel(randomTightBinding(12, 3, 99));
    const small = { nk: 7, k: randomK(7, 1, 2) };
    for (const be of wasm) {
      const w = be as WasmBackend;
      const first = snapshot(w.evaluate(model, small, ALL));
      const before = w.memoryBytes;
      // a batch large enough to need more pages: its first 7 k-points are the small batch
      const nkBig = 600;
      const big = new Float64Array(3 * nkBig);
      big.set(small.k);
      big.set(randomK(nkBig - 7, 2, 2), 21);
      const out = w.evaluate(model, { nk: nkBig, k: big }, ALL);
      expect(w.memoryBytes).toBeGreaterThan(before);
      const head = snapshot({
        ...out,
        nk: 7,
        energies: out.energies.subarray(0, 7 * 12),
        eigenvectors: out.eigenvectors!.subarray(0, 7 * 288),
        velocity: out.velocity!.subarray(0, 7 * 3 * 288),
        hessian: out.hessian!.subarray(0, 7 * 6 * 288),
        berryCurvature: out.berryCurvature!.subarray(0, 7 * 36),
        quantumMetric: out.quantumMetric!.subarray(0, 7 * 72),
        orbitalMoment: out.orbitalMoment!.subarray(0, 7 * 36),
        degeneratePairs: out.degeneratePairs.subarray(0, 7),
      });
      // identical bits: the same kernel on the same inputs
      expect(head).toEqual(first);
      const again = snapshot(w.evaluate(model, small, ALL));
      expect(again).toEqual(first);
    }
  });

  it('switching models between calls reloads the terms', () => {
    const m1 = compileModel(randomTightBinding(3, 2, 1));
    const m2 = compileModel(randomKp(3, 2, 2));
    const batch = { nk: 3, k: randomK(3, 9, 0.5) };
    for (const be of wasm) {
      for (const m of [m1, m2, m1]) compare(m, snapshot(be.evaluate(m, batch, ALL)), snapshot(ts.evaluate(m, batch, ALL)), 3, ALL);
    }
  });
});
