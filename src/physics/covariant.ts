/**
 * Per-k covariant calculus of the Ξ quantum kinetic theory (papers 000 and 001), by sums over
 * states that use ∂_a H and ∂_a∂_b H only — no finite differences, no gauge fixing.
 *
 * Internal units: ħ = 1, e = 1, energies eV, lengths Å, k in Å⁻¹; h^a = ⟨m|∂_aH|n⟩ = ħv^a (eV·Å),
 * w^{ab} = ⟨m|∂_a∂_bH|n⟩ (eV·Å²). Δ_mn = ε_m − ε_n.
 *
 * Conventions (DESIGN §2): 𝓡^a_mn = i⟨u_m|∂_a u_n⟩; only its band-off-diagonal part R̃ is used
 * (gauge covariant): R̃^a_mn = i h^a_mn/(ε_n − ε_m) = −i h^a_mn/Δ_mn (m ≠ n), R̃^a_nn = 0.
 * Covariant derivative of a band matrix O: (D_bO) = ∂_bO − i[𝓡_b, O], i.e. the matrix elements of
 * ∂_b of the operator Σ|m⟩O_mn⟨n| (docs/physics-xi.md §1). D_b is a derivation, D_bE = h^b (E =
 * diag ε), D_bh^a = w^{ba}, and from h^a = V^a + i[E, R̃^a] (V^a = diag h^a):
 *   (D_bR̃^a)_mn = −i (w^{ba} + i[R̃^b, V^a] − i[h^b, R̃^a])_mn / Δ_mn      (m ≠ n)
 *   (D_bR̃^a)_nn = −i [R̃^b, R̃^a]_nn.
 * Band pairs with |Δ_mn| < threshold are skipped (R̃ = 0 there) and counted.
 */
import { pairCount, pairIndex, type BandBatch } from '../backend/backend.js';
import { canti, cmatZeros, cmul, ccomm, diagOfComm, diagOfProduct, type CMat } from './cmat.js';

/** Band data at one k-point (copies, safe to keep). */
export interface KPointBands {
  readonly nb: number;
  readonly dim: number;
  /** ε_n ascending (eV). */
  readonly energies: Float64Array;
  /** h^a, a < dim (eV·Å). */
  readonly velocity: CMat[];
  /** w^{ab} for the pairs a ≤ b in `pairs(dim)` order (eV·Å²); empty if not evaluated. */
  readonly hessian: CMat[];
  /** U_in (orbital i, band n), if evaluated. */
  readonly eigenvectors?: CMat;
}

/** Copies k-point `ik` out of a BandBatch (needs velocity; hessian for anything with D_b). */
export function kpointFromBatch(batch: BandBatch, ik: number): KPointBands {
  const { nb, dim } = batch;
  const nn2 = nb * nb * 2;
  const P = pairCount(dim);
  if (!batch.velocity) throw new Error('kpointFromBatch: the batch has no velocity matrices (Needs.velocity)');
  const velocity: CMat[] = [];
  for (let a = 0; a < dim; a++) velocity.push(batch.velocity.slice((ik * dim + a) * nn2, (ik * dim + a + 1) * nn2));
  const hessian: CMat[] = [];
  if (batch.hessian) for (let p = 0; p < P; p++) hessian.push(batch.hessian.slice((ik * P + p) * nn2, (ik * P + p + 1) * nn2));
  return {
    nb,
    dim,
    energies: batch.energies.slice(ik * nb, (ik + 1) * nb),
    velocity,
    hessian,
    eigenvectors: batch.eigenvectors ? batch.eigenvectors.slice(ik * nn2, (ik + 1) * nn2) : undefined,
  };
}

/** Options of the per-k geometry: the degeneracy threshold of the sums over states. */
export interface GeometryOptions {
  /** Pairs with |ε_m − ε_n| below this (eV) are skipped. Default 1e-8. */
  degeneracyThreshold?: number;
}

/**
 * Precomputed per-k geometry: R̃^a, P^a = R̃^a/Δ (P^a_mn = R̃^a_mn/(ε_m−ε_n)), h_od, V, and the
 * covariant derivatives D_bR̃^a (computed on first use).
 */
export class KGeometry {
  readonly nb: number;
  readonly dim: number;
  readonly e: Float64Array;
  readonly h: CMat[];
  readonly w: CMat[];
  readonly threshold: number;
  /** Number of skipped (near-degenerate) band pairs m < n. */
  readonly degeneratePairs: number;
  /** R̃^a (Å). */
  readonly R: CMat[];
  /** P^a_mn = R̃^a_mn/(ε_m − ε_n) (Å/eV); S_E = [F, P^β] = the intrinsic ρ_E per unit eE^β. */
  readonly P: CMat[];
  /** Band-off-diagonal part of h^a. */
  readonly hod: CMat[];
  /** V^a = diag(h^a) as a matrix; v[a][n] = h^a_nn. */
  readonly V: CMat[];
  readonly v: Float64Array[];
  /** E = diag(ε). */
  readonly E: CMat;
  readonly bands: KPointBands;
  private readonly dr = new Map<number, CMat>();

  constructor(bands: KPointBands, options: GeometryOptions = {}) {
    this.bands = bands;
    const { nb, dim } = bands;
    this.nb = nb;
    this.dim = dim;
    this.e = bands.energies;
    this.h = bands.velocity;
    this.w = bands.hessian;
    this.threshold = options.degeneracyThreshold ?? 1e-8;
    let deg = 0;
    for (let n = 0; n < nb; n++) for (let m = 0; m < n; m++) if (Math.abs(this.e[m]! - this.e[n]!) < this.threshold) deg++;
    this.degeneratePairs = deg;
    this.R = [];
    this.P = [];
    this.hod = [];
    this.V = [];
    this.v = [];
    this.E = cmatZeros(nb);
    for (let n = 0; n < nb; n++) this.E[(n * nb + n) * 2] = this.e[n]!;
    for (let a = 0; a < dim; a++) {
      const h = this.h[a]!;
      const R = cmatZeros(nb), P = cmatZeros(nb), hod = Float64Array.from(h), V = cmatZeros(nb);
      const v = new Float64Array(nb);
      for (let m = 0; m < nb; m++) {
        v[m] = h[(m * nb + m) * 2]!;
        V[(m * nb + m) * 2] = v[m]!;
        hod[(m * nb + m) * 2] = 0;
        hod[(m * nb + m) * 2 + 1] = 0;
        for (let n = 0; n < nb; n++) {
          if (m === n) continue;
          const d = this.e[m]! - this.e[n]!;
          if (Math.abs(d) < this.threshold) continue;
          const i = (m * nb + n) * 2;
          // R̃ = −i h/Δ
          const rr = h[i + 1]! / d, ri = -h[i]! / d;
          R[i] = rr;
          R[i + 1] = ri;
          P[i] = rr / d;
          P[i + 1] = ri / d;
        }
      }
      this.R.push(R);
      this.P.push(P);
      this.hod.push(hod);
      this.V.push(V);
      this.v.push(v);
    }
  }

  /** w^{ab} (symmetric in a, b). */
  hess(a: number, b: number): CMat {
    const w = this.w[pairIndex(this.dim, a, b)];
    if (!w) throw new Error('KGeometry: this quantity needs the Hessian ∂_a∂_bH (Needs.hessian)');
    return w;
  }

  /** (D_bR̃^a), sum over states (see the file header). */
  DR(b: number, a: number): CMat {
    const key = b * 8 + a;
    const hit = this.dr.get(key);
    if (hit) return hit;
    const nb = this.nb;
    const w = this.hess(a, b);
    const Rb = this.R[b]!, va = this.v[a]!;
    const t2 = ccomm(nb, this.h[b]!, this.R[a]!); // [h^b, R̃^a] (full)
    const t3 = diagOfComm(nb, Rb, this.R[a]!); // [R̃^b, R̃^a]_nn
    const out = cmatZeros(nb);
    for (let m = 0; m < nb; m++)
      for (let n = 0; n < nb; n++) {
        const i = (m * nb + n) * 2;
        if (m === n) {
          // −i [R̃^b, R̃^a]_nn
          out[i] = t3[2 * n + 1]!;
          out[i + 1] = -t3[2 * n]!;
          continue;
        }
        const d = this.e[m]! - this.e[n]!;
        if (Math.abs(d) < this.threshold) continue;
        // [R̃^b, V^a]_mn = R̃^b_mn (v^a_n − v^a_m)
        const dv = va[n]! - va[m]!;
        const t1r = Rb[i]! * dv, t1i = Rb[i + 1]! * dv;
        // X = w + i t1 − i t2 ; out = −i X / d
        const xr = w[i]! - t1i + t2[i + 1]!;
        const xi = w[i + 1]! + t1r - t2[i]!;
        out[i] = xi / d;
        out[i + 1] = -xr / d;
      }
    this.dr.set(key, out);
    return out;
  }

  /**
   * ∂_j Qⁿ_{il} for every band n (complex: Re = ∂_j gⁿ_{il}, Im = −½ ∂_jΩⁿ_{il}), Qⁿ_{il} =
   * (R̃^i R̃^l)_nn: ∂_j X_nn = (D_jX)_nn + i[R̃^j, X]_nn with D_j(R̃^iR̃^l) = (D_jR̃^i)R̃^l + R̃^i D_jR̃^l.
   * Returns [re0, im0, re1, im1, ...] (Å³).
   */
  dQ(j: number, i: number, l: number): Float64Array {
    const nb = this.nb;
    const X = cmul(nb, this.R[i]!, this.R[l]!);
    const d1 = diagOfProduct(nb, this.DR(j, i), this.R[l]!);
    const d2 = diagOfProduct(nb, this.R[i]!, this.DR(j, l));
    const c = diagOfComm(nb, this.R[j]!, X);
    const out = new Float64Array(2 * nb);
    for (let n = 0; n < nb; n++) {
      // (D_jX)_nn + i [R̃^j, X]_nn
      out[2 * n] = d1[2 * n]! + d2[2 * n]! - c[2 * n + 1]!;
      out[2 * n + 1] = d1[2 * n + 1]! + d2[2 * n + 1]! + c[2 * n]!;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Density-matrix objects for explicit occupations f_n and derivatives f'_n = ∂f/∂ε at εₙ.
// These are the literal matrices of papers 000/001; the responses in ./responses.ts are their
// band-resolved (f, f′)-linear forms, tested against traces of these.

/** F = diag(f). */
export function occupationMatrix(nb: number, f: ArrayLike<number>): CMat {
  const out = cmatZeros(nb);
  for (let n = 0; n < nb; n++) out[(n * nb + n) * 2] = f[n]!;
  return out;
}

/** D_bF for F = f(H): diag f'_n v^b_nn; off-diag (f_m − f_n) h^b_mn/(ε_m − ε_n). */
export function covariantDerivativeF(g: KGeometry, b: number, f: ArrayLike<number>, fp: ArrayLike<number>): CMat {
  const nb = g.nb;
  const h = g.h[b]!;
  const out = cmatZeros(nb);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2;
      if (m === n) {
        out[i] = fp[n]! * g.v[b]![n]!;
        continue;
      }
      const d = g.e[m]! - g.e[n]!;
      if (Math.abs(d) < g.threshold) continue;
      const s = (f[m]! - f[n]!) / d;
      out[i] = s * h[i]!;
      out[i + 1] = s * h[i + 1]!;
    }
  return out;
}

/** Ξ₀^ν = ½{F, R̃^ν} (paper 000 Eq. 10; band-diagonal part zero, 001). */
export function xi0(g: KGeometry, nu: number, f: ArrayLike<number>): CMat {
  const nb = g.nb;
  const R = g.R[nu]!;
  const out = cmatZeros(nb);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2;
      const s = 0.5 * (f[m]! + f[n]!);
      out[i] = s * R[i]!;
      out[i + 1] = s * R[i + 1]!;
    }
  return out;
}

/** D_bΞ₀^ν = ½{D_bF, R̃^ν} + ½{F, D_bR̃^ν}. */
export function covariantDerivativeXi0(g: KGeometry, b: number, nu: number, f: ArrayLike<number>, fp: ArrayLike<number>): CMat {
  const nb = g.nb;
  const F = occupationMatrix(nb, f);
  const a = canti(nb, covariantDerivativeF(g, b, f, fp), g.R[nu]!);
  const c = canti(nb, F, g.DR(b, nu));
  for (let i = 0; i < a.length; i++) a[i] = 0.5 * (a[i]! + c[i]!);
  return a;
}

/** Intrinsic ρ_E per unit eE^β: S_E,mn = R̃^β_mn (f_m − f_n)/(ε_m − ε_n) (000 Eq. 8, 001 Eq. 5). */
export function sE(g: KGeometry, beta: number, f: ArrayLike<number>): CMat {
  const nb = g.nb;
  const P = g.P[beta]!;
  const out = cmatZeros(nb);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2;
      const s = f[m]! - f[n]!;
      out[i] = s * P[i]!;
      out[i + 1] = s * P[i + 1]!;
    }
  return out;
}

/** The parts of the field-induced Ξ matrix of paper 001: band-diagonal `d` and the off-diagonal terms. */
export interface XiEParts {
  /** Band-diagonal part ½{R̃^α, S_E}_nn (001: gives the dipole). */
  d: CMat;
  /** Off-diagonal −i (D_βΞ₀^α)_mn/(ε_m−ε_n) (001 "od1"). */
  od1: CMat;
  /** Off-diagonal −(i/2){v^α, S_E}_mn/(ε_m−ε_n) with the full velocity (001 "od2", Eq. 7). */
  od2: CMat;
  /** Same as od2 with the band-off-diagonal velocity only (the reading of 001 Eq. 52/53). */
  od2offdiag: CMat;
  /** d + od1 + od2. */
  total: CMat;
}

/**
 * Ξ_E^α per unit eE^β (000 Eq. 11 = 001 Eq. 7, with the band-diagonal part ½{R̃^α, S_E}_nn):
 *   Ξ_E^{α,mn} = −i (D_βΞ₀^α)_mn/(ε_m−ε_n) − (i/2){h^α, S_E}_mn/(ε_m−ε_n)   (m ≠ n).
 */
export function xiE(g: KGeometry, alpha: number, beta: number, f: ArrayLike<number>, fp: ArrayLike<number>): XiEParts {
  const nb = g.nb;
  const S = sE(g, beta, f);
  const DX = covariantDerivativeXi0(g, beta, alpha, f, fp);
  const A2 = canti(nb, g.h[alpha]!, S);
  const A2o = canti(nb, g.hod[alpha]!, S);
  const RS = canti(nb, g.R[alpha]!, S);
  const d = cmatZeros(nb), od1 = cmatZeros(nb), od2 = cmatZeros(nb), od2o = cmatZeros(nb), total = cmatZeros(nb);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2;
      if (m === n) {
        d[i] = 0.5 * RS[i]!;
        d[i + 1] = 0.5 * RS[i + 1]!;
      } else {
        const dd = g.e[m]! - g.e[n]!;
        if (Math.abs(dd) < g.threshold) continue;
        // −i X/d
        od1[i] = DX[i + 1]! / dd;
        od1[i + 1] = -DX[i]! / dd;
        od2[i] = (0.5 * A2[i + 1]!) / dd;
        od2[i + 1] = (-0.5 * A2[i]!) / dd;
        od2o[i] = (0.5 * A2o[i + 1]!) / dd;
        od2o[i + 1] = (-0.5 * A2o[i]!) / dd;
      }
      total[i] = d[i]! + od1[i]! + od2[i]!;
      total[i + 1] = d[i + 1]! + od1[i + 1]! + od2[i + 1]!;
    }
  return { d, od1, od2, od2offdiag: od2o, total };
}

/** Acceleration a^γ_mn = (i/ħ)(ε_m − ε_n) v^γ_mn = i Δ_mn h^γ_mn (eV²·Å). */
export function acceleration(g: KGeometry, gamma: number): CMat {
  const nb = g.nb;
  const h = g.h[gamma]!;
  const out = cmatZeros(nb);
  for (let m = 0; m < nb; m++)
    for (let n = 0; n < nb; n++) {
      const i = (m * nb + n) * 2;
      const d = g.e[m]! - g.e[n]!;
      out[i] = -d * h[i + 1]!;
      out[i + 1] = d * h[i]!;
    }
  return out;
}

/** Field correction of the acceleration per unit eE^b: a_E^γ = −(1/ħ²) w^{bγ} (000, after Eq. 12). */
export function accelerationE(g: KGeometry, gamma: number, b: number): CMat {
  const w = g.hess(gamma, b);
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = -w[i]!;
  return out;
}

/** Levi-Civita contractions for the axial components of a `dim`-dimensional model. */
export interface AxialTerm {
  comp: number;
  mu: number;
  nu: number;
  sign: number;
}
/** 2D: z = (x,y)+ (y,x)−; 3D: x,y,z with ε_{αμν}. */
export function axialTerms(dim: number): AxialTerm[] {
  if (dim === 2)
    return [
      { comp: 0, mu: 0, nu: 1, sign: 1 },
      { comp: 0, mu: 1, nu: 0, sign: -1 },
    ];
  if (dim === 3) {
    const out: AxialTerm[] = [];
    for (let c = 0; c < 3; c++) {
      const mu = (c + 1) % 3, nu = (c + 2) % 3;
      out.push({ comp: c, mu, nu, sign: 1 }, { comp: c, mu: nu, nu: mu, sign: -1 });
    }
    return out;
  }
  return [];
}
/** Axial component names: 2D `z`, 3D `x, y, z`, 1D none. */
export const axialComponents = (dim: number): string[] => (dim === 2 ? ['z'] : dim === 3 ? ['x', 'y', 'z'] : []);
