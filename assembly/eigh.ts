// Complex Hermitian eigensolver: Householder reduction to a complex tridiagonal matrix, a diagonal
// phase transform to a real symmetric tridiagonal one, implicit QL with Wilkinson-type shifts on
// it (eigenvectors accumulated as real rotations), then the back-transformation
// U = P₀P₁⋯P_{n−3} · D · Z. Everything is unitary by construction, so ‖U†U − I‖ and
// ‖HU − UΛ‖/‖H‖ stay at the level of n·ε also for exactly or nearly degenerate spectra.
//
// Storage: split re/im planes, row-major, row stride n. The eigenvectors are returned as the
// ROWS of (vr, vi): V[t][r] = U[r][t] (eigenvector t is contiguous), eigenvalues ascending.
import { cdotu, cdotc, caxpy, cher2row, drot, dotRe, dotIm } from './blas';

@inline function ld(p: usize): f64 { return load<f64>(p); }
@inline function st(p: usize, x: f64): void { store<f64>(p, x); }

/** Doubles of workspace `eigh` needs for order n. */
export function eighWorkDoubles(n: i32): i32 {
  return n * n + 10 * n;
}

const MAX_QL_ITER = 60;

/**
 * Diagonalises the Hermitian n×n matrix (ar, ai) (overwritten; the lower triangle is read).
 * w: n eigenvalues ascending. (vr, vi): eigenvectors as rows (only if `vectors`).
 * ws: eighWorkDoubles(n) doubles. Returns the number of eigenvalues whose QL iteration did not
 * converge (0 in practice; non-finite input is the usual cause).
 */
export function eigh(n: i32, ar: usize, ai: usize, w: usize, vr: usize, vi: usize, ws: usize, vectors: bool): i32 {
  const rb = <usize>n << 3;
  const hh = ws;
  const er = hh + rb;
  const ei = er + rb;
  const dr = ei + rb;
  const di = dr + rb;
  const pr = di + rb;
  const pi = pr + rb;
  const qr = pi + rb;
  const qi = qr + rb;
  const ea = qi + rb;
  const zt = ea + rb;

  // Exact Hermitian symmetry from the lower triangle; real diagonal.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const lo = (<usize>i * n + j) << 3, up = (<usize>j * n + i) << 3;
      st(ar + up, ld(ar + lo));
      st(ai + up, -ld(ai + lo));
    }
    st(ai + ((<usize>i * n + i) << 3), 0);
  }

  // Scale by an exact power of two when max|A| is far from 1, so that sums of squares can
  // neither overflow nor underflow; undone on the eigenvalues at the end.
  let amax: f64 = 0;
  for (let j: usize = 0; j < <usize>n * n; j++) {
    amax = Math.max(amax, Math.max(Math.abs(ld(ar + (j << 3))), Math.abs(ld(ai + (j << 3)))));
  }
  let unscale: f64 = 1;
  if (amax > 0 && (amax < 1e-100 || amax > 1e100)) {
    const e = Math.floor(Math.log2(amax));
    unscale = Math.pow(2, e);
    // 2^−e in two finite factors: for subnormal amax (e < −1022) 1/unscale alone is +Infinity
    const h = Math.floor(e / 2);
    const sc1 = Math.pow(2, -h), sc2 = Math.pow(2, h - e);
    for (let j: usize = 0; j < <usize>n * n; j++) {
      st(ar + (j << 3), ld(ar + (j << 3)) * sc1 * sc2);
      st(ai + (j << 3), ld(ai + (j << 3)) * sc1 * sc2);
    }
  }
  let failed = 0;

  // 1. Householder: A ← P A P with P = I − v v†/h, h = v†v/2, on the trailing block.
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const rowK = (<usize>k * n + k + 1) << 3; // row k, column k+1: x = conj(row k right of the diagonal)
    const vR = ar + rowK, vI = ai + rowK;
    // v := x (in row k), sigma = Σ_{j≥1} |x_j|²
    let sigma: f64 = 0;
    for (let j = 0; j < m; j++) {
      const o = <usize>j << 3;
      const xr = ld(vR + o), xi = -ld(vI + o);
      st(vI + o, xi);
      if (j > 0) sigma += xr * xr + xi * xi;
    }
    const x0r = ld(vR), x0i = ld(vI);
    st(dr + (<usize>k << 3), ld(ar + ((<usize>k * n + k) << 3)));
    if (sigma == 0) {
      // already reduced: no reflector
      st(hh + (<usize>k << 3), 0);
      st(er + (<usize>k << 3), x0r);
      st(ei + (<usize>k << 3), x0i);
      continue;
    }
    const ax0 = Math.sqrt(x0r * x0r + x0i * x0i);
    const alpha = Math.sqrt(sigma + ax0 * ax0);
    let phr: f64 = 1, phi: f64 = 0;
    if (ax0 > 0) { phr = x0r / ax0; phi = x0i / ax0; }
    st(vR, x0r + phr * alpha);
    st(vI, x0i + phi * alpha);
    const h = alpha * alpha + alpha * ax0;
    st(hh + (<usize>k << 3), h);
    st(er + (<usize>k << 3), -phr * alpha);
    st(ei + (<usize>k << 3), -phi * alpha);
    const inv = 1.0 / h;
    // p = A v / h on the trailing block (rows k+1..n-1, columns k+1..n-1)
    for (let i = 0; i < m; i++) {
      const row = (<usize>(k + 1 + i) * n + k + 1) << 3;
      cdotu(ar + row, ai + row, vR, vI, m);
      st(pr + (<usize>i << 3), dotRe * inv);
      st(pi + (<usize>i << 3), dotIm * inv);
    }
    // K = v†p / (2h) (real); q = p − K v
    cdotc(vR, vI, pr, pi, m);
    const K = dotRe * 0.5 * inv;
    for (let i = 0; i < m; i++) {
      const o = <usize>i << 3;
      st(qr + o, ld(pr + o) - K * ld(vR + o));
      st(qi + o, ld(pi + o) - K * ld(vI + o));
    }
    // A ← A − v q† − q v†
    for (let i = 0; i < m; i++) {
      const o = <usize>i << 3;
      const row = (<usize>(k + 1 + i) * n + k + 1) << 3;
      cher2row(ar + row, ai + row, vR, vI, qr, qi, m, ld(vR + o), ld(vI + o), ld(qr + o), ld(qi + o));
    }
  }
  if (n >= 2) {
    const k = n - 2;
    st(dr + (<usize>k << 3), ld(ar + ((<usize>k * n + k) << 3)));
    st(er + (<usize>k << 3), ld(ar + ((<usize>(k + 1) * n + k) << 3)));
    st(ei + (<usize>k << 3), ld(ai + ((<usize>(k + 1) * n + k) << 3)));
    st(hh + (<usize>k << 3), 0);
  }
  st(dr + (<usize>(n - 1) << 3), ld(ar + ((<usize>(n - 1) * n + n - 1) << 3)));

  // 2. Phases: T = D T_r D†, δ₀ = 1, δ_{k+1} = δ_k e_k/|e_k|; T_r has subdiagonal |e_k|.
  //    Diagonal d goes to w, |e| to ea; the phases δ are kept in (pr, pi).
  let cr: f64 = 1, ci: f64 = 0;
  for (let k = 0; k < n; k++) {
    const o = <usize>k << 3;
    st(w + o, ld(dr + o));
    st(pr + o, cr);
    st(pi + o, ci);
    if (k < n - 1) {
      const xr = ld(er + o), xi = ld(ei + o);
      const a = Math.sqrt(xr * xr + xi * xi);
      st(ea + o, a);
      if (a > 0) {
        const ur = xr / a, ui = xi / a;
        const t = cr * ur - ci * ui;
        ci = cr * ui + ci * ur;
        cr = t;
      }
    } else {
      st(ea + o, 0);
    }
  }

  // 3. Implicit QL on (w, ea) with Z accumulated as rows of zt (zt[t][r] = Z[r][t]).
  if (vectors) {
    memory.fill(zt, 0, <usize>n * rb);
    for (let i = 0; i < n; i++) st(zt + ((<usize>i * n + i) << 3), 1);
  }
  for (let l = 0; l < n; l++) {
    let iter = 0;
    while (true) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(ld(w + (<usize>m << 3))) + Math.abs(ld(w + (<usize>(m + 1) << 3)));
        if (Math.abs(ld(ea + (<usize>m << 3))) + dd == dd) break;
      }
      if (m == l) break;
      if (iter++ >= MAX_QL_ITER) {
        failed++;
        break;
      }
      const dl = ld(w + (<usize>l << 3)), el = ld(ea + (<usize>l << 3));
      let g = (ld(w + (<usize>(l + 1) << 3)) - dl) / (2.0 * el);
      let r = Math.sqrt(g * g + 1.0);
      g = ld(w + (<usize>m << 3)) - dl + el / (g + (g >= 0 ? r : -r));
      let s: f64 = 1, c: f64 = 1, p: f64 = 0;
      let early = false;
      for (let i = m - 1; i >= l; i--) {
        const oi = <usize>i << 3;
        const ei_ = ld(ea + oi);
        const f = s * ei_, b = c * ei_;
        r = Math.sqrt(f * f + g * g);
        st(ea + oi + 8, r);
        if (r == 0) {
          st(w + oi + 8, ld(w + oi + 8) - p);
          st(ea + (<usize>m << 3), 0);
          early = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = ld(w + oi + 8) - p;
        r = (ld(w + oi) - g) * s + 2.0 * c * b;
        p = s * r;
        st(w + oi + 8, g + p);
        g = c * r - b;
        if (vectors) drot(zt + <usize>i * rb, zt + <usize>(i + 1) * rb, n, c, s);
      }
      if (early) continue;
      st(w + (<usize>l << 3), ld(w + (<usize>l << 3)) - p);
      st(ea + (<usize>l << 3), g);
      st(ea + (<usize>m << 3), 0);
    }
  }

  // 4. Sort ascending (selection sort, swapping rows of zt).
  for (let i = 0; i < n - 1; i++) {
    let kmin = i;
    let vmin = ld(w + (<usize>i << 3));
    for (let j = i + 1; j < n; j++) {
      const x = ld(w + (<usize>j << 3));
      if (x < vmin) { vmin = x; kmin = j; }
    }
    if (kmin != i) {
      st(w + (<usize>kmin << 3), ld(w + (<usize>i << 3)));
      st(w + (<usize>i << 3), vmin);
      if (!vectors) continue;
      const a = zt + <usize>i * rb, b = zt + <usize>kmin * rb;
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 3;
        const t = ld(a + o);
        st(a + o, ld(b + o));
        st(b + o, t);
      }
    }
  }

  if (unscale != 1) for (let i = 0; i < n; i++) st(w + (<usize>i << 3), ld(w + (<usize>i << 3)) * unscale);
  if (!vectors) return failed;
  // 5. V[t][r] = δ_r Z[r][t], then apply P_{n−3}, …, P₀ to every eigenvector.
  for (let t = 0; t < n; t++) {
    const row = <usize>t * rb;
    for (let r = 0; r < n; r++) {
      const o = <usize>r << 3;
      const z = ld(zt + row + o);
      st(vr + row + o, ld(pr + o) * z);
      st(vi + row + o, ld(pi + o) * z);
    }
  }
  for (let k = n - 3; k >= 0; k--) {
    const h = ld(hh + (<usize>k << 3));
    if (h == 0) continue;
    const m = n - k - 1;
    const rowK = (<usize>k * n + k + 1) << 3;
    const vR = ar + rowK, vI = ai + rowK;
    const off = <usize>(k + 1) << 3;
    const inv = -1.0 / h;
    for (let t = 0; t < n; t++) {
      const yr = vr + <usize>t * rb + off, yi = vi + <usize>t * rb + off;
      cdotc(vR, vI, yr, yi, m);
      caxpy(yr, yi, vR, vI, m, dotRe * inv, dotIm * inv);
    }
  }
  return failed;
}
