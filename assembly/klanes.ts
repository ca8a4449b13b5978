// k-lanes: for band counts too small to fill a SIMD register from one matrix (nb ≤ 2), two
// k-points share every f64x2: lane 0 holds k-point ik, lane 1 holds ik + 1 (architecture B4
// rule 4). H(k), ∂ₐH and ∂ₐ∂ᵦH are assembled per k-point by the scalar code of kernel.ts (the
// sin/cos of AssemblyScript's std are scalar anyway) into two workspaces; from there the
// eigensolver, the rotation of ∂H and ∂∂H to the eigenbasis, the geometry and the degeneracy
// count run lane-parallel with no branches, and the two k-points are written to the canonical
// BandBatch layout. Only the SIMD build compiles the bodies (ASC_FEATURE_SIMD).
//
//   workspace of one lane (split planes, row-major, mb = nb²·8 bytes per plane):
//   +------+------+-----------------+-------------------+
//   | H re | H im | ∂ₐH re, im (dim) | ∂ₐ∂ᵦH re, im (P) |
//   +------+------+-----------------+-------------------+
//
// Eigensolver for nb = 2, closed form: H = [[a, b̄], [b, d]], m = (a+d)/2, δ = (a−d)/2,
// r = √(δ² + |b|²), λ = m ∓ r. The upper eigenvector is taken in the form that has no
// cancellation, v₊ ∝ (1, b/(δ+r)) for δ ≥ 0 and (b̄/(r−δ), 1) for δ < 0, normalised as
// p·(1, t) with |t| ≤ 1, p = 1/√(1+|t|²); v₋ = (−conj v₊[1], conj v₊[0]) is orthogonal to it
// by construction. For r = 0 (H = mI) t = 0: U is a permutation. So ‖U†U − I‖ and the residual
// stay at a few ε for exactly and nearly degenerate pairs alike. r is computed scaled by
// max(|δ|, |b|), so no square overflows or underflows (tested at 1e±200).

// lanes of (x, y): x in lane 0, y in lane 1
@inline function pk(x: f64, y: f64): v128 { return f64x2.replace_lane(f64x2.splat(x), 1, y); }
@inline function ldp(a: usize, b: usize, o: usize): v128 { return pk(load<f64>(a + o), load<f64>(b + o)); }
@inline function l0(v: v128): f64 { return f64x2.extract_lane(v, 0); }
@inline function l1(v: v128): f64 { return f64x2.extract_lane(v, 1); }

/** Band counts the k-lane path handles (SIMD build only). */
export function kLanesSupported(nb: i32): bool {
  return ASC_FEATURE_SIMD ? nb >= 1 && nb <= 2 : false;
}

// Results of eig2 and rot2 go to a static scratch of v128 slots (v128 globals would not compile
// in the scalar build; AS has no tuples). Slots: E0 E1 P0r P0i P1r P1i R00 R11 R10r R10i.
// v₊ = (P0r + iP0i, P1r + iP1i), v₋ = (−P1r + iP1i, P0r − iP0i).
const SCR: usize = memory.data(16 * 16, 16);
@inline function sget(i: i32): v128 { return v128.load(SCR + (<usize>i << 4)); }
@inline function sset(i: i32, v: v128): void { v128.store(SCR + (<usize>i << 4), v); }

/** Lane-parallel closed-form eigensystem of [[a, b̄], [b, d]] (a, d real). */
@inline function eig2(a: v128, d: v128, br: v128, bi: v128): void {
  if (ASC_FEATURE_SIMD) {
    const half = f64x2.splat(0.5), one = f64x2.splat(1), zero = f64x2.splat(0);
    const ah = f64x2.mul(a, half), dh = f64x2.mul(d, half);
    const m = f64x2.add(ah, dh);
    const dl = f64x2.sub(ah, dh);
    const ss = f64x2.add(f64x2.mul(dl, dl), f64x2.add(f64x2.mul(br, br), f64x2.mul(bi, bi)));
    let r = f64x2.sqrt(ss);
    // rare: a square may have overflowed or underflowed (|δ|, |b| beyond ~1e±150, or ss = 0 with
    // b ≠ 0): r = μ·√((δ/μ)² + |b/μ|²), μ = max(|δ|, |b_r|, |b_i|), exact to rounding for any finite input
    if (v128.any_true(v128.or(f64x2.gt(ss, f64x2.splat(1e290)), f64x2.lt(ss, f64x2.splat(1e-290))))) {
      const mu0 = f64x2.max(f64x2.abs(dl), f64x2.max(f64x2.abs(br), f64x2.abs(bi)));
      const mu = v128.bitselect(one, mu0, f64x2.eq(mu0, zero));
      const iv = f64x2.div(one, mu);
      const sd = f64x2.mul(dl, iv), sr = f64x2.mul(br, iv), si = f64x2.mul(bi, iv);
      r = f64x2.mul(mu0, f64x2.sqrt(f64x2.add(f64x2.mul(sd, sd), f64x2.add(f64x2.mul(sr, sr), f64x2.mul(si, si)))));
    }
    sset(0, f64x2.sub(m, r));
    sset(1, f64x2.add(m, r));
    const s0 = f64x2.add(r, f64x2.abs(dl));
    const s = v128.bitselect(one, s0, f64x2.eq(s0, zero)); // r = 0: b = 0, t = 0
    const tr = f64x2.div(br, s), ti = f64x2.div(bi, s);
    const p = f64x2.div(one, f64x2.sqrt(f64x2.add(one, f64x2.add(f64x2.mul(tr, tr), f64x2.mul(ti, ti)))));
    const tpr = f64x2.mul(tr, p), tpi = f64x2.mul(ti, p);
    const pos = f64x2.ge(dl, zero);
    // δ ≥ 0: v₊ = (p, t·p); δ < 0: v₊ = (conj(t)·p, p)
    sset(2, v128.bitselect(p, tpr, pos));
    sset(3, v128.bitselect(zero, f64x2.neg(tpi), pos));
    sset(4, v128.bitselect(tpr, p, pos));
    sset(5, v128.bitselect(tpi, zero, pos));
  }
}

// Rotated Hermitian 2×2 matrix U†MU: diagonal (real, slots R00 R11) and the (1,0) element (R10r R10i).

/** U†MU for the Hermitian M = [[ma, m̄b], [mb, md]] (lower triangle read) with U = (v₋, v₊). */
@inline function rot2(ma: v128, md: v128, mbr: v128, mbi: v128): void {
  if (ASC_FEATURE_SIMD) {
    const P0r = sget(2), P0i = sget(3), P1r = sget(4), P1i = sget(5);
    // v₋ = (x0, x1) = (−conj P1, conj P0), v₊ = (P0, P1)
    const x0r = f64x2.neg(P1r), x0i = P1i, x1r = P0r, x1i = f64x2.neg(P0i);
    // y = M v₋ = (ma x0 + conj(mb) x1, mb x0 + md x1)
    const y0r = f64x2.add(f64x2.mul(ma, x0r), f64x2.add(f64x2.mul(mbr, x1r), f64x2.mul(mbi, x1i)));
    const y0i = f64x2.add(f64x2.mul(ma, x0i), f64x2.sub(f64x2.mul(mbr, x1i), f64x2.mul(mbi, x1r)));
    const y1r = f64x2.add(f64x2.sub(f64x2.mul(mbr, x0r), f64x2.mul(mbi, x0i)), f64x2.mul(md, x1r));
    const y1i = f64x2.add(f64x2.add(f64x2.mul(mbr, x0i), f64x2.mul(mbi, x0r)), f64x2.mul(md, x1i));
    // z = M v₊
    const z0r = f64x2.add(f64x2.mul(ma, P0r), f64x2.add(f64x2.mul(mbr, P1r), f64x2.mul(mbi, P1i)));
    const z0i = f64x2.add(f64x2.mul(ma, P0i), f64x2.sub(f64x2.mul(mbr, P1i), f64x2.mul(mbi, P1r)));
    const z1r = f64x2.add(f64x2.sub(f64x2.mul(mbr, P0r), f64x2.mul(mbi, P0i)), f64x2.mul(md, P1r));
    const z1i = f64x2.add(f64x2.add(f64x2.mul(mbr, P0i), f64x2.mul(mbi, P0r)), f64x2.mul(md, P1i));
    // h00 = Re v₋†y, h11 = Re v₊†z, h10 = v₊†y
    sset(6, f64x2.add(f64x2.add(f64x2.mul(x0r, y0r), f64x2.mul(x0i, y0i)), f64x2.add(f64x2.mul(x1r, y1r), f64x2.mul(x1i, y1i))));
    sset(7, f64x2.add(f64x2.add(f64x2.mul(P0r, z0r), f64x2.mul(P0i, z0i)), f64x2.add(f64x2.mul(P1r, z1r), f64x2.mul(P1i, z1i))));
    sset(8, f64x2.add(f64x2.add(f64x2.mul(P0r, y0r), f64x2.mul(P0i, y0i)), f64x2.add(f64x2.mul(P1r, y1r), f64x2.mul(P1i, y1i))));
    sset(9, f64x2.add(f64x2.sub(f64x2.mul(P0r, y0i), f64x2.mul(P0i, y0r)), f64x2.sub(f64x2.mul(P1r, y1i), f64x2.mul(P1i, y1r))));
  }
}

/** Stores a complex lane pair (re, im) as interleaved (re, im) at p (lane 0) and q (lane 1, if two). */
@inline function putc(p: usize, q: usize, two: bool, re: v128, im: v128): void {
  if (ASC_FEATURE_SIMD) {
    v128.store(p, v128.shuffle<f64>(re, im, 0, 2));
    if (two) v128.store(q, v128.shuffle<f64>(re, im, 1, 3));
  }
}
@inline function putr(p: usize, q: usize, two: bool, x: v128): void {
  store<f64>(p, l0(x));
  if (two) store<f64>(q, l1(x));
}

/** Writes the rotated 2×2 Hermitian matrix (R00, R10, R11) interleaved at p (lane 0) and q (lane 1). */
@inline function putRot(p: usize, q: usize, two: bool): void {
  if (ASC_FEATURE_SIMD) {
    const z = f64x2.splat(0);
    const R00 = sget(6), R11 = sget(7), R10r = sget(8), R10i = sget(9);
    putc(p, q, two, R00, z);
    putc(p + 16, q + 16, two, R10r, f64x2.neg(R10i)); // h01 = conj h10
    putc(p + 32, q + 32, two, R10r, R10i);
    putc(p + 48, q + 48, two, R11, z);
  }
}

/**
 * The rest of the per-k pipeline for k-points ik (workspace h0) and ik + 1 (workspace h1, used
 * only if `two`), after assembly: eigensystem, U, h^a = U†∂ₐHU, w^{ab} = U†∂ₐ∂ᵦHU, geometry,
 * degenerate pairs. nb ∈ {1, 2}. Output pointers and flags as in kernel.ts evaluateBatch.
 */
export function solvePair(
  n: i32, dim: i32, flags: i32, thr: f64, h0: usize, h1: usize, ik: i32, two: bool,
  pE: usize, pU: usize, pVel: usize, pHess: usize, pOm: usize, pG: usize, pX: usize, pDeg: usize,
): void {
  if (!ASC_FEATURE_SIMD) return;
  const wantGeo = (flags & 8) != 0, wantVel = (flags & 2) != 0, wantHess = (flags & 4) != 0, wantVec = (flags & 1) != 0;
  const needD = wantVel || wantGeo;
  const P = (dim * (dim + 1)) >> 1;
  const C = dim == 2 ? 1 : dim == 3 ? 3 : 0;
  const ika = <usize>ik, ikb = <usize>ik + 1;
  const zero = f64x2.splat(0);
  if (n == 1) {
    // H = (a): ε = a, U = 1, h^a = Re ∂ₐH, no pairs, geometry 0
    putr(pE + (ika << 3), pE + (ikb << 3), two, ldp(h0, h1, 0));
    if (pDeg != 0) {
      store<i32>(pDeg + (ika << 2), 0);
      if (two) store<i32>(pDeg + (ikb << 2), 0);
    }
    if (wantVec) putc(pU + (ika << 4), pU + (ikb << 4), two, f64x2.splat(1), zero);
    if (needD) {
      for (let a = 0; a < dim; a++) {
        const v = ldp(h0, h1, <usize>(2 + 2 * a) << 3);
        if (wantVel) putc(pVel + ((ika * dim + a) << 4), pVel + ((ikb * dim + a) << 4), two, v, zero);
      }
    }
    if (wantHess) {
      for (let p = 0; p < P; p++) {
        const v = ldp(h0, h1, <usize>(2 + 2 * dim + 2 * p) << 3);
        putc(pHess + ((ika * P + p) << 4), pHess + ((ikb * P + p) << 4), two, v, zero);
      }
    }
    if (wantGeo) {
      for (let c = 0; c < P; c++) putr(pG + ((ika * P + c) << 3), pG + ((ikb * P + c) << 3), two, zero);
      for (let c = 0; c < C; c++) {
        putr(pOm + ((ika * C + c) << 3), pOm + ((ikb * C + c) << 3), two, zero);
        putr(pX + ((ika * C + c) << 3), pX + ((ikb * C + c) << 3), two, zero);
      }
    }
    return;
  }
  // n == 2: plane of 4 doubles (32 bytes); lower triangle (0,0) +0, (1,0) +16, (1,1) +24
  const mb: usize = 32;
  eig2(ldp(h0, h1, 0), ldp(h0, h1, 24), ldp(h0, h1, 16), ldp(h0, h1, mb + 16));
  const E0 = sget(0), E1 = sget(1), P0r = sget(2), P0i = sget(3), P1r = sget(4), P1i = sget(5);
  // energies ascending: E0 ≤ E1
  v128.store(pE + (ika << 4), v128.shuffle<f64>(E0, E1, 0, 2));
  if (two) v128.store(pE + (ikb << 4), v128.shuffle<f64>(E0, E1, 1, 3));
  const de = f64x2.sub(E1, E0);
  const thrv = f64x2.splat(thr);
  const degen = f64x2.lt(de, thrv); // all ones where the pair counts as degenerate
  if (pDeg != 0) {
    store<i32>(pDeg + (ika << 2), i64x2.extract_lane(degen, 0) != 0 ? 1 : 0);
    if (two) store<i32>(pDeg + (ikb << 2), i64x2.extract_lane(degen, 1) != 0 ? 1 : 0);
  }
  if (wantVec) {
    // U[i][t]: columns v₋, v₊. Row 0: (v₋[0], v₊[0]), row 1: (v₋[1], v₊[1])
    const ua = pU + (ika << 6), ub = pU + (ikb << 6);
    putc(ua, ub, two, f64x2.neg(P1r), P1i);
    putc(ua + 16, ub + 16, two, P0r, P0i);
    putc(ua + 32, ub + 32, two, P0r, f64x2.neg(P0i));
    putc(ua + 48, ub + 48, two, P1r, P1i);
  }
  // h^a, kept as (h10r, h10i) per direction for the geometry
  let hx_r = zero, hx_i = zero, hy_r = zero, hy_i = zero, hz_r = zero, hz_i = zero;
  if (needD) {
    for (let a = 0; a < dim; a++) {
      const o = <usize>(2 + 2 * a) * mb;
      rot2(ldp(h0, h1, o), ldp(h0, h1, o + 24), ldp(h0, h1, o + 16), ldp(h0, h1, o + mb + 16));
      if (wantVel) putRot(pVel + (((ika * dim + a) << 2) << 4), pVel + (((ikb * dim + a) << 2) << 4), two);
      const R10r = sget(8), R10i = sget(9);
      if (a == 0) { hx_r = R10r; hx_i = R10i; } else if (a == 1) { hy_r = R10r; hy_i = R10i; } else { hz_r = R10r; hz_i = R10i; }
    }
  }
  if (wantHess) {
    for (let p = 0; p < P; p++) {
      const o = <usize>(2 + 2 * dim + 2 * p) * mb;
      rot2(ldp(h0, h1, o), ldp(h0, h1, o + 24), ldp(h0, h1, o + 16), ldp(h0, h1, o + mb + 16));
      putRot(pHess + (((ika * P + p) << 2) << 4), pHess + (((ikb * P + p) << 2) << 4), two);
    }
  }
  if (!wantGeo) return;
  // Band 1 (m = 0): h_{10}, Δ = ε₁ − ε₀; band 0: h_{01} = conj h_{10}, −Δ. Pairs below the
  // threshold contribute nothing (+0, as in kernel.ts).
  const inv = v128.bitselect(zero, f64x2.div(f64x2.splat(1), de), degen);
  const inv2 = f64x2.mul(inv, inv);
  const gxx = f64x2.mul(f64x2.add(f64x2.mul(hx_r, hx_r), f64x2.mul(hx_i, hx_i)), inv2);
  const gxy = f64x2.mul(f64x2.add(f64x2.mul(hx_r, hy_r), f64x2.mul(hx_i, hy_i)), inv2);
  const gyy = f64x2.mul(f64x2.add(f64x2.mul(hy_r, hy_r), f64x2.mul(hy_i, hy_i)), inv2);
  // I_ij = Im(h^i conj h^j) of band 1's element h_{10}
  const i01 = f64x2.sub(f64x2.mul(hx_i, hy_r), f64x2.mul(hx_r, hy_i));
  const two2 = f64x2.splat(2);
  for (let b = 0; b < 2; b++) {
    const ka = ika * 2 + b, kb = ikb * 2 + b;
    // band 0: I → −I, 1/Δ → −1/Δ; Ω = −2 I/Δ², X = −I/Δ
    const sgn = b == 0 ? f64x2.splat(-1) : f64x2.splat(1);
    if (dim == 1) {
      putr(pG + (<usize>ka << 3), pG + (<usize>kb << 3), two, f64x2.add(zero, gxx));
    } else if (dim == 2) {
      const gq = pG + (<usize>(ka * 3) << 3), gr = pG + (<usize>(kb * 3) << 3);
      putr(gq, gr, two, f64x2.add(zero, gxx));
      putr(gq + 8, gr + 8, two, f64x2.add(zero, gxy));
      putr(gq + 16, gr + 16, two, f64x2.add(zero, gyy));
      putr(pOm + (<usize>ka << 3), pOm + (<usize>kb << 3), two, f64x2.sub(zero, f64x2.mul(two2, f64x2.mul(f64x2.mul(sgn, i01), inv2))));
      putr(pX + (<usize>ka << 3), pX + (<usize>kb << 3), two, f64x2.sub(zero, f64x2.mul(i01, inv)));
    } else {
      const gxz = f64x2.mul(f64x2.add(f64x2.mul(hx_r, hz_r), f64x2.mul(hx_i, hz_i)), inv2);
      const gyz = f64x2.mul(f64x2.add(f64x2.mul(hy_r, hz_r), f64x2.mul(hy_i, hz_i)), inv2);
      const gzz = f64x2.mul(f64x2.add(f64x2.mul(hz_r, hz_r), f64x2.mul(hz_i, hz_i)), inv2);
      const i12 = f64x2.sub(f64x2.mul(hy_i, hz_r), f64x2.mul(hy_r, hz_i));
      const i20 = f64x2.sub(f64x2.mul(hz_i, hx_r), f64x2.mul(hz_r, hx_i));
      const gq = pG + (<usize>(ka * 6) << 3), gr = pG + (<usize>(kb * 6) << 3);
      putr(gq, gr, two, f64x2.add(zero, gxx));
      putr(gq + 8, gr + 8, two, f64x2.add(zero, gxy));
      putr(gq + 16, gr + 16, two, f64x2.add(zero, gxz));
      putr(gq + 24, gr + 24, two, f64x2.add(zero, gyy));
      putr(gq + 32, gr + 32, two, f64x2.add(zero, gyz));
      putr(gq + 40, gr + 40, two, f64x2.add(zero, gzz));
      const oq = pOm + (<usize>(ka * 3) << 3), or = pOm + (<usize>(kb * 3) << 3);
      putr(oq, or, two, f64x2.sub(zero, f64x2.mul(two2, f64x2.mul(f64x2.mul(sgn, i12), inv2))));
      putr(oq + 8, or + 8, two, f64x2.sub(zero, f64x2.mul(two2, f64x2.mul(f64x2.mul(sgn, i20), inv2))));
      putr(oq + 16, or + 16, two, f64x2.sub(zero, f64x2.mul(two2, f64x2.mul(f64x2.mul(sgn, i01), inv2))));
      const xq = pX + (<usize>(ka * 3) << 3), xr = pX + (<usize>(kb * 3) << 3);
      putr(xq, xr, two, f64x2.sub(zero, f64x2.mul(i12, inv)));
      putr(xq + 8, xr + 8, two, f64x2.sub(zero, f64x2.mul(i20, inv)));
      putr(xq + 16, xr + 16, two, f64x2.sub(zero, f64x2.mul(i01, inv)));
    }
  }
}

/**
 * Test entry: `count` Hermitian nb×nb matrices (nb ∈ {1, 2}, split re/im planes per matrix at
 * pA: a[t][2][nb·nb]) diagonalised two per lane pair; w[t][nb] ascending, u[t][nb][nb][2]
 * (columns are eigenvectors); degenerate-pair counts are not written (pDeg = 0). Returns 0, or −1 if nb is not supported by this build.
 */
export function eighLanesBatch(n: i32, count: i32, pA: usize, pW: usize, pU: usize): i32 {
  if (!kLanesSupported(n)) return -1;
  const step = <usize>(2 * n * n) << 3;
  for (let t = 0; t < count; t += 2) {
    const two = t + 1 < count;
    const a = pA + <usize>t * step;
    solvePair(n, 1, 1, 0, a, two ? a + step : a, t, two, pW, pU, 0, 0, 0, 0, 0, 0);
  }
  return 0;
}

/**
 * sin and cos of both lanes of x, to slots 10 (sin) and 11 (cos). musl's kernels (__sin, __cos,
 * as in AssemblyScript's NativeMath.sincos) after a Cody–Waite reduction by π/2 in two steps
 * (33 + 33 + 53 bits of π/2, with the rounding of each step carried: ~118 bits), applied to every
 * lane without branches; |x| ≥ 2^20·π/2 (or not finite) in either lane falls back to the scalar
 * NativeMath.sincos for that pair. Results agree with NativeMath.sincos to an ulp or two (not bit
 * for bit: musl skips the second step when it is not needed, and uses other forms near 0).
 */
@inline function sincos2(x: v128): void {
  if (ASC_FEATURE_SIMD) {
    const ax = f64x2.abs(x);
    if (!i64x2.all_true(f64x2.lt(ax, f64x2.splat(1647099.0)))) {
      NativeMath.sincos(l0(x));
      const s0 = NativeMath.sincos_sin, c0 = NativeMath.sincos_cos;
      NativeMath.sincos(l1(x));
      sset(10, pk(s0, NativeMath.sincos_sin));
      sset(11, pk(c0, NativeMath.sincos_cos));
      return;
    }
    const q = f64x2.nearest(f64x2.mul(x, f64x2.splat(reinterpret<f64>(0x3FE45F306DC9C883)))); // x·2/π
    const t = f64x2.sub(x, f64x2.mul(q, f64x2.splat(reinterpret<f64>(0x3FF921FB54400000)))); // − q·pio2_1 (exact)
    let w = f64x2.mul(q, f64x2.splat(reinterpret<f64>(0x3DD0B4611A600000))); // q·pio2_2 (exact)
    const r = f64x2.sub(t, w);
    w = f64x2.sub(f64x2.mul(q, f64x2.splat(reinterpret<f64>(0x3BA3198A2E037073))), f64x2.sub(f64x2.sub(t, r), w)); // q·pio2_2t − rounding
    const y0 = f64x2.sub(r, w);
    const y1 = f64x2.sub(f64x2.sub(r, y0), w);
    // __sin(y0, y1, 1)
    const z = f64x2.mul(y0, y0);
    const zz = f64x2.mul(z, z);
    const S1 = f64x2.splat(reinterpret<f64>(0xBFC5555555555549));
    const rs = f64x2.add(
      f64x2.add(f64x2.splat(reinterpret<f64>(0x3F8111111110F8A6)),
        f64x2.mul(z, f64x2.add(f64x2.splat(reinterpret<f64>(0xBF2A01A019C161D5)), f64x2.mul(z, f64x2.splat(reinterpret<f64>(0x3EC71DE357B1FE7D)))))),
      f64x2.mul(f64x2.mul(z, zz), f64x2.add(f64x2.splat(reinterpret<f64>(0xBE5AE5E68A2B9CEB)), f64x2.mul(z, f64x2.splat(reinterpret<f64>(0x3DE5D93A5ACFD57C))))));
    const v = f64x2.mul(z, y0);
    const half = f64x2.splat(0.5);
    const s = f64x2.sub(y0, f64x2.sub(f64x2.sub(f64x2.mul(z, f64x2.sub(f64x2.mul(half, y1), f64x2.mul(v, rs))), y1), f64x2.mul(v, S1)));
    // __cos(y0, y1)
    const rc = f64x2.add(
      f64x2.mul(z, f64x2.add(f64x2.splat(reinterpret<f64>(0x3FA555555555554C)),
        f64x2.mul(z, f64x2.add(f64x2.splat(reinterpret<f64>(0xBF56C16C16C15177)), f64x2.mul(z, f64x2.splat(reinterpret<f64>(0x3EFA01A019CB1590))))))),
      f64x2.mul(f64x2.mul(zz, zz), f64x2.add(f64x2.splat(reinterpret<f64>(0xBE927E4F809C52AD)),
        f64x2.mul(z, f64x2.add(f64x2.splat(reinterpret<f64>(0x3E21EE9EBDB4B1C4)), f64x2.mul(z, f64x2.splat(reinterpret<f64>(0xBDA8FAE9BE8838D4))))))));
    const one = f64x2.splat(1);
    const hz = f64x2.mul(half, z);
    const w1 = f64x2.sub(one, hz);
    const c = f64x2.add(w1, f64x2.add(f64x2.sub(f64x2.sub(one, w1), hz), f64x2.sub(f64x2.mul(z, rc), f64x2.mul(y0, y1))));
    // quadrant m = q mod 4 (q is an integer below 2^21: exact)
    const m = f64x2.sub(q, f64x2.mul(f64x2.splat(4), f64x2.floor(f64x2.mul(q, f64x2.splat(0.25)))));
    const odd = v128.or(f64x2.eq(m, one), f64x2.eq(m, f64x2.splat(3)));
    const neg = f64x2.ge(m, f64x2.splat(2));
    let sn = v128.bitselect(c, s, odd);
    let cs = v128.bitselect(f64x2.neg(s), c, odd);
    sn = v128.bitselect(f64x2.neg(sn), sn, neg);
    cs = v128.bitselect(f64x2.neg(cs), cs, neg);
    sset(10, sn);
    sset(11, cs);
  }
}

@inline function dot3(p: usize, kx: f64, ky: f64, kz: f64): f64 {
  return kx * load<f64>(p) + ky * load<f64>(p, 8) + kz * load<f64>(p, 16);
}

/** e^{iθ} for θ = (θ₀, θ₁): (re, im) to q0 (lane 0) and q1 (lane 1). */
@inline function cis2(q0: usize, q1: usize, th0: f64, th1: f64): void {
  if (ASC_FEATURE_SIMD) {
    sincos2(pk(th0, th1));
    const sn = sget(10), cs = sget(11);
    v128.store(q0, v128.shuffle<f64>(cs, sn, 0, 2));
    v128.store(q1, v128.shuffle<f64>(cs, sn, 1, 3));
  }
}

/**
 * The factorised tight-binding phase tables of kernel.ts tbPhases for two k-points at once (lane-
 * parallel sin/cos), into pPh0 (k-point ik0) and pPh1 (ik1); same layout: e^{ik·ρ_r}, then e^{ik·τ_i},
 * then (pRhoN ≠ 0) the power table of e^{ik·aₐ}.
 */
export function tbPhasesPair(
  n: i32, dim: i32, pK: usize, ik0: i32, ik1: i32, nrho: i32, pRho: usize, pPos: usize, pPh0: usize, pPh1: usize,
  pRhoN: usize, pLat: usize, maxPow: i32,
): void {
  if (!ASC_FEATURE_SIMD) return;
  const a0 = pK + (<usize>(3 * ik0) << 3), a1 = pK + (<usize>(3 * ik1) << 3);
  const k0x = load<f64>(a0), k0y = load<f64>(a0, 8), k0z = load<f64>(a0, 16);
  const k1x = load<f64>(a1), k1y = load<f64>(a1, 8), k1z = load<f64>(a1, 16);
  const tau = <usize>nrho << 4;
  for (let i = 0; i < n; i++) {
    const q = pPos + (<usize>(3 * i) << 3);
    cis2(pPh0 + tau + (<usize>i << 4), pPh1 + tau + (<usize>i << 4), dot3(q, k0x, k0y, k0z), dot3(q, k1x, k1y, k1z));
  }
  if (pRhoN == 0) {
    for (let r = 0; r < nrho; r++) {
      const q = pRho + (<usize>(3 * r) << 3);
      cis2(pPh0 + (<usize>r << 4), pPh1 + (<usize>r << 4), dot3(q, k0x, k0y, k0z), dot3(q, k1x, k1y, k1z));
    }
    return;
  }
  // powers of e^{ik·aₐ} (recurrence, both lanes at once; error ~ |n|ε), after the τ table
  const pw = tau + (<usize>n << 4);
  const stride = <usize>(maxPow + 1) << 4;
  for (let a = 0; a < dim; a++) {
    const q = pLat + (<usize>(3 * a) << 3);
    sincos2(pk(dot3(q, k0x, k0y, k0z), dot3(q, k1x, k1y, k1z)));
    const s = sget(10), c = sget(11);
    const row = pw + <usize>a * stride;
    let zr = f64x2.splat(1), zi = f64x2.splat(0);
    v128.store(pPh0 + row, v128.shuffle<f64>(zr, zi, 0, 2));
    v128.store(pPh1 + row, v128.shuffle<f64>(zr, zi, 1, 3));
    for (let m = 1; m <= maxPow; m++) {
      const t = f64x2.sub(f64x2.mul(zr, c), f64x2.mul(zi, s));
      zi = f64x2.add(f64x2.mul(zr, s), f64x2.mul(zi, c));
      zr = t;
      const o = row + (<usize>m << 4);
      v128.store(pPh0 + o, v128.shuffle<f64>(zr, zi, 0, 2));
      v128.store(pPh1 + o, v128.shuffle<f64>(zr, zi, 1, 3));
    }
  }
  // e^{ik·ρ} = Πₐ (e^{ik·aₐ})^{nₐ}, both lanes
  for (let r = 0; r < nrho; r++) {
    let zr = f64x2.splat(1), zi = f64x2.splat(0);
    for (let a = 0; a < dim; a++) {
      const m = load<i32>(pRhoN + (<usize>(3 * r + a) << 2));
      if (m == 0) continue;
      const o = pw + <usize>a * stride + (<usize>(m < 0 ? -m : m) << 4);
      const pr = pk(load<f64>(pPh0 + o), load<f64>(pPh1 + o));
      let pi = pk(load<f64>(pPh0 + o + 8), load<f64>(pPh1 + o + 8));
      if (m < 0) pi = f64x2.neg(pi);
      const t = f64x2.sub(f64x2.mul(zr, pr), f64x2.mul(zi, pi));
      zi = f64x2.add(f64x2.mul(zr, pi), f64x2.mul(zi, pr));
      zr = t;
    }
    v128.store(pPh0 + (<usize>r << 4), v128.shuffle<f64>(zr, zi, 0, 2));
    v128.store(pPh1 + (<usize>r << 4), v128.shuffle<f64>(zr, zi, 1, 3));
  }
}
