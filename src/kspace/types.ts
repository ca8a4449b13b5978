/**
 * k-space samplings (DESIGN §1, docs/architecture.md B2): every sampling yields batches of
 * Cartesian k-points (Å⁻¹, padded to 3) with integration weights wₖ (Å⁻ᵈ) such that
 * Σₖ wₖ F(k) ≈ ∫ dᵈk/(2π)ᵈ F(k) over the Brillouin zone (tight-binding) or the disc/ball/plane (k·p).
 * Batches are generated on demand from a small description, so memory is bounded by the batch.
 */
import type { KBatch } from '../backend/backend.js';

export interface KPointBatch extends KBatch {
  /** Integration weights (Å⁻ᵈ, the 1/(2π)ᵈ included); all ones for paths. */
  readonly w: Float64Array;
  /** Index of the first k-point of the batch in the sampling. */
  readonly offset: number;
}

/** A plain-data description of a sampling (transferable to a worker, JSON-serialisable). */
export type KSamplingSpec =
  | { type: 'mp'; n: number[]; reciprocal: number[]; cellMeasure: number; dim: number }
  | {
      type: 'polar';
      dim: number;
      nr: number;
      /** Ray directions, [nray × 3]. */
      dirs: number[];
      /** Angular weight per ray (sums to the solid angle: 2 (1D), 2π, 4π). */
      dirW: number[];
      /** Radial breakpoints of every ray, flattened; ray j owns bp[bpOff[j] .. bpOff[j+1]). */
      bp: number[];
      bpOff: number[];
      /** null: finite cutoff (the last breakpoint is the cutoff); else the tail scale c of k = k_last + c·s/(1−s). */
      tail: number | null;
    }
  | { type: 'list'; dim: number; k: number[] }
  /** Cartesian k-points with their own weights, e.g. the irreducible wedge of an MP grid (src/symmetry); `grid` is reported. */
  | { type: 'weighted'; dim: number; k: number[]; w: number[]; grid: number[] };

/** A k-point sampling: random-access batches of Cartesian k (Å⁻¹) with weights wₖ, Σₖ wₖF(k) ≈ ∫dᵈk/(2π)ᵈ F(k), rebuilt from a plain-data `spec`. */
export interface KSampling {
  readonly spec: KSamplingSpec;
  readonly dim: number;
  /** Number of k-points. */
  readonly size: number;
  /** The grid as reported in results (`[300, 300]`, `[NTHETA, NR]`). */
  readonly grid: number[];
  /** The k-points with indices [start, start + count) as one batch. */
  batch(start: number, count: number): KPointBatch;
}
