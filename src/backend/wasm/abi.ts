/**
 * The typed export interface of build/orbitronics-{simd,scalar}.wasm (assembly/index.ts).
 * Only i32/f64 cross the boundary: pointers are byte offsets into the one exported memory.
 * test/backend/wasm-abi.test.ts compares this list with `WebAssembly.Module.exports`.
 */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  version(): number;
  simd(): number;
  arenaBase(): number;
  /** Grows memory so that the arena holds `bytes`; the only export that can grow memory. */
  reserve(bytes: number): number;
  workDoubles(nb: number, dim: number, flags: number): number;
  evaluate(
    nb: number, dim: number, kind: number, nterm: number,
    pTo: number, pFrom: number, pRe: number, pIm: number, pGeo: number,
    nrho: number, pRhoIdx: number, pRho: number, pPos: number, pPh: number,
    pRhoN: number, pLat: number, maxPow: number, pTR: number, pZ: number,
    nk: number, pK: number, flags: number, threshold: number,
    pE: number, pU: number, pVel: number, pHess: number, pOm: number, pG: number, pX: number, pDeg: number,
    ws: number,
  ): number;
  eighDenseWorkDoubles(n: number): number;
  eighDense(n: number, count: number, pA: number, pW: number, pU: number, vectors: number, ws: number): number;
  /** Workspace doubles of `responses` (assembly/xi.ts). */
  responsesWorkDoubles(nb: number, dim: number): number;
  /**
   * Ξ-theory response coefficients from the energies, velocity and Hessian (pHess 0 if absent) of
   * nk k-points in the BandBatch layout; nreq requests as i32 triples (kind, β, output pointer) at pReq,
   * kind = RESPONSE_KIND_CODE (src/backend/backend.ts RESPONSE_KINDS order).
   */
  responses(nb: number, dim: number, nk: number, pE: number, pVel: number, pHess: number, thr: number, nreq: number, pReq: number, ws: number): void;
  /** 1 if `evaluate` takes the k-lane path (two k-points per f64x2, assembly/klanes.ts) for nb bands. */
  kLanes(nb: number): number;
  /** Test entry of the k-lane eigensolver (nb ≤ 2; split re/im planes per matrix); −1 if unsupported. */
  eighLanes(n: number, count: number, pA: number, pW: number, pU: number): number;
  /** `responses` with the eigenvectors pU and spin matrices pSpin f64[3][nb][nb][2] (0 if not needed): every RESPONSE_KINDS code. */
  responsesEx(
    nb: number, dim: number, nk: number, pE: number, pVel: number, pHess: number, pU: number, pSpin: number, thr: number,
    nreq: number, pReq: number, ws: number,
  ): void;
  /** C = A·B on split planes (A m×k, B k×n, row-major); hermitian ≠ 0: upper triangle computed and mirrored. */
  zgemm(cr: number, ci: number, ar: number, ai: number, br: number, bi: number, m: number, k: number, n: number, hermitian: number): void;
}

/** Export names and kinds, in the order asc emits them. */
export const KERNEL_EXPORTS: ReadonlyArray<[string, 'function' | 'memory']> = [
  ['version', 'function'],
  ['simd', 'function'],
  ['arenaBase', 'function'],
  ['reserve', 'function'],
  ['workDoubles', 'function'],
  ['evaluate', 'function'],
  ['eighDenseWorkDoubles', 'function'],
  ['eighDense', 'function'],
  ['responsesWorkDoubles', 'function'],
  ['responses', 'function'],
  ['kLanes', 'function'],
  ['eighLanes', 'function'],
  ['responsesEx', 'function'],
  ['zgemm', 'function'],
  ['memory', 'memory'],
];

/** ABI version returned by `version()`; must match assembly/index.ts. */
export const KERNEL_ABI_VERSION = 8;

export const NEED_EIGENVECTORS = 1;
export const NEED_VELOCITY = 2;
export const NEED_HESSIAN = 4;
export const NEED_GEOMETRY = 8;
/** Flag bit (not a need): the per-k path even where the k-lane path would be taken. */
export const NO_KLANES = 16;
export const KIND_TIGHT_BINDING = 0;
export const KIND_KP = 1;
