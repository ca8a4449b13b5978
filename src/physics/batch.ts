/**
 * Batch adapter for the integration layer: evaluates per-k responses (./responses.ts) over a
 * BandBatch and writes the sea / surface coefficients in the Integrand layout
 * out[(k·nb + n)·C + c] (src/observables/define.ts). One KGeometry per k is shared by all the
 * requested responses, so D_bR̃ etc. are computed once.
 *
 * Also the TS reference of the Backend.responses primitive (`responsesReference`) and the dispatch
 * `evaluateResponses` the observables call (backend primitive when present: WASM runs the O(N³)
 * covariant derivatives in assembly/xi.ts).
 */
import {
  RESPONSE_KINDS,
  responseComponents,
  responseNeedsHessian,
  responseNeedsSpin,
  responseNeedsTau,
  responseOnly2D,
  type Backend,
  type BandBatch,
  type ResponseKind,
  type ResponseRequest,
} from '../backend/backend.js';
import type { CompiledModel } from '../model/types.js';
import { KGeometry, kpointFromBatch, type GeometryOptions } from './covariant.js';
import {
  dipole,
  fTensor004,
  lambda003Parts,
  omeExtrinsic,
  omeIntrinsic,
  orbitalEdelstein,
  spinBerryCurvature,
  spinEdelstein,
  torqueEq1,
  torqueXi,
  torqueXiByParts,
  type BandResolved,
  type ResponseOptions,
} from './responses.js';

/** A per-k response function of ./responses.ts: band-resolved coefficients for field direction `beta`. */
export type PerKFn = (g: KGeometry, beta: number, o?: ResponseOptions) => BandResolved;

/** One response of `evaluateBatch`: the per-k function, the field direction and where its sea / surface coefficients go. */
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

// ----------------------------------------------------------------------------------------------
// The Backend.responses primitive (src/backend/backend.ts): the TS reference, and the dispatch the
// observables use (backend primitive when present, else this reference).

/** What an integrand may receive beyond IntegrandContext (src/integrate/engine.ts sets it). */
export interface ResponseContext {
  model: CompiledModel;
  /** The backend that produced the batch; its `responses` is used when present. */
  backend?: Backend;
  /** Degeneracy threshold of the job (eV); default 1e-8. */
  degeneracyThreshold?: number;
}

function checkRequests(b: BandBatch, requests: ResponseRequest[], spin?: Float64Array | null): void {
  for (const r of requests) {
    if (!RESPONSE_KINDS.includes(r.kind)) throw new Error(`responses: unknown kind ${String(r.kind)}`);
    if (!(Number.isInteger(r.beta) && r.beta >= 0 && r.beta < b.dim)) throw new Error(`responses: field direction ${r.beta} outside 0…${b.dim - 1}`);
    if (responseOnly2D(r.kind) && b.dim !== 2) throw new Error(`${r.kind.startsWith('lambda') ? 'lambda003' : 'fTensor004'}: defined for 2D models (paper 003/004 z-component)`);
    if (responseNeedsTau(r.kind) && !(typeof r.tau === 'number' && Number.isFinite(r.tau))) throw new Error(`responses: ${r.kind} needs the relaxation time (request.tau, s)`);
    if (responseNeedsSpin(r.kind)) {
      if (!b.eigenvectors) throw new Error('spin responses need the eigenvectors (Needs.eigenvectors)');
      if (spin !== undefined && !spin) throw new Error(`responses: ${r.kind} needs the model's spin matrices (CompiledModel.spin)`);
    }
    if (!b.velocity) throw new Error('responses: the batch has no velocity matrices (Needs.velocity)');
    if (responseNeedsHessian(r.kind) && !b.hessian) throw new Error('KGeometry: this quantity needs the Hessian ∂_a∂_bH (Needs.hessian)');
    const len = b.nk * b.nb * responseComponents(r.kind, b.dim);
    if (r.out.length < len) throw new Error(`responses: output for ${r.kind} holds ${r.out.length} numbers, needs ${len}`);
  }
}

/**
 * TS reference of Backend.responses: one KGeometry per k (src/physics/covariant.ts) and the
 * functions of ./responses.ts, each evaluated once per k and field direction.
 */
export function responsesReference(b: BandBatch, requests: ResponseRequest[], options: GeometryOptions & { spin?: Float64Array | null } = {}): void {
  checkRequests(b, requests, requests.some((r) => responseNeedsSpin(r.kind)) ? (options.spin ?? null) : undefined);
  const spin = options.spin ?? null;
  const { nb, dim } = b;
  const betas = [...new Set(requests.map((r) => r.beta))];
  for (let ik = 0; ik < b.nk; ik++) {
    const g = new KGeometry(kpointFromBatch(b, ik), options);
    for (const beta of betas) {
      const mine = requests.filter((r) => r.beta === beta);
      const has = (p: string) => mine.some((r) => r.kind.startsWith(p));
      const ome = mine.some((r) => r.kind.startsWith('ome') && r.kind !== 'omeExtrinsic') ? omeIntrinsic(g, beta) : null;
      const lam = has('lambda') ? lambda003Parts(g, beta) : null;
      const dip = has('dipole') ? dipole(g, beta).sea : null;
      const txi = has('torqueXiS') ? torqueXi(g, beta) : null;
      for (const r of mine) {
        let x: Float64Array;
        switch (r.kind) {
          case 'dipole': x = dip!; break;
          case 'omeD': x = ome!.parts.d; break;
          case 'omeIC': x = ome!.parts.ic; break;
          case 'omeLC': x = ome!.parts.lc; break;
          case 'omeLC3': x = ome!.parts.lc3; break;
          case 'omeTotal': x = ome!.total; break;
          case 'omePaperReading': x = ome!.paperReading; break;
          case 'lambdaMoment': x = lam!.moment; break;
          case 'lambdaMetric': x = lam!.metric; break;
          case 'lambdaMetricAlong': x = lam!.metricAlong; break;
          case 'torqueEq1': x = torqueEq1(g, beta).sea; break;
          case 'torqueXiByParts': x = torqueXiByParts(g, beta).sea; break;
          case 'torqueXiSea': x = txi!.sea; break;
          case 'torqueXiSurface': x = txi!.surface!; break;
          case 'omeExtrinsic': x = omeExtrinsic(g, beta, { tau: r.tau, physical: true }).surface!; break;
          case 'orbitalEdelstein': x = orbitalEdelstein(g, beta, { tau: r.tau }).surface!; break;
          case 'spinEdelstein': x = spinEdelstein(g, beta, { tau: r.tau, spin }).surface!; break;
          case 'spinBerryCurvature': x = spinBerryCurvature(g, beta, { spin }).sea; break;
          case 'fTensorLiteral': x = fTensor004(g, beta, { reading: 'literal' }).sea; break;
          case 'fTensorHermitian': x = fTensor004(g, beta, { reading: 'hermitian' }).sea; break;
        }
        r.out.set(x, ik * nb * responseComponents(r.kind, dim));
      }
    }
  }
}

/**
 * Fills the requests for a batch: with `ctx.backend.responses` when the backend has it (WASM: the
 * O(N³) work in the kernel), else with the TS reference. The threshold is ctx.degeneracyThreshold.
 */
export function evaluateResponses(b: BandBatch, requests: ResponseRequest[], ctx: Partial<ResponseContext> = {}): void {
  const degeneracyThreshold = ctx.degeneracyThreshold;
  const spin = ctx.model?.spin ?? null;
  // the ts backend's primitive is this reference; called here directly so that it gets the model's spin matrices
  if (ctx.backend?.responses && ctx.model && ctx.backend.name !== 'ts') {
    checkRequests(b, requests, requests.some((r) => responseNeedsSpin(r.kind)) ? spin : undefined);
    ctx.backend.responses(ctx.model, b, requests, { degeneracyThreshold });
  } else responsesReference(b, requests, { degeneracyThreshold, spin });
}

/** Fresh [k][band][component] arrays for `kinds` at field direction β, filled by evaluateResponses (τ in s for the kinds ∝ τ). */
export function responseArrays(b: BandBatch, kinds: readonly ResponseKind[], beta: number, ctx: Partial<ResponseContext> = {}, tau?: number): Float64Array[] {
  const requests = kinds.map((kind) => ({ kind, beta, tau, out: new Float64Array(b.nk * b.nb * responseComponents(kind, b.dim)) }));
  evaluateResponses(b, requests, ctx);
  return requests.map((r) => r.out);
}
