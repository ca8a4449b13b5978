/**
 * Complex Hermitian eigensolver by cyclic Jacobi rotations (reference implementation: simple,
 * unconditionally stable and accurate to machine precision, also for degenerate spectra).
 *
 * Each rotation V = D·R zeroes a_pq: D = diag(1, e*) with e = a_pq/|a_pq| makes the pivot real,
 * R is the real Jacobi rotation [[c, s], [−s, c]] with t = tan θ from cot 2θ = (a_qq − a_pp)/(2|a_pq|)
 * (Numerical Recipes §11.1). A ← V†AV, U ← UV. Sweeps stop when the off-diagonal norm is below
 * ε²·‖A‖ (relative). Eigenvalues are returned ascending, eigenvectors as the columns of U.
 */

export interface EighResult {
  values: Float64Array;
  /** Row-major nb×nb complex, interleaved re/im: U[i][n] at (i*nb + n)*2. Columns are eigenvectors. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/**
 * Diagonalises the Hermitian matrix `a` (row-major nb×nb complex, interleaved; overwritten).
 * Writes ascending eigenvalues to `values` and eigenvectors (columns) to `vectors`.
 */
export function eighInPlace(n: number, a: Float64Array, values: Float64Array, vectors: Float64Array): void {
  const U = vectors;
  U.fill(0);
  for (let i = 0; i < n; i++) U[(i * n + i) * 2] = 1;
  // Hermitise the diagonal (imaginary parts must be zero)
  for (let i = 0; i < n; i++) a[(i * n + i) * 2 + 1] = 0;

  let scale = 0;
  for (let i = 0; i < 2 * n * n; i++) scale += a[i]! * a[i]!;
  const tol = scale * 1e-32 + 1e-300; // (ε²‖A‖)² with ε ~ 1e-16

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const re = a[(p * n + q) * 2]!, im = a[(p * n + q) * 2 + 1]!;
        off += re * re + im * im;
      }
    if (off <= tol) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const ipq = (p * n + q) * 2;
        const hre = a[ipq]!, him = a[ipq + 1]!;
        const habs = Math.hypot(hre, him);
        if (habs === 0) continue;
        const app = a[(p * n + p) * 2]!, aqq = a[(q * n + q) * 2]!;
        // skip rotations that cannot change the diagonal in floating point (NR's threshold)
        if (sweep > 3 && Math.abs(app) + 100 * habs === Math.abs(app) && Math.abs(aqq) + 100 * habs === Math.abs(aqq)) {
          a[ipq] = 0; a[ipq + 1] = 0;
          a[(q * n + p) * 2] = 0; a[(q * n + p) * 2 + 1] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * habs);
        let t = 1 / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta < 0) t = -t;
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const ere = hre / habs, eim = him / habs; // e = a_pq/|a_pq|
        // column update A ← A V: col_p' = c col_p − s e* col_q ; col_q' = s col_p + c e* col_q
        for (let r = 0; r < n; r++) {
          const ip = (r * n + p) * 2, iq = (r * n + q) * 2;
          const xpr = a[ip]!, xpi = a[ip + 1]!, xqr = a[iq]!, xqi = a[iq + 1]!;
          // e* x_q = (ere − i eim)(xqr + i xqi)
          const yr = ere * xqr + eim * xqi, yi = ere * xqi - eim * xqr;
          a[ip] = c * xpr - s * yr; a[ip + 1] = c * xpi - s * yi;
          a[iq] = s * xpr + c * yr; a[iq + 1] = s * xpi + c * yi;
          const up = ip, uq = iq; // same layout for U
          const upr = U[up]!, upi = U[up + 1]!, uqr = U[uq]!, uqi = U[uq + 1]!;
          const wr = ere * uqr + eim * uqi, wi = ere * uqi - eim * uqr;
          U[up] = c * upr - s * wr; U[up + 1] = c * upi - s * wi;
          U[uq] = s * upr + c * wr; U[uq + 1] = s * upi + c * wi;
        }
        // row update A ← V† A: row_p' = c row_p − s e row_q ; row_q' = s row_p + c e row_q
        for (let r = 0; r < n; r++) {
          const ip = (p * n + r) * 2, iq = (q * n + r) * 2;
          const xpr = a[ip]!, xpi = a[ip + 1]!, xqr = a[iq]!, xqi = a[iq + 1]!;
          const yr = ere * xqr - eim * xqi, yi = ere * xqi + eim * xqr; // e x_q
          a[ip] = c * xpr - s * yr; a[ip + 1] = c * xpi - s * yi;
          a[iq] = s * xpr + c * yr; a[iq + 1] = s * xpi + c * yi;
        }
        a[(p * n + p) * 2] = app - t * habs; a[(p * n + p) * 2 + 1] = 0;
        a[(q * n + q) * 2] = aqq + t * habs; a[(q * n + q) * 2 + 1] = 0;
        a[ipq] = 0; a[ipq + 1] = 0;
        a[(q * n + p) * 2] = 0; a[(q * n + p) * 2 + 1] = 0;
      }
    }
  }
  // sort ascending (selection sort on columns; n is small)
  for (let i = 0; i < n; i++) values[i] = a[(i * n + i) * 2]!;
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (values[j]! < values[k]!) k = j;
    if (k !== i) {
      const tv = values[i]!; values[i] = values[k]!; values[k] = tv;
      for (let r = 0; r < n; r++) {
        const ii = (r * n + i) * 2, kk = (r * n + k) * 2;
        const t0 = U[ii]!, t1 = U[ii + 1]!;
        U[ii] = U[kk]!; U[ii + 1] = U[kk + 1]!;
        U[kk] = t0; U[kk + 1] = t1;
      }
    }
  }
}

/** Convenience: eigen-decomposition of a Hermitian matrix (input not modified). */
export function eigh(n: number, h: Float64Array): EighResult {
  const a = Float64Array.from(h);
  const values = new Float64Array(n);
  const vectors = new Float64Array(2 * n * n);
  eighInPlace(n, a, values, vectors);
  return { values, vectors };
}
