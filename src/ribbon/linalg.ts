/** Small dense complex helpers for the ribbon code (row-major n×n, interleaved re/im). */

/** C = A·B. */
export function matmul(n: number, A: Float64Array, B: Float64Array, C: Float64Array = new Float64Array(2 * n * n)): Float64Array {
  C.fill(0);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const ar = A[(i * n + k) * 2]!, ai = A[(i * n + k) * 2 + 1]!;
      if (ar === 0 && ai === 0) continue;
      const ro = i * n * 2, bo = k * n * 2;
      for (let j = 0; j < n; j++) {
        const br = B[bo + 2 * j]!, bi = B[bo + 2 * j + 1]!;
        C[ro + 2 * j] += ar * br - ai * bi;
        C[ro + 2 * j + 1] += ar * bi + ai * br;
      }
    }
  return C;
}

/** U† diag(d) U for a real diagonal d (the matrix elements of a site-diagonal operator in the eigenbasis). */
export function rotateDiagonal(n: number, U: Float64Array, d: ArrayLike<number>, out: Float64Array = new Float64Array(2 * n * n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const di = d[i]!;
    if (di === 0) continue;
    const ro = i * n * 2;
    for (let a = 0; a < n; a++) {
      // conj(U_ia) d_i U_ib
      const ur = U[ro + 2 * a]! * di, ui = -U[ro + 2 * a + 1]! * di;
      const oo = a * n * 2;
      for (let b = 0; b < n; b++) {
        const vr = U[ro + 2 * b]!, vi = U[ro + 2 * b + 1]!;
        out[oo + 2 * b] += ur * vr - ui * vi;
        out[oo + 2 * b + 1] += ur * vi + ui * vr;
      }
    }
  }
  return out;
}
