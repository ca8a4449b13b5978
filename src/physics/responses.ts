/**
 * Band-resolved per-k coefficients of the linear responses of papers 000, 001, 003 and 004.
 *
 * Every response is linear in the occupations, so at one k it is written as
 *
 *     response(μ, T) = Σ_k w_k Σ_n [ f(εₙ; μ, T) · sea[n][c] + (−∂f/∂ε)(εₙ; μ, T) · surface[n][c] ]
 *
 * (sea = Fermi-sea coefficient X, surface = Fermi-surface coefficient Y, layout [band][component]
 * flattened, n·ncomp + c). Σ_k w_k is ∫d^dk/(2π)^d (BZ or k·p disc). Internal units: ħ = 1, e = 1,
 * energies eV, lengths Å, per unit eE^β with E along the field direction β, τ in s (converted
 * with ħ). Conversions to SI: docs/physics-xi.md §5. Derivation of each coefficient from the
 * matrix (trace) form and the three lemmas used (with F = diag f, S_E = [F, P^β]):
 *   Tr[M F]      = Σ_j f_j M_jj
 *   Tr[M D_bF]   = Σ_j f_j i[R̃^b, M]_jj + Σ_j f'_j v^b_j M_jj
 *   Tr[M S_E^β]  = Σ_j f_j [P^β, M]_jj
 * is in docs/physics-xi.md §2; tests compare each against the literal traces of ./covariant.ts.
 */
import { axialCount, axialPair } from '../backend/backend.js';
import { HBAR_EV_S } from '../units/constants.js';
import { canti, cdagger, cmatZeros, cmul, diagOfAnti, diagOfComm, diagOfProduct, type CMat } from './cmat.js';
import { KGeometry, axialComponents, axialTerms, type GeometryOptions, type KPointBands } from './covariant.js';

/** Band-resolved per-k response coefficients: Fermi-sea and (optional) Fermi-surface parts [nb][ncomp]. */
export interface BandResolved {
  /** Component names, e.g. ['z'] or ['x','y']. */
  readonly components: string[];
  /** [nb][ncomp] Fermi-sea coefficient (flattened). */
  readonly sea: Float64Array;
  /** [nb][ncomp] Fermi-surface coefficient (multiplies −∂f/∂ε), or null if none. */
  readonly surface: Float64Array | null;
  /** Number of skipped near-degenerate band pairs at this k. */
  readonly degeneratePairs: number;
}

/** Options of the per-k responses: degeneracy threshold, relaxation time, spin matrices. */
export interface ResponseOptions extends GeometryOptions {
  /** Relaxation time in seconds (extrinsic / Edelstein responses). */
  tau?: number;
  /** Spin matrices [3][nb][nb][re,im] in the orbital basis (CompiledModel.spin). */
  spin?: Float64Array | null;
}

type Input = KGeometry | KPointBands;
const geom = (x: Input, o?: GeometryOptions): KGeometry => (x instanceof KGeometry ? x : new KGeometry(x, o));

function result(g: KGeometry, components: string[], sea: Float64Array, surface: Float64Array | null): BandResolved {
  return { components, sea, surface, degeneratePairs: g.degeneratePairs };
}

/** τ (s) → internal τ/ħ (eV⁻¹). */
function tauInternal(o: ResponseOptions | undefined, name: string): number {
  const tau = o?.tau;
  if (tau === undefined || !Number.isFinite(tau)) throw new Error(`${name}: needs options.tau (relaxation time, s)`);
  return tau / HBAR_EV_S;
}

// ----------------------------------------------------------------------------------------------
// paper 001

/**
 * Electrically induced dipole (001 Eq. 1): d^α per unit eE^β, α < dim (Å²/eV per k; eV⁻¹
 * after ∫d²k/(2π)²). sea_n^α = Σ_{m≠n} 2Re[R^α_nm R^β_mn]/(εₙ−ε_m) = Re[P^β, R̃^α]_nn.
 * Equals Tr Ξ_{E,d}^α.
 */
export function dipole(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const { nb, dim } = g;
  const sea = new Float64Array(nb * dim);
  for (let a = 0; a < dim; a++) {
    const d = diagOfComm(nb, g.P[beta]!, g.R[a]!);
    for (let n = 0; n < nb; n++) sea[n * dim + a] = d[2 * n]!;
  }
  return result(g, ['x', 'y', 'z'].slice(0, dim), sea, null);
}

/** {V^μ, A} for the diagonal V^μ = diag(h^μ): elementwise (v_m + v_n) A_mn. */
function antiDiagonal(g: KGeometry, mu: number, A: CMat): CMat {
  const nb = g.nb, v = g.v[mu]!;
  const out = new Float64Array(A.length);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2, s = v[m]! + v[n]!;
      out[i] = s * A[i]!;
      out[i + 1] = s * A[i + 1]!;
    }
  return out;
}

/** Shared ε-contraction: sea_n^c = Σ_{(c,μ,ν,s)} s · Re X(μ,ν)_nn. */
function axialSea(g: KGeometry, diagOf: (mu: number, nu: number) => Float64Array, scale = 1): Float64Array {
  const { nb, dim } = g;
  const C = axialCount(dim);
  const sea = new Float64Array(nb * C);
  for (const t of axialTerms(dim)) {
    const d = diagOf(t.mu, t.nu);
    for (let n = 0; n < nb; n++) sea[n * C + t.comp] += scale * t.sign * d[2 * n]!;
  }
  return sea;
}

/**
 * ⟨L⟩_d of 001 (Eq. 50; 001's Eq. 49 sign, ε_{αμν}Tr[v^μΞ^ν] = −(r×v)) per unit eE^β:
 * ε_{αμν} Tr[V^μ Ξ_{E,d}^ν] ⇒ sea_n = ε_{αμν} ½ Re[P^β, {V^μ, R̃^ν}]_nn
 *   = ε_{αμν} Σ_{m≠n} Re[(v^μ_n + v^μ_m) R^ν_nm R^β_mn]/(εₙ−ε_m). Units: Å³ per k (Å after ∫).
 */
export function omeDipole(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const sea = axialSea(g, (mu, nu) => diagOfComm(g.nb, g.P[beta]!, antiDiagonal(g, mu, g.R[nu]!)), 0.5);
  return result(g, axialComponents(g.dim), sea, null);
}

/**
 * ⟨L⟩_IC of 001 (001 sign), Eq. 56: sea_n = ½ ε_{αμν} Re{R̃^ν, D_βR̃^μ}_nn.
 * The direct form (Eq. 51, −ε_{αμν}Σ R^μ_mn (D_βΞ₀^ν)_nm) gives the same coefficients per k:
 * its D_βF terms (including all f′ terms) contract ε_{αμν} with the symmetric {R̃^μ, R̃^ν}.
 */
export function omeItinerant(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const sea = axialSea(g, (mu, nu) => diagOfAnti(g.nb, g.R[nu]!, g.DR(beta, mu)), 0.5);
  return result(g, axialComponents(g.dim), sea, null);
}

/**
 * ⟨L⟩_LC of 001 (001 sign). `full` = literal Eq. 51 with the full velocity in {v^ν, S_E}
 * (as in Eq. 7): sea_n = −½ ε_{αμν} Re[P^β, {R̃^μ, h^ν}]_nn; `full=false` = Eq. 52/53 (band-off-
 * diagonal velocity only, "LC3"). Identity (any N, per k and per band): LC(full) − LC3 = ⟨L⟩_d.
 */
export function omeLocal(input: Input, beta: number, o?: ResponseOptions & { full?: boolean }): BandResolved {
  const g = geom(input, o);
  const full = o?.full ?? true;
  const hs = full ? g.h : g.hod;
  const sea = axialSea(g, (mu, nu) => diagOfComm(g.nb, g.P[beta]!, canti(g.nb, g.R[mu]!, hs[nu]!)), -0.5);
  return result(g, axialComponents(g.dim), sea, null);
}

/** The intrinsic OME of paper 001 (Table I, Eqs. 49–56) per band: the parts d, ic, lc, lc3 and the physical total. */
export interface OmeParts {
  components: string[];
  /** Named parts (sea coefficients, 001 sign): d, ic, lc (literal Eq. 51), lc3 (Eq. 53). */
  parts: { d: Float64Array; ic: Float64Array; lc: Float64Array; lc3: Float64Array };
  /**
   * Physical intrinsic response K = ∂⟨r×v⟩/∂(eE^β) = −(d + ic + lc) (sea; per k Å³, Å after ∫):
   * confirmed against exact ribbons in paper-checks; equals −2λ of paper 003 after ∫ (tests).
   */
  total: Float64Array;
  /** 001's own reading, d + ic + lc3 (001 sign), which the ribbon oracle rejects (×½ in insulators). */
  paperReading: Float64Array;
  degeneratePairs: number;
}

/** All intrinsic OME parts at once (sea only: every part is a Fermi-sea term). */
export function omeIntrinsic(input: Input, beta: number, o?: ResponseOptions): OmeParts {
  const g = geom(input, o);
  const d = omeDipole(g, beta).sea, ic = omeItinerant(g, beta).sea;
  const lc = omeLocal(g, beta, { full: true }).sea, lc3 = omeLocal(g, beta, { full: false }).sea;
  const total = new Float64Array(d.length), paperReading = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    total[i] = -(d[i]! + ic[i]! + lc[i]!);
    paperReading[i] = d[i]! + ic[i]! + lc3[i]!;
  }
  return { components: axialComponents(g.dim), parts: { d, ic, lc, lc3 }, total, paperReading, degeneratePairs: g.degeneratePairs };
}

/**
 * Extrinsic OME (001, relaxation time): Ξ^ν_mn = (τ/2ħ){R̃^ν, ∂_βF}_mn (m≠n), per unit eE^β,
 * L_ext (001 sign) = ε_{αμν}Tr[v^μΞ^ν] = (τ/2)ε Σₙ f'ₙ v^β_n {h^μ,R̃^ν}_nn = −τ Σₙ f'ₙ v^β_n Lₙ
 * (Lₙ = −2mₙ/e the band OAM). surface_n = −(τ/2)ε_{αμν} v^β_n Re{h^μ, R̃^ν}_nn (eV·Å³ per k; Å after ∫ with −f′).
 * `physical: true` returns K_ext = ∂⟨r×v⟩/∂(eE) = −L_ext instead. Needs options.tau (s).
 */
export function omeExtrinsic(input: Input, beta: number, o?: ResponseOptions & { physical?: boolean }): BandResolved {
  const g = geom(input, o);
  const tau = tauInternal(o, 'omeExtrinsic');
  const s = o?.physical ? -1 : 1;
  const base = axialSea(g, (mu, nu) => diagOfAnti(g.nb, g.h[mu]!, g.R[nu]!), 1);
  const C = axialCount(g.dim);
  const surface = new Float64Array(base.length);
  for (let n = 0; n < g.nb; n++) for (let c = 0; c < C; c++) surface[n * C + c] = s * -0.5 * tau * g.v[beta]![n]! * base[n * C + c]!;
  return result(g, axialComponents(g.dim), new Float64Array(base.length), surface);
}

// ----------------------------------------------------------------------------------------------
// paper 000: torque

/**
 * Torque on the orbital moment, 000 Eq. 1, per band and k, per unit eE^β (ħ = 1):
 * sea_m^i = Σ_{m'≠m} ε_{ijl}(v^l_m + v^l_m') Im[R^j_mm' R^β_m'm]  (eV·Å³ per k; the sign is that
 * of 000's OM formula, −(r×v)). This is also τ^i_mm itself (the kpoint quantity).
 */
export function torqueEq1(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const { nb, dim } = g;
  const C = axialCount(dim);
  const sea = new Float64Array(nb * C);
  const Rb = g.R[beta]!;
  for (const t of axialTerms(dim)) {
    const Rj = g.R[t.mu]!, vl = g.v[t.nu]!;
    for (let m = 0; m < nb; m++)
      for (let q = 0; q < nb; q++) {
        if (q === m) continue;
        const i1 = (m * nb + q) * 2, i2 = (q * nb + m) * 2;
        const im = Rj[i1]! * Rb[i2 + 1]! + Rj[i1 + 1]! * Rb[i2]!;
        sea[m * C + t.comp] += t.sign * (vl[m]! + vl[q]!) * im;
      }
  }
  return result(g, axialComponents(dim), sea, null);
}

/**
 * Torque from the Ξ formalism (000 Eqs. 3–4, 10–11 and a_E), per unit eE^b (b = field direction):
 *   τ^c = ε_{αγc} (Tr[a^γ Ξ_E^α] + Tr[a_E^γ Ξ₀^α]),  a^γ = iΔ h^γ, a_E^γ = −w^{bγ}   (r×a sign).
 * With M = {R̃^α, h^γ_od}: Tr[a^γΞ_E^α] = −Tr[h^γ_od(D_bΞ₀^α + ½{h^α, S_E})], so
 *   sea_j   = −½ ε_{αγc} Re( i[R̃^b, M]_jj + {D_bR̃^α, h^γ_od}_jj + [P^b, {h^γ_od, h^α}]_jj + {R̃^α, w^{bγ}}_jj )
 *   surface_j = ½ ε_{αγc} v^b_j Re M_jj = v^b_j L_j   (L_j = −2m_j the band OAM).
 * (eV·Å³ per k.) Not the same as Eq. 1 — see docs/physics-xi.md.
 */
export function torqueXi(input: Input, b: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const { nb, dim } = g;
  const C = axialCount(dim);
  const sea = new Float64Array(nb * C);
  const surface = new Float64Array(nb * C);
  for (const t of axialTerms(dim)) {
    const al = t.mu, ga = t.nu;
    const M = canti(nb, g.R[al]!, g.hod[ga]!);
    const c1 = diagOfComm(nb, g.R[b]!, M); // times i
    const c2 = diagOfAnti(nb, g.DR(b, al), g.hod[ga]!);
    const c3 = diagOfComm(nb, g.P[b]!, canti(nb, g.hod[ga]!, g.h[al]!));
    const c4 = diagOfAnti(nb, g.R[al]!, g.hess(b, ga));
    for (let n = 0; n < nb; n++) {
      // Re(i z) = −Im z
      const x = -c1[2 * n + 1]! + c2[2 * n]! + c3[2 * n]! + c4[2 * n]!;
      sea[n * C + t.comp] += -0.5 * t.sign * x;
      surface[n * C + t.comp] += 0.5 * t.sign * g.v[b]![n]! * M[(n * nb + n) * 2]!;
    }
  }
  return result(g, axialComponents(dim), sea, surface);
}

/**
 * The Ξ torque with the total derivative ∂_b ε Tr[h^γ_od Ξ₀^α] (= ∂_b Σₙ fₙ Lₙ-type) dropped — equal
 * to `torqueXi` after the BZ integral, and Fermi-sea only:
 *   sea_j = ε_{αγc} Re( (i/2){R̃^α, [R̃^b, V^γ]}_jj − ½[P^b, {h^γ_od, h^α}]_jj ),
 * from −Tr[h_od D_bΞ₀] = −∂_bTr[h_od Ξ₀] + Tr[D_b(h_od) Ξ₀] and D_b(h_od) = w^{bγ} + i[R̃^b, V^γ] off
 * the diagonal (the w part cancels Tr[a_E Ξ₀]).
 */
export function torqueXiByParts(input: Input, b: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const { nb, dim } = g;
  const C = axialCount(dim);
  const sea = new Float64Array(nb * C);
  for (const t of axialTerms(dim)) {
    const al = t.mu, ga = t.nu;
    // [R̃^b, V^γ]_mn = R̃^b_mn (v^γ_n − v^γ_m)
    const Rb = g.R[b]!, v = g.v[ga]!;
    const K = new Float64Array(Rb.length);
    for (let m = 0; m < nb; m++)
      for (let n = 0; n < nb; n++) {
        const i = (m * nb + n) * 2, dv = v[n]! - v[m]!;
        K[i] = Rb[i]! * dv;
        K[i + 1] = Rb[i + 1]! * dv;
      }
    const c1 = diagOfAnti(nb, g.R[al]!, K); // times i/2
    const c2 = diagOfComm(nb, g.P[b]!, canti(nb, g.hod[ga]!, g.h[al]!));
    for (let n = 0; n < nb; n++) sea[n * C + t.comp] += t.sign * (-0.5 * c1[2 * n + 1]! - 0.5 * c2[2 * n]!);
  }
  return result(g, axialComponents(dim), sea, null);
}

// ----------------------------------------------------------------------------------------------
// papers 003 and 004 (2D, z-component)

function need2D(g: KGeometry, name: string): void {
  if (g.dim !== 2) throw new Error(`${name}: defined for 2D models (paper 003/004 z-component)`);
}

/** Interband orbital moment of 003/004 (per e): M̂_mn = ½ ε_{zab}(h^a R̃^b + R̃^b V^a)_mn (eV·Å²). */
export function interbandMoment(g: KGeometry): CMat {
  const nb = g.nb;
  const out = cmatZeros(nb);
  for (const t of axialTerms(2)) {
    const x = cmul(nb, g.h[t.mu]!, g.R[t.nu]!);
    const R = g.R[t.nu]!, v = g.v[t.mu]!;
    for (let m = 0; m < nb; m++)
      for (let n = 0; n < nb; n++) {
        const i = (m * nb + n) * 2;
        // (h^a R̃^b)_mn + R̃^b_mn v^a_n
        out[i] += 0.5 * t.sign * (x[i]! + R[i]! * v[n]!);
        out[i + 1] += 0.5 * t.sign * (x[i + 1]! + R[i + 1]! * v[n]!);
      }
  }
  return out;
}

/** ½ ε_{jl} ∂_j Re Qⁿ_{il} per band (the "metric curl" of 003 Eq. 11 without e/ħ), Å³. */
export function metricCurl(g: KGeometry, i: number): Float64Array {
  const a = g.dQ(0, i, 1), b = g.dQ(1, i, 0);
  const out = new Float64Array(g.nb);
  for (let n = 0; n < g.nb; n++) out[n] = 0.5 * (a[2 * n]! - b[2 * n]!);
  return out;
}

/** Paper 003 Eq. 11 per band: λ and its moment and metric-derivative parts. */
export interface LambdaParts {
  /** λⁿ_i = Λⁿ_i/q (003 Eq. 11 with the signed charge q factored out), per band, Å³. */
  lambda: Float64Array;
  /** 2Re Σ A^i_nm M̂_mn/(εₙ−ε_m). */
  moment: Float64Array;
  /** ½ε_{jl}∂_jG^n_{il} (sea form, ∂G by sums over states). */
  metric: Float64Array;
  /** The metric term as a Fermi-surface coefficient, ½ε_{jl} v^j_n G^n_{il} (equal after ∫). */
  metricSurface: Float64Array;
  /** The j = i (along the field) term of `metric`, ½ε_{il} Re ∂_iQ^{il}_n; the exact metal response lacks it (docs/ribbon.md §15). */
  metricAlong: Float64Array;
}

/** Paper 003 Λⁿ for field direction i (003 Eqs. 8, 11): band-resolved parts. */
export function lambda003Parts(input: Input, i: number, o?: ResponseOptions): LambdaParts {
  const g = geom(input, o);
  need2D(g, 'lambda003');
  const nb = g.nb;
  const Mh = interbandMoment(g);
  const t1 = diagOfProduct(nb, g.P[i]!, Mh);
  const metric = metricCurl(g, i);
  const dAlong = g.dQ(i, i, 1 - i), sAlong = i === 0 ? 0.5 : -0.5; // ½ε_{il} with l = 1 − i
  const metricAlong = new Float64Array(nb).map((_, n) => sAlong * dAlong[2 * n]!);
  const moment = new Float64Array(nb), lambda = new Float64Array(nb), metricSurface = new Float64Array(nb);
  const Gy = diagOfProduct(nb, g.R[i]!, g.R[1]!), Gx = diagOfProduct(nb, g.R[i]!, g.R[0]!);
  for (let n = 0; n < nb; n++) {
    moment[n] = 2 * t1[2 * n]!;
    lambda[n] = moment[n]! + metric[n]!;
    metricSurface[n] = 0.5 * (g.v[0]![n]! * Gy[2 * n]! - g.v[1]![n]! * Gx[2 * n]!);
  }
  return { lambda, moment, metric, metricSurface, metricAlong };
}

/**
 * 003 χ^int/α^int integrand per band: sea = λⁿ_β (Å³; χ^int_β = q² Σ∫ f λ, α^int_β = q Σ∫ s₀ λ:
 * α uses the same coefficient with the entropy weight s₀ of 003 Eq. 10 in place of f).
 * `physical: true` returns K = ∂⟨r×v⟩/∂(eE^β) = −2λ (e > 0, charge −e).
 */
export function lambda003(input: Input, beta: number, o?: ResponseOptions & { physical?: boolean }): BandResolved {
  const g = geom(input, o);
  const p = lambda003Parts(g, beta);
  const s = o?.physical ? -2 : 1;
  return result(g, ['z'], p.lambda.map((x) => s * x), null);
}

/**
 * Paper 004 F tensor (Eq. 10) per e, for field direction j: φⁿ_j = F^{zj}_n/e =
 * −2Re Σ_{m≠n} m_nm A^j_mn/(εₙ−ε_m) − ½ ε_{zlr} ∂_l g^{rj}_n (Å³).
 * `reading: 'literal'` (default) takes 004's definition m_mn = ½Σ_{l≠n}(v_ml + δ_lm v_n)×A_ln with the
 * indices swapped, m_nm = M̂_nm (not Hermitian for N ≥ 3); `reading: 'hermitian'` takes m_nm = (M̂_mn)*,
 * which makes φ = −λ₀₀₃ per band and k for any N. The two agree for two bands.
 * δM = (e/V)Σ F·E f (Eq. 9) ⇒ ∂⟨r×v⟩/∂(eE) = −2Σ∫fφ (`physical: true`), which is −1× the exact
 * response for two bands (sign), and not proportional to it for N ≥ 3 in the literal reading
 * (docs/physics-xi.md).
 */
export function fTensor004(
  input: Input,
  j: number,
  o?: ResponseOptions & { physical?: boolean; reading?: 'literal' | 'hermitian' },
): BandResolved {
  const g = geom(input, o);
  need2D(g, 'fTensor004');
  const nb = g.nb;
  const Mh = interbandMoment(g);
  // literal: Σ_m M̂_nm P^j_mn; hermitian: Σ_m (M̂_mn)* P^j_mn   (P^j_mn = R̃^j_mn/(ε_m−εₙ))
  const t1 = o?.reading === 'hermitian' ? diagOfProduct(nb, cdagger(nb, Mh), g.P[j]!) : diagOfProduct(nb, Mh, g.P[j]!);
  const curl = metricCurl(g, j); // ½(∂_x g^{jy} − ∂_y g^{jx}) = ½ε_{zlr}∂_l g^{rj}
  const s = o?.physical ? -2 : 1;
  const sea = new Float64Array(nb);
  for (let n = 0; n < nb; n++) sea[n] = s * (2 * t1[2 * n]! - curl[n]!);
  return result(g, ['z'], sea, null);
}

// ----------------------------------------------------------------------------------------------
// Edelstein effects (004 Eqs. 6, 8) and spin Berry curvature (004 Eq. 7)

/** Band orbital moment X^c_n (eV·Å², mₙ = (e/ħ)X): X = ¼ ε_{cμν}{h^μ, R̃^ν}_nn = −Im Σ h^a_nm h^b_mn/(εₙ−ε_m). */
export function orbitalMomentX(g: KGeometry): Float64Array {
  return axialSea(g, (mu, nu) => diagOfAnti(g.nb, g.h[mu]!, g.R[nu]!), 0.25);
}

/**
 * Orbital Edelstein effect (004 Eq. 8): δM/(eE^β) = τ Σ f'ₙ mₙ v^β_n ⇒ surface_n = −(τ/ħ) X_n v^β_n
 * (X in eV·Å², m = (e/ħ)X; internal per unit eE with ħ = 1). Equals ½ × L_ext of 001 (M = −(e/2)⟨r×v⟩
 * and L_ext = −⟨r×v⟩). Needs options.tau (s).
 */
export function orbitalEdelstein(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const tau = tauInternal(o, 'orbitalEdelstein');
  const X = orbitalMomentX(g);
  const C = axialCount(g.dim);
  const surface = new Float64Array(X.length);
  for (let n = 0; n < g.nb; n++) for (let c = 0; c < C; c++) surface[n * C + c] = -tau * X[n * C + c]! * g.v[beta]![n]!;
  return result(g, axialComponents(g.dim), new Float64Array(X.length), surface);
}

/** Spin matrices rotated to the eigenbasis: S^i_eig = U† S^i U (model units, Pauli-like). */
export function spinInEigenbasis(bands: KPointBands, spin: Float64Array): CMat[] {
  const nb = bands.nb;
  const U = bands.eigenvectors;
  if (!U) throw new Error('spin responses need the eigenvectors (Needs.eigenvectors)');
  const Ud = cdagger(nb, U);
  const nn2 = nb * nb * 2;
  const out: CMat[] = [];
  for (let s = 0; s < 3; s++) out.push(cmul(nb, Ud, cmul(nb, spin.subarray(s * nn2, (s + 1) * nn2), U)));
  return out;
}

/**
 * Spin Edelstein effect (004 Eq. 6): δ⟨σ^i⟩ per unit eE^β (spin in the model's units, Pauli-like):
 * f₁ = eτ v·E f′ ⇒ surface_n^i = −(τ/ħ) v^β_n ⟨n|σ^i|n⟩ (Å per k; dimensionless density after ∫).
 * δM^S = −(μ_B/ħ)⟨S⟩ as printed in 004 Eq. 1 (S = σ/2 in units of ħ). Components x, y, z.
 */
export function spinEdelstein(input: Input, beta: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const tau = tauInternal(o, 'spinEdelstein');
  const spin = o?.spin;
  if (!spin) throw new Error('spinEdelstein: needs options.spin (CompiledModel.spin)');
  const S = spinInEigenbasis(g.bands, spin);
  const nb = g.nb;
  const surface = new Float64Array(nb * 3);
  for (let n = 0; n < nb; n++) for (let i = 0; i < 3; i++) surface[n * 3 + i] = -tau * g.v[beta]![n]! * S[i]![(n * nb + n) * 2]!;
  return result(g, ['x', 'y', 'z'], new Float64Array(nb * 3), surface);
}

/**
 * Spin Berry curvature (004 Eq. 7) for field direction j: Φ^{ij}_n = −2 Im Σ_{m≠n} S^i_nm h^j_mn/(εₙ−ε_m)²
 * (Å/eV per k, spin in model units); δ⟨σ^i⟩ per unit eE^j = Σ∫ f Φ (as printed).
 */
export function spinBerryCurvature(input: Input, j: number, o?: ResponseOptions): BandResolved {
  const g = geom(input, o);
  const spin = o?.spin;
  if (!spin) throw new Error('spinBerryCurvature: needs options.spin (CompiledModel.spin)');
  const S = spinInEigenbasis(g.bands, spin);
  const nb = g.nb;
  const sea = new Float64Array(nb * 3);
  const h = g.h[j]!;
  for (let i = 0; i < 3; i++)
    for (let n = 0; n < nb; n++) {
      let acc = 0;
      for (let m = 0; m < nb; m++) {
        if (m === n) continue;
        const d = g.e[n]! - g.e[m]!;
        if (Math.abs(d) < g.threshold) continue;
        const a = (n * nb + m) * 2, b = (m * nb + n) * 2;
        const im = S[i]![a]! * h[b + 1]! + S[i]![a + 1]! * h[b]!;
        acc += (-2 * im) / (d * d);
      }
      sea[n * 3 + i] = acc;
    }
  return result(g, ['x', 'y', 'z'], sea, null);
}

/** Band-resolved z component helper for 3D axial responses (2D → index 0). */
export const axialIndex = (dim: number, comp: 'x' | 'y' | 'z'): number => (dim === 2 ? 0 : 'xyz'.indexOf(comp));
export { axialPair };
