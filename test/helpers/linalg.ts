/** Small complex linear algebra for tests (row-major, interleaved re/im). */
import { rng } from './models.js';

export function randomUnitary(n: number, r: () => number): Float64Array {
  // Gram–Schmidt on a random complex matrix (columns)
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < 2 * n * n; i++) a[i] = r() - 0.5;
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let dr = 0, di = 0; // <col_p, col_j>
      for (let i = 0; i < n; i++) {
        const pr = a[(i * n + p) * 2]!, pi = a[(i * n + p) * 2 + 1]!;
        const jr = a[(i * n + j) * 2]!, ji = a[(i * n + j) * 2 + 1]!;
        dr += pr * jr + pi * ji;
        di += pr * ji - pi * jr;
      }
      for (let i = 0; i < n; i++) {
        const pr = a[(i * n + p) * 2]!, pi = a[(i * n + p) * 2 + 1]!;
        a[(i * n + j) * 2] -= dr * pr - di * pi;
        a[(i * n + j) * 2 + 1] -= dr * pi + di * pr;
      }
    }
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += a[(i * n + j) * 2]! ** 2 + a[(i * n + j) * 2 + 1]! ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < n; i++) {
      a[(i * n + j) * 2] /= nrm;
      a[(i * n + j) * 2 + 1] /= nrm;
    }
  }
  return a;
}

/** H = V diag(λ) V† (Hermitian with the given spectrum). */
export function hermitianWithSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const V = randomUnitary(n, rng(seed));
  const H = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < n; k++) {
        const ar = V[(i * n + k) * 2]!, ai = V[(i * n + k) * 2 + 1]!;
        const br = V[(j * n + k) * 2]!, bi = -V[(j * n + k) * 2 + 1]!;
        re += lambda[k]! * (ar * br - ai * bi);
        im += lambda[k]! * (ar * bi + ai * br);
      }
      H[(i * n + j) * 2] = re;
      H[(i * n + j) * 2 + 1] = im;
    }
  // exact Hermiticity
  for (let i = 0; i < n; i++) {
    H[(i * n + i) * 2 + 1] = 0;
    for (let j = 0; j < i; j++) {
      H[(i * n + j) * 2] = H[(j * n + i) * 2]!;
      H[(i * n + j) * 2 + 1] = -H[(j * n + i) * 2 + 1]!;
    }
  }
  return H;
}

export function randomHermitian(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const H = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const re = r() - 0.5, im = i === j ? 0 : r() - 0.5;
      H[(i * n + j) * 2] = re; H[(i * n + j) * 2 + 1] = im;
      H[(j * n + i) * 2] = re; H[(j * n + i) * 2 + 1] = -im;
    }
  return H;
}

/** max |H U − U Λ| and max |U†U − I|, relative to max|H|. */
export function eigenResiduals(n: number, H: Float64Array, values: Float64Array, U: Float64Array): { residual: number; orthonormality: number } {
  let hmax = 1e-300;
  for (let i = 0; i < 2 * n * n; i++) hmax = Math.max(hmax, Math.abs(H[i]!));
  let res = 0, orth = 0;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < n; c++) {
      let re = 0, im = 0;
      for (let j = 0; j < n; j++) {
        const ar = H[(i * n + j) * 2]!, ai = H[(i * n + j) * 2 + 1]!;
        const br = U[(j * n + c) * 2]!, bi = U[(j * n + c) * 2 + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      re -= values[c]! * U[(i * n + c) * 2]!;
      im -= values[c]! * U[(i * n + c) * 2 + 1]!;
      res = Math.max(res, Math.hypot(re, im) / hmax);
    }
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let re = 0, im = 0;
      for (let i = 0; i < n; i++) {
        const ar = U[(i * n + a) * 2]!, ai = -U[(i * n + a) * 2 + 1]!;
        const br = U[(i * n + b) * 2]!, bi = U[(i * n + b) * 2 + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      orth = Math.max(orth, Math.hypot(re - (a === b ? 1 : 0), im));
    }
  return { residual: res, orthonormality: orth };
}
