// Small complex BLAS-like helpers on split re/im planes (f64, row-major, raw pointers).
// One source, two builds: code under `if (ASC_FEATURE_SIMD)` is compiled only into the SIMD
// build (asc drops the constant-false branch), the `else` branch only into the scalar build.
// Vectors are contiguous runs of f64; v128 loads need no alignment in WebAssembly.

/** Results of the dot-product helpers (a pair cannot be returned without allocation). */
export let dotRe: f64 = 0;
export let dotIm: f64 = 0;

@inline function ld(p: usize): f64 { return load<f64>(p); }
@inline function st(p: usize, x: f64): void { store<f64>(p, x); }

/** dotRe + i dotIm = Σ_j a_j b_j (no conjugation), n elements. */
export function cdotu(ar: usize, ai: usize, br: usize, bi: usize, n: i32): void {
  let sr: f64 = 0, si: f64 = 0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    let vr = f64x2.splat(0), vi = f64x2.splat(0);
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const xr = v128.load(ar + o), xi = v128.load(ai + o);
      const yr = v128.load(br + o), yi = v128.load(bi + o);
      vr = f64x2.add(vr, f64x2.sub(f64x2.mul(xr, yr), f64x2.mul(xi, yi)));
      vi = f64x2.add(vi, f64x2.add(f64x2.mul(xr, yi), f64x2.mul(xi, yr)));
    }
    sr = f64x2.extract_lane(vr, 0) + f64x2.extract_lane(vr, 1);
    si = f64x2.extract_lane(vi, 0) + f64x2.extract_lane(vi, 1);
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const xr = ld(ar + o), xi = ld(ai + o), yr = ld(br + o), yi = ld(bi + o);
    sr += xr * yr - xi * yi;
    si += xr * yi + xi * yr;
  }
  dotRe = sr;
  dotIm = si;
}

/** dotRe + i dotIm = Σ_j conj(a_j) b_j, n elements. */
export function cdotc(ar: usize, ai: usize, br: usize, bi: usize, n: i32): void {
  let sr: f64 = 0, si: f64 = 0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    let vr = f64x2.splat(0), vi = f64x2.splat(0);
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const xr = v128.load(ar + o), xi = v128.load(ai + o);
      const yr = v128.load(br + o), yi = v128.load(bi + o);
      vr = f64x2.add(vr, f64x2.add(f64x2.mul(xr, yr), f64x2.mul(xi, yi)));
      vi = f64x2.add(vi, f64x2.sub(f64x2.mul(xr, yi), f64x2.mul(xi, yr)));
    }
    sr = f64x2.extract_lane(vr, 0) + f64x2.extract_lane(vr, 1);
    si = f64x2.extract_lane(vi, 0) + f64x2.extract_lane(vi, 1);
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const xr = ld(ar + o), xi = ld(ai + o), yr = ld(br + o), yi = ld(bi + o);
    sr += xr * yr + xi * yi;
    si += xr * yi - xi * yr;
  }
  dotRe = sr;
  dotIm = si;
}

/** y += α x (complex), n elements. */
export function caxpy(yr: usize, yi: usize, xr: usize, xi: usize, n: i32, alr: f64, ali: f64): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const ar = f64x2.splat(alr), ai = f64x2.splat(ali);
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const pr = v128.load(xr + o), pi = v128.load(xi + o);
      v128.store(yr + o, f64x2.add(v128.load(yr + o), f64x2.sub(f64x2.mul(ar, pr), f64x2.mul(ai, pi))));
      v128.store(yi + o, f64x2.add(v128.load(yi + o), f64x2.add(f64x2.mul(ar, pi), f64x2.mul(ai, pr))));
    }
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const pr = ld(xr + o), pi = ld(xi + o);
    st(yr + o, ld(yr + o) + alr * pr - ali * pi);
    st(yi + o, ld(yi + o) + alr * pi + ali * pr);
  }
}

/**
 * Hermitian rank-2 update of one row: y_j −= v_i conj(q_j) + q_i conj(v_j), n elements
 * (the row i of A − v q† − q v†).
 */
export function cher2row(
  yr: usize, yi: usize, vr: usize, vi: usize, qr: usize, qi: usize, n: i32,
  vir: f64, vii: f64, qir: f64, qii: f64,
): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const a = f64x2.splat(vir), b = f64x2.splat(vii), c = f64x2.splat(qir), d = f64x2.splat(qii);
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const xqr = v128.load(qr + o), xqi = v128.load(qi + o);
      const xvr = v128.load(vr + o), xvi = v128.load(vi + o);
      // re: vir qr + vii qi + qir vr + qii vi ; im: vii qr − vir qi + qii vr − qir vi
      const re = f64x2.add(f64x2.add(f64x2.mul(a, xqr), f64x2.mul(b, xqi)), f64x2.add(f64x2.mul(c, xvr), f64x2.mul(d, xvi)));
      const im = f64x2.add(f64x2.sub(f64x2.mul(b, xqr), f64x2.mul(a, xqi)), f64x2.sub(f64x2.mul(d, xvr), f64x2.mul(c, xvi)));
      v128.store(yr + o, f64x2.sub(v128.load(yr + o), re));
      v128.store(yi + o, f64x2.sub(v128.load(yi + o), im));
    }
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const xqr = ld(qr + o), xqi = ld(qi + o), xvr = ld(vr + o), xvi = ld(vi + o);
    st(yr + o, ld(yr + o) - (vir * xqr + vii * xqi + qir * xvr + qii * xvi));
    st(yi + o, ld(yi + o) - (vii * xqr - vir * xqi + qii * xvr - qir * xvi));
  }
}

/** Plane rotation of two real rows: x' = c x − s y, y' = s x + c y, n elements. */
export function drot(x: usize, y: usize, n: i32, c: f64, s: f64): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const a = v128.load(x + o), b = v128.load(y + o);
      v128.store(x + o, f64x2.sub(f64x2.mul(vc, a), f64x2.mul(vs, b)));
      v128.store(y + o, f64x2.add(f64x2.mul(vs, a), f64x2.mul(vc, b)));
    }
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const a = ld(x + o), b = ld(y + o);
    st(x + o, c * a - s * b);
    st(y + o, s * a + c * b);
  }
}

/**
 * C = op(A)·B for n×n complex matrices on split planes (row-major, row stride n), where
 * op(A) = A or conj(A) (element-wise, no transpose). With `upper`, only the column blocks that
 * reach the diagonal or beyond are computed (for a Hermitian result; mirror afterwards).
 * Register-blocked over 4 columns: the accumulators stay in registers over the j loop.
 */
export function cgemm(
  cr: usize, ci: usize, ar: usize, ai: usize, br: usize, bi: usize, n: i32, conjA: bool, upper: bool,
): void {
  const sgn: f64 = conjA ? -1.0 : 1.0;
  const rowBytes = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const arow = ar + <usize>i * rowBytes, airow = ai + <usize>i * rowBytes;
    const crow = cr + <usize>i * rowBytes, cirow = ci + <usize>i * rowBytes;
    let c = upper ? i & ~3 : 0;
    if (ASC_FEATURE_SIMD) {
      for (; c + 4 <= n; c += 4) {
        let r0 = f64x2.splat(0), r1 = f64x2.splat(0), i0 = f64x2.splat(0), i1 = f64x2.splat(0);
        let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
        for (let j = 0; j < n; j++) {
          const o = <usize>j << 3;
          const xr = f64x2.splat(ld(arow + o)), xi = f64x2.splat(sgn * ld(airow + o));
          const b0 = v128.load(pb), b1 = v128.load(pb, 16), bi0 = v128.load(pbi), bi1 = v128.load(pbi, 16);
          r0 = f64x2.add(r0, f64x2.sub(f64x2.mul(xr, b0), f64x2.mul(xi, bi0)));
          r1 = f64x2.add(r1, f64x2.sub(f64x2.mul(xr, b1), f64x2.mul(xi, bi1)));
          i0 = f64x2.add(i0, f64x2.add(f64x2.mul(xr, bi0), f64x2.mul(xi, b0)));
          i1 = f64x2.add(i1, f64x2.add(f64x2.mul(xr, bi1), f64x2.mul(xi, b1)));
          pb += rowBytes;
          pbi += rowBytes;
        }
        const oc = <usize>c << 3;
        v128.store(crow + oc, r0);
        v128.store(crow + oc, r1, 16);
        v128.store(cirow + oc, i0);
        v128.store(cirow + oc, i1, 16);
      }
      if (c + 2 <= n) {
        let r0 = f64x2.splat(0), i0 = f64x2.splat(0);
        let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
        for (let j = 0; j < n; j++) {
          const o = <usize>j << 3;
          const xr = f64x2.splat(ld(arow + o)), xi = f64x2.splat(sgn * ld(airow + o));
          const b0 = v128.load(pb), bi0 = v128.load(pbi);
          r0 = f64x2.add(r0, f64x2.sub(f64x2.mul(xr, b0), f64x2.mul(xi, bi0)));
          i0 = f64x2.add(i0, f64x2.add(f64x2.mul(xr, bi0), f64x2.mul(xi, b0)));
          pb += rowBytes;
          pbi += rowBytes;
        }
        const oc = <usize>c << 3;
        v128.store(crow + oc, r0);
        v128.store(cirow + oc, i0);
        c += 2;
      }
    } else {
      for (; c + 4 <= n; c += 4) {
        let r0: f64 = 0, r1: f64 = 0, r2: f64 = 0, r3: f64 = 0;
        let i0: f64 = 0, i1: f64 = 0, i2: f64 = 0, i3: f64 = 0;
        let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
        for (let j = 0; j < n; j++) {
          const o = <usize>j << 3;
          const xr = ld(arow + o), xi = sgn * ld(airow + o);
          const b0 = ld(pb), b1 = load<f64>(pb, 8), b2 = load<f64>(pb, 16), b3 = load<f64>(pb, 24);
          const c0 = ld(pbi), c1 = load<f64>(pbi, 8), c2 = load<f64>(pbi, 16), c3 = load<f64>(pbi, 24);
          r0 += xr * b0 - xi * c0; i0 += xr * c0 + xi * b0;
          r1 += xr * b1 - xi * c1; i1 += xr * c1 + xi * b1;
          r2 += xr * b2 - xi * c2; i2 += xr * c2 + xi * b2;
          r3 += xr * b3 - xi * c3; i3 += xr * c3 + xi * b3;
          pb += rowBytes;
          pbi += rowBytes;
        }
        const oc = <usize>c << 3;
        st(crow + oc, r0); store<f64>(crow + oc, r1, 8); store<f64>(crow + oc, r2, 16); store<f64>(crow + oc, r3, 24);
        st(cirow + oc, i0); store<f64>(cirow + oc, i1, 8); store<f64>(cirow + oc, i2, 16); store<f64>(cirow + oc, i3, 24);
      }
    }
    for (; c < n; c++) {
      let r0: f64 = 0, i0: f64 = 0;
      let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 3;
        const xr = ld(arow + o), xi = sgn * ld(airow + o);
        const b0 = ld(pb), c0 = ld(pbi);
        r0 += xr * b0 - xi * c0;
        i0 += xr * c0 + xi * b0;
        pb += rowBytes;
        pbi += rowBytes;
      }
      const oc = <usize>c << 3;
      st(crow + oc, r0);
      st(cirow + oc, i0);
    }
  }
}

/**
 * C = A·B for complex matrices on split planes, row-major: A m×k, B k×n, C m×n (leading dimensions
 * k, n, n). Every entry accumulates p = 0 … k−1 in order as c += (a_r b_r − a_i b_i) + i(a_r b_i + a_i b_r),
 * as the TypeScript reference src/backend/ts/zgemm.ts (same bits). With `hermitian` (m = n, C known
 * to be Hermitian) only the column blocks reaching the diagonal are computed, then the lower triangle
 * is mirrored from the upper one (C_ji = conj C_ij, Im C_ii = 0).
 * SIMD build: 2 rows × 4 columns of accumulators (8 f64x2 registers) per pass over p.
 */
export function zgemm(
  cr: usize, ci: usize, ar: usize, ai: usize, br: usize, bi: usize, m: i32, k: i32, n: i32, hermitian: bool,
): void {
  const aRow = <usize>k << 3, cRow = <usize>n << 3;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= m; i += 2) {
      const a0 = ar + <usize>i * aRow, a0i = ai + <usize>i * aRow;
      const a1 = a0 + aRow, a1i = a0i + aRow;
      const c0 = cr + <usize>i * cRow, c0i = ci + <usize>i * cRow;
      const c1 = c0 + cRow, c1i = c0i + cRow;
      let c = hermitian ? i & ~3 : 0;
      for (; c + 4 <= n; c += 4) {
        let r00 = f64x2.splat(0), r01 = f64x2.splat(0), i00 = f64x2.splat(0), i01 = f64x2.splat(0);
        let r10 = f64x2.splat(0), r11 = f64x2.splat(0), i10 = f64x2.splat(0), i11 = f64x2.splat(0);
        let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
        for (let p = 0; p < k; p++) {
          const o = <usize>p << 3;
          const b0 = v128.load(pb), b1 = v128.load(pb, 16), d0 = v128.load(pbi), d1 = v128.load(pbi, 16);
          const x0 = f64x2.splat(ld(a0 + o)), y0 = f64x2.splat(ld(a0i + o));
          const x1 = f64x2.splat(ld(a1 + o)), y1 = f64x2.splat(ld(a1i + o));
          r00 = f64x2.add(r00, f64x2.sub(f64x2.mul(x0, b0), f64x2.mul(y0, d0)));
          r01 = f64x2.add(r01, f64x2.sub(f64x2.mul(x0, b1), f64x2.mul(y0, d1)));
          i00 = f64x2.add(i00, f64x2.add(f64x2.mul(x0, d0), f64x2.mul(y0, b0)));
          i01 = f64x2.add(i01, f64x2.add(f64x2.mul(x0, d1), f64x2.mul(y0, b1)));
          r10 = f64x2.add(r10, f64x2.sub(f64x2.mul(x1, b0), f64x2.mul(y1, d0)));
          r11 = f64x2.add(r11, f64x2.sub(f64x2.mul(x1, b1), f64x2.mul(y1, d1)));
          i10 = f64x2.add(i10, f64x2.add(f64x2.mul(x1, d0), f64x2.mul(y1, b0)));
          i11 = f64x2.add(i11, f64x2.add(f64x2.mul(x1, d1), f64x2.mul(y1, b1)));
          pb += cRow;
          pbi += cRow;
        }
        const oc = <usize>c << 3;
        v128.store(c0 + oc, r00); v128.store(c0 + oc, r01, 16); v128.store(c0i + oc, i00); v128.store(c0i + oc, i01, 16);
        v128.store(c1 + oc, r10); v128.store(c1 + oc, r11, 16); v128.store(c1i + oc, i10); v128.store(c1i + oc, i11, 16);
      }
      for (; c < n; c++) {
        let s0: f64 = 0, t0: f64 = 0, s1: f64 = 0, t1: f64 = 0;
        let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
        for (let p = 0; p < k; p++) {
          const o = <usize>p << 3;
          const yr = ld(pb), yi = ld(pbi);
          const x0 = ld(a0 + o), z0 = ld(a0i + o), x1 = ld(a1 + o), z1 = ld(a1i + o);
          s0 += x0 * yr - z0 * yi; t0 += x0 * yi + z0 * yr;
          s1 += x1 * yr - z1 * yi; t1 += x1 * yi + z1 * yr;
          pb += cRow;
          pbi += cRow;
        }
        const oc = <usize>c << 3;
        st(c0 + oc, s0); st(c0i + oc, t0); st(c1 + oc, s1); st(c1i + oc, t1);
      }
    }
  }
  for (; i < m; i++) {
    const a0 = ar + <usize>i * aRow, a0i = ai + <usize>i * aRow;
    const c0 = cr + <usize>i * cRow, c0i = ci + <usize>i * cRow;
    let c = hermitian ? i & ~3 : 0;
    for (; c + 4 <= n; c += 4) {
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0, t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
      let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 3;
        const x = ld(a0 + o), z = ld(a0i + o);
        const y0 = ld(pb), y1 = load<f64>(pb, 8), y2 = load<f64>(pb, 16), y3 = load<f64>(pb, 24);
        const w0 = ld(pbi), w1 = load<f64>(pbi, 8), w2 = load<f64>(pbi, 16), w3 = load<f64>(pbi, 24);
        s0 += x * y0 - z * w0; t0 += x * w0 + z * y0;
        s1 += x * y1 - z * w1; t1 += x * w1 + z * y1;
        s2 += x * y2 - z * w2; t2 += x * w2 + z * y2;
        s3 += x * y3 - z * w3; t3 += x * w3 + z * y3;
        pb += cRow;
        pbi += cRow;
      }
      const oc = <usize>c << 3;
      st(c0 + oc, s0); store<f64>(c0 + oc, s1, 8); store<f64>(c0 + oc, s2, 16); store<f64>(c0 + oc, s3, 24);
      st(c0i + oc, t0); store<f64>(c0i + oc, t1, 8); store<f64>(c0i + oc, t2, 16); store<f64>(c0i + oc, t3, 24);
    }
    for (; c < n; c++) {
      let s0: f64 = 0, t0: f64 = 0;
      let pb = br + (<usize>c << 3), pbi = bi + (<usize>c << 3);
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 3;
        const x = ld(a0 + o), z = ld(a0i + o), yr = ld(pb), yi = ld(pbi);
        s0 += x * yr - z * yi;
        t0 += x * yi + z * yr;
        pb += cRow;
        pbi += cRow;
      }
      const oc = <usize>c << 3;
      st(c0 + oc, s0);
      st(c0i + oc, t0);
    }
  }
  if (hermitian) {
    for (let r = 0; r < n; r++) {
      st(ci + ((<usize>r * n + r) << 3), 0);
      for (let c = r + 1; c < n; c++) {
        const u = (<usize>r * n + c) << 3, l = (<usize>c * n + r) << 3;
        st(cr + l, ld(cr + u));
        st(ci + l, -ld(ci + u));
      }
    }
  }
}
