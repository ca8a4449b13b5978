// WebAssembly entry points of orbitronics. Only i32/f64 (and raw pointers as usize) cross the
// boundary; there are no AssemblyScript-managed objects (runtime "stub"). All data lives in one
// arena above __heap_base that the TypeScript side lays out; memory grows only in `reserve`.
// The same source builds the SIMD target (ASC_FEATURE_SIMD) and the scalar target.
import { evaluateBatch, kernelWorkDoubles } from './kernel';
import { eigh, eighWorkDoubles } from './eigh';
import { responsesBatch, responsesBatchEx, xiWorkDoubles } from './xi';
import { eighLanesBatch, kLanesSupported } from './klanes';
import { zgemm as zgemmKernel } from './blas';

/** ABI version; bump when an export's signature or meaning changes. */
export function version(): i32 { return 8; }

/** 1 in the SIMD build, 0 in the scalar build. */
export function simd(): i32 { return ASC_FEATURE_SIMD ? 1 : 0; }

/** First arena byte (16-byte aligned). */
export function arenaBase(): usize { return (__heap_base + 15) & ~<usize>15; }

/** Grows memory (the only place that does) so the arena holds `bytes`. Returns 0 on failure. */
export function reserve(bytes: f64): i32 {
  const end = <u64>arenaBase() + <u64>bytes;
  const have = <u64>memory.size() << 16;
  if (end <= have) return 1;
  const pages = <i32>((end - have + 0xffff) >> 16);
  return memory.grow(pages) < 0 ? 0 : 1;
}

/** Workspace doubles for the per-k kernel with nb bands, dimension and need flags. */
export function workDoubles(nb: i32, dim: i32, flags: i32): f64 { return kernelWorkDoubles(nb, dim, flags); }

/**
 * Per-k kernel over nk k-points (see src/backend/wasm/abi.ts for the layouts).
 * kind 0 = tight-binding (geo → δ f64[nterm·3]), 1 = k·p (geo → powers i32[nterm·3]).
 * Tight-binding phase factorisation (nrho > 0): δ_t = ρ[rhoIdx[t]] + τ_from − τ_to with
 * ρ f64[nrho·3], τ = pos f64[nb·3]; pPh is scratch for 2·(nrho + nb + 3·(maxPow + 1)) doubles.
 * nrho = 0: one sin/cos per term. pRhoN ≠ 0: ρ = Σₐ nₐaₐ with n i32[nrho·3], |nₐ| ≤ maxPow, and
 * the lattice rows a f64[3·3] at pLat: e^{ik·ρ} from powers of e^{ik·aₐ} (dim sin/cos per k).
 * pTR ≠ 0 (with nrho > 0): dense assembly from the matrices T_ρ, f64[nrho][2][nb·nb] (re plane,
 * im plane), instead of the term scatter.
 * pZ ≠ 0 (tight-binding scatter path only): scratch f64[2·nterm]; ∂H·U and ∂∂H·U are then formed
 * from the terms (sparse models, e.g. ribbons) instead of assembling ∂H and multiplying densely.
 * flags: 1 eigenvectors, 2 velocity, 4 hessian, 8 geometry.
 * Returns the number of eigenvalues whose QL iteration did not converge (0 unless input is not finite).
 */
export function evaluate(
  nb: i32, dim: i32, kind: i32, nterm: i32,
  pTo: usize, pFrom: usize, pRe: usize, pIm: usize, pGeo: usize,
  nrho: i32, pRhoIdx: usize, pRho: usize, pPos: usize, pPh: usize,
  pRhoN: usize, pLat: usize, maxPow: i32, pTR: usize, pZ: usize,
  nk: i32, pK: usize, flags: i32, thr: f64,
  pE: usize, pU: usize, pVel: usize, pHess: usize, pOm: usize, pG: usize, pX: usize, pDeg: usize,
  ws: usize,
): i32 {
  return evaluateBatch(nb, dim, kind, nterm, pTo, pFrom, pRe, pIm, pGeo, nrho, pRhoIdx, pRho, pPos, pPh, pRhoN, pLat, maxPow, pTR, pZ, nk, pK, flags, thr,
    pE, pU, pVel, pHess, pOm, pG, pX, pDeg, ws);
}

/** Workspace doubles for `eighDense`. */
export function eighDenseWorkDoubles(n: i32): i32 { return 6 * n * n + eighWorkDoubles(n); }

/**
 * Test and benchmark entry: count Hermitian n×n matrices, interleaved re/im (a[t][i][j][2]),
 * are diagonalised; w[t][n] ascending, u[t][i][n][2] (columns are eigenvectors) if vectors ≠ 0.
 */
export function eighDense(n: i32, count: i32, pA: usize, pW: usize, pU: usize, vectors: i32, ws: usize): i32 {
  let failed = 0;
  const n2 = <usize>n * n;
  const ar = ws, ai = ar + (n2 << 3), vr = ai + (n2 << 3), vi = vr + (n2 << 3);
  const ews = vi + (n2 << 3);
  for (let t = 0; t < count; t++) {
    const a = pA + ((<usize>t * n2) << 4);
    for (let j: usize = 0; j < n2; j++) {
      store<f64>(ar + (j << 3), load<f64>(a + (j << 4)));
      store<f64>(ai + (j << 3), load<f64>(a + (j << 4) + 8));
    }
    failed += eigh(n, ar, ai, pW + ((<usize>t * n) << 3), vr, vi, ews, vectors != 0);
    if (vectors == 0) continue;
    const u = pU + ((<usize>t * n2) << 4);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const o = (<usize>i * n + k) << 4, s = (<usize>k * n + i) << 3;
        store<f64>(u + o, load<f64>(vr + s));
        store<f64>(u + o + 8, load<f64>(vi + s));
      }
    }
  }
  return failed;
}

/** Workspace doubles for `responses` (assembly/xi.ts). */
export function responsesWorkDoubles(nb: i32, dim: i32): f64 { return xiWorkDoubles(nb, dim); }

/**
 * Band-resolved Ξ-theory response coefficients (dipole, OME parts, paper 003's λ) for nk k-points
 * from the energies pE, velocity pVel and Hessian pHess (0 if absent) in the BandBatch layout;
 * nreq requests as i32 triples (kind, β, output pointer) at pReq. See assembly/xi.ts.
 */
export function responses(nb: i32, dim: i32, nk: i32, pE: usize, pVel: usize, pHess: usize, thr: f64, nreq: i32, pReq: usize, ws: usize): void {
  responsesBatch(nb, dim, nk, pE, pVel, pHess, thr, nreq, pReq, ws);
}

/** 1 if `evaluate` takes the k-lane path (assembly/klanes.ts) for nb bands in this build, else 0. */
export function kLanes(nb: i32): i32 { return kLanesSupported(nb) ? 1 : 0; }

/**
 * Test entry of the k-lane eigensolver: count Hermitian nb×nb matrices (nb ≤ 2), split re/im
 * planes per matrix (a[t][2][nb·nb]), two per f64x2 lane pair; w[t][nb] ascending,
 * u[t][nb][nb][2] (columns are eigenvectors). Returns −1 if this build has no k-lane path for nb.
 */
export function eighLanes(n: i32, count: i32, pA: usize, pW: usize, pU: usize): i32 { return eighLanesBatch(n, count, pA, pW, pU); }

/**
 * `responses` with the eigenvectors pU (BandBatch layout) and the model's spin matrices pSpin
 * f64[3][nb][nb][2] (0 unless a spin kind is asked): also the torque, extrinsic, spin and 004
 * F-tensor kinds (assembly/xi.ts, codes 9–18).
 */
export function responsesEx(
  nb: i32, dim: i32, nk: i32, pE: usize, pVel: usize, pHess: usize, pU: usize, pSpin: usize, thr: f64,
  nreq: i32, pReq: usize, ws: usize,
): void {
  responsesBatchEx(nb, dim, nk, pE, pVel, pHess, pU, pSpin, thr, nreq, pReq, ws);
}

/**
 * Dense complex product on split planes (Backend.zgemm): C = A·B, A m×k, B k×n, C m×n, row-major;
 * hermitian ≠ 0: upper triangle computed, lower mirrored (assembly/blas.ts zgemm).
 */
export function zgemm(cr: usize, ci: usize, ar: usize, ai: usize, br: usize, bi: usize, m: i32, k: i32, n: i32, hermitian: i32): void {
  zgemmKernel(cr, ci, ar, ai, br, bi, m, k, n, hermitian != 0);
}
