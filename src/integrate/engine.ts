/**
 * The integration engine (docs/architecture.md B3): a job is a plain-data `JobSpec` (model,
 * sampling, histogram plan, observables, backend name); the k-points are cut into a fixed list of
 * chunks that depends only on the number of k-points; each chunk is accumulated from zero
 * (`runChunk`) in the main thread or in a worker, and chunks are merged in chunk order.
 * Hence the bits of every result are independent of the number of threads, the batch size and sharding.
 */
import type { Backend, BackendName, BandBatch, Needs } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { compileModel } from '../model/compile.js';
import type { CompiledModel, Model } from '../model/types.js';
import { fromSpec } from '../kspace/grid.js';
import type { KSampling, KSamplingSpec } from '../kspace/types.js';
import type { Integrand, ObservableDef, ObservableParams } from '../observables/define.js';
import { getObservable } from '../observables/registry.js';
import { ChunkAccumulator, Layout, type HistogramPlan } from './histogram.js';

export interface JobSpec {
  /** Identifies the job (worker-side cache key). */
  id: string;
  model: Model;
  sampling: KSamplingSpec;
  plan: HistogramPlan;
  observables: string[];
  params: ObservableParams;
  backend: BackendName;
  batchSize: number;
  chunkSize: number;
  degeneracyThreshold?: number;
}

/** Fixed chunk size: a function of the number of k-points only (never of threads or shards). */
export function chunkSizeFor(nk: number): number {
  return Math.max(16384, Math.ceil(nk / 64));
}

/** The integrand channels of a set of observables (deduplicated by key) and their union of needs. */
export function channelsOf(defs: ObservableDef[], dim: number): { integrands: Integrand[]; needs: Needs; index: Map<string, number> } {
  const integrands: Integrand[] = [];
  const index = new Map<string, number>();
  const needs: Needs = {};
  for (const d of defs) {
    for (const k of Object.keys(d.needs) as Array<keyof Needs>) if (d.needs[k]) needs[k] = true;
    for (const t of Object.values(d.terms)) {
      if (!index.has(t.integrand.key)) {
        index.set(t.integrand.key, integrands.length);
        integrands.push(t.integrand);
      }
    }
  }
  void dim;
  return { integrands, needs, index };
}

export interface EngineState {
  spec: JobSpec;
  model: CompiledModel;
  sampling: KSampling;
  backend: Backend;
  layout: Layout;
  integrands: Integrand[];
  needs: Needs;
  ownsBackend: boolean;
  /** Reused between chunks (reset before each). */
  accumulator?: ChunkAccumulator;
}

export async function createState(spec: JobSpec, backend?: Backend, compiled?: CompiledModel): Promise<EngineState> {
  const model = compiled ?? compileModel(spec.model);
  const defs = spec.observables.map(getObservable);
  const { integrands, needs } = channelsOf(defs, model.dim);
  return {
    spec,
    model,
    sampling: fromSpec(spec.sampling),
    backend: backend ?? (await createBackend(spec.backend)),
    layout: new Layout(spec.plan),
    integrands,
    needs,
    ownsBackend: !backend,
  };
}

export function chunkCount(spec: Pick<JobSpec, 'chunkSize'>, size: number): number {
  return Math.max(1, Math.ceil(size / spec.chunkSize));
}

/**
 * Accumulates chunk `index` from zero. `beforeBatch` is called before every batch (progress, abort).
 * Returns the collapsed partial sums (layout of `state.layout`).
 */
export async function runChunk(state: EngineState, index: number, beforeBatch?: (done: number) => void | Promise<void>): Promise<Float64Array> {
  const { spec, sampling, backend, model, layout, integrands, needs } = state;
  const acc = state.accumulator ?? (state.accumulator = new ChunkAccumulator(layout));
  acc.reset();
  const start = index * spec.chunkSize;
  const end = Math.min(sampling.size, start + spec.chunkSize);
  const nb = model.nb;
  // backend + threshold: integrands with a per-k primitive (Backend.responses, src/physics/batch.ts) use them
  const ctx = { model, params: spec.params, backend, degeneracyThreshold: spec.degeneracyThreshold };
  const scratch = new Map<number, Float64Array>();
  for (let s = start; s < end; s += spec.batchSize) {
    if (beforeBatch) await beforeBatch(s - start);
    const kb = sampling.batch(s, Math.min(spec.batchSize, end - s));
    const bb: BandBatch = backend.evaluate(model, kb, needs, { degeneracyThreshold: spec.degeneracyThreshold });
    acc.locate(bb.energies, kb.nk * nb);
    for (let ch = 0; ch < integrands.length; ch++) {
      const ig = integrands[ch]!;
      const C = ig.components(model.dim);
      const len = kb.nk * nb * C;
      let buf = scratch.get(ch);
      if (!buf || buf.length < len) scratch.set(ch, (buf = new Float64Array(len)));
      const r = ig.evaluate(bb, buf, ctx);
      acc.add(ch, r ?? buf, C, kb.w, kb.nk, nb);
    }
    let deg = 0;
    for (let i = 0; i < kb.nk; i++)
      if (bb.degeneratePairs[i]! > 0) {
        deg++;
        acc.sampleDegenerate(kb.k, i);
      }
    acc.count(kb.nk, deg);
  }
  return acc.collapse();
}

export function disposeState(state: EngineState): void {
  if (state.ownsBackend) state.backend.dispose();
}
