/**
 * compute(): model → k-batches → backend → band-resolved integrands → energy histograms → every
 * μ and T at once → results with units (docs/architecture.md B3, docs/physics.md).
 */
import type { Backend, BackendName } from '../backend/backend.js';
import { createBackend, type BackendChoice } from '../backend/select.js';
import { OrbitronicsError, type ErrorCode } from '../errors.js';
import { compileModel } from '../model/compile.js';
import type { CompiledModel, Model } from '../model/types.js';
import { validateModel } from '../model/validate.js';
import { batchSizeForBudget, checkIntegration } from '../limits.js';
import { DEFAULT_TB_GRID, monkhorstPack } from '../kspace/grid.js';
import { DEFAULT_KP_GRID, polarGrid } from '../kspace/polar.js';
import { symmetryPlan, type SymmetryOption, type SymmetryPlan } from '../symmetry/integrate.js';
import type { KSampling } from '../kspace/types.js';
import type { ObservableDef, ObservableParams } from '../observables/define.js';
import { OBSERVABLES, getObservable } from '../observables/registry.js';
import { ComputeResult, ObservableResult, type Convergence, type Diagnostics } from '../result.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { chunkCount, chunkSizeFor, channelsOf, createState, disposeState, runChunk, type JobSpec } from './engine.js';
import { DEFAULT_BINS_PER_KT, HistogramReader, Layout, MAX_FINE_BINS, Merger, binsPerKTOf, fineAxis, readDegenerateSamples, type HistogramPlan } from './histogram.js';
import { resolveOccupation } from './occupations.js';
import { acquirePool, workerOf, workersAvailable } from './pool.js';
import { decodeF64, encodeF64, type PartialResult } from './partial.js';

/** Progress of a `compute()` run, passed to `onProgress` between batches. */
export interface ComputeProgress {
  /** k-points done / total (of this run; a `converge` run reports each of its two grids). */
  done: number;
  total: number;
  fraction: number;
  chunksDone: number;
  chunks: number;
  /** 'grid' or 'fine-grid' (converge). */
  stage: string;
}

/** Shard `index` of `count` (1-based) of a job's chunks; see docs/cluster.md. */
export interface ShardSpec {
  /** 1-based shard number. */
  index: number;
  count: number;
}

/** Options of {@link compute}: model, observables, k-grid, μ and T, backend, threads, symmetry, sharding. */
export interface ComputeOptions {
  model: CompiledModel | Model;
  /** Observable ids (camelCase) or names (kebab-case). */
  observables: readonly string[];
  /** Tight-binding: Monkhorst–Pack divisions; k·p: [NTHETA, NR]. Default: DEFAULT_TB_GRID / DEFAULT_KP_GRID. */
  grid?: readonly number[];
  /**
   * An explicit k-sampling instead of `grid` (e.g. a weighted irreducible wedge from src/symmetry);
   * its weights must include 1/(2π)ᵈ. Not with `converge`.
   */
  sampling?: KSampling;
  /** Chemical potentials (eV): a list or an inclusive linear range. */
  mu: readonly number[] | { start: number; stop: number; n: number };
  /** Temperature(s) in K (0 allowed). A list gives values[T][mu][c]. */
  T: number | readonly number[];
  /** A backend instance or name (default 'auto'). Workers create their own instance of the same name. */
  backend?: Backend | BackendChoice;
  /**
   * Worker threads: Node worker_threads, Web Workers in browsers (dist/worker.browser.js, falling back to the calling thread
   * with one console notice when it cannot start). Default: the number of cores in Node, 1 in browsers; 1 = in the calling
   * thread. Results are bit-identical for any value; `result.diagnostics.threads` (not enumerable, not in toJSON) says how many ran.
   */
  threads?: number;
  /** k-points per backend call (default 1024). Does not change any result bit. */
  batchSize?: number;
  /** Called between batches and after every chunk. */
  onProgress?: (p: ComputeProgress) => void;
  signal?: AbortSignal;
  /** Also run a finer grid (×1.5 per axis) and report the relative change per observable; the result is the finer grid's. */
  converge?: boolean;
  /** Compute only shard I of N of the chunks: returns a partial result (merge with `mergePartials`). */
  shard?: ShardSpec | string;
  /** Parameters of field-driven observables (E direction, τ). */
  params?: ObservableParams;
  /** Degeneracy threshold (eV) for the pair sums. Default 1e-8. */
  degeneracyThreshold?: number;
  /** k_BT (eV) used for Fermi-surface (δ) weights at T = 0. Default 0.005 eV. */
  surfaceSmearing?: number;
  /** Fine energy bins per k_BT for T > 0 (default 32). */
  binsPerKT?: number;
  /**
   * Use the model's symmetries (src/symmetry, docs/symmetry.md): 'wedge' (= true) integrates the irreducible wedge of the
   * MP grid and symmetrises (same numbers as the full grid); 'check' marks forbidden components and warns. Not with `shard`.
   */
  symmetry?: SymmetryOption;
}

/** Default k-points per backend call (smaller for large models, to bound memory). */
export const DEFAULT_BATCH_SIZE = 1024;
/** Default k_BT (eV) of the Fermi-surface (δ) weights at T = 0. */
export const DEFAULT_SURFACE_SMEARING = 0.005;

const isCompiled = (m: CompiledModel | Model): m is CompiledModel => (m as CompiledModel).nterm !== undefined && (m as CompiledModel).termTo !== undefined;

/** μ list from a list or {start, stop, n} (inclusive). */
export function muList(mu: ComputeOptions['mu']): number[] {
  let out: number[];
  if (Array.isArray(mu)) out = (mu as readonly number[]).slice();
  else {
    const { start, stop, n } = (mu ?? {}) as { start: number; stop: number; n: number };
    if (!Number.isInteger(n) || n < 1) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. mu.n must be a positive integer. Value: \`${n}\`.`);
    out = n === 1 ? [start] : Array.from({ length: n }, (_, i) => start + ((stop - start) * i) / (n - 1));
  }
  if (out.length === 0 || !out.every(Number.isFinite)) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. mu must be finite numbers (eV). Value: \`${JSON.stringify(mu)}\`.`);
  return out;
}

function tList(T: number | readonly number[]): number[] {
  const out = Array.isArray(T) ? T.slice() : [T];
  if (out.length === 0 || !out.every((t) => Number.isFinite(t) && t >= 0)) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. T must be finite temperatures ≥ 0 (K). Value: \`${JSON.stringify(T)}\`.`);
  }
  return out;
}

/** Parses `I/N` (or checks a ShardSpec): 1 ≤ I ≤ N, else ARGUMENT_INVALID. */
export function parseShard(s: ShardSpec | string): ShardSpec {
  const m = typeof s === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s) : null;
  const sh = typeof s === 'string' ? (m ? { index: Number(m[1]), count: Number(m[2]) } : null) : s;
  if (!sh || !Number.isInteger(sh.index) || !Number.isInteger(sh.count) || sh.count < 1 || sh.index < 1 || sh.index > sh.count) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. shard must be I/N with 1 ≤ I ≤ N. Value: \`${JSON.stringify(s)}\`.`);
  }
  return sh;
}

/** Default number of worker threads: the number of cores. */
async function defaultThreads(): Promise<number> {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { hardwareConcurrency?: number } };
  if (g.process?.versions?.node) {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  // browsers: the worker script must be served next to the bundle, so threads are opt-in there
  return 1;
}

/**
 * An error that crossed the worker boundary. worker.ts marks an OrbitronicsError raised in a worker
 * (e.g. a missing τ) so that it keeps its code, `where` and hint here; anything else is WORKER_FAILED.
 */
function fromWorker(e: unknown): OrbitronicsError {
  if (e instanceof OrbitronicsError) return e;
  const o = e as { code?: unknown; message?: unknown; where?: unknown; hint?: unknown } | null;
  if (o && (o as { orbitronicsError?: unknown }).orbitronicsError === true && typeof o.code === 'string' && typeof o.message === 'string') {
    return new OrbitronicsError(o.code as ErrorCode, o.message, {
      where: typeof o.where === 'string' ? o.where : undefined,
      hint: typeof o.hint === 'string' ? o.hint : undefined,
    });
  }
  return new OrbitronicsError('WORKER_FAILED', `a worker failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`, {
    cause: e,
    hint: 'the details are in error.cause; threads: 1 runs in the calling thread',
  });
}

function aborted(): OrbitronicsError {
  return new OrbitronicsError('ABORTED', 'the computation was aborted.');
}

/**
 * Lets abort signals and progress callbacks run between batches. Node: setImmediate. Browsers: a
 * MessageChannel message (setTimeout(0) is clamped to ≥ 4 ms per call there).
 */
const yieldToEventLoop: () => Promise<void> = (() => {
  if (typeof setImmediate === 'function') return () => new Promise<void>((r) => setImmediate(r));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: Array<() => void> = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((r) => {
        waiting.push(r);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((r) => setTimeout(r, 0));
})();

interface Prepared {
  model: CompiledModel;
  defs: ObservableDef[];
  mu: number[];
  T: number[];
  scalarT: boolean;
  spec: JobSpec;
  layout: Layout;
  sampling: KSampling;
  backend: Backend;
  ownsBackend: boolean;
  notes: string[];
  fineIndex: Map<number, number>;
  smearIndex: number;
  sym?: SymmetryPlan | null;
}

let jobCounter = 0;

/** Offsets (in k_BT) around each μ where radial segments of k·p grids are split at T > 0. */
const T_SPLITS = [-30, -20, -12, -8, -5, -3, -1.5, 0, 1.5, 3, 5, 8, 12, 20, 30];

/**
 * Energies whose crossings split the radial segments of a k·p grid: every μ exactly (T = 0), and for
 * T > 0 the points μ + c·k_BT (c ∈ T_SPLITS), thinned to one per k_BT/2 so that dense μ lists stay cheap.
 */
export function splitEnergies(exact: number[], mu: number[], kTs: number[]): number[] {
  const gen: number[] = [];
  for (const kT of kTs) for (const m of mu) for (const c of T_SPLITS) gen.push(m + c * kT);
  if (gen.length === 0) return exact;
  const minGap = 0.5 * Math.min(...kTs);
  gen.sort((a, b) => a - b);
  const thinned: number[] = [];
  for (const e of gen) if (thinned.length === 0 || e - thinned[thinned.length - 1]! >= minGap) thinned.push(e);
  return [...exact, ...thinned];
}

async function prepare(opts: ComputeOptions, gridOverride?: number[], backendIn?: Backend): Promise<Prepared> {
  const model = isCompiled(opts.model) ? opts.model : compileModel(validateModel(opts.model));
  if (!opts.observables || opts.observables.length === 0) throw new OrbitronicsError('ARGUMENT_INVALID', 'invalid argument. Must provide at least one observable.');
  const defs = [...new Set(opts.observables.map((o) => getObservable(o)))];
  for (const d of defs) {
    if (!d.dims.includes(model.dim)) throw new OrbitronicsError('ARGUMENT_INVALID', `${d.name} is defined for ${d.dims.join('D, ')}D models, not ${model.dim}D.`);
  }
  const mu = muList(opts.mu);
  const T = tList(opts.T);
  const notes: string[] = [];
  // histogram plan
  const occs = defs.flatMap((d) => Object.values(d.terms).map((t) => resolveOccupation(t.occupation)));
  const hasZero = T.includes(0);
  const needsSmear = hasZero && occs.some((o) => o.delta);
  const binsPerKT = opts.binsPerKT ?? DEFAULT_BINS_PER_KT;
  if (!(Number.isFinite(binsPerKT) && binsPerKT >= 1)) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. binsPerKT must be a number ≥ 1. Value: \`${binsPerKT}\`.`);
  if (opts.surfaceSmearing !== undefined && !(Number.isFinite(opts.surfaceSmearing) && opts.surfaceSmearing > 0)) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. surfaceSmearing must be a positive energy (eV). Value: \`${opts.surfaceSmearing}\`.`);
  }
  const kTs = [...new Set(T.filter((t) => t > 0))].map((t) => BOLTZMANN_EV_K * t);
  const smear = opts.surfaceSmearing ?? DEFAULT_SURFACE_SMEARING;
  if (needsSmear) {
    kTs.push(smear);
    notes.push(`Fermi-surface weights at T = 0 use −∂f/∂ε with k_BT = ${smear} eV`);
  }
  const fine = kTs.map((kT) => fineAxis(kT, mu, binsPerKT));
  for (const f of fine) {
    const r = binsPerKTOf(f);
    if (r < 8) {
      notes.push(`k_BT = ${f.kT.toPrecision(3)} eV is resolved by only ${r.toFixed(2)} energy bins (cap ${MAX_FINE_BINS} bins for this μ list): T > 0 values are inaccurate; use fewer or more distant μ, or T = 0`);
    }
  }
  const fineIndex = new Map<number, number>();
  kTs.forEach((kT, i) => fineIndex.set(kT, i));
  const { integrands, needs } = channelsOf(defs, model.dim);
  void needs;
  const plan: HistogramPlan = {
    nb: model.nb,
    edges: hasZero ? [...new Set(mu)].sort((a, b) => a - b) : [],
    fine,
    channels: integrands.map((ig) => ({ key: ig.key, C: ig.components(model.dim) })),
  };
  const layout = new Layout(plan);
  // backend (main thread: polar-grid crossings and in-process chunks)
  let backend: Backend;
  let ownsBackend = false;
  if (backendIn) backend = backendIn;
  else if (opts.backend && typeof opts.backend === 'object') backend = opts.backend;
  else {
    backend = await createBackend((opts.backend as BackendChoice | undefined) ?? 'auto');
    ownsBackend = true;
  }
  // default: bounded memory per batch for large models (the batch size never changes a result bit)
  const batchSize = opts.batchSize ?? batchSizeForBudget(model.nb, model.dim, needs, DEFAULT_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. batchSize must be a positive integer. Value: \`${batchSize}\`.`);
  // sampling
  let sampling: KSampling;
  const grid: number[] = [...(gridOverride ?? opts.grid ?? (model.kind === 'kp' ? DEFAULT_KP_GRID[model.dim]! : DEFAULT_TB_GRID[model.dim]!))];
  if (Array.isArray(grid) && grid.every((n) => Number.isInteger(n) && n >= 1)) checkIntegration(grid, model.nb, mu.length, T.length); // LIMIT_EXCEEDED before any allocation
  if (opts.sampling) {
    if (opts.sampling.dim !== model.dim) throw new OrbitronicsError('GRID_INVALID', `the sampling is ${opts.sampling.dim}D but the model is ${model.dim}D.`);
    sampling = opts.sampling;
  } else if (model.kind === 'tight-binding') sampling = monkhorstPack(model, grid);
  else {
    const energies = (k: Float64Array, nk: number) => {
      const out = new Float64Array(nk * model.nb);
      for (let s = 0; s < nk; s += batchSize) {
        const n = Math.min(batchSize, nk - s);
        const bb = backend.evaluate(model, { nk: n, k: k.subarray(3 * s, 3 * (s + n)) }, {});
        out.set(bb.energies.subarray(0, n * model.nb), s * model.nb);
      }
      return out;
    };
    sampling = polarGrid(model, energies, { grid: model.dim === 1 ? [1, grid[grid.length - 1]!] : grid, mu: splitEnergies(hasZero ? mu : [], mu, kTs) });
  }
  const sym = opts.symmetry ? symmetryPlan(model, defs, opts.params ?? {}, sampling, opts.symmetry, backend, opts.degeneracyThreshold) : null;
  if (sym?.sampling) sampling = sym.sampling;
  const spec: JobSpec = {
    id: `job-${Date.now()}-${++jobCounter}-${Math.random().toString(36).slice(2)}`,
    model: model.source,
    sampling: sampling.spec,
    plan,
    observables: defs.map((d) => d.id),
    params: opts.params ?? {},
    backend: backend.name as BackendName,
    batchSize,
    chunkSize: chunkSizeFor(sampling.size),
    degeneracyThreshold: opts.degeneracyThreshold,
  };
  return { model, defs, mu, T, scalarT: !Array.isArray(opts.T), spec, layout, sampling, backend, ownsBackend, notes, fineIndex, smearIndex: needsSmear ? kTs.length - 1 : -1, sym };
}

/**
 * Runs the chunks [c0, c1) and returns each chunk's partial sums through `sink` in chunk order.
 * Returns how many threads computed chunks (1: the calling thread).
 */
async function runChunks(p: Prepared, opts: ComputeOptions, c0: number, c1: number, stage: string, sink: (chunk: number, data: Float64Array) => void): Promise<number> {
  const total = p.sampling.size;
  const chunks = chunkCount(p.spec, total);
  const signal = opts.signal;
  if (signal?.aborted) throw aborted();
  let threads = opts.threads ?? (await defaultThreads());
  if (!Number.isInteger(threads) || threads < 1) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. threads must be a positive integer. Value: \`${threads}\`.`);
  threads = Math.min(threads, c1 - c0);
  // observables registered at run time exist only in this thread's registry
  if (p.defs.some((d) => !OBSERVABLES.includes(d))) threads = 1;
  const report = (chunksDone: number, done: number) =>
    opts.onProgress?.({ done, total: (c1 - c0) === chunks ? total : Math.min(total, (c1 - c0) * p.spec.chunkSize), fraction: chunksDone / (c1 - c0), chunksDone, chunks: c1 - c0, stage });
  let doneK = 0;
  let pool: Awaited<ReturnType<typeof acquirePool>> = null;
  if (threads > 1 && workersAvailable()) {
    try {
      pool = await acquirePool(threads); // null: browser workers unavailable (notice printed), compute here
    } catch (e) {
      throw new OrbitronicsError('WORKER_FAILED', `cannot start worker threads: ${(e as Error).message}`, { cause: e, hint: 'use threads: 1' });
    }
  }
  if (!pool) {
    const state = await createState(p.spec, p.backend, p.model);
    for (let c = c0; c < c1; c++) {
      const data = await runChunk(state, c, async (d) => {
        if (d > 0) {
          await yieldToEventLoop();
          if (signal?.aborted) throw aborted();
          opts.onProgress?.({ done: doneK + d, total, fraction: (doneK + d) / total, chunksDone: c - c0, chunks: c1 - c0, stage });
        }
        if (signal?.aborted) throw aborted();
      });
      doneK += data[p.layout.countersOff]!;
      sink(c, data);
      report(c - c0 + 1, doneK);
      await yieldToEventLoop();
      if (signal?.aborted) throw aborted();
    }
    return 1;
  }
  const used = new Set<number>(); // browser workers name themselves; Node pools have `threads` workers, all given a chunk
  const pending = new Map<number, Float64Array>();
  let next = c0;
  let onAbort: (() => void) | undefined;
  let ok = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      onAbort = () => {
        failed = true;
        reject(aborted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      for (let c = c0; c < c1; c++) {
        pool!
          .run(p.spec, c)
          .then((data) => {
            if (failed) return;
            const w = workerOf(data);
            if (w !== undefined) used.add(w);
            pending.set(c, data);
            while (pending.has(next)) {
              const d = pending.get(next)!;
              pending.delete(next);
              doneK += d[p.layout.countersOff]!;
              sink(next, d);
              next++;
              report(next - c0, doneK);
            }
            if (next === c1) resolve();
          })
          .catch((e: unknown) => {
            if (failed) return;
            failed = true;
            reject(fromWorker(e));
          });
      }
    });
    ok = true;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // aborted or failed: the workers may still be busy, so they go; otherwise keep them for the next job
    if (ok) pool.release();
    else await pool.discard();
  }
  return used.size || threads;
}

/** Turns merged partial sums into results with units. */
function finalize(p: Pick<Prepared, 'model' | 'defs' | 'mu' | 'T' | 'scalarT' | 'layout' | 'fineIndex' | 'smearIndex' | 'notes'>, data: Float64Array, backendName: string, grid: number[], params: ObservableParams): ComputeResult {
  const { model, defs, mu, T, layout } = p;
  const edges = layout.plan.edges;
  const edgeIdx = new Map<number, number>();
  edges.forEach((m, i) => edgeIdx.set(m, i));
  const channelIndex = new Map(layout.plan.channels.map((c, i) => [c.key, i]));
  const results: Record<string, ObservableResult> = {};
  for (const d of defs) {
    const comps = d.components(model.dim);
    const nc = comps.length;
    const u = d.unit(model, params);
    const termNames = Object.keys(d.terms);
    const parts: Record<string, Float64Array> = {};
    const total = new Float64Array(T.length * mu.length * nc);
    for (const tn of termNames) {
      const term = d.terms[tn]!;
      const occ = resolveOccupation(term.occupation);
      const ch = channelIndex.get(term.integrand.key)!;
      const arr = new Float64Array(T.length * mu.length * nc);
      for (let c = 0; c < nc; c++) {
        const reader = new HistogramReader(layout, data, layout.block(ch, c));
        for (let t = 0; t < T.length; t++)
          for (let i = 0; i < mu.length; i++) {
            let v: number;
            if (T[t]! > 0) v = reader.finiteT(p.fineIndex.get(BOLTZMANN_EV_K * T[t]!)!, mu[i]!, occ);
            else if (occ.delta) v = reader.finiteT(p.smearIndex, mu[i]!, occ);
            else v = reader.zeroT(edgeIdx.get(mu[i]!)!, occ);
            arr[(t * mu.length + i) * nc + c] = u.factor * v;
          }
      }
      if (term.inTotal !== false) for (let j = 0; j < arr.length; j++) total[j]! += arr[j]!;
      if (termNames.length > 1) parts[tn] = arr;
    }
    let bands: number[][] | undefined;
    if (d.bands) {
      const ch = channelIndex.get(d.terms[d.bands.term]!.integrand.key)!;
      bands = Array.from({ length: model.nb }, (_, n) =>
        Array.from({ length: nc }, (_, c) => u.factor * new HistogramReader(layout, data, layout.block(ch, c)).bandTotal(n)));
    }
    results[d.name] = new ObservableResult(d.id, d.name, u.unit, comps, mu, T, p.scalarT, total, parts, u.conversions ?? {}, bands);
  }
  const diagnostics: Diagnostics = {
    degenerateKpoints: data[layout.countersOff + 1]!,
    kpoints: data[layout.countersOff]!,
  };
  if (layout.plan.fine.length > 0) diagnostics.binsPerKT = layout.plan.fine.map(binsPerKTOf);
  if (p.notes.length) diagnostics.notes = [...p.notes];
  return new ComputeResult({ name: model.name, dim: model.dim, bands: model.nb }, backendName, grid, p.scalarT ? T[0]! : T, mu, results, diagnostics);
}

async function runFull(opts: ComputeOptions, grid: number[] | undefined, stage: string, backendIn?: Backend): Promise<{ result: ComputeResult; backend: Backend; owns: boolean }> {
  const p = await prepare(opts, grid, backendIn);
  try {
    const merger = new Merger(p.layout.length);
    const chunks = chunkCount(p.spec, p.sampling.size);
    const samples: number[][] = [];
    const threads = await runChunks(p, opts, 0, chunks, stage, (_c, d) => {
      merger.add(d);
      collectSamples(p.layout, d, samples);
    });
    const result = finalize(p, merger.value(), p.spec.backend, p.sampling.grid, p.spec.params);
    attachSamples(result, p.model, samples);
    const out = p.sym ? p.sym.finish(result) : result;
    // run-time information, not part of the document (which is bit-identical for any thread count)
    Object.defineProperty(out.diagnostics, 'threads', { value: threads, enumerable: false, configurable: true, writable: true });
    return { result: out, backend: p.backend, owns: p.ownsBackend };
  } catch (e) {
    if (p.ownsBackend) p.backend.dispose();
    throw e;
  }
}

function finerGrid(g: number[]): number[] {
  return g.map((n) => Math.ceil(n * 1.5));
}

/** Relative change max|a − b| / max|b| over every value of an observable. */
function relChange(a: ObservableResult, b: ObservableResult): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.data.length; i++) {
    num = Math.max(num, Math.abs(a.data[i]! - b.data[i]!));
    den = Math.max(den, Math.abs(b.data[i]!));
  }
  return den === 0 ? num : num / den;
}

/**
 * Brillouin-zone integrated observables for many μ and T in one pass over k.
 *
 * @example
 * const r = await compute({ model, observables: ['ahc', 'orbital-magnetization'], grid: [300, 300],
 *                           mu: { start: -1, stop: 1, n: 701 }, T: 0 });
 * r.get('ahc').values; // [mu][component] in S
 */
export async function compute(opts: ComputeOptions & { shard: ShardSpec | string }): Promise<PartialResult>;
export async function compute(opts: ComputeOptions): Promise<ComputeResult>;
export async function compute(opts: ComputeOptions): Promise<ComputeResult | PartialResult> {
  if (opts.shard !== undefined) return computePartial(opts);
  if (opts.converge && opts.sampling) throw new OrbitronicsError('ARGUMENT_INVALID', 'converge needs a grid, not an explicit sampling.');
  if (!opts.converge) {
    const { result, backend, owns } = await runFull(opts, undefined, 'grid');
    if (owns) backend.dispose();
    return result;
  }
  const first = await runFull(opts, undefined, 'grid');
  try {
    const fineG = finerGrid(first.result.grid);
    const second = await runFull(opts, fineG, 'fine-grid', first.backend);
    const conv: Convergence = { grid: first.result.grid, fineGrid: second.result.grid, relativeChange: {} };
    for (const [name, r] of Object.entries(second.result.results)) conv.relativeChange[name] = relChange(first.result.results[name]!, r);
    const r = second.result;
    return new ComputeResult(r.model, r.backend, r.grid, r.T, r.mu, r.results, r.diagnostics, conv);
  } finally {
    if (first.owns) first.backend.dispose();
  }
}

/** Shard I of N: the raw per-chunk partial sums of its contiguous range of chunks. */
export async function computePartial(opts: ComputeOptions): Promise<PartialResult> {
  const shard = parseShard(opts.shard!);
  if (opts.converge) throw new OrbitronicsError('ARGUMENT_INVALID', 'converge and shard cannot be combined.');
  if (opts.symmetry) throw new OrbitronicsError('ARGUMENT_INVALID', 'symmetry and shard cannot be combined.');
  const p = await prepare(opts);
  try {
    const chunks = chunkCount(p.spec, p.sampling.size);
    const c0 = Math.floor(((shard.index - 1) * chunks) / shard.count);
    const c1 = Math.floor((shard.index * chunks) / shard.count);
    const out: PartialResult['partials'] = [];
    await runChunks(p, opts, c0, c1, 'grid', (c, d) => out.push({ index: c, data: encodeF64(d) }));
    return {
      format: 'orbitronics-partial/1',
      shard: { index: shard.index, count: shard.count },
      chunks: chunks,
      job: {
        model: p.model.source,
        observables: p.spec.observables,
        mu: p.mu,
        T: p.scalarT ? p.T[0]! : p.T,
        grid: p.sampling.grid,
        sampling: specHash(p.spec.sampling),
        backend: p.spec.backend,
        params: p.spec.params,
        plan: p.spec.plan,
        notes: p.notes,
        smearIndex: p.smearIndex,
      },
      partials: out,
    };
  } finally {
    if (p.ownsBackend) p.backend.dispose();
  }
}

/** FNV-1a hash of a sampling description (shards must integrate the same k-points). */
function specHash(spec: unknown): string {
  const text = JSON.stringify(spec);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length}-${h.toString(16)}`;
}

/** Merges the partial results of all N shards (any order) into the result an unsharded run gives, bit for bit. */
export function mergePartials(parts: PartialResult[]): ComputeResult {
  if (parts.length === 0) throw new OrbitronicsError('ARGUMENT_INVALID', 'invalid argument. Must provide at least one partial result.');
  for (const q of parts) {
    if (!q || q.format !== 'orbitronics-partial/1') throw new OrbitronicsError('ARGUMENT_INVALID', 'not an orbitronics-partial/1 document.');
  }
  parts.forEach(checkPartialShape);
  const ref = parts[0]!;
  const key = JSON.stringify(ref.job);
  for (const q of parts) {
    if (JSON.stringify(q.job) !== key || q.chunks !== ref.chunks) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `partial results of different jobs cannot be merged (shard ${q.shard.index}/${q.shard.count}).`);
    }
  }
  const byChunk = new Map<number, string>();
  for (const q of parts) for (const c of q.partials) {
    if (byChunk.has(c.index)) throw new OrbitronicsError('ARGUMENT_INVALID', `chunk ${c.index} appears in two partial results.`);
    byChunk.set(c.index, c.data);
  }
  const missing: number[] = [];
  for (let c = 0; c < ref.chunks; c++) if (!byChunk.has(c)) missing.push(c);
  if (missing.length) throw new OrbitronicsError('ARGUMENT_INVALID', `missing chunks ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}: merge needs every shard.`);
  const job = ref.job;
  const model = compileModel(validateModel(job.model)); // a partial is user input: MODEL_* errors, not a TypeError
  try {
  const layout = new Layout(job.plan);
  const decoded = Array.from({ length: ref.chunks }, (_, c) => decodeF64(byChunk.get(c)!));
  // before the merge buffers are allocated: every chunk must have the job's layout
  if (!decoded.every((d) => d.length === layout.length)) throw new OrbitronicsError('ARGUMENT_INVALID', `malformed partial result: chunk data do not match the job's layout (${layout.length} numbers).`);
  const merger = new Merger(layout.length);
  for (let c = 0; c < ref.chunks; c++) merger.add(decoded[c]!);
  const T = Array.isArray(job.T) ? job.T : [job.T];
  const kTs = job.plan.fine.map((f) => f.kT);
  const fineIndex = new Map<number, number>();
  kTs.forEach((kT, i) => fineIndex.set(kT, i));
  const samples: number[][] = [];
  for (let c = 0; c < ref.chunks; c++) collectSamples(layout, decoded[c]!, samples);
  const result = finalize(
    { model, defs: job.observables.map(getObservable), mu: job.mu, T, scalarT: !Array.isArray(job.T), layout, fineIndex, smearIndex: job.smearIndex, notes: job.notes },
    merger.value(), job.backend, job.grid, job.params);
  attachSamples(result, model, samples);
  return result;
  } catch (e) {
    if (e instanceof OrbitronicsError) throw e;
    throw new OrbitronicsError('ARGUMENT_INVALID', `malformed partial result: ${(e as Error)?.message ?? String(e)}.`, { cause: e, hint: 'merge reads the files written by compute --shard I/N --out DIR, unchanged' });
  }
}

/** Shape of one orbitronics-partial/1 document (user input to merge): ARGUMENT_INVALID instead of a TypeError. */
function checkPartialShape(q: PartialResult, i: number): void {
  const bad = (what: string): never => {
    throw new OrbitronicsError('ARGUMENT_INVALID', `partial result ${i + 1}: ${what}.`, { hint: 'merge reads the files written by compute --shard I/N --out DIR, unchanged' });
  };
  if (!q.shard || typeof q.shard !== 'object' || !Number.isInteger(q.shard.index) || !Number.isInteger(q.shard.count)) bad('"shard" must be { index, count }');
  if (!Number.isInteger(q.chunks) || q.chunks < 1 || q.chunks > 1_000_000) bad('"chunks" must be a positive integer');
  const j = q.job as Partial<PartialResult['job']> | undefined;
  if (!j || typeof j !== 'object' || !j.plan || typeof j.plan !== 'object' || !Array.isArray(j.observables) || !Array.isArray(j.mu) || !Array.isArray(j.plan.fine) || !Array.isArray(j.plan.edges) || !Array.isArray(j.plan.channels)) bad('"job" is missing or incomplete');
  if (!Array.isArray(q.partials) || !q.partials.every((c) => c && typeof c === 'object' && Number.isInteger(c.index) && c.index >= 0 && c.index < q.chunks && typeof c.data === 'string')) {
    bad('"partials" must be [{ index, data }] with 0 ≤ index < chunks');
  }
}

/** At most this many degenerate k-points are listed in the diagnostics (the first ones in grid order). */
export const MAX_DEGENERATE_SAMPLES = 8;

function collectSamples(layout: Layout, chunk: Float64Array, out: number[][]): void {
  for (const k of readDegenerateSamples(layout, chunk)) if (out.length < MAX_DEGENERATE_SAMPLES) out.push(k);
}

/** diagnostics.degenerateSamples: where band pairs were degenerate — k in Å⁻¹ and, for tight-binding models, in reduced coordinates. */
function attachSamples(result: ComputeResult, model: CompiledModel, samples: number[][]): void {
  if (!result.diagnostics.degenerateKpoints) return;
  result.diagnostics.degenerateSamples = samples.map((k) => {
    const s: { k: number[]; reduced?: number[] } = { k: k.slice(0, model.dim) };
    if (model.kind === 'tight-binding') {
      const a = model.lattice;
      s.reduced = Array.from({ length: model.dim }, (_, i) => (k[0]! * a[3 * i]! + k[1]! * a[3 * i + 1]! + k[2]! * a[3 * i + 2]!) / (2 * Math.PI));
    }
    return s;
  });
}
