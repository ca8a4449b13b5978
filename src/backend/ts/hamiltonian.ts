/**
 * H(k), ∂_aH and ∂_a∂_bH from the compiled term list (reference implementation).
 * Tight-binding, convention I (DESIGN §2): H_{to,from} += c e^{ik·δ}, ∂_aH += iδ_a c e^{ik·δ},
 * ∂_a∂_bH += −δ_aδ_b c e^{ik·δ}. k·p: H += c k^p and the derivatives of the monomial.
 * Matrices are row-major nb×nb complex with interleaved re/im: M[(i*nb + j)*2 + {0,1}].
 */
import type { CompiledModel } from '../../model/types.js';
import { pairs } from '../backend.js';

/** x^p for small non-negative integer p (0^0 = 1). */
function ipow(x: number, p: number): number {
  let r = 1;
  for (let i = 0; i < p; i++) r *= x;
  return r;
}

/** d^j/dx^j x^p = p!/(p−j)! x^{p−j} (0 if j > p). */
function dpow(x: number, p: number, j: number): number {
  if (j > p) return 0;
  let c = 1;
  for (let i = 0; i < j; i++) c *= p - i;
  return c * ipow(x, p - j);
}

/**
 * Fills H (nb²·2), dH (dim·nb²·2) and, when given, d2H (P·nb²·2, pairs a ≤ b) at one k
 * (Cartesian Å⁻¹, 3 components starting at k[k0]).
 */
export function buildHamiltonian(
  m: CompiledModel,
  k: Float64Array,
  k0: number,
  H: Float64Array,
  dH: Float64Array | null,
  d2H: Float64Array | null,
): void {
  const nb = m.nb;
  const nn2 = nb * nb * 2;
  const dim = m.dim;
  const pr = pairs(dim);
  H.fill(0);
  dH?.fill(0);
  d2H?.fill(0);
  const kx = k[k0]!, ky = k[k0 + 1]!, kz = k[k0 + 2]!;
  const kv = [kx, ky, kz];
  for (let t = 0; t < m.nterm; t++) {
    const idx = (m.termTo[t]! * nb + m.termFrom[t]!) * 2;
    const cre = m.termRe[t]!, cim = m.termIm[t]!;
    if (m.kind === 'tight-binding') {
      const d = [m.termDelta[3 * t]!, m.termDelta[3 * t + 1]!, m.termDelta[3 * t + 2]!];
      const phase = kx * d[0]! + ky * d[1]! + kz * d[2]!;
      const cs = Math.cos(phase), sn = Math.sin(phase);
      // v = c e^{iφ}
      const vre = cre * cs - cim * sn;
      const vim = cre * sn + cim * cs;
      H[idx] += vre;
      H[idx + 1] += vim;
      if (dH) {
        for (let a = 0; a < dim; a++) {
          // i δ_a v
          dH[a * nn2 + idx] += -d[a]! * vim;
          dH[a * nn2 + idx + 1] += d[a]! * vre;
        }
      }
      if (d2H) {
        for (let p = 0; p < pr.length; p++) {
          const [a, b] = pr[p]!;
          const f = -d[a]! * d[b]!;
          d2H[p * nn2 + idx] += f * vre;
          d2H[p * nn2 + idx + 1] += f * vim;
        }
      }
    } else {
      const p = [m.termPow[3 * t]!, m.termPow[3 * t + 1]!, m.termPow[3 * t + 2]!];
      const mono = ipow(kx, p[0]!) * ipow(ky, p[1]!) * ipow(kz, p[2]!);
      H[idx] += cre * mono;
      H[idx + 1] += cim * mono;
      if (dH) {
        for (let a = 0; a < dim; a++) {
          let g = 1;
          for (let c = 0; c < 3; c++) g *= c === a ? dpow(kv[c]!, p[c]!, 1) : ipow(kv[c]!, p[c]!);
          dH[a * nn2 + idx] += cre * g;
          dH[a * nn2 + idx + 1] += cim * g;
        }
      }
      if (d2H) {
        for (let q = 0; q < pr.length; q++) {
          const [a, b] = pr[q]!;
          let g = 1;
          for (let c = 0; c < 3; c++) {
            const j = (c === a ? 1 : 0) + (c === b ? 1 : 0);
            g *= dpow(kv[c]!, p[c]!, j);
          }
          d2H[q * nn2 + idx] += cre * g;
          d2H[q * nn2 + idx + 1] += cim * g;
        }
      }
    }
  }
}
