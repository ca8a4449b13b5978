/**
 * Band geometry from the velocity matrices in the eigenbasis (h^a = ħv^a, eV·Å), paper 004 Eqs. 3–4
 * and DESIGN §2:
 *   Qₙ^{ab} = Σ_{m≠n} h^a_nm h^b_mn / (εₙ−εₘ)²,   gₙ = Re Qₙ,   Ωₙ^{ab} = −2 Im Qₙ^{ab},
 *   Xₙ^{ab} = −Im Σ_{m≠n} h^a_nm h^b_mn / (εₙ−εₘ),  mₙ = (e/ħ) Xₙ  (orbital moment).
 * Pairs with |εₙ−εₘ| < threshold are skipped and counted.
 */
import { axialCount, axialPair, pairs } from '../backend.js';

export function bandGeometry(
  nb: number,
  dim: number,
  e: Float64Array,
  eo: number,
  h: Float64Array,
  ho: number,
  threshold: number,
  curvature: Float64Array,
  metric: Float64Array,
  moment: Float64Array,
  go: number,
): number {
  const nn2 = nb * nb * 2;
  const pr = pairs(dim);
  const P = pr.length;
  const C = axialCount(dim);
  let degenerate = 0;
  for (let n = 0; n < nb; n++) {
    for (let c = 0; c < C; c++) {
      curvature[go + n * C + c] = 0;
      moment[go + n * C + c] = 0;
    }
    for (let p = 0; p < P; p++) metric[go + n * P + p] = 0;
    for (let m = 0; m < nb; m++) {
      if (m === n) continue;
      const de = e[eo + n]! - e[eo + m]!;
      if (Math.abs(de) < threshold) {
        if (m < n) degenerate++;
        continue;
      }
      const inv = 1 / de;
      const inv2 = inv * inv;
      // products h^a_nm h^b_mn
      for (let p = 0; p < P; p++) {
        const [a, b] = pr[p]!;
        const xr = h[ho + a * nn2 + (n * nb + m) * 2]!, xi = h[ho + a * nn2 + (n * nb + m) * 2 + 1]!;
        const yr = h[ho + b * nn2 + (m * nb + n) * 2]!, yi = h[ho + b * nn2 + (m * nb + n) * 2 + 1]!;
        metric[go + n * P + p] += (xr * yr - xi * yi) * inv2;
      }
      for (let c = 0; c < C; c++) {
        const [a, b] = axialPair(dim, c);
        const xr = h[ho + a * nn2 + (n * nb + m) * 2]!, xi = h[ho + a * nn2 + (n * nb + m) * 2 + 1]!;
        const yr = h[ho + b * nn2 + (m * nb + n) * 2]!, yi = h[ho + b * nn2 + (m * nb + n) * 2 + 1]!;
        const im = xr * yi + xi * yr;
        curvature[go + n * C + c] += -2 * im * inv2;
        moment[go + n * C + c] += -im * inv;
      }
    }
  }
  return degenerate;
}
