/**
 * Small dense complex matrices for the per-k physics layer: row-major nb×nb, interleaved re/im,
 * M[(i*nb + j)*2 + {0,1}] (the BandBatch layout of src/backend/backend.ts).
 * Plain loops, O(nb³) products; allocation-light helpers that return fresh arrays.
 */

export type CMat = Float64Array;

export const cmatZeros = (nb: number): CMat => new Float64Array(nb * nb * 2);

/** C = A·B. */
export function cmul(nb: number, a: CMat, b: CMat, out: CMat = cmatZeros(nb)): CMat {
  out.fill(0);
  for (let i = 0; i < nb; i++)
    for (let k = 0; k < nb; k++) {
      const ar = a[(i * nb + k) * 2]!, ai = a[(i * nb + k) * 2 + 1]!;
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < nb; j++) {
        const br = b[(k * nb + j) * 2]!, bi = b[(k * nb + j) * 2 + 1]!;
        out[(i * nb + j) * 2] += ar * br - ai * bi;
        out[(i * nb + j) * 2 + 1] += ar * bi + ai * br;
      }
    }
  return out;
}

/** A + s·B (s real) into a new matrix. */
export function cadd(a: CMat, b: CMat, s = 1): CMat {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + s * b[i]!;
  return out;
}

/** s·A with complex s = (sr + i si). */
export function cscale(a: CMat, sr: number, si = 0): CMat {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += 2) {
    const r = a[i]!, m = a[i + 1]!;
    out[i] = sr * r - si * m;
    out[i + 1] = sr * m + si * r;
  }
  return out;
}

/** [A, B] = AB − BA. */
export function ccomm(nb: number, a: CMat, b: CMat): CMat {
  return cadd(cmul(nb, a, b), cmul(nb, b, a), -1);
}

/** {A, B} = AB + BA. */
export function canti(nb: number, a: CMat, b: CMat): CMat {
  return cadd(cmul(nb, a, b), cmul(nb, b, a), 1);
}

/** Diagonal (re, im) of A·B without forming the product: out[2n], out[2n+1]. */
export function diagOfProduct(nb: number, a: CMat, b: CMat): Float64Array {
  const out = new Float64Array(2 * nb);
  for (let n = 0; n < nb; n++) {
    let re = 0, im = 0;
    for (let k = 0; k < nb; k++) {
      const ar = a[(n * nb + k) * 2]!, ai = a[(n * nb + k) * 2 + 1]!;
      const br = b[(k * nb + n) * 2]!, bi = b[(k * nb + n) * 2 + 1]!;
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
    out[2 * n] = re;
    out[2 * n + 1] = im;
  }
  return out;
}

/** Diagonal of [A,B] (re, im). */
export function diagOfComm(nb: number, a: CMat, b: CMat): Float64Array {
  const x = diagOfProduct(nb, a, b), y = diagOfProduct(nb, b, a);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! - y[i]!;
  return x;
}

/** Diagonal of {A,B} (re, im). */
export function diagOfAnti(nb: number, a: CMat, b: CMat): Float64Array {
  const x = diagOfProduct(nb, a, b), y = diagOfProduct(nb, b, a);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + y[i]!;
  return x;
}

/** Tr(A·B) as [re, im]. */
export function traceOfProduct(nb: number, a: CMat, b: CMat): [number, number] {
  const d = diagOfProduct(nb, a, b);
  let re = 0, im = 0;
  for (let n = 0; n < nb; n++) {
    re += d[2 * n]!;
    im += d[2 * n + 1]!;
  }
  return [re, im];
}

/** Tr(A) as [re, im]. */
export function ctrace(nb: number, a: CMat): [number, number] {
  let re = 0, im = 0;
  for (let n = 0; n < nb; n++) {
    re += a[(n * nb + n) * 2]!;
    im += a[(n * nb + n) * 2 + 1]!;
  }
  return [re, im];
}

/** Diagonal matrix from real entries. */
export function cdiag(nb: number, d: ArrayLike<number>): CMat {
  const out = cmatZeros(nb);
  for (let n = 0; n < nb; n++) out[(n * nb + n) * 2] = d[n]!;
  return out;
}

/** The band-diagonal part (real and imaginary) of A. */
export function diagPart(nb: number, a: CMat): CMat {
  const out = cmatZeros(nb);
  for (let n = 0; n < nb; n++) {
    out[(n * nb + n) * 2] = a[(n * nb + n) * 2]!;
    out[(n * nb + n) * 2 + 1] = a[(n * nb + n) * 2 + 1]!;
  }
  return out;
}

/** A with the diagonal set to zero. */
export function offDiagPart(nb: number, a: CMat): CMat {
  const out = Float64Array.from(a);
  for (let n = 0; n < nb; n++) {
    out[(n * nb + n) * 2] = 0;
    out[(n * nb + n) * 2 + 1] = 0;
  }
  return out;
}

/** Conjugate transpose. */
export function cdagger(nb: number, a: CMat): CMat {
  const out = cmatZeros(nb);
  for (let i = 0; i < nb; i++)
    for (let j = 0; j < nb; j++) {
      out[(j * nb + i) * 2] = a[(i * nb + j) * 2]!;
      out[(j * nb + i) * 2 + 1] = -a[(i * nb + j) * 2 + 1]!;
    }
  return out;
}

/** Max |A_ij| (complex modulus). */
export function cmaxAbs(a: CMat): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i]!, a[i + 1]!));
  return m;
}
