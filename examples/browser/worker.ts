/// <reference lib="webworker" />
/**
 * The page's module worker: owns the backend (createBackend('auto') → WASM SIMD where the engine
 * validates it) and answers compute requests with plain data (values and Vega-Lite specs).
 */
import { BUILTIN_MODELS, OBSERVABLES, VERSION, createBackend, serializeModel, buildBuiltin, type Backend } from 'orbitronics';
import { SETTINGS, computeView, errorInfo, hasObservable, modelOf, sweepObservables, type ModelSource, type ViewOptions } from './view';

export type WorkerRequest =
  | { type: 'compute'; seq: number; source: ModelSource; options?: ViewOptions }
  | { type: 'to-json'; seq: number; name: string; params: Record<string, number | null> };

const ctx = self as unknown as DedicatedWorkerGlobalScope;
let backend: Backend | null = null;

async function start(): Promise<void> {
  try {
    backend = await createBackend('auto');
    ctx.postMessage({
      type: 'ready',
      version: VERSION,
      backend: backend.name,
      settings: SETTINGS,
      observables: OBSERVABLES.map((o) => o.name),
      sweepObservables: sweepObservables(),
      chiInt: hasObservable('chi-int'),
      builtins: Object.values(BUILTIN_MODELS).map((b) => ({ name: b.name, description: b.description, source: b.source, params: b.params })),
    });
  } catch (e) {
    ctx.postMessage({ type: 'fatal', error: errorInfo(e) });
  }
}

const ready = start();

ctx.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  await ready;
  const req = ev.data;
  if (!backend) return;
  if (req.type === 'to-json') {
    try {
      ctx.postMessage({ type: 'json', seq: req.seq, text: serializeModel(buildBuiltin(req.name, req.params)) });
    } catch (e) {
      ctx.postMessage({ type: 'error', seq: req.seq, error: errorInfo(e) });
    }
    return;
  }
  try {
    const model = modelOf(req.source);
    const view = await computeView(model, backend, req.options ?? {});
    ctx.postMessage({ type: 'result', seq: req.seq, view });
  } catch (e) {
    ctx.postMessage({ type: 'error', seq: req.seq, source: req.source.kind, error: errorInfo(e) });
  }
};
