/**
 * The WASM eigensolver (assembly/eigh.ts) in both builds: residual ‖HU − UΛ‖ and orthonormality
 * ‖U†U − I‖ at machine precision (relative to max|H|), for random Hermitian matrices N = 1…64,
 * exactly and nearly degenerate spectra, large dynamic range, special structures and N = 200.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../../src/backend/wasm/index.js';
import { eigenResiduals, hermitianWithSpectrum, randomHermitian } from '../helpers/linalg.js';
import { rng } from '../helpers/models.js';

const EPS = 2.220446049250313e-16;
/** Machine-precision bound: residuals grow like n·ε in the worst case, ~√n·ε typically. */
const tol = (n: number): number => Math.max(1e-14, 4 * n * EPS);

for (const build of ['simd', 'scalar'] as const) {
  describe(`wasm eigensolver (${build} build)`, () => {
    let be: WasmBackend;
    beforeAll(async () => {
      be = await createWasmBackend(build);
      expect(be.name).toBe(build === 'simd' ? 'wasm-simd' : 'wasm');
    });

    const check = (n: number, H: Float64Array, expected?: number[]) => {
      const { values, vectors } = be.eigh(n, 1, H);
      const { residual, orthonormality } = eigenResiduals(n, H, values, vectors!);
      expect(residual).toBeLessThan(tol(n));
      expect(orthonormality).toBeLessThan(tol(n));
      for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
      if (expected) {
        let hmax = 0;
        for (const x of H) hmax = Math.max(hmax, Math.abs(x));
        const sorted = [...expected].sort((a, b) => a - b);
        for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - sorted[i]!)).toBeLessThan(tol(n) * Math.max(hmax, Math.abs(sorted[i]!)) * 4);
      }
      // energies-only path gives the same eigenvalues
      const { values: v2 } = be.eigh(n, 1, H, false);
      for (let i = 0; i < n; i++) expect(v2[i]).toBe(values[i]);
      return { residual, orthonormality };
    };

    it('random Hermitian N = 1…64', () => {
      let worst = 0;
      for (let n = 1; n <= 64; n++) {
        const { residual, orthonormality } = check(n, randomHermitian(n, 1000 + n));
        worst = Math.max(worst, residual, orthonormality);
      }
      // relative to max|H|; ‖H‖₂ is several times larger, so this is ~1e-15·‖H‖₂
      expect(worst).toBeLessThan(2e-14);
    });

    it('exactly degenerate spectra (H = V diag(λ) V†, repeated λ), N = 2…64', () => {
      for (const n of [2, 3, 4, 5, 7, 8, 12, 16, 24, 32, 48, 64]) {
        // triplets and a 4-fold block
        const lambda = Array.from({ length: n }, (_, i) => (i < 4 ? -1.5 : Math.floor(i / 3) * 0.7 - 1));
        check(n, hermitianWithSpectrum(lambda, 17 + n), lambda);
      }
    });

    it('nearly degenerate spectra (splittings 1e-8 … 1e-15)', () => {
      for (const n of [2, 4, 7, 16, 33, 64]) {
        const r = rng(5 + n);
        const lambda = Array.from({ length: n }, (_, i) => Math.floor(i / 2) * 0.5 + (i % 2) * 10 ** -(8 + Math.floor(r() * 8)));
        check(n, hermitianWithSpectrum(lambda, 29 + n), lambda);
      }
    });

    it('all-equal spectrum (H = c·I in a random basis) and the zero matrix', () => {
      for (const n of [1, 2, 5, 16, 40]) {
        check(n, hermitianWithSpectrum(Array(n).fill(0.3), 3 + n), Array(n).fill(0.3));
        const { values, vectors } = be.eigh(n, 1, new Float64Array(2 * n * n));
        expect(Array.from(values)).toEqual(Array(n).fill(0));
        expect(eigenResiduals(n, new Float64Array(2 * n * n), values, vectors!).orthonormality).toBe(0);
      }
    });

    it('already diagonal or tridiagonal input, complex tridiagonal, real symmetric', () => {
      for (const n of [2, 3, 6, 17]) {
        const r = rng(n);
        const diag = new Float64Array(2 * n * n);
        for (let i = 0; i < n; i++) diag[(i * n + i) * 2] = r() - 0.5;
        check(n, diag);
        const tri = new Float64Array(2 * n * n);
        for (let i = 0; i < n; i++) {
          tri[(i * n + i) * 2] = r() - 0.5;
          if (i + 1 < n) {
            const re = r() - 0.5, im = r() - 0.5;
            tri[((i + 1) * n + i) * 2] = re; tri[((i + 1) * n + i) * 2 + 1] = im;
            tri[(i * n + i + 1) * 2] = re; tri[(i * n + i + 1) * 2 + 1] = -im;
          }
        }
        check(n, tri);
        const sym = randomHermitian(n, 77 + n);
        for (let i = 1; i < sym.length; i += 2) sym[i] = 0;
        check(n, sym);
        // a Hermitian matrix whose first sub-column is zero except its first entry
        const sparse = randomHermitian(n, 9 + n);
        for (let i = 2; i < n; i++) {
          sparse[(i * n) * 2] = 0; sparse[(i * n) * 2 + 1] = 0; sparse[i * 2] = 0; sparse[i * 2 + 1] = 0;
        }
        check(n, sparse);
      }
    });

    it('large dynamic range (1e6 … 1e-6)', () => {
      const lambda = [1e6, -3, 1e-6, 0, 2.5e3, -1e6 + 1, 7];
      const H = hermitianWithSpectrum(lambda, 3);
      const { values, vectors } = be.eigh(7, 1, H);
      const { residual, orthonormality } = eigenResiduals(7, H, values, vectors!);
      expect(residual).toBeLessThan(1e-14);
      expect(orthonormality).toBeLessThan(1e-14);
    });

    it('extreme norms (1e-200, 1e200) are scaled internally; non-finite input is reported', () => {
      const n = 6;
      const H = randomHermitian(n, 55);
      const ref = be.eigh(n, 1, H).values;
      for (const s of [1e-200, 1e200, 1e-300]) {
        const Hs = H.map((x) => x * s);
        const { values, vectors } = be.eigh(n, 1, Hs);
        for (let i = 0; i < n; i++) expect(Math.abs(values[i]! / s - ref[i]!)).toBeLessThan(1e-14);
        expect(eigenResiduals(n, Hs, values, vectors!).orthonormality).toBeLessThan(tol(n));
      }
      const bad = H.slice();
      bad[2] = NaN;
      bad[2 * n] = NaN;
      expect(() => be.eigh(n, 1, bad)).toThrow(/did not converge/);
    });

    it('batched call: several matrices at once give the per-matrix results', () => {
      const n = 9, count = 5;
      const all = new Float64Array(count * 2 * n * n);
      for (let t = 0; t < count; t++) all.set(randomHermitian(n, 300 + t), t * 2 * n * n);
      const batch = be.eigh(n, count, all);
      for (let t = 0; t < count; t++) {
        const one = be.eigh(n, 1, all.subarray(t * 2 * n * n, (t + 1) * 2 * n * n));
        expect(Array.from(batch.values.subarray(t * n, (t + 1) * n))).toEqual(Array.from(one.values));
      }
    });

    it('fuzz: clustered spectra, sparse, graded and integer matrices (N ≤ 40)', () => {
      const r = rng(12345);
      const sym = (n: number, f: (i: number, j: number) => [number, number]) => {
        const H = new Float64Array(2 * n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j <= i; j++) {
            const [a, b] = f(i, j);
            H[(i * n + j) * 2] = a; H[(i * n + j) * 2 + 1] = i === j ? 0 : b;
            H[(j * n + i) * 2] = a; H[(j * n + i) * 2 + 1] = i === j ? 0 : -b;
          }
        return H;
      };
      let worst = 0;
      for (let it = 0; it < 400; it++) {
        const n = 1 + Math.floor(r() * 40);
        const kind = it % 4;
        const H =
          kind === 0 ? hermitianWithSpectrum(Array.from({ length: n }, () => Math.round(r() * 3) + (r() < 0.5 ? 0 : 1e-14 * r())), it)
          : kind === 1 ? sym(n, () => (r() < 0.2 ? [r() - 0.5, r() - 0.5] : [0, 0]))
          : kind === 2 ? sym(n, (i, j) => [(r() - 0.5) * 10 ** (-(i + j) / 4), (r() - 0.5) * 10 ** (-(i + j) / 4)])
          : sym(n, () => [Math.round(2 * r() - 1), Math.round(2 * r() - 1)]);
        const { values, vectors } = be.eigh(n, 1, H);
        const { residual, orthonormality } = eigenResiduals(n, H, values, vectors!);
        worst = Math.max(worst, residual / (n * EPS), orthonormality / (n * EPS));
      }
      expect(worst).toBeLessThan(4); // measured ≈ 2.6 n·ε (relative to max|H|)
    });

    it('N = 200 (ribbon sizes) works', () => {
      const n = 200;
      const H = randomHermitian(n, 4242);
      const { values, vectors } = be.eigh(n, 1, H);
      const { residual, orthonormality } = eigenResiduals(n, H, values, vectors!);
      expect(residual).toBeLessThan(tol(n));
      expect(orthonormality).toBeLessThan(tol(n));
    });
  });
}
