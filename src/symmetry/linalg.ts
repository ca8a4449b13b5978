/**
 * Small dense linear algebra for the symmetry module: real 3×3 matrices (row-major number[9]),
 * complex n×n matrices (row-major, interleaved re/im, as in the backends), a complex null space
 * via the Hermitian eigensolver, the polar (nearest-unitary) factor, and reduced row echelon form.
 */
import { eigh } from '../backend/ts/eigh.js';
import { rng } from '../util/random.js';

export { rng };

export type Mat3 = number[];
/** Complex n×n, row-major, interleaved: M[(i*n + j)*2 + {0,1}]. */
export type CMat = Float64Array;

export const I3: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function mul3(a: Mat3, b: Mat3): Mat3 {
  const o = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) o[3 * i + j]! += a[3 * i + k]! * b[3 * k + j]!;
  return o;
}
export const apply3 = (a: Mat3, v: ArrayLike<number>): number[] => [0, 1, 2].map((i) => a[3 * i]! * v[0]! + a[3 * i + 1]! * v[1]! + a[3 * i + 2]! * v[2]!);
export const transpose3 = (a: Mat3): Mat3 => [a[0]!, a[3]!, a[6]!, a[1]!, a[4]!, a[7]!, a[2]!, a[5]!, a[8]!];
export const scale3 = (a: Mat3, s: number): Mat3 => a.map((x) => x * s);
export function det3(a: Mat3): number {
  return a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
}
export function inv3(a: Mat3): Mat3 {
  const d = det3(a);
  const c = (i: number, j: number) => a[3 * i + j]!;
  return [
    (c(1, 1) * c(2, 2) - c(1, 2) * c(2, 1)) / d, (c(0, 2) * c(2, 1) - c(0, 1) * c(2, 2)) / d, (c(0, 1) * c(1, 2) - c(0, 2) * c(1, 1)) / d,
    (c(1, 2) * c(2, 0) - c(1, 0) * c(2, 2)) / d, (c(0, 0) * c(2, 2) - c(0, 2) * c(2, 0)) / d, (c(0, 2) * c(1, 0) - c(0, 0) * c(1, 2)) / d,
    (c(1, 0) * c(2, 1) - c(1, 1) * c(2, 0)) / d, (c(0, 1) * c(2, 0) - c(0, 0) * c(2, 1)) / d, (c(0, 0) * c(1, 1) - c(0, 1) * c(1, 0)) / d,
  ];
}
export const maxDiff3 = (a: Mat3, b: Mat3): number => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
export const isOrthogonal = (a: Mat3, tol = 1e-9): boolean => maxDiff3(mul3(a, transpose3(a)), I3) < tol;
/** Rounds entries within 1e-12 of an integer or of 0 (clean display and exact comparisons). */
export const clean3 = (a: Mat3): Mat3 => a.map((x) => (Math.abs(x - Math.round(x)) < 1e-12 ? Math.round(x) + 0 : x));

/** Rotation by θ about the unit axis n (right-handed). */
export function rotation(n: number[], theta: number): Mat3 {
  const [x, y, z] = n as [number, number, number];
  const c = Math.cos(theta), s = Math.sin(theta), C = 1 - c;
  return clean3([c + x * x * C, x * y * C - z * s, x * z * C + y * s, y * x * C + z * s, c + y * y * C, y * z * C - x * s, z * x * C - y * s, z * y * C + x * s, c + z * z * C]);
}
/** Mirror with unit normal n: 1 − 2nnᵀ. */
export function mirror(n: number[]): Mat3 {
  const o = I3.slice();
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) o[3 * i + j]! -= 2 * n[i]! * n[j]!;
  return clean3(o);
}

// ---- complex matrices ----

export const czeros = (n: number): CMat => new Float64Array(2 * n * n);
export function cidentity(n: number): CMat {
  const o = czeros(n);
  for (let i = 0; i < n; i++) o[2 * (i * n + i)] = 1;
  return o;
}
export function cmul(n: number, a: CMat, b: CMat): CMat {
  const o = czeros(n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const ar = a[2 * (i * n + k)]!, ai = a[2 * (i * n + k) + 1]!;
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < n; j++) {
        const br = b[2 * (k * n + j)]!, bi = b[2 * (k * n + j) + 1]!;
        o[2 * (i * n + j)]! += ar * br - ai * bi;
        o[2 * (i * n + j) + 1]! += ar * bi + ai * br;
      }
    }
  return o;
}
export function cdag(n: number, a: CMat): CMat {
  const o = czeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      o[2 * (j * n + i)] = a[2 * (i * n + j)]!;
      o[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1]!;
    }
  return o;
}
export function cconj(a: CMat): CMat {
  const o = Float64Array.from(a);
  for (let i = 1; i < o.length; i += 2) o[i] = -o[i]!;
  return o;
}
export const cmaxAbs = (a: CMat): number => {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i]!, a[i + 1]!));
  return m;
};
export function cmaxAbsDiff(a: CMat, b: CMat): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!));
  return m;
}
/** U M U† (M conjugated first when `conj`). */
export function csandwich(n: number, U: CMat, M: CMat, conj = false): CMat {
  return cmul(n, cmul(n, U, conj ? cconj(M) : M), cdag(n, U));
}

/**
 * Eigen-decomposition of the Hermitian p×p matrix G (interleaved): ascending values and vectors
 * (columns). Thin wrapper around the reference Jacobi solver.
 */
export const heig = (p: number, G: Float64Array) => eigh(p, G);

/**
 * The unitary polar factor W = U (U†U)^{-1/2} (nearest unitary to U in the Frobenius norm);
 * singular values below `floor`·max are lifted to the floor (for best-fit use with broken symmetries).
 */
export function polarUnitary(n: number, U: CMat, floor = 1e-12): CMat {
  const { values, vectors: V } = heig(n, cmul(n, cdag(n, U), U));
  const smax = Math.max(...values, 0);
  const D = czeros(n);
  for (let i = 0; i < n; i++) D[2 * (i * n + i)] = 1 / Math.sqrt(Math.max(values[i]!, floor * smax, 1e-300));
  return cmul(n, U, cmul(n, cmul(n, V, D), cdag(n, V)));
}

/** Multiplies by a global phase so that the largest entry (first in row-major order) is real positive. */
export function fixPhase(U: CMat): CMat {
  let best = -1, bi = 0;
  for (let i = 0; i < U.length; i += 2) {
    const a = Math.hypot(U[i]!, U[i + 1]!);
    if (a > best + 1e-9) {
      best = a;
      bi = i;
    }
  }
  const ph = Math.atan2(U[bi + 1]!, U[bi]!);
  const c = Math.cos(-ph), s = Math.sin(-ph);
  const o = new Float64Array(U.length);
  for (let i = 0; i < U.length; i += 2) {
    const r = U[i]! * c - U[i + 1]! * s, m = U[i]! * s + U[i + 1]! * c;
    o[i] = Math.abs(r) < 1e-14 ? 0 : r;
    o[i + 1] = Math.abs(m) < 1e-14 ? 0 : m;
  }
  return o;
}

/**
 * Reduced row echelon form of a real m×n matrix (rows), with columns visited in `order` (so that
 * earlier columns become pivots first). Returns the nonzero rows and their pivot columns.
 */
export function rref(rows: number[][], n: number, order: number[] = [...Array(n).keys()], tol = 1e-9): { rows: number[][]; pivots: number[] } {
  const A = rows.map((r) => r.slice());
  const pivots: number[] = [];
  let r = 0;
  for (const c of order) {
    if (r >= A.length) break;
    let best = r;
    for (let i = r + 1; i < A.length; i++) if (Math.abs(A[i]![c]!) > Math.abs(A[best]![c]!)) best = i;
    if (Math.abs(A[best]![c]!) < tol) continue;
    [A[r], A[best]] = [A[best]!, A[r]!];
    const p = A[r]![c]!;
    for (let j = 0; j < n; j++) A[r]![j]! /= p;
    for (let i = 0; i < A.length; i++) {
      if (i === r) continue;
      const f = A[i]![c]!;
      if (f !== 0) for (let j = 0; j < n; j++) A[i]![j]! -= f * A[r]![j]!;
    }
    pivots.push(c);
    r++;
  }
  const out = A.slice(0, r).map((row) => row.map((x) => (Math.abs(x) < tol ? 0 : x)));
  return { rows: out, pivots };
}

