// The per-k kernel: H(k) and its k-derivatives from the compiled term list, the eigensolver,
// the rotation of ∂H and ∂∂H to the eigenbasis, and the per-band geometry (paper 004 Eqs. 3–4).
// Results are written directly in the canonical BandBatch layout (src/backend/backend.ts):
// k slowest, then band / matrix index, then component, re/im interleaved.
import { eigh, eighWorkDoubles } from './eigh';
import { caxpy, cgemm } from './blas';
import { kLanesSupported, solvePair, tbPhasesPair } from './klanes';

@inline function ld(p: usize): f64 { return load<f64>(p); }
@inline function st(p: usize, x: f64): void { store<f64>(p, x); }
@inline function add(p: usize, x: f64): void { store<f64>(p, load<f64>(p) + x); }

export const NEED_EIGENVECTORS: i32 = 1;
export const NEED_VELOCITY: i32 = 2;
export const NEED_HESSIAN: i32 = 4;
export const NEED_GEOMETRY: i32 = 8;
/** Not a need: forces the per-k path where the k-lane path (assembly/klanes.ts) would be taken. */
export const NO_KLANES: i32 = 16;

export const KIND_TIGHT_BINDING: i32 = 0;
export const KIND_KP: i32 = 1;

@inline function pairCount(dim: i32): i32 { return (dim * (dim + 1)) >> 1; }
@inline function axialCount(dim: i32): i32 { return dim == 2 ? 1 : dim == 3 ? 3 : 0; }

/** Real planes (nb² doubles each) of the d2H block: only when the Hessian is wanted. */
@inline function hessPlanes(dim: i32, flags: i32): i32 { return (flags & NEED_HESSIAN) != 0 ? 2 * pairCount(dim) : 0; }

/** Doubles of workspace the kernel needs for nb bands, dim and the need flags. */
export function kernelWorkDoubles(nb: i32, dim: i32, flags: i32): f64 {
  const n2 = <f64>nb * <f64>nb;
  // H (2) + dH (2·dim) + d2H (2·P if Hessian) + V (2) + U (2) + T (2) + h (2·dim) + w (1 row) + eigh
  // + (k-lanes) the second lane's H, dH, d2H
  return mainWorkDoubles(nb, dim, flags) + (kLanesSupported(nb) ? n2 * <f64>(2 + 2 * dim + hessPlanes(dim, flags)) : 0);
}

@inline function mainWorkDoubles(nb: i32, dim: i32, flags: i32): f64 {
  const n2 = <f64>nb * <f64>nb;
  return n2 * <f64>(2 + 2 * dim + hessPlanes(dim, flags) + 6 + 2 * dim) + <f64>nb + <f64>eighWorkDoubles(nb) + 16;
}

@inline function powi(x: f64, p: i32): f64 {
  let r: f64 = 1;
  for (let i = 0; i < p; i++) r *= x;
  return r;
}

/**
 * Per-k evaluation for nk k-points; see assembly/index.ts for the arguments. Returns the number of
 * eigenvalues (summed over k) whose QL iteration did not converge.
 */
export function evaluateBatch(
  nb: i32, dim: i32, kind: i32, nterm: i32,
  pTo: usize, pFrom: usize, pRe: usize, pIm: usize, pGeo: usize,
  nrho: i32, pRhoIdx: usize, pRho: usize, pPos: usize, pPh: usize,
  pRhoN: usize, pLat: usize, maxPow: i32, pTR: usize, pZ: usize,
  nk: i32, pK: usize, flags: i32, thr: f64,
  pE: usize, pU: usize, pVel: usize, pHess: usize, pOm: usize, pG: usize, pX: usize, pDeg: usize,
  ws: usize,
): i32 {
  const n = nb;
  let failed = 0;
  const n2 = <usize>n * n;
  const mb = n2 << 3; // bytes of one real plane
  const P = pairCount(dim);
  const C = axialCount(dim);
  const wantGeo = (flags & NEED_GEOMETRY) != 0;
  const wantVel = (flags & NEED_VELOCITY) != 0;
  const wantHess = (flags & NEED_HESSIAN) != 0;
  const wantVec = (flags & NEED_EIGENVECTORS) != 0;
  const needD = wantVel || wantGeo;
  const needVectors = wantVec || needD || wantHess;

  // workspace (kernelWorkDoubles): only the planes these needs use
  const Hr = ws, Hi = Hr + mb;
  const dH = Hi + mb; // dim × (re, im)
  const d2H = dH + <usize>(2 * dim) * mb; // P × (re, im), Hessian only
  const Vr = d2H + <usize>hessPlanes(dim, flags) * mb, Vi = Vr + mb;
  const Ur = Vi + mb, Ui = Ur + mb;
  const Tr = Ui + mb, Ti = Tr + mb;
  const hv = Ti + mb; // dim × (re, im)
  const w = hv + <usize>(2 * dim) * mb;
  const ews = w + (<usize>n << 3);

  // k-lanes (SIMD build, nb ≤ 2): two k-points per f64x2 from the eigensolver on (assembly/klanes.ts).
  // Lane 0 is assembled in the H, dH, d2H planes above, lane 1 in a copy after the main workspace.
  if (kLanesSupported(n) && (flags & NO_KLANES) == 0) {
    const L1 = ws + (<usize>mainWorkDoubles(nb, dim, flags) << 3);
    const dH1 = L1 + 2 * mb, d2H1 = dH1 + <usize>(2 * dim) * mb;
    // factorised tight-binding phases: both tables at once with lane-parallel sin/cos; the TS
    // layout doubles the phase scratch for nb ≤ 2 (lane 1's table follows lane 0's)
    const factorised = kind == KIND_TIGHT_BINDING && nrho > 0;
    const pPh1 = pPh + (<usize>(nrho + n + 3 * (maxPow + 1)) << 4);
    for (let ik = 0; ik < nk; ik += 2) {
      const two = ik + 1 < nk;
      if (factorised) tbPhasesPair(n, dim, pK, ik, two ? ik + 1 : ik, nrho, pRho, pPos, pPh, pPh1, pRhoN, pLat, maxPow);
      assembleK(n, dim, kind, nterm, pTo, pFrom, pRe, pIm, pGeo, nrho, pRhoIdx, pRho, pPos, pPh, pRhoN, pLat, maxPow, pTR, 0,
        pK, ik, Hr, dH, d2H, needD, wantHess, factorised);
      if (two) {
        assembleK(n, dim, kind, nterm, pTo, pFrom, pRe, pIm, pGeo, nrho, pRhoIdx, pRho, pPos, pPh1, pRhoN, pLat, maxPow, pTR, 0,
          pK, ik + 1, L1, dH1, d2H1, needD, wantHess, factorised);
      }
      solvePair(n, dim, flags, thr, Hr, two ? L1 : Hr, ik, two, pE, pU, pVel, pHess, pOm, pG, pX, pDeg);
    }
    return 0;
  }

  for (let ik = 0; ik < nk; ik++) {
    // 1. H, ∂_aH, ∂_a∂_bH
    assembleK(n, dim, kind, nterm, pTo, pFrom, pRe, pIm, pGeo, nrho, pRhoIdx, pRho, pPos, pPh, pRhoN, pLat, maxPow, pTR, pZ,
      pK, ik, Hr, dH, d2H, needD, wantHess, false);

    // 2. eigensystem
    failed += eigh(n, Hr, Hi, w, Vr, Vi, ews, needVectors);
    memory.copy(pE + (<usize>(ik * n) << 3), w, <usize>n << 3);

    // degenerate pairs (m < n), energies ascending
    let ndeg = 0;
    for (let b = 1; b < n; b++) {
      const eb = ld(w + (<usize>b << 3));
      for (let a = b - 1; a >= 0; a--) {
        if (eb - ld(w + (<usize>a << 3)) < thr) ndeg++;
        else break;
      }
    }
    store<i32>(pDeg + (<usize>ik << 2), ndeg);

    if (!needVectors) continue;
    // U[i][t] = V[t][i]
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < n; t++) {
        const a = (<usize>i * n + t) << 3, b = (<usize>t * n + i) << 3;
        st(Ur + a, ld(Vr + b));
        st(Ui + a, ld(Vi + b));
      }
    }
    if (wantVec) {
      const out = pU + (<usize>ik * n2 << 4);
      for (let j: usize = 0; j < n2; j++) {
        st(out + (j << 4), ld(Ur + (j << 3)));
        st(out + (j << 4) + 8, ld(Ui + (j << 3)));
      }
    }

    // 3. h^a = U† ∂_aH U = conj(V) · (∂_aH · U), Hermitian: upper blocks, then mirror.
    //    Sparse models (pZ ≠ 0) form T = ∂_aH·U directly from the terms: O(nterm·n) not O(n³).
    if (needD) {
      for (let a = 0; a < dim; a++) {
        const mr = dH + <usize>(2 * a) * mb, mi = mr + mb;
        const hr = hv + <usize>(2 * a) * mb, hi = hr + mb;
        if (pZ != 0) {
          sparseTimesU(n, nterm, pTo, pFrom, pGeo, pZ, a, -1, Ur, Ui, Tr, Ti);
          rotateT(n, Vr, Vi, Tr, Ti, hr, hi);
        } else {
          rotate(n, mr, mi, Ur, Ui, Vr, Vi, Tr, Ti, hr, hi);
        }
        if (wantVel) {
          const out = pVel + ((<usize>(ik * dim + a) * n2) << 4);
          interleave(out, hr, hi, n2);
        }
      }
    }
    if (wantHess) {
      for (let p = 0; p < P; p++) {
        const mr = d2H + <usize>(2 * p) * mb, mi = mr + mb;
        if (pZ != 0) {
          let a = 0;
          while (p >= (a + 1) * dim - ((a * (a + 1)) >> 1)) a++; // pair p = (a, b), a ≤ b
          const b = p - (a * dim - ((a * (a - 1)) >> 1)) + a;
          sparseTimesU(n, nterm, pTo, pFrom, pGeo, pZ, a, b, Ur, Ui, Tr, Ti);
          rotateT(n, Vr, Vi, Tr, Ti, mr, mi);
        } else {
          rotate(n, mr, mi, Ur, Ui, Vr, Vi, Tr, Ti, mr, mi); // in place: M is consumed after T = M·U
        }
        const out = pHess + ((<usize>(ik * P + p) * n2) << 4);
        interleave(out, mr, mi, n2);
      }
    }

    // 4. geometry per band
    if (wantGeo) bandGeometry(n, dim, w, hv, thr, pG + (<usize>(ik * n * P) << 3), pOm + (<usize>(ik * n * C) << 3), pX + (<usize>(ik * n * C) << 3));
  }
  return failed;
}

/**
 * H, ∂_aH, ∂_a∂_bH of k-point ik into (Hr, Hi = Hr + mb), dH, d2H.
 * Tight-binding phases are factorised when nrho > 0 (src/backend/wasm/phases.ts); dense
 * models are assembled from the T_ρ matrices, all others by a scatter over the terms.
 * pZ ≠ 0 (sparse derivatives): z_t = c e^{ik·δ} is kept per term instead of assembling ∂H.
 * phasesDone: the factorised phase table at pPh is already filled for this k (k-lanes).
 */
function assembleK(
  n: i32, dim: i32, kind: i32, nterm: i32,
  pTo: usize, pFrom: usize, pRe: usize, pIm: usize, pGeo: usize,
  nrho: i32, pRhoIdx: usize, pRho: usize, pPos: usize, pPh: usize,
  pRhoN: usize, pLat: usize, maxPow: i32, pTR: usize, pZ: usize,
  pK: usize, ik: i32, Hr: usize, dH: usize, d2H: usize, needD: bool, wantHess: bool, phasesDone: bool,
): void {
  const kx = ld(pK + (<usize>(3 * ik) << 3));
  const ky = ld(pK + (<usize>(3 * ik + 1) << 3));
  const kz = ld(pK + (<usize>(3 * ik + 2) << 3));
  const factorised = kind == KIND_TIGHT_BINDING && nrho > 0;
  const pTau = pPh + (<usize>nrho << 4);
  if (factorised && !phasesDone) tbPhases(n, dim, kx, ky, kz, nrho, pRho, pPos, pPh, pRhoN, pLat, maxPow);
  if (factorised && pTR != 0) {
    denseAssemble(n, dim, nrho, pTR, pRho, pPh, pTau, pPos, Hr, dH, d2H, needD, wantHess);
  } else {
    const sparseD = pZ != 0;
    scatterAssemble(n, dim, kind, nterm, pTo, pFrom, pRe, pIm, pGeo, factorised, pRhoIdx, pPh, pTau,
      kx, ky, kz, Hr, dH, d2H, needD && !sparseD, wantHess && !sparseD, pZ);
  }
}

/** (hr, hi) = conj(V)·(M·U), Hermitian (upper blocks computed, lower mirrored). h may alias M. */
function rotate(
  n: i32, mr: usize, mi: usize, ur: usize, ui: usize, vr: usize, vi: usize,
  tr: usize, ti: usize, hr: usize, hi: usize,
): void {
  cgemm(tr, ti, mr, mi, ur, ui, n, false, false);
  rotateT(n, vr, vi, tr, ti, hr, hi);
}

/** (hr, hi) = conj(V)·T for a Hermitian result: upper blocks computed, lower mirrored. */
function rotateT(n: i32, vr: usize, vi: usize, tr: usize, ti: usize, hr: usize, hi: usize): void {
  cgemm(hr, hi, vr, vi, tr, ti, n, true, true);
  for (let i = 0; i < n; i++) {
    st(hi + ((<usize>i * n + i) << 3), 0);
    for (let j = 0; j < i; j++) {
      const lo = (<usize>i * n + j) << 3, up = (<usize>j * n + i) << 3;
      st(hr + lo, ld(hr + up));
      st(hi + lo, -ld(hi + up));
    }
  }
}

@inline function interleave(out: usize, re: usize, im: usize, count: usize): void {
  for (let j: usize = 0; j < count; j++) {
    st(out + (j << 4), ld(re + (j << 3)));
    st(out + (j << 4) + 8, ld(im + (j << 3)));
  }
}

/**
 * Dense tight-binding assembly: H'(k) = Σ_ρ e^{ik·ρ} T_ρ as complex axpys over whole matrices
 * (T_ρ[to][from] = Σ of the terms with that ρ, split planes at pTR), likewise
 * G_a = Σ_ρ iρ_a e^{ik·ρ} T_ρ and K_ab = −Σ_ρ ρ_aρ_b e^{ik·ρ} T_ρ; then with
 * φ_ij = e^{−ik·τ_i}e^{ik·τ_j} and Δ = τ_j − τ_i (i = to, j = from):
 *   H = φH',  ∂_aH = φ(G_a + iΔ_a H'),  ∂_a∂_bH = φ(K_ab + iΔ_b G_a + iΔ_a G_b − Δ_aΔ_b H').
 * G is formed in the dH slots (also when only the Hessian is wanted), K in the d2H slots.
 */
function denseAssemble(
  n: i32, dim: i32, nrho: i32, pTR: usize, pRho: usize, pPh: usize, pTau: usize, pPos: usize,
  Hr: usize, dH: usize, d2H: usize, needD: bool, wantHess: bool,
): void {
  const n2 = n * n;
  const mb = <usize>n2 << 3;
  const Hi = Hr + mb;
  const P = pairCount(dim);
  const wantG = needD || wantHess;
  memory.fill(Hr, 0, 2 * mb);
  if (wantG) memory.fill(dH, 0, 2 * mb * dim);
  if (wantHess) memory.fill(d2H, 0, 2 * mb * P);
  for (let r = 0; r < nrho; r++) {
    const er = ld(pPh + (<usize>r << 4)), ei = ld(pPh + (<usize>r << 4) + 8);
    const tr = pTR + <usize>(2 * r) * mb, ti = tr + mb;
    caxpy(Hr, Hi, tr, ti, n2, er, ei);
    if (!wantG) continue;
    const q = pRho + (<usize>(3 * r) << 3);
    for (let a = 0; a < dim; a++) {
      const ra = load<f64>(q + (<usize>a << 3));
      if (ra == 0) continue;
      const g = dH + <usize>(2 * a) * mb;
      caxpy(g, g + mb, tr, ti, n2, -ra * ei, ra * er);
    }
    if (!wantHess) continue;
    for (let a = 0; a < dim; a++) {
      const ra = load<f64>(q + (<usize>a << 3));
      if (ra == 0) continue;
      for (let b = a; b < dim; b++) {
        const rb = load<f64>(q + (<usize>b << 3));
        if (rb == 0) continue;
        const p = a * dim - ((a * (a - 1)) >> 1) + (b - a);
        const kk = d2H + <usize>(2 * p) * mb;
        const f = -ra * rb;
        caxpy(kk, kk + mb, tr, ti, n2, f * er, f * ei);
      }
    }
  }
  // finalisation with the orbital phases and offsets
  for (let i = 0; i < n; i++) {
    const tir = ld(pTau + (<usize>i << 4)), tii = -ld(pTau + (<usize>i << 4) + 8);
    const pi = pPos + (<usize>(3 * i) << 3);
    for (let j = 0; j < n; j++) {
      const tjr = ld(pTau + (<usize>j << 4)), tji = ld(pTau + (<usize>j << 4) + 8);
      const fr = tir * tjr - tii * tji, fi = tir * tji + tii * tjr; // φ_ij
      const pj = pPos + (<usize>(3 * j) << 3);
      const idx = (<usize>i * n + j) << 3;
      const hr = ld(Hr + idx), hi = ld(Hi + idx);
      if (wantHess) {
        for (let a = 0; a < dim; a++) {
          const da = load<f64>(pj + (<usize>a << 3)) - load<f64>(pi + (<usize>a << 3));
          const ga = dH + <usize>(2 * a) * mb;
          const gar = ld(ga + idx), gai = ld(ga + mb + idx);
          for (let b = a; b < dim; b++) {
            const db = load<f64>(pj + (<usize>b << 3)) - load<f64>(pi + (<usize>b << 3));
            const gb = dH + <usize>(2 * b) * mb;
            const gbr = ld(gb + idx), gbi = ld(gb + mb + idx);
            const p = a * dim - ((a * (a - 1)) >> 1) + (b - a);
            const kk = d2H + <usize>(2 * p) * mb;
            // K + iΔ_b G_a + iΔ_a G_b − Δ_aΔ_b H'
            const vr = ld(kk + idx) - db * gai - da * gbi - da * db * hr;
            const vi = ld(kk + mb + idx) + db * gar + da * gbr - da * db * hi;
            st(kk + idx, fr * vr - fi * vi);
            st(kk + mb + idx, fr * vi + fi * vr);
          }
        }
      }
      if (needD) {
        for (let a = 0; a < dim; a++) {
          const da = load<f64>(pj + (<usize>a << 3)) - load<f64>(pi + (<usize>a << 3));
          const ga = dH + <usize>(2 * a) * mb;
          const vr = ld(ga + idx) - da * hi, vi = ld(ga + mb + idx) + da * hr;
          st(ga + idx, fr * vr - fi * vi);
          st(ga + mb + idx, fr * vi + fi * vr);
        }
      }
      st(Hr + idx, fr * hr - fi * hi);
      st(Hi + idx, fr * hi + fi * hr);
    }
  }
}

/**
 * Tight-binding phases of one k-point, factorised: δ = ρ + τ_from − τ_to with few distinct ρ
 * (lattice vectors), e^{ik·δ} = e^{ik·ρ} e^{ik·τ_from} e^{−ik·τ_to}. Writes e^{ik·ρ_r} at pPh,
 * then e^{ik·τ_i} (re, im pairs), then (lattice mode, pRhoN ≠ 0) the power table of e^{ik·aₐ}.
 */
function tbPhases(
  n: i32, dim: i32, kx: f64, ky: f64, kz: f64, nrho: i32, pRho: usize, pPos: usize, pPh: usize,
  pRhoN: usize, pLat: usize, maxPow: i32,
): void {
  // Tight-binding phases, factorised when nrho > 0: δ = ρ + τ_from − τ_to with few distinct ρ
  // (lattice vectors), so e^{ik·δ} = e^{ik·ρ} e^{ik·τ_from} e^{−ik·τ_to}: nrho + nb sin/cos per k
  // instead of one per term. pPh holds e^{ik·ρ_r} then e^{ik·τ_i}, (re, im) pairs.
  const pTau = pPh + (<usize>nrho << 4);
  if (pRhoN != 0) {
    // ρ = Σ nₐaₐ: powers of e^{ik·aₐ} (recurrence; error ~ |n|ε), after the τ table
    const pw = pTau + (<usize>n << 4);
    const stride = <usize>(maxPow + 1) << 4;
    for (let a = 0; a < dim; a++) {
      const q = pLat + (<usize>(3 * a) << 3);
      NativeMath.sincos(kx * ld(q) + ky * load<f64>(q, 8) + kz * load<f64>(q, 16));
      const c = NativeMath.sincos_cos, s = NativeMath.sincos_sin;
      const row = pw + <usize>a * stride;
      let zr: f64 = 1, zi: f64 = 0;
      st(row, 1);
      st(row + 8, 0);
      for (let m = 1; m <= maxPow; m++) {
        const t = zr * c - zi * s;
        zi = zr * s + zi * c;
        zr = t;
        st(row + (<usize>m << 4), zr);
        st(row + (<usize>m << 4) + 8, zi);
      }
    }
    for (let r = 0; r < nrho; r++) {
      let zr: f64 = 1, zi: f64 = 0;
      for (let a = 0; a < dim; a++) {
        const m = load<i32>(pRhoN + (<usize>(3 * r + a) << 2));
        if (m == 0) continue;
        const q = pw + <usize>a * stride + (<usize>(m < 0 ? -m : m) << 4);
        const pr = ld(q), pi = m < 0 ? -ld(q + 8) : ld(q + 8);
        const t = zr * pr - zi * pi;
        zi = zr * pi + zi * pr;
        zr = t;
      }
      st(pPh + (<usize>r << 4), zr);
      st(pPh + (<usize>r << 4) + 8, zi);
    }
  } else {
    for (let r = 0; r < nrho; r++) {
      const q = pRho + (<usize>(3 * r) << 3);
      NativeMath.sincos(kx * ld(q) + ky * load<f64>(q, 8) + kz * load<f64>(q, 16));
      st(pPh + (<usize>r << 4), NativeMath.sincos_cos);
      st(pPh + (<usize>r << 4) + 8, NativeMath.sincos_sin);
    }
  }
  for (let i = 0; i < n; i++) {
    const q = pPos + (<usize>(3 * i) << 3);
    NativeMath.sincos(kx * ld(q) + ky * load<f64>(q, 8) + kz * load<f64>(q, 16));
    st(pTau + (<usize>i << 4), NativeMath.sincos_cos);
    st(pTau + (<usize>i << 4) + 8, NativeMath.sincos_sin);
  }
}

/**
 * H, ∂_aH, ∂_a∂_bH by a scatter over the terms: one matrix element per term. Tight-binding phases
 * come from the factorised tables (tbPhases) or from one sin/cos per term; k·p terms are monomials.
 */
function scatterAssemble(
  n: i32, dim: i32, kind: i32, nterm: i32, pTo: usize, pFrom: usize, pRe: usize, pIm: usize, pGeo: usize,
  factorised: bool, pRhoIdx: usize, pPh: usize, pTau: usize, kx: f64, ky: f64, kz: f64,
  Hr: usize, dH: usize, d2H: usize, needD: bool, wantHess: bool, pZ: usize,
): void {
  const mb = (<usize>n * n) << 3;
  const Hi = Hr + mb;
  const P = pairCount(dim);
  memory.fill(Hr, 0, 2 * mb);
  if (needD) memory.fill(dH, 0, 2 * mb * dim);
  if (wantHess) memory.fill(d2H, 0, 2 * mb * P);
  for (let t = 0; t < nterm; t++) {
    const to = load<i32>(pTo + (<usize>t << 2));
    const from = load<i32>(pFrom + (<usize>t << 2));
    const cr = ld(pRe + (<usize>t << 3)), ci = ld(pIm + (<usize>t << 3));
    const idx = (<usize>to * n + from) << 3;
    if (kind == KIND_TIGHT_BINDING) {
      const g = pGeo + (<usize>(3 * t) << 3);
      const dx = ld(g), dy = load<f64>(g, 8), dz = load<f64>(g, 16);
      let sn: f64, cs: f64;
      if (factorised) {
        const pr = pPh + (<usize>load<i32>(pRhoIdx + (<usize>t << 2)) << 4);
        const pf = pTau + (<usize>from << 4), pt = pTau + (<usize>to << 4);
        const ar = ld(pr), ai = ld(pr + 8), br = ld(pf), bi = ld(pf + 8), tr = ld(pt), ti = -ld(pt + 8);
        const abr = ar * br - ai * bi, abi = ar * bi + ai * br;
        cs = abr * tr - abi * ti;
        sn = abr * ti + abi * tr;
      } else {
        NativeMath.sincos(kx * dx + ky * dy + kz * dz);
        sn = NativeMath.sincos_sin;
        cs = NativeMath.sincos_cos;
      }
      const zr = cr * cs - ci * sn, zi = cr * sn + ci * cs;
      add(Hr + idx, zr);
      add(Hi + idx, zi);
      if (pZ != 0) {
        st(pZ + (<usize>t << 4), zr);
        st(pZ + (<usize>t << 4) + 8, zi);
      }
      if (needD || wantHess) {
        for (let a = 0; a < dim; a++) {
          const da = a == 0 ? dx : a == 1 ? dy : dz;
          if (needD) {
            // ∂_a: i δ_a z
            const base = dH + <usize>(2 * a) * mb;
            add(base + idx, -da * zi);
            add(base + mb + idx, da * zr);
          }
          if (wantHess) {
            for (let b = a; b < dim; b++) {
              const db = b == 0 ? dx : b == 1 ? dy : dz;
              const p = a * dim - ((a * (a - 1)) >> 1) + (b - a);
              const base = d2H + <usize>(2 * p) * mb;
              const f = -da * db;
              add(base + idx, f * zr);
              add(base + mb + idx, f * zi);
            }
          }
        }
      }
    } else {
      const g = pGeo + (<usize>(3 * t) << 2);
      const px = load<i32>(g), py = load<i32>(g, 4), pz = load<i32>(g, 8);
      const x0 = powi(kx, px), y0 = powi(ky, py), z0 = powi(kz, pz);
      const mono = x0 * y0 * z0;
      add(Hr + idx, cr * mono);
      add(Hi + idx, ci * mono);
      if (needD || wantHess) {
        const x1: f64 = px > 0 ? <f64>px * powi(kx, px - 1) : 0;
        const y1: f64 = py > 0 ? <f64>py * powi(ky, py - 1) : 0;
        const z1: f64 = pz > 0 ? <f64>pz * powi(kz, pz - 1) : 0;
        if (needD) {
          for (let a = 0; a < dim; a++) {
            const d = a == 0 ? x1 * y0 * z0 : a == 1 ? x0 * y1 * z0 : x0 * y0 * z1;
            if (d == 0) continue;
            const base = dH + <usize>(2 * a) * mb;
            add(base + idx, cr * d);
            add(base + mb + idx, ci * d);
          }
        }
        if (wantHess) {
          const x2: f64 = px > 1 ? <f64>(px * (px - 1)) * powi(kx, px - 2) : 0;
          const y2: f64 = py > 1 ? <f64>(py * (py - 1)) * powi(ky, py - 2) : 0;
          const z2: f64 = pz > 1 ? <f64>(pz * (pz - 1)) * powi(kz, pz - 2) : 0;
          for (let a = 0; a < dim; a++) {
            for (let b = a; b < dim; b++) {
              let d: f64;
              if (a == b) d = a == 0 ? x2 * y0 * z0 : a == 1 ? x0 * y2 * z0 : x0 * y0 * z2;
              else if (a == 0 && b == 1) d = x1 * y1 * z0;
              else if (a == 0) d = x1 * y0 * z1;
              else d = x0 * y1 * z1;
              if (d == 0) continue;
              const p = a * dim - ((a * (a - 1)) >> 1) + (b - a);
              const base = d2H + <usize>(2 * p) * mb;
              add(base + idx, cr * d);
              add(base + mb + idx, ci * d);
            }
          }
        }
      }
    }
  }
}

/**
 * Per-band geometry from the velocity matrices h^a (split planes at hv) and ascending energies w,
 * skipping pairs with |εₙ − εₘ| < thr: g = Re Q (P pairs), Ω = −2 Im Q and X (C axial components),
 * written for one k-point at pG, pOm, pX.
 */
function bandGeometry(n: i32, dim: i32, w: usize, hv: usize, thr: f64, pG: usize, pOm: usize, pX: usize): void {
  const mb = (<usize>n * n) << 3;
  const P = pairCount(dim);
  const C = axialCount(dim);
  for (let b = 0; b < n; b++) {
    const eb = ld(w + (<usize>b << 3));
    let g00: f64 = 0, g01: f64 = 0, g02: f64 = 0, g11: f64 = 0, g12: f64 = 0, g22: f64 = 0;
    let o0: f64 = 0, o1: f64 = 0, o2: f64 = 0, x0: f64 = 0, x1: f64 = 0, x2: f64 = 0;
    for (let m = 0; m < n; m++) {
      if (m == b) continue;
      const de = eb - ld(w + (<usize>m << 3));
      if (Math.abs(de) < thr) continue;
      const inv = 1.0 / de, inv2 = inv * inv;
      const o = (<usize>b * n + m) << 3;
      const h0r = ld(hv + o), h0i = ld(hv + mb + o);
      let h1r: f64 = 0, h1i: f64 = 0, h2r: f64 = 0, h2i: f64 = 0;
      if (dim > 1) { h1r = ld(hv + 2 * mb + o); h1i = ld(hv + 3 * mb + o); }
      if (dim > 2) { h2r = ld(hv + 4 * mb + o); h2i = ld(hv + 5 * mb + o); }
      // Re(h^a conj h^b), Im(h^i conj h^j)
      g00 += (h0r * h0r + h0i * h0i) * inv2;
      g01 += (h0r * h1r + h0i * h1i) * inv2;
      g02 += (h0r * h2r + h0i * h2i) * inv2;
      g11 += (h1r * h1r + h1i * h1i) * inv2;
      g12 += (h1r * h2r + h1i * h2i) * inv2;
      g22 += (h2r * h2r + h2i * h2i) * inv2;
      const i01 = h0i * h1r - h0r * h1i;
      const i12 = h1i * h2r - h1r * h2i;
      const i20 = h2i * h0r - h2r * h0i;
      o0 += i12 * inv2; o1 += i20 * inv2; o2 += i01 * inv2;
      x0 += i12 * inv; x1 += i20 * inv; x2 += i01 * inv;
    }
    const gq = pG + (<usize>(b * P) << 3);
    const oq = pOm + (<usize>(b * C) << 3);
    const xq = pX + (<usize>(b * C) << 3);
    // written as 0 − x so that an empty sum gives +0, not −0
    if (dim == 1) {
      st(gq, g00);
    } else if (dim == 2) {
      st(gq, g00); st(gq + 8, g01); st(gq + 16, g11);
      st(oq, 0.0 - 2 * o2);
      st(xq, 0.0 - x2);
    } else {
      st(gq, g00); st(gq + 8, g01); st(gq + 16, g02); st(gq + 24, g11); st(gq + 32, g12); st(gq + 40, g22);
      st(oq, 0.0 - 2 * o0); st(oq + 8, 0.0 - 2 * o1); st(oq + 16, 0.0 - 2 * o2);
      st(xq, 0.0 - x0); st(xq + 8, 0.0 - x1); st(xq + 16, 0.0 - x2);
    }
  }
}

/**
 * T = M·U for a sparse derivative matrix given by the tight-binding terms: row `to` of T gains
 * α_t·(row `from` of U) with α_t = iδ_a z_t (b < 0: ∂_aH) or −δ_aδ_b z_t (∂_a∂_bH), where
 * z_t = c e^{ik·δ} was stored by scatterAssemble. Cost O(nterm·n) instead of the O(n³) product.
 */
function sparseTimesU(
  n: i32, nterm: i32, pTo: usize, pFrom: usize, pGeo: usize, pZ: usize, a: i32, b: i32,
  ur: usize, ui: usize, tr: usize, ti: usize,
): void {
  const rowB = <usize>n << 3;
  memory.fill(tr, 0, 2 * <usize>n * rowB);
  for (let t = 0; t < nterm; t++) {
    const g = pGeo + (<usize>(3 * t) << 3);
    const da = load<f64>(g + (<usize>a << 3));
    if (da == 0) continue;
    const zr = ld(pZ + (<usize>t << 4)), zi = ld(pZ + (<usize>t << 4) + 8);
    let alr: f64, ali: f64;
    if (b < 0) {
      alr = -da * zi;
      ali = da * zr;
    } else {
      const f = -da * load<f64>(g + (<usize>b << 3));
      if (f == 0) continue;
      alr = f * zr;
      ali = f * zi;
    }
    const to = <usize>load<i32>(pTo + (<usize>t << 2)), from = <usize>load<i32>(pFrom + (<usize>t << 2));
    caxpy(tr + to * rowB, ti + to * rowB, ur + from * rowB, ui + from * rowB, n, alr, ali);
  }
}
