/** Operators in the eigenbasis: O_mn = (U† M U)_mn (reference implementation, O(nb³)). */

/**
 * out = U† M U for row-major nb×nb complex matrices (interleaved re/im). `tmp` is nb²·2 scratch.
 * Reads `m` at offset `mo` and writes `out` at offset `oo`.
 */
export function rotateToEigenbasis(
  nb: number,
  U: Float64Array,
  m: Float64Array,
  mo: number,
  out: Float64Array,
  oo: number,
  tmp: Float64Array,
): void {
  // tmp = M U
  for (let i = 0; i < nb; i++)
    for (let n = 0; n < nb; n++) {
      let re = 0, im = 0;
      for (let j = 0; j < nb; j++) {
        const ar = m[mo + (i * nb + j) * 2]!, ai = m[mo + (i * nb + j) * 2 + 1]!;
        const br = U[(j * nb + n) * 2]!, bi = U[(j * nb + n) * 2 + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      tmp[(i * nb + n) * 2] = re;
      tmp[(i * nb + n) * 2 + 1] = im;
    }
  // out = U† tmp
  for (let mm = 0; mm < nb; mm++)
    for (let n = 0; n < nb; n++) {
      let re = 0, im = 0;
      for (let i = 0; i < nb; i++) {
        const ar = U[(i * nb + mm) * 2]!, ai = -U[(i * nb + mm) * 2 + 1]!;
        const br = tmp[(i * nb + n) * 2]!, bi = tmp[(i * nb + n) * 2 + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[oo + (mm * nb + n) * 2] = re;
      out[oo + (mm * nb + n) * 2 + 1] = im;
    }
}
