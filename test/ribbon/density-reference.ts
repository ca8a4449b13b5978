/**
 * Test-only reference: the original `ribbonOmmDensity` algorithm (src/ribbon/density.ts before the
 * orbital-basis contraction of docs/ribbon.md §13), kept verbatim so that the fast implementation can be
 * compared with it (test/ribbon/density-regression.test.ts). Per k it forms the eigenbasis matrix
 * elements (`matrixElementsFromEigen`: r^y, Ã, the S55 moment X), the weights W_nl, two N×N
 * contractions of W with X and then ½Re Σ_ab conj(U_μa) U_μb (XᵀW + WXᵀ)_ab for every site μ — O(N⁴)
 * overall. Not for production use.
 */
import { DEFAULT_DEGENERACY_THRESHOLD } from '../../src/backend/backend.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { BOLTZMANN_EV_K } from '../../src/units/constants.js';
import { forEachK, matrixElementsFromEigen, ribbonKGrid, asCompiled } from '../../src/ribbon/elements.js';
import { ribbonMeta } from '../../src/ribbon/make.js';
import { fermi, fermiDerivative } from '../../src/ribbon/oracle.js';
import { profileFromSites, type RibbonOmmDensity, type RibbonOmmDensityOptions } from '../../src/ribbon/density.js';

/** Element-wise moduli of an interleaved complex array (imaginary parts 0). */
function moduli(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += 2) out[i] = Math.hypot(a[i]!, a[i + 1]!);
  return out;
}

/**
 * The pre-optimisation `ribbonOmmDensity` (commit 444b42d), verbatim apart from the name and
 * `magnitudes`: with it, X, W and U are replaced by their element-wise moduli, so that every site value
 * is the sum of the moduli of the terms the algorithm adds — the scale of its rounding errors, also
 * where the profile itself vanishes by symmetry.
 */
export function ribbonOmmDensityReference(ribbon: TightBindingModel, options: RibbonOmmDensityOptions, magnitudes = false): RibbonOmmDensity {
  const cm = asCompiled(ribbon);
  const meta = ribbonMeta(ribbon);
  const field = options.field ?? 'x';
  const kT = BOLTZMANN_EV_K * options.T;
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const nb = cm.nb;
  const inter = new Float64Array(nb), intra = new Float64Array(nb);
  const f = new Float64Array(nb), fp = new Float64Array(nb);
  // per-k work: W_nl = weight·P_ln so that δn(μ) = Σ_nl Re[n_nl(μ) W_nl]; n(μ) = ½{X, P_μ} ⇒
  // Σ_nl n_nl W_nl = ½ Σ_{a,b} conj(U_μa) U_μb (W X + X W)_{ba}   (with W indices as written)
  const Wi = new Float64Array(2 * nb * nb), Wa = new Float64Array(2 * nb * nb);
  forEachK(cm, ribbonKGrid(meta.length, options.nk), (d) => {
    const el = matrixElementsFromEigen(nb, d.k, d.energies, d.U, d.hx, meta.transverse, thr);
    const e = el.energies;
    for (let n = 0; n < nb; n++) {
      f[n] = fermi(e[n]!, options.mu, kT);
      fp[n] = fermiDerivative(e[n]!, options.mu, kT);
    }
    const P = field === 'x' ? el.connection : el.y;
    Wi.fill(0);
    Wa.fill(0);
    for (let n = 0; n < nb; n++)
      for (let l = 0; l < nb; l++) {
        const de = e[n]! - e[l]!;
        const o = (n * nb + l) * 2, p = (l * nb + n) * 2;
        if (n !== l && Math.abs(de) >= thr) {
          const w = (f[n]! - f[l]!) / de;
          Wi[o] = w * P[p]!;
          Wi[o + 1] = w * P[p + 1]!;
        } else if (field === 'y') {
          Wa[o] = fp[n]! * P[p]!;
          Wa[o + 1] = fp[n]! * P[p + 1]!;
        } else if (n === l) {
          Wa[o] = fp[n]! * el.hx[o]!;
        }
      }
    // Σ_nl n_nl(μ) W_nl with n = ½(X P_μ + P_μ X): = ½ Σ_nl Σ_b [X_nb conj(U_μb) U_μl + conj(U_μn) U_μb X_bl] W_nl
    //   = ½ Σ_{b,l} conj(U_μb) U_μl (W X)... evaluated as ½[Σ_b conj(U_μb) (X W)_{b?}] — do it directly with two products:
    //   term1 = Σ_{b,l} conj(U_μb) U_μl (Σ_n W_nl X_nb) = Σ_{b,l} conj(U_μb) U_μl (Wᵀ-contracted) ; term2 similarly.
    for (const [W0, out] of [[Wi, inter], [Wa, intra]] as const) {
      const W = magnitudes ? moduli(W0) : W0;
      // G_bl = Σ_n X_nb W_nl  (term1), H_nb = Σ_l W_nl X_bl (term2: Σ_nb conj(U_μn) U_μb H_nb)
      const G = new Float64Array(2 * nb * nb), Hm = new Float64Array(2 * nb * nb);
      let any = false;
      for (let i = 0; i < W.length; i++) if (W[i] !== 0) { any = true; break; }
      if (!any) continue;
      const X = magnitudes ? moduli(el.moment) : el.moment;
      for (let n = 0; n < nb; n++)
        for (let b = 0; b < nb; b++) {
          const xr = X[(n * nb + b) * 2]!, xi = X[(n * nb + b) * 2 + 1]!;
          for (let l = 0; l < nb; l++) {
            const wr = W[(n * nb + l) * 2]!, wi = W[(n * nb + l) * 2 + 1]!;
            if (wr === 0 && wi === 0) continue;
            G[(b * nb + l) * 2] += xr * wr - xi * wi;
            G[(b * nb + l) * 2 + 1] += xr * wi + xi * wr;
          }
        }
      for (let n = 0; n < nb; n++)
        for (let l = 0; l < nb; l++) {
          const wr = W[(n * nb + l) * 2]!, wi = W[(n * nb + l) * 2 + 1]!;
          if (wr === 0 && wi === 0) continue;
          for (let b = 0; b < nb; b++) {
            const xr = X[(b * nb + l) * 2]!, xi = X[(b * nb + l) * 2 + 1]!;
            Hm[(n * nb + b) * 2] += wr * xr - wi * xi;
            Hm[(n * nb + b) * 2 + 1] += wr * xi + wi * xr;
          }
        }
      const U = magnitudes ? moduli(el.eigenvectors) : el.eigenvectors;
      for (let mu = 0; mu < nb; mu++) {
        let s = 0;
        for (let a = 0; a < nb; a++) {
          const ar = U[(mu * nb + a) * 2]!, ai = -U[(mu * nb + a) * 2 + 1]!; // conj(U_μa)
          for (let b = 0; b < nb; b++) {
            const br = U[(mu * nb + b) * 2]!, bi = U[(mu * nb + b) * 2 + 1]!; // U_μb
            const cr = ar * br - ai * bi, ci = ar * bi + ai * br;
            // term1: conj(U_μa) U_μb G_ab ; term2: conj(U_μa) U_μb H_ab
            const gr = G[(a * nb + b) * 2]! + Hm[(a * nb + b) * 2]!, gi = G[(a * nb + b) * 2 + 1]! + Hm[(a * nb + b) * 2 + 1]!;
            s += cr * gr - ci * gi;
          }
        }
        out[mu] += 0.5 * s;
      }
    }
  }, options);
  // the row assembly is shared (profileFromSites); the per-site sums above are the original algorithm
  return profileFromSites(meta.transverse, field, inter, intra, 1 / (options.nk * meta.length));
}
