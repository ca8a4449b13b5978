import { describe, expect, it } from 'vitest';
import { eigh } from '../../src/backend/ts/eigh.js';
import { eigenResiduals, hermitianWithSpectrum, randomHermitian } from '../helpers/linalg.js';

const EPS = 2.220446049250313e-16;

describe('TS reference eigensolver (complex Hermitian Jacobi)', () => {
  for (const n of [1, 2, 3, 4, 5, 8, 13, 16, 32, 64]) {
    it(`random Hermitian N=${n}: residual and orthonormality at machine precision`, () => {
      const H = randomHermitian(n, 100 + n);
      const { values, vectors } = eigh(n, H);
      const { residual, orthonormality } = eigenResiduals(n, H, values, vectors);
      expect(residual).toBeLessThan(50 * n * EPS);
      expect(orthonormality).toBeLessThan(50 * n * EPS);
      for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    });
  }
  for (const n of [2, 4, 7, 16, 33]) {
    it(`exactly and nearly degenerate spectra N=${n}`, () => {
      const lambda = Array.from({ length: n }, (_, i) => Math.floor(i / 3) * 0.7 - 1 + (i % 3 === 2 ? 1e-12 : 0));
      const H = hermitianWithSpectrum(lambda, 7 + n);
      const { values, vectors } = eigh(n, H);
      const { residual, orthonormality } = eigenResiduals(n, H, values, vectors);
      expect(residual).toBeLessThan(50 * n * EPS);
      expect(orthonormality).toBeLessThan(50 * n * EPS);
      const sorted = [...lambda].sort((a, b) => a - b);
      for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - sorted[i]!)).toBeLessThan(100 * n * EPS);
    });
  }
  it('large dynamic range', () => {
    const lambda = [1e6, -3, 1e-6, 0, 2.5e3];
    const H = hermitianWithSpectrum(lambda, 3);
    const { values, vectors } = eigh(5, H);
    const { residual, orthonormality } = eigenResiduals(5, H, values, vectors);
    expect(residual).toBeLessThan(1e-13);
    expect(orthonormality).toBeLessThan(1e-13);
  });
});
