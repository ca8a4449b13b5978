/**
 * The Backend interface: the only place where WebAssembly and TypeScript differ (DESIGN §1).
 * A backend turns a batch of k-points into per-band, per-k quantities in internal units
 * (energies eV, lengths Å, ħ = 1 so velocities ħv are in eV·Å).
 */
import type { CompiledModel } from '../model/types.js';

/** Backend names: the TypeScript reference `ts`, and the WebAssembly builds `wasm` (scalar) and `wasm-simd`. */
export type BackendName = 'ts' | 'wasm' | 'wasm-simd';

/** k-points in Cartesian Å⁻¹, padded to 3 components: k[3*i + a]. */
export interface KBatch {
  readonly nk: number;
  readonly k: Float64Array;
}

/** What `evaluate` must produce beyond the energies. Each flag implies the data it needs. */
export interface Needs {
  /** U[i][n]: orbital i, band n. */
  eigenvectors?: boolean;
  /** h^a_mn = ⟨m|∂_aH|n⟩ in the eigenbasis, for a < dim. */
  velocity?: boolean;
  /** w^{ab}_mn = ⟨m|∂_a∂_bH|n⟩ in the eigenbasis, for the pairs a ≤ b < dim. */
  hessian?: boolean;
  /** Berry curvature, quantum metric and orbital moment per band (paper 004 Eqs. 3–4). */
  geometry?: boolean;
}

/** Options of `Backend.evaluate` and `Backend.responses`. */
export interface EvaluateOptions {
  /** Band pairs with |εₘ − εₙ| below this (eV) are skipped in pair sums and reported. Default 1e-8. */
  degeneracyThreshold?: number;
}

/** Default degeneracy threshold (eV): band pairs closer than this are skipped in pair sums (DESIGN §2). */
export const DEFAULT_DEGENERACY_THRESHOLD = 1e-8;

/**
 * Per-k, per-band results in the canonical layout (k slowest, then band or matrix index, then
 * component, then re/im fastest). Let P = dim(dim+1)/2 symmetric pairs (2D: xx,xy,yy;
 * 3D: xx,xy,xz,yy,yz,zz) and C = number of axial components (1D: 0, 2D: 1 (z), 3D: 3 (x,y,z)).
 * Views may alias backend memory: they are valid until the next `evaluate` on the same backend.
 */
export interface BandBatch {
  readonly nk: number;
  readonly nb: number;
  readonly dim: number;
  /** [nk][nb], ascending per k (eV). */
  readonly energies: Float64Array;
  /** [nk][nb orbital i][nb band n][2]: U_in, columns are eigenvectors. */
  readonly eigenvectors?: Float64Array;
  /** [nk][dim][nb m][nb n][2]: h^a_mn = ⟨m|∂_aH|n⟩ (eV·Å). */
  readonly velocity?: Float64Array;
  /** [nk][P][nb m][nb n][2]: w^{ab}_mn = ⟨m|∂_a∂_bH|n⟩ (eV·Å²). */
  readonly hessian?: Float64Array;
  /** [nk][nb][C]: Ωₙ = −2 Im Qₙ, Ω^x = Ω^{yz}, Ω^y = Ω^{zx}, Ω^z = Ω^{xy} (Å²). */
  readonly berryCurvature?: Float64Array;
  /** [nk][nb][P]: gₙ^{ab} = Re Qₙ^{ab} (Å²). */
  readonly quantumMetric?: Float64Array;
  /** [nk][nb][C]: X = −Im Σ_{m≠n} h^a_nm h^b_mn/(εₙ−εₘ) (eV·Å²); mₙ = (e/ħ)X, see units/factors. */
  readonly orbitalMoment?: Float64Array;
  /** Per k ([nk]): the number of band pairs (m<n) with |εₘ−εₙ| < threshold, skipped in the pair sums. */
  readonly degeneratePairs: Int32Array;
}

/**
 * Per-k response coefficients of the Ξ kinetic theory that share the covariant derivative D_bR̃
 * (src/physics/responses.ts; internal units, per unit eE^β, Fermi-sea coefficients):
 * - `dipole`: 001 Eq. 1, components α < dim (`dipole(...).sea`);
 * - `omeD`, `omeIC`, `omeLC` (literal Eq. 51), `omeLC3` (Eq. 53): the OME parts with 001's sign
 *   (`omeIntrinsic(...).parts`), axial components (2D: z; 3D: x, y, z);
 * - `omeTotal`: the physical K = −(d + ic + lc); `omePaperReading`: d + ic + lc3;
 * - `lambdaMoment`, `lambdaMetric`: paper 003's λ parts for field direction β (2D only, one component);
 *   `lambdaMetricAlong`: the term of `lambdaMetric` that differentiates along the field, ½ε_{βl} Re ∂_βQ^{βl}
 *   (the exact response of a metal lacks it: `ome` part `fermi-surface` = 2Σ∫f·this, docs/ribbon.md §15).
 * - `torqueEq1`: paper 000 Eq. 1 (`torqueEq1(...).sea`); `torqueXiByParts`: the Ξ torque in its
 *   Fermi-sea by-parts form (`torqueXiByParts(...).sea`); `torqueXiSea`, `torqueXiSurface`: the direct
 *   Ξ torque's sea and surface coefficients (`torqueXi`); axial components;
 * - `omeExtrinsic`: the extrinsic OME's Fermi-surface coefficient, physical sign K_ext
 *   (`omeExtrinsic(..., { physical: true }).surface`), axial; `orbitalEdelstein` (004 Eq. 8, surface, axial);
 *   `spinEdelstein` (004 Eq. 6, surface, x, y, z): need `ResponseRequest.tau` (s);
 * - `spinBerryCurvature` (004 Eq. 7, sea, x, y, z);
 * - `fTensorLiteral`, `fTensorHermitian`: paper 004's F tensor φ (Eq. 10) in the literal and hermitian
 *   readings (`fTensor004(..., { reading })`, sea, 2D only, one component).
 * Needs `velocity`; everything with D_bR̃ (`omeIC`, `omeTotal`, `omePaperReading`, `lambdaMetric`,
 * `torqueXiSea`, `fTensor*`) also `hessian`; the spin kinds `eigenvectors` and the model's spin matrices.
 */
export type ResponseKind =
  | 'dipole' | 'omeD' | 'omeIC' | 'omeLC' | 'omeLC3' | 'omeTotal' | 'omePaperReading' | 'lambdaMoment' | 'lambdaMetric'
  | 'torqueEq1' | 'torqueXiByParts' | 'torqueXiSea' | 'torqueXiSurface'
  | 'omeExtrinsic' | 'orbitalEdelstein' | 'spinEdelstein' | 'spinBerryCurvature'
  | 'fTensorLiteral' | 'fTensorHermitian' | 'lambdaMetricAlong';
/** All kinds; the index is the WASM kernel's code (assembly/xi.ts). */
export const RESPONSE_KINDS: readonly ResponseKind[] = [
  'dipole', 'omeD', 'omeIC', 'omeLC', 'omeLC3', 'omeTotal', 'omePaperReading', 'lambdaMoment', 'lambdaMetric',
  'torqueEq1', 'torqueXiByParts', 'torqueXiSea', 'torqueXiSurface',
  'omeExtrinsic', 'orbitalEdelstein', 'spinEdelstein', 'spinBerryCurvature',
  'fTensorLiteral', 'fTensorHermitian', 'lambdaMetricAlong',
];
/** Components per band of a response kind. */
export function responseComponents(kind: ResponseKind, dim: number): number {
  if (kind === 'spinEdelstein' || kind === 'spinBerryCurvature') return 3;
  return kind === 'dipole' ? dim : kind.startsWith('lambda') || kind.startsWith('fTensor') ? 1 : axialCount(dim);
}
/** Whether a response kind needs the Hessian (through D_bR̃, or w^{bγ} in the torque). */
export const responseNeedsHessian = (kind: ResponseKind): boolean =>
  kind === 'omeIC' || kind === 'omeTotal' || kind === 'omePaperReading' || kind === 'lambdaMetric' || kind === 'lambdaMetricAlong' ||
  kind === 'torqueXiSea' || kind.startsWith('fTensor');
/** Whether a response kind needs the eigenvectors and the model's spin matrices. */
export const responseNeedsSpin = (kind: ResponseKind): boolean => kind === 'spinEdelstein' || kind === 'spinBerryCurvature';
/** Whether a response kind needs the relaxation time (`ResponseRequest.tau`); it is then ∝ τ. */
export const responseNeedsTau = (kind: ResponseKind): boolean =>
  kind === 'omeExtrinsic' || kind === 'orbitalEdelstein' || kind === 'spinEdelstein';
/** Whether a response kind is defined for 2D models only. */
export const responseOnly2D = (kind: ResponseKind): boolean => kind.startsWith('lambda') || kind.startsWith('fTensor');

/** One request of `Backend.responses`: a response kind, the field direction and the output array. */
export interface ResponseRequest {
  kind: ResponseKind;
  /** Field direction β (< dim). */
  beta: number;
  /** Receives nk·nb·C coefficients, layout [k][band][component] (the Integrand layout). */
  out: Float64Array;
  /** Relaxation time (s) of the kinds ∝ τ (`responseNeedsTau`). */
  tau?: number;
}

/** The only seam between WebAssembly and TypeScript (docs/architecture.md §2): per-k band data for a batch of k-points. */
export interface Backend {
  readonly name: BackendName;
  /** Per-k kernel for one batch of k-points. */
  evaluate(model: CompiledModel, k: KBatch, needs: Needs, options?: EvaluateOptions): BandBatch;
  /**
   * Optional per-k response primitive: fills every request for the whole batch (which must hold
   * velocity, and hessian where the kind needs it). Band pairs with |Δ| below
   * options.degeneracyThreshold are skipped as in src/physics/covariant.ts. WASM backends read a batch
   * they just returned from the arena (no copy); any other batch is copied in.
   */
  responses?(model: CompiledModel, batch: BandBatch, requests: ResponseRequest[], options?: EvaluateOptions): void;
  /**
   * Optional dense complex matrix product on split re/im planes (row-major): C = A·B with A m×k,
   * B k×n, C m×n (C must not overlap A or B). With `hermitian` (m = n; the caller asserts C is
   * Hermitian) only the upper triangle is computed and mirrored (C_ji = conj C_ij, Im C_ii = 0).
   * Entries are accumulated in the order of the inner index, so all backends give the same bits
   * (reference: src/backend/ts/zgemm.ts). WASM backends copy A and B into the arena after the last
   * `evaluate` (memory may grow: views of a BandBatch returned with `aliasOutputs` are then detached).
   */
  zgemm?(
    m: number, k: number, n: number,
    ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array,
    cr: Float64Array, ci: Float64Array,
    hermitian?: boolean,
  ): void;
  /** Release memory / instances. */
  dispose(): void;
}

/** Number of symmetric Cartesian pairs a ≤ b for a dimension. */
export const pairCount = (dim: number): number => (dim * (dim + 1)) / 2;
/** Number of axial (pseudo-vector) components for a dimension. */
export const axialCount = (dim: number): number => (dim === 2 ? 1 : dim === 3 ? 3 : 0);
/** The ordered symmetric pairs [a, b], a ≤ b. */
export function pairs(dim: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) out.push([a, b]);
  return out;
}
/** Index of pair (a,b) in the ordering of `pairs(dim)` (symmetric in a,b). */
export function pairIndex(dim: number, a: number, b: number): number {
  if (a > b) [a, b] = [b, a];
  return a * dim - (a * (a - 1)) / 2 + (b - a);
}
/** Axial component c → the Cartesian pair (i, j) with Ω^c = Ω^{ij} (2D: z → (x,y)). */
export function axialPair(dim: number, c: number): [number, number] {
  if (dim === 2) return [0, 1];
  return ([[1, 2], [2, 0], [0, 1]] as Array<[number, number]>)[c]!;
}
