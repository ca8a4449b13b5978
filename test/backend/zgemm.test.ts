/**
 * Backend.zgemm: the WebAssembly builds (assembly/blas.ts zgemm) against the TypeScript reference
 * (src/backend/ts/zgemm.ts), and the reference against a plain triple loop, for rectangular shapes
 * that exercise every remainder path (odd rows, < 4 columns) and the Hermitian mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { zgemmTs } from '../../src/backend/ts/zgemm.js';
import { compileModel } from '../../src/model/compile.js';
import { backendsUnderTest } from '../helpers/backends.js';
import { pythtbHaldane, rng } from '../helpers/models.js';

const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [1, 3, 2], [2, 1, 5], [3, 5, 4], [5, 7, 3], [4, 4, 4], [7, 2, 9], [8, 13, 8], [13, 8, 33], [33, 17, 6], [40, 40, 40],
];

function random(len: number, r: () => number): Float64Array {
  return Float64Array.from({ length: len }, () => 2 * r() - 1);
}

/** C = A·B by the textbook triple loop (interleaving-free, independent of the kernels' blocking). */
function naive(m: number, k: number, n: number, ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array) {
  const cr = new Float64Array(m * n), ci = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sr = 0, si = 0;
      for (let p = 0; p < k; p++) {
        sr += ar[i * k + p]! * br[p * n + j]! - ai[i * k + p]! * bi[p * n + j]!;
        si += ar[i * k + p]! * bi[p * n + j]! + ai[i * k + p]! * br[p * n + j]!;
      }
      cr[i * n + j] = sr;
      ci[i * n + j] = si;
    }
  return { cr, ci };
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const maxAbs = (a: Float64Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

let backends: Backend[] = [];
beforeAll(async () => {
  backends = await backendsUnderTest();
});
afterAll(() => backends.forEach((b) => b.dispose()));

describe('Backend.zgemm (split-plane complex products)', () => {
  it('every backend has zgemm; the TS reference = the triple loop (1e-14), WASM = TS (1e-10; in fact the same bits)', () => {
    const r = rng(7);
    const rows: string[] = [];
    for (const be of backends) expect(typeof be.zgemm, be.name).toBe('function');
    for (const [m, k, n] of SHAPES) {
      const ar = random(m * k, r), ai = random(m * k, r), br = random(k * n, r), bi = random(k * n, r);
      const ref = { cr: new Float64Array(m * n), ci: new Float64Array(m * n) };
      zgemmTs(m, k, n, ar, ai, br, bi, ref.cr, ref.ci);
      const nv = naive(m, k, n, ar, ai, br, bi);
      const scale = Math.max(maxAbs(nv.cr), maxAbs(nv.ci));
      expect(Math.max(maxDiff(ref.cr, nv.cr), maxDiff(ref.ci, nv.ci)) / scale, `${m}×${k}×${n}`).toBeLessThan(1e-14);
      for (const be of backends) {
        if (be.name === 'ts') continue;
        // outputs pre-filled with garbage: every entry must be written
        const cr = new Float64Array(m * n).fill(NaN), ci = new Float64Array(m * n).fill(NaN);
        be.zgemm!(m, k, n, ar, ai, br, bi, cr, ci);
        const d = Math.max(maxDiff(cr, ref.cr), maxDiff(ci, ref.ci)) / scale;
        expect(d, `${be.name} ${m}×${k}×${n}`).toBeLessThan(1e-10);
        rows.push(`${be.name} ${m}×${k}×${n}: ${d === 0 ? 'identical' : d.toExponential(1)}`);
      }
    }
    console.log('[zgemm] WASM vs TS, max |ΔC|/max|C|:', rows.join('; '));
  });

  it('hermitian: C = A·A† from the upper triangle, mirrored (C_ji = conj C_ij, Im C_ii = 0), = the full product', () => {
    const r = rng(11);
    for (const [m, k] of [[1, 1], [3, 2], [5, 9], [8, 8], [13, 4], [33, 20]] as Array<[number, number]>) {
      const ar = random(m * k, r), ai = random(m * k, r);
      // B = A† (k×m)
      const br = new Float64Array(k * m), bi = new Float64Array(k * m);
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          br[p * m + i] = ar[i * k + p]!;
          bi[p * m + i] = -ai[i * k + p]!;
        }
      const full = naive(m, k, m, ar, ai, br, bi);
      const scale = maxAbs(full.cr);
      for (const be of backends) {
        const cr = new Float64Array(m * m).fill(NaN), ci = new Float64Array(m * m).fill(NaN);
        be.zgemm!(m, k, m, ar, ai, br, bi, cr, ci, true);
        expect(Math.max(maxDiff(cr, full.cr), maxDiff(ci, full.ci)) / scale, `${be.name} ${m}×${k}`).toBeLessThan(1e-14);
        for (let i = 0; i < m; i++) {
          expect(ci[i * m + i], `${be.name} Im C_ii`).toBe(0);
          for (let j = i + 1; j < m; j++) {
            expect(cr[j * m + i]).toBe(cr[i * m + j]);
            expect(ci[j * m + i]).toBe(-ci[i * m + j]!);
          }
        }
      }
    }
    expect(() => zgemmTs(2, 2, 3, new Float64Array(4), new Float64Array(4), new Float64Array(6), new Float64Array(6), new Float64Array(6), new Float64Array(6), true)).toThrow(/square/);
  });

  it('WASM: a product between evaluate calls leaves the evaluate results and the next evaluate unchanged', () => {
    const cm = compileModel(pythtbHaldane());
    const k = Float64Array.from([0.3, -0.2, 0, 1.1, 0.4, 0]);
    const r = rng(3);
    const a = random(64 * 64, r);
    for (const be of backends) {
      const first = be.evaluate(cm, { nk: 2, k }, { eigenvectors: true, velocity: true });
      const copy = Float64Array.from(first.velocity!);
      const cr = new Float64Array(64 * 64), ci = new Float64Array(64 * 64);
      be.zgemm!(64, 64, 64, a, a, a, a, cr, ci);
      expect(Array.from(first.velocity!)).toEqual(Array.from(copy));
      const again = be.evaluate(cm, { nk: 2, k }, { eigenvectors: true, velocity: true });
      expect(Array.from(again.velocity!)).toEqual(Array.from(copy));
    }
  });
});
