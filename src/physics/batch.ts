/**
 * Batch adapter for the integration layer: evaluates per-k responses (./responses.ts) over a
 * BandBatch and writes the sea / surface coefficients in the Integrand layout
 * out[(k·nb + n)·C + c] (src/observables/define.ts). One KGeometry per k is shared by all the
 * requested responses, so D_bR̃ etc. are computed once.
 */
import type { BandBatch } from '../backend/backend.js';
import { KGeometry, kpointFromBatch, type GeometryOptions } from './covariant.js';
import type { BandResolved, ResponseOptions } from './responses.js';

export type PerKFn = (g: KGeometry, beta: number, o?: ResponseOptions) => BandResolved;

export interface BatchRequest {
  fn: PerKFn;
  /** Field direction β. */
  beta: number;
  options?: ResponseOptions;
  /** Receives nk·nb·C sea coefficients (may be omitted). */
  sea?: Float64Array;
  /** Receives nk·nb·C surface coefficients (zeros if the response has none; may be omitted). */
  surface?: Float64Array;
}

/** Evaluates every request at every k of the batch. Returns the number of skipped degenerate pairs. */
export function evaluateBatch(b: BandBatch, requests: BatchRequest[], options: GeometryOptions = {}): number {
  let degenerate = 0;
  for (let ik = 0; ik < b.nk; ik++) {
    const g = new KGeometry(kpointFromBatch(b, ik), options);
    degenerate += g.degeneratePairs;
    for (const r of requests) {
      const out = r.fn(g, r.beta, { ...options, ...r.options });
      const len = out.sea.length; // nb·C
      if (r.sea) r.sea.set(out.sea, ik * len);
      if (r.surface) {
        if (out.surface) r.surface.set(out.surface, ik * len);
        else r.surface.fill(0, ik * len, (ik + 1) * len);
      }
    }
  }
  return degenerate;
}
