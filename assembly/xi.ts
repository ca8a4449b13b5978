// Per-k responses of the Ξ kinetic theory (papers 001, 003) that share the covariant derivative
// D_bR̃: the band-resolved Fermi-sea coefficients of the dipole, the OME parts and paper 003's λ,
// computed from the energies, h^a = ⟨m|∂_aH|n⟩ and w^{ab} = ⟨m|∂_a∂_bH|n⟩ already in the arena
// (BandBatch layout, written by kernel.ts). The formulas are those of src/physics/covariant.ts and
// src/physics/responses.ts (the readable reference, tested against it to 1e-10):
//   R̃^a_mn = −i h^a_mn/Δ_mn, P^a_mn = R̃^a_mn/Δ_mn (Δ_mn = ε_m − ε_n; 0 for m = n or |Δ| < thr),
//   (D_bR̃^a)_mn = −i (w^{ba} + i[R̃^b, V^a] − i[h^b, R̃^a])_mn/Δ_mn,  (D_bR̃^a)_nn = −i[R̃^b, R̃^a]_nn.
// The O(N³) work is complex matrix products (blas.ts cgemm, f64x2 in the SIMD build): h^bR̃^a per
// D_bR̃^a, G^{μν} = R̃^μh^ν (shared by the local OME parts and λ's interband moment) and R̃^iR̃^l
// (λ's metric curl); the contractions are O(N²) diagonals. Hermiticity halves the products:
// R̃^a h^b = (h^bR̃^a)†, h^μR̃^ν = (G^{νμ})†.
//
// Requests: i32 triples (kind, β, output pointer) at pReq; output f64[nk][nb][C] per request with
// C = dim (dipole), the axial count (OME parts: 2D z; 3D x, y, z) or 1 (λ, 2D only).
import { cgemm } from './blas';

@inline function ld(p: usize): f64 { return load<f64>(p); }
@inline function st(p: usize, x: f64): void { store<f64>(p, x); }

export const R_DIPOLE: i32 = 0;
export const R_OME_D: i32 = 1;
export const R_OME_IC: i32 = 2;
export const R_OME_LC: i32 = 3;
export const R_OME_LC3: i32 = 4;
export const R_OME_TOTAL: i32 = 5;
export const R_OME_PAPER: i32 = 6;
export const R_LAMBDA_MOMENT: i32 = 7;
export const R_LAMBDA_METRIC: i32 = 8;
// paper 000 torque (xi2 block): Eq. 1, Ξ by parts (sea), Ξ direct (sea, surface)
export const R_TORQUE_EQ1: i32 = 9;
export const R_TORQUE_XI_BP: i32 = 10;
export const R_TORQUE_XI_SEA: i32 = 11;
export const R_TORQUE_XI_SURF: i32 = 12;
// relaxation-time surface coefficients per unit τ/ħ (the caller multiplies by τ/ħ)
export const R_OME_EXT: i32 = 13;
export const R_ORB_EDELSTEIN: i32 = 14;
export const R_SPIN_EDELSTEIN: i32 = 15;
// spin Berry curvature (004 Eq. 7) and the 004 F tensor (literal, hermitian readings; 2D)
export const R_SPIN_BERRY: i32 = 16;
export const R_F_LITERAL: i32 = 17;
export const R_F_HERMITIAN: i32 = 18;
// the along-the-field (j = β) term of λ's metric curl (2D): the ome part `fermi-surface` is 2Σ∫f·this
export const R_LAMBDA_METRIC_ALONG: i32 = 19;

@inline function pairCount(dim: i32): i32 { return (dim * (dim + 1)) >> 1; }
@inline function pairIdx(dim: i32, a: i32, b: i32): i32 {
  if (a > b) { const t = a; a = b; b = t; }
  return a * dim - ((a * (a - 1)) >> 1) + (b - a);
}

/** Workspace doubles for `responsesBatch` (nb bands, dim ≤ 3). */
export function xiWorkDoubles(nb: i32, dim: i32): f64 {
  const n2 = <f64>nb * <f64>nb;
  // planes (n² doubles each): h, R (2·dim each), id (1), DR (2·dim²), G (2·dim²), X (2·4), T, T2, S (2 each);
  // then v (dim·nb) and the OME parts d, ic, lc, lc3 per field direction (4·dim·nb·3);
  // then (responsesEx) HOD (2·dim planes), T3 (2), spin S^i (6), U (2), Uᵀ (2), W (2), U†S^iU (6),
  // the torque parts per field direction (4·dim·nb·3) and the extrinsic base (nb·3)
  return n2 * <f64>(4 * dim + 1 + 4 * dim * dim + 8 + 6) + <f64>(dim * nb) + <f64>(12 * dim * nb) + 16 +
    n2 * <f64>(2 * dim + 20) + <f64>(12 * dim * nb) + <f64>(3 * nb) + 16;
}

// --- diagonals of products on split planes (row-major, n×n): Σ_k a_nk b_kn --------------------
let dRe: f64 = 0, dIm: f64 = 0;
@inline function diagProd(ar: usize, ai: usize, br: usize, bi: usize, n: i32, row: i32): void {
  let sr: f64 = 0, si: f64 = 0;
  const ro = <usize>row * n;
  for (let k = 0; k < n; k++) {
    const a = (ro + k) << 3, b = (<usize>k * n + row) << 3;
    const xr = ld(ar + a), xi = ld(ai + a), yr = ld(br + b), yi = ld(bi + b);
    sr += xr * yr - xi * yi;
    si += xr * yi + xi * yr;
  }
  dRe = sr;
  dIm = si;
}
/** Re [A, B]_nn. */
@inline function reComm(ar: usize, ai: usize, br: usize, bi: usize, n: i32, row: i32): f64 {
  diagProd(ar, ai, br, bi, n, row);
  const x = dRe;
  diagProd(br, bi, ar, ai, n, row);
  return x - dRe;
}
/** Re {A, B}_nn. */
@inline function reAnti(ar: usize, ai: usize, br: usize, bi: usize, n: i32, row: i32): f64 {
  diagProd(ar, ai, br, bi, n, row);
  const x = dRe;
  diagProd(br, bi, ar, ai, n, row);
  return x + dRe;
}

/**
 * Band-resolved response coefficients for nk k-points. pE f64[nk][nb]; pVel f64[nk][dim][nb][nb][2];
 * pHess f64[nk][P][nb][nb][2] (0 if absent: then no request may need D_bR̃). Requests: nreq i32
 * triples (kind, β, out) at pReq. ws: xiWorkDoubles(nb, dim) doubles.
 */
export function responsesBatch(
  nb: i32, dim: i32, nk: i32, pE: usize, pVel: usize, pHess: usize, thr: f64,
  nreq: i32, pReq: usize, ws: usize,
): void {
  responsesBatchEx(nb, dim, nk, pE, pVel, pHess, 0, 0, thr, nreq, pReq, ws);
}

/**
 * `responsesBatch` with the eigenvectors pU f64[nk][nb][nb][2] (U_in, BandBatch layout) and the
 * model's spin matrices pSpin f64[3][nb][nb][2] (orbital basis), both 0 unless a spin kind is asked.
 */
export function responsesBatchEx(
  nb: i32, dim: i32, nk: i32, pE: usize, pVel: usize, pHess: usize, pU: usize, pSpin: usize, thr: f64,
  nreq: i32, pReq: usize, ws: usize,
): void {
  const n = nb;
  const n2 = <usize>n * n;
  const mb = n2 << 3;
  const P = pairCount(dim);
  const C = dim == 2 ? 1 : dim == 3 ? 3 : 0;
  const dd = <usize>(dim * dim);

  const H = ws; // dim × (re, im)
  const R = H + <usize>(2 * dim) * mb;
  const ID = R + <usize>(2 * dim) * mb;
  const DR = ID + mb; // dim² × (re, im), index b·dim + a
  const G = DR + (2 * dd) * mb; // dim² × (re, im), index μ·dim + ν
  const X = G + (2 * dd) * mb; // 4 × (re, im), index i·2 + l (2D)
  const T = X + 8 * mb;
  const T2 = T + 2 * mb;
  const S = T2 + 2 * mb;
  const V = S + 2 * mb; // dim × n
  const OP = V + (<usize>(dim * n) << 3); // OME parts [β][part d, ic, lc, lc3][n][C]
  const opStride = <usize>(4 * n * C) << 3; // bytes per β
  const partBytes = <usize>(n * C) << 3;
  const HOD = OP + <usize>dim * opStride + 16; // band-off-diagonal h^a, dim × (re, im)
  const T3 = HOD + <usize>(2 * dim) * mb;
  const SP = T3 + 2 * mb; // spin S^i (orbital basis), 3 × (re, im)
  const UP = SP + 6 * mb; // U (re, im)
  const UT = UP + 2 * mb; // Uᵀ (re, im): row n = eigenvector n
  const W = UT + 2 * mb;
  const SE = W + 2 * mb; // U†S^iU, 3 × (re, im)
  const TQ = SE + 6 * mb; // torque parts [β][eq1, xi by parts, xi sea, xi surface][n][C]
  const EB = TQ + <usize>dim * opStride; // Σ s Re{h^μ, R̃^ν}_nn [n][C]

  // which intermediates the requests need
  let needDR: i32 = 0; // bit (b·dim + a)
  let needG = false, needX = false;
  let omeMask: i32 = 0; // bits 4β + part (d 1, ic 2, lc 4, lc3 8)
  let tqMask: i32 = 0; // bits 4β + part (eq1 1, xi by parts 2, xi sea 4, xi surface 8)
  let needHod = false, needEB = false, needSpin = false;
  for (let q = 0; q < nreq; q++) {
    const kind = load<i32>(pReq + (<usize>(3 * q) << 2));
    const beta = load<i32>(pReq + (<usize>(3 * q + 1) << 2));
    if (kind == R_OME_IC || kind == R_OME_TOTAL || kind == R_OME_PAPER) for (let a = 0; a < dim; a++) needDR |= 1 << (beta * dim + a);
    if (kind >= R_OME_LC && kind <= R_OME_PAPER) needG = true;
    if (kind == R_LAMBDA_MOMENT) needG = true;
    if (kind >= R_OME_D && kind <= R_OME_PAPER) omeMask |= omeParts(kind) << (4 * beta);
    if (kind == R_LAMBDA_METRIC || kind == R_LAMBDA_METRIC_ALONG) { needDR |= 15; needX = true; } // 2D: every D_bR̃^a, b, a < 2
    if (kind >= R_TORQUE_EQ1 && kind <= R_TORQUE_XI_SURF) {
      tqMask |= (1 << (kind - R_TORQUE_EQ1)) << (4 * beta);
      if (kind != R_TORQUE_EQ1) needHod = true;
      if (kind == R_TORQUE_XI_SEA) for (let a = 0; a < dim; a++) needDR |= 1 << (beta * dim + a);
    }
    if (kind == R_OME_EXT || kind == R_ORB_EDELSTEIN) needEB = true;
    if (kind == R_SPIN_EDELSTEIN || kind == R_SPIN_BERRY) needSpin = true;
    if (kind == R_F_LITERAL || kind == R_F_HERMITIAN) { needG = true; needDR |= 15; needX = true; }
  }
  if (needSpin) {
    // S^i to split planes, once per call
    for (let i = 0; i < 3; i++) {
      const src = pSpin + ((<usize>i * n2) << 4), sr = SP + <usize>(2 * i) * mb;
      for (let j: usize = 0; j < n2; j++) {
        st(sr + (j << 3), ld(src + (j << 4)));
        st(sr + mb + (j << 3), ld(src + (j << 4) + 8));
      }
    }
  }

  for (let ik = 0; ik < nk; ik++) {
    const e = pE + (<usize>(ik * n) << 3);
    // h^a (split planes), v^a, 1/Δ, R̃^a
    for (let a = 0; a < dim; a++) {
      const src = pVel + ((<usize>(ik * dim + a) * n2) << 4);
      const hr = H + <usize>(2 * a) * mb, hi = hr + mb;
      for (let j: usize = 0; j < n2; j++) {
        st(hr + (j << 3), ld(src + (j << 4)));
        st(hi + (j << 3), ld(src + (j << 4) + 8));
      }
      for (let m = 0; m < n; m++) st(V + (<usize>(a * n + m) << 3), ld(hr + ((<usize>m * n + m) << 3)));
    }
    for (let m = 0; m < n; m++) {
      const em = ld(e + (<usize>m << 3));
      for (let k = 0; k < n; k++) {
        const d = em - ld(e + (<usize>k << 3));
        st(ID + ((<usize>m * n + k) << 3), m == k || Math.abs(d) < thr ? 0.0 : 1.0 / d);
      }
    }
    for (let a = 0; a < dim; a++) {
      const hr = H + <usize>(2 * a) * mb, hi = hr + mb;
      const rr = R + <usize>(2 * a) * mb, ri = rr + mb;
      for (let j: usize = 0; j < n2; j++) {
        const o = j << 3, id = ld(ID + o);
        // R̃ = −i h/Δ
        st(rr + o, ld(hi + o) * id);
        st(ri + o, -ld(hr + o) * id);
      }
    }
    // D_bR̃^a
    for (let b = 0; b < dim; b++)
      for (let a = 0; a < dim; a++) {
        if ((needDR & (1 << (b * dim + a))) == 0) continue;
        covariantDR(n, dim, b, a, ik, P, pHess, H, R, ID, V, T, DR + <usize>(2 * (b * dim + a)) * mb);
      }
    // G^{μν} = R̃^μ h^ν (μ ≠ ν)
    if (needG)
      for (let mu = 0; mu < dim; mu++)
        for (let nu = 0; nu < dim; nu++) {
          if (mu == nu) continue;
          const g = G + <usize>(2 * (mu * dim + nu)) * mb;
          const rr = R + <usize>(2 * mu) * mb, hr = H + <usize>(2 * nu) * mb;
          cgemm(g, g + mb, rr, rr + mb, hr, hr + mb, n, false, false);
        }
    // X^{il} = R̃^i R̃^l (2D)
    if (needX && dim == 2)
      for (let i = 0; i < 2; i++)
        for (let l = 0; l < 2; l++) {
          const x = X + <usize>(2 * (i * 2 + l)) * mb;
          const a = R + <usize>(2 * i) * mb, c = R + <usize>(2 * l) * mb;
          cgemm(x, x + mb, a, a + mb, c, c + mb, n, false, false);
        }

    // band-off-diagonal h^a
    if (needHod)
      for (let a = 0; a < dim; a++) {
        const hr = H + <usize>(2 * a) * mb, d = HOD + <usize>(2 * a) * mb;
        memory.copy(d, hr, 2 * mb);
        for (let m = 0; m < n; m++) {
          st(d + ((<usize>m * n + m) << 3), 0);
          st(d + mb + ((<usize>m * n + m) << 3), 0);
        }
      }
    // torque parts, once per field direction
    for (let beta = 0; beta < dim; beta++) {
      const mask = (tqMask >> (4 * beta)) & 15;
      if (mask != 0) torqueAt(n, dim, C, beta, mask, ik, P, pHess, H, HOD, R, ID, V, DR, T, T2, T3, S, TQ + <usize>beta * opStride);
    }
    // extrinsic base Σ_(c,μ,ν,s) s Re{h^μ, R̃^ν}_nn
    if (needEB) {
      memory.fill(EB, 0, partBytes);
      for (let tt = 0; tt < C; tt++)
        for (let sg = 0; sg < 2; sg++) {
          let mu = dim == 2 ? 0 : (tt + 1) % 3, nu = dim == 2 ? 1 : (tt + 2) % 3;
          let s: f64 = 1;
          if (sg == 1) { const t = mu; mu = nu; nu = t; s = -1; }
          const hm = H + <usize>(2 * mu) * mb, rn = R + <usize>(2 * nu) * mb;
          for (let m = 0; m < n; m++) add(EB + (<usize>(m * C + tt) << 3), s * reAnti(hm, hm + mb, rn, rn + mb, n, m));
        }
    }
    // spin in the eigenbasis, U†S^iU
    if (needSpin) {
      const u = pU + ((<usize>ik * n2) << 4);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < n; k++) {
          const o = (<usize>i * n + k) << 3, t = (<usize>k * n + i) << 3;
          const xr = ld(u + (o << 1)), xi = ld(u + (o << 1) + 8);
          st(UP + o, xr);
          st(UP + mb + o, xi);
          st(UT + t, xr);
          st(UT + mb + t, xi);
        }
      for (let i = 0; i < 3; i++) {
        const sp = SP + <usize>(2 * i) * mb, se = SE + <usize>(2 * i) * mb;
        cgemm(W, W + mb, sp, sp + mb, UP, UP + mb, n, false, false); // S^i U
        cgemm(se, se + mb, UT, UT + mb, W, W + mb, n, true, false); // conj(Uᵀ)·(S^iU) = U†S^iU
      }
    }

    // the OME parts, once per field direction
    for (let beta = 0; beta < dim; beta++) {
      const mask = (omeMask >> (4 * beta)) & 15;
      if (mask != 0) omePartsAt(n, dim, C, beta, mask, R, ID, V, DR, G, T, T2, S, OP + <usize>beta * opStride);
    }

    for (let q = 0; q < nreq; q++) {
      const kind = load<i32>(pReq + (<usize>(3 * q) << 2));
      const beta = load<i32>(pReq + (<usize>(3 * q + 1) << 2));
      const out = <usize>load<i32>(pReq + (<usize>(3 * q + 2) << 2));
      if (kind == R_DIPOLE) {
        // Re[P^β, R̃^α]_nn, P = R̃/Δ
        pOf(n, R + <usize>(2 * beta) * mb, ID, S);
        const o = out + (<usize>(ik * n * dim) << 3);
        for (let al = 0; al < dim; al++) {
          const ra = R + <usize>(2 * al) * mb;
          for (let m = 0; m < n; m++) st(o + (<usize>(m * dim + al) << 3), reComm(S, S + mb, ra, ra + mb, n, m));
        }
      } else if (kind <= R_OME_PAPER) {
        // parts (001 sign); total K = −(d + ic + lc); paper reading = d + ic + lc3
        const o = out + (<usize>(ik * n * C) << 3), src = OP + <usize>beta * opStride;
        for (let j = 0; j < n * C; j++) {
          const jo = <usize>j << 3;
          let x: f64;
          if (kind == R_OME_TOTAL) x = -(ld(src + jo) + ld(src + partBytes + jo) + ld(src + 2 * partBytes + jo));
          else if (kind == R_OME_PAPER) x = ld(src + jo) + ld(src + partBytes + jo) + ld(src + 3 * partBytes + jo);
          else x = ld(src + <usize>(kind - R_OME_D) * partBytes + jo);
          st(o + jo, x);
        }
      } else if (kind == R_LAMBDA_MOMENT) {
        lambdaMoment(n, beta, R, ID, V, G, T, S, out + (<usize>(ik * n) << 3));
      } else if (kind == R_LAMBDA_METRIC) {
        lambdaMetric(n, beta, R, DR, X, out + (<usize>(ik * n) << 3));
      } else if (kind == R_LAMBDA_METRIC_ALONG) {
        const o = out + (<usize>(ik * n) << 3);
        for (let m = 0; m < n; m++) st(o + (<usize>m << 3), metricCurlAt(n, beta, R, DR, X, m, beta));
      } else if (kind >= R_TORQUE_EQ1 && kind <= R_TORQUE_XI_SURF) {
        const src = TQ + <usize>beta * opStride + <usize>(kind - R_TORQUE_EQ1) * partBytes;
        memory.copy(out + (<usize>(ik * n * C) << 3), src, partBytes);
      } else if (kind == R_OME_EXT || kind == R_ORB_EDELSTEIN) {
        // per unit τ/ħ: K_ext = ½ v^β_n B_n (physical sign); orbital Edelstein −(¼B_n) v^β_n
        const o = out + (<usize>(ik * n * C) << 3), vb = V + (<usize>(beta * n) << 3);
        for (let m = 0; m < n; m++)
          for (let c = 0; c < C; c++) {
            const j = <usize>(m * C + c) << 3, v = ld(vb + (<usize>m << 3)), x = ld(EB + j);
            st(o + j, kind == R_OME_EXT ? 0.5 * v * x : -(0.25 * x) * v);
          }
      } else if (kind == R_SPIN_EDELSTEIN) {
        // per unit τ/ħ: −v^β_n (U†S^iU)_nn
        const o = out + (<usize>(ik * n * 3) << 3), vb = V + (<usize>(beta * n) << 3);
        for (let m = 0; m < n; m++)
          for (let i = 0; i < 3; i++)
            st(o + (<usize>(m * 3 + i) << 3), -ld(vb + (<usize>m << 3)) * ld(SE + <usize>(2 * i) * mb + ((<usize>m * n + m) << 3)));
      } else if (kind == R_SPIN_BERRY) {
        // Φ^{iβ}_n = −2 Im Σ_{m≠n} S^i_nm h^β_mn/(εₙ−ε_m)²  (1/Δ from ID: 0 below the threshold)
        const o = out + (<usize>(ik * n * 3) << 3), hr = H + <usize>(2 * beta) * mb, hi = hr + mb;
        for (let i = 0; i < 3; i++) {
          const sr = SE + <usize>(2 * i) * mb, si = sr + mb;
          for (let m = 0; m < n; m++) {
            let acc: f64 = 0;
            for (let k = 0; k < n; k++) {
              const a = (<usize>m * n + k) << 3, bb = (<usize>k * n + m) << 3;
              const id = ld(ID + a);
              if (id == 0) continue;
              const im = ld(sr + a) * ld(hi + bb) + ld(si + a) * ld(hr + bb);
              acc += -2 * im * id * id;
            }
            st(o + (<usize>(m * 3 + i) << 3), acc);
          }
        }
      } else if (kind == R_F_LITERAL || kind == R_F_HERMITIAN) {
        fTensor(n, beta, kind == R_F_HERMITIAN, R, ID, V, G, DR, X, T, S, out + (<usize>(ik * n) << 3));
      }
    }
  }
}

/** P = R̃ ∘ (1/Δ) into (s, s + mb). */
function pOf(n: i32, rr: usize, id: usize, s: usize): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  const ri = rr + mb;
  for (let j: usize = 0; j < n2; j++) {
    const o = j << 3, x = ld(id + o);
    st(s + o, ld(rr + o) * x);
    st(s + mb + o, ld(ri + o) * x);
  }
}

/** (D_bR̃^a) into (out, out + mb); uses T as scratch. */
function covariantDR(
  n: i32, dim: i32, b: i32, a: i32, ik: i32, P: i32, pHess: usize,
  H: usize, R: usize, ID: usize, V: usize, T: usize, out: usize,
): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  const hb = H + <usize>(2 * b) * mb, ra = R + <usize>(2 * a) * mb, rb = R + <usize>(2 * b) * mb;
  const w = pHess + ((<usize>(ik * P + pairIdx(dim, a, b)) * n2) << 4);
  cgemm(T, T + mb, hb, hb + mb, ra, ra + mb, n, false, false); // h^b R̃^a
  const va = V + (<usize>(a * n) << 3);
  for (let m = 0; m < n; m++) {
    for (let k = 0; k < n; k++) {
      const o = (<usize>m * n + k) << 3;
      if (m == k) {
        // −i[R̃^b, R̃^a]_nn
        diagProd(rb, rb + mb, ra, ra + mb, n, m);
        const xr = dRe, xi = dIm;
        diagProd(ra, ra + mb, rb, rb + mb, n, m);
        st(out + o, xi - dIm);
        st(out + mb + o, -(xr - dRe));
        continue;
      }
      const id = ld(ID + o);
      if (id == 0) {
        st(out + o, 0);
        st(out + mb + o, 0);
        continue;
      }
      const t = (<usize>k * n + m) << 3;
      // [h^b, R̃^a]_mk = T_mk − conj(T_km)
      const t2r = ld(T + o) - ld(T + t), t2i = ld(T + mb + o) + ld(T + mb + t);
      // [R̃^b, V^a]_mk = R̃^b_mk (v^a_k − v^a_m)
      const dv = ld(va + (<usize>k << 3)) - ld(va + (<usize>m << 3));
      const t1r = ld(rb + o) * dv, t1i = ld(rb + mb + o) * dv;
      const wo = (<usize>m * n + k) << 4;
      const xr = ld(w + wo) - t1i + t2i;
      const xi = ld(w + wo + 8) + t1r - t2r;
      st(out + o, xi * id);
      st(out + mb + o, -xr * id);
    }
  }
}

/** Parts (bit mask: d 1, ic 2, lc 4, lc3 8) a kind needs. */
function omeParts(kind: i32): i32 {
  if (kind == R_OME_TOTAL) return 1 | 2 | 4;
  if (kind == R_OME_PAPER) return 1 | 2 | 8;
  return 1 << (kind - R_OME_D);
}

/**
 * The OME parts with 001's sign for field direction β, the ones in `mask`, into out[part][n][C]:
 *   d   = ½ ε Re[P^β, {V^μ, R̃^ν}]_nn,   ic = ½ ε Re{R̃^ν, D_βR̃^μ}_nn,
 *   lc  = −½ ε Re[P^β, {R̃^μ, h^ν}]_nn,   lc3 = the same with h^ν band-off-diagonal.
 */
function omePartsAt(
  n: i32, dim: i32, C: i32, beta: i32, mask: i32, R: usize, ID: usize, V: usize, DR: usize, G: usize,
  T: usize, T2: usize, S: usize, out: usize,
): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  const pb = <usize>(n * C) << 3;
  const wantD = (mask & 1) != 0, wantIC = (mask & 2) != 0, wantLC = (mask & 4) != 0, wantLC3 = (mask & 8) != 0;
  memory.fill(out, 0, 4 * pb);
  pOf(n, R + <usize>(2 * beta) * mb, ID, S); // P^β in S
  const nterms = dim == 2 ? 1 : dim == 3 ? 3 : 0;
  for (let tt = 0; tt < nterms; tt++) {
    // component c: (μ, ν) = (c+1, c+2) mod 3 in 3D, (x, y) in 2D, and its antisymmetric partner
    const c = dim == 2 ? 0 : tt;
    for (let sgnIdx = 0; sgnIdx < 2; sgnIdx++) {
      let mu = dim == 2 ? 0 : (c + 1) % 3, nu = dim == 2 ? 1 : (c + 2) % 3;
      let s: f64 = 1;
      if (sgnIdx == 1) { const t = mu; mu = nu; nu = t; s = -1; }
      const rmu = R + <usize>(2 * mu) * mb, rnu = R + <usize>(2 * nu) * mb;
      const vmu = V + (<usize>(mu * n) << 3), vnu = V + (<usize>(nu * n) << 3);
      if (wantD) {
        // {V^μ, R̃^ν}_mk = (v_m + v_k) R̃^ν_mk
        for (let m = 0; m < n; m++)
          for (let k = 0; k < n; k++) {
            const o = (<usize>m * n + k) << 3;
            const f = ld(vmu + (<usize>m << 3)) + ld(vmu + (<usize>k << 3));
            st(T + o, f * ld(rnu + o));
            st(T + mb + o, f * ld(rnu + mb + o));
          }
        for (let m = 0; m < n; m++) add(out + (<usize>(m * C + c) << 3), 0.5 * s * reComm(S, S + mb, T, T + mb, n, m));
      }
      if (wantIC) {
        const d = DR + <usize>(2 * (beta * dim + mu)) * mb;
        for (let m = 0; m < n; m++) add(out + pb + (<usize>(m * C + c) << 3), 0.5 * s * reAnti(rnu, rnu + mb, d, d + mb, n, m));
      }
      if (wantLC || wantLC3) {
        // {R̃^μ, h^ν}_mk = G_mk + conj(G_km), G = R̃^μh^ν (in T); LC3 subtracts {R̃^μ, V^ν}_mk = (v_m + v_k) R̃^μ_mk (in T2)
        const g = G + <usize>(2 * (mu * dim + nu)) * mb;
        for (let m = 0; m < n; m++)
          for (let k = 0; k < n; k++) {
            const o = (<usize>m * n + k) << 3, t = (<usize>k * n + m) << 3;
            const br = ld(g + o) + ld(g + t), bi = ld(g + mb + o) - ld(g + mb + t);
            st(T + o, br);
            st(T + mb + o, bi);
            if (wantLC3) {
              const f = ld(vnu + (<usize>m << 3)) + ld(vnu + (<usize>k << 3));
              st(T2 + o, br - f * ld(rmu + o));
              st(T2 + mb + o, bi - f * ld(rmu + mb + o));
            }
          }
        if (wantLC) for (let m = 0; m < n; m++) add(out + 2 * pb + (<usize>(m * C + c) << 3), -0.5 * s * reComm(S, S + mb, T, T + mb, n, m));
        if (wantLC3) for (let m = 0; m < n; m++) add(out + 3 * pb + (<usize>(m * C + c) << 3), -0.5 * s * reComm(S, S + mb, T2, T2 + mb, n, m));
      }
    }
  }
}

@inline function add(p: usize, x: f64): void { store<f64>(p, load<f64>(p) + x); }

/**
 * λ moment part (003 Eq. 11, 2D) for field direction i: 2Re(P^i M̂)_nn with the interband moment
 * M̂_mk = ½[(h^xR̃^y)_mk + R̃^y_mk v^x_k − (h^yR̃^x)_mk − R̃^x_mk v^y_k], (h^μR̃^ν)_mk = conj(G^{νμ}_km).
 */
function lambdaMoment(n: i32, i: i32, R: usize, ID: usize, V: usize, G: usize, T: usize, S: usize, out: usize): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  interbandMoment(n, R, V, G, T);
  pOf(n, R + <usize>(2 * i) * mb, ID, S);
  for (let m = 0; m < n; m++) {
    diagProd(S, S + mb, T, T + mb, n, m);
    st(out + (<usize>m << 3), 2 * dRe);
  }
}

/** The interband moment M̂ (2D) into (T, T + mb), from G^{μν} = R̃^μh^ν. */
function interbandMoment(n: i32, R: usize, V: usize, G: usize, T: usize): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  const g10 = G + <usize>(2 * 2) * mb, g01 = G + <usize>(2 * 1) * mb; // index μ·2 + ν
  const r0 = R, r1 = R + 2 * mb;
  const v0 = V, v1 = V + (<usize>n << 3);
  for (let m = 0; m < n; m++)
    for (let k = 0; k < n; k++) {
      const o = (<usize>m * n + k) << 3, t = (<usize>k * n + m) << 3;
      const vx = ld(v0 + (<usize>k << 3)), vy = ld(v1 + (<usize>k << 3));
      // (h^xR̃^y)_mk = conj(G^{yx}_km); (h^yR̃^x)_mk = conj(G^{xy}_km)
      const re = ld(g10 + t) + ld(r1 + o) * vx - ld(g01 + t) - ld(r0 + o) * vy;
      const im = -ld(g10 + mb + t) + ld(r1 + mb + o) * vx + ld(g01 + mb + t) - ld(r0 + mb + o) * vy;
      st(T + o, 0.5 * re);
      st(T + mb + o, 0.5 * im);
    }
}

/**
 * λ metric-curl part (003 Eq. 11, 2D) for field direction i: ½(Re ∂_xQ^{iy} − Re ∂_yQ^{ix})_n with
 * Re ∂_jQ^{il}_n = Re(D_jR̃^i R̃^l + R̃^i D_jR̃^l)_nn − Im[R̃^j, R̃^iR̃^l]_nn.
 */
function lambdaMetric(n: i32, i: i32, R: usize, DR: usize, X: usize, out: usize): void {
  for (let m = 0; m < n; m++) st(out + (<usize>m << 3), metricCurlAt(n, i, R, DR, X, m, -1));
}

/** ½(Re ∂_xQ^{iy} − Re ∂_yQ^{ix}) of band m (see lambdaMetric); with `onlyJ` ≥ 0 only the term j = onlyJ. */
function metricCurlAt(n: i32, i: i32, R: usize, DR: usize, X: usize, m: i32, onlyJ: i32): f64 {
  const mb = (<usize>n * n) << 3;
  {
    let acc: f64 = 0;
    for (let jj = 0; jj < 2; jj++) {
      if (onlyJ >= 0 && jj != onlyJ) continue;
      const j = jj, l = 1 - jj;
      const sj: f64 = jj == 0 ? 1.0 : -1.0;
      const dji = DR + <usize>(2 * (j * 2 + i)) * mb, djl = DR + <usize>(2 * (j * 2 + l)) * mb;
      const ri = R + <usize>(2 * i) * mb, rl = R + <usize>(2 * l) * mb, rj = R + <usize>(2 * j) * mb;
      const x = X + <usize>(2 * (i * 2 + l)) * mb;
      diagProd(dji, dji + mb, rl, rl + mb, n, m);
      let v = dRe;
      diagProd(ri, ri + mb, djl, djl + mb, n, m);
      v += dRe;
      diagProd(rj, rj + mb, x, x + mb, n, m);
      const c1 = dIm;
      diagProd(x, x + mb, rj, rj + mb, n, m);
      v -= c1 - dIm;
      acc += sj * v;
    }
    return 0.5 * acc;
  }
}

/**
 * Paper 004 F tensor (Eq. 10) per e for field direction j (2D): 2Re t1_n − ½ε∂g (the λ metric curl),
 * t1_n = Σ_m M̂_nm P^j_mn (literal) or Σ_m conj(M̂_mn) P^j_mn (hermitian).
 */
function fTensor(n: i32, j: i32, herm: bool, R: usize, ID: usize, V: usize, G: usize, DR: usize, X: usize, T: usize, S: usize, out: usize): void {
  const mb = (<usize>n * n) << 3;
  interbandMoment(n, R, V, G, T);
  pOf(n, R + <usize>(2 * j) * mb, ID, S);
  for (let m = 0; m < n; m++) {
    let t1: f64;
    if (herm) {
      t1 = 0;
      for (let k = 0; k < n; k++) {
        const a = (<usize>k * n + m) << 3, b = (<usize>k * n + m) << 3;
        // Re conj(M̂_km) P_km
        t1 += ld(T + a) * ld(S + b) + ld(T + mb + a) * ld(S + mb + b);
      }
    } else {
      diagProd(T, T + mb, S, S + mb, n, m);
      t1 = dRe;
    }
    st(out + (<usize>m << 3), 2 * t1 - metricCurlAt(n, j, R, DR, X, m, -1));
  }
}

/**
 * Paper 000 torque parts for field direction b, the ones in `mask`, into out[part][n][C]
 * (eq1 1: Eq. 1; by parts 2: the Ξ torque's Fermi-sea by-parts form; sea 4 / surface 8: the direct Ξ
 * torque, src/physics/responses.ts torqueEq1, torqueXiByParts, torqueXi). α = μ, γ = ν of each axial term:
 *   eq1     = Σ_{q≠m} s (v^γ_m + v^γ_q) Im[R̃^α_mq R̃^b_qm]
 *   by parts = s(−½ Im{R̃^α, K}_mm − ½ Re[P^b, Z]_mm),  K = [R̃^b, V^γ], Z = {h^γ_od, h^α}
 *   sea     = −½ s (−Im[R̃^b, M] + Re{D_bR̃^α, h^γ_od} + Re[P^b, Z] + Re{R̃^α, w^{bγ}})_mm,  M = {R̃^α, h^γ_od}
 *   surface = ½ s v^b_m Re M_mm.
 */
function torqueAt(
  n: i32, dim: i32, C: i32, b: i32, mask: i32, ik: i32, P: i32, pHess: usize,
  H: usize, HOD: usize, R: usize, ID: usize, V: usize, DR: usize, T: usize, T2: usize, T3: usize, S: usize, out: usize,
): void {
  const n2 = <usize>n * n, mb = n2 << 3;
  const pb = <usize>(n * C) << 3;
  const wantEq1 = (mask & 1) != 0, wantBP = (mask & 2) != 0, wantSea = (mask & 4) != 0, wantSurf = (mask & 8) != 0;
  memory.fill(out, 0, 4 * pb);
  pOf(n, R + <usize>(2 * b) * mb, ID, S); // P^b
  const rb = R + <usize>(2 * b) * mb, vb = V + (<usize>(b * n) << 3);
  for (let c = 0; c < C; c++)
    for (let sg = 0; sg < 2; sg++) {
      let al = dim == 2 ? 0 : (c + 1) % 3, ga = dim == 2 ? 1 : (c + 2) % 3;
      let s: f64 = 1;
      if (sg == 1) { const t = al; al = ga; ga = t; s = -1; }
      const ral = R + <usize>(2 * al) * mb, hal = H + <usize>(2 * al) * mb, hod = HOD + <usize>(2 * ga) * mb;
      const vg = V + (<usize>(ga * n) << 3);
      if (wantEq1)
        for (let m = 0; m < n; m++) {
          const vm = ld(vg + (<usize>m << 3));
          let acc: f64 = 0;
          for (let q = 0; q < n; q++) {
            if (q == m) continue;
            const i1 = (<usize>m * n + q) << 3, i2 = (<usize>q * n + m) << 3;
            const im = ld(ral + i1) * ld(rb + mb + i2) + ld(ral + mb + i1) * ld(rb + i2);
            acc += s * (vm + ld(vg + (<usize>q << 3))) * im;
          }
          add(out + (<usize>(m * C + c) << 3), acc);
        }
      if (wantBP || wantSea) {
        // Z = {h^γ_od, h^α} = Y + Y†, Y = h^γ_od h^α, into T
        cgemm(T3, T3 + mb, hod, hod + mb, hal, hal + mb, n, false, false);
        herm2(n, T3, T);
      }
      if (wantSea || wantSurf) {
        // M = {R̃^α, h^γ_od} = Y + Y†, Y = R̃^α h^γ_od, into T2
        cgemm(T3, T3 + mb, ral, ral + mb, hod, hod + mb, n, false, false);
        herm2(n, T3, T2);
      }
      if (wantBP)
        for (let m = 0; m < n; m++) {
          // Im{R̃^α, K}_mm, K_mk = R̃^b_mk (v^γ_k − v^γ_m)
          let ci: f64 = 0;
          const vm = ld(vg + (<usize>m << 3));
          for (let k = 0; k < n; k++) {
            const mk = (<usize>m * n + k) << 3, km = (<usize>k * n + m) << 3;
            const vk = ld(vg + (<usize>k << 3));
            const kkmR = ld(rb + km) * (vm - vk), kkmI = ld(rb + mb + km) * (vm - vk);
            const kmkR = ld(rb + mk) * (vk - vm), kmkI = ld(rb + mb + mk) * (vk - vm);
            ci += ld(ral + mk) * kkmI + ld(ral + mb + mk) * kkmR + kmkR * ld(ral + mb + km) + kmkI * ld(ral + km);
          }
          const c2 = reComm(S, S + mb, T, T + mb, n, m);
          add(out + pb + (<usize>(m * C + c) << 3), s * (-0.5 * ci - 0.5 * c2));
        }
      if (wantSea) {
        const d = DR + <usize>(2 * (b * dim + al)) * mb;
        const w = pHess + ((<usize>(ik * P + pairIdx(dim, b, ga)) * n2) << 4);
        for (let m = 0; m < n; m++) {
          diagProd(rb, rb + mb, T2, T2 + mb, n, m);
          let c1 = dIm;
          diagProd(T2, T2 + mb, rb, rb + mb, n, m);
          c1 -= dIm;
          const c2 = reAnti(d, d + mb, hod, hod + mb, n, m);
          const c3 = reComm(S, S + mb, T, T + mb, n, m);
          // Re{R̃^α, w}_mm = Σ_k Re(R̃_mk w_km + w_mk R̃_km)
          let c4: f64 = 0;
          for (let k = 0; k < n; k++) {
            const mk = (<usize>m * n + k) << 3, km = (<usize>k * n + m) << 3;
            c4 += ld(ral + mk) * ld(w + (km << 1)) - ld(ral + mb + mk) * ld(w + (km << 1) + 8);
            c4 += ld(w + (mk << 1)) * ld(ral + km) - ld(w + (mk << 1) + 8) * ld(ral + mb + km);
          }
          add(out + 2 * pb + (<usize>(m * C + c) << 3), -0.5 * s * (-c1 + c2 + c3 + c4));
        }
      }
      if (wantSurf)
        for (let m = 0; m < n; m++)
          add(out + 3 * pb + (<usize>(m * C + c) << 3), 0.5 * s * ld(vb + (<usize>m << 3)) * ld(T2 + ((<usize>m * n + m) << 3)));
    }
}

/** out = Y + Y† (split planes). */
function herm2(n: i32, y: usize, out: usize): void {
  const mb = (<usize>n * n) << 3;
  for (let m = 0; m < n; m++)
    for (let k = 0; k < n; k++) {
      const o = (<usize>m * n + k) << 3, t = (<usize>k * n + m) << 3;
      st(out + o, ld(y + o) + ld(y + t));
      st(out + mb + o, ld(y + mb + o) - ld(y + mb + t));
    }
}
