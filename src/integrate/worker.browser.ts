/**
 * Browser worker entry (built by tsup as dist/worker.browser.js: one self-contained ES module with
 * workerpool's worker side, the engine and the inlined .wasm bytes, no imports). pool.ts starts it
 * as a module Web Worker with `new URL('./worker.browser.js', import.meta.url)`. Like worker.ts it
 * runs chunks of a JobSpec with its own backend instance (kept across jobs); each answer also names
 * the worker (a random id), so that compute() can report how many workers actually ran chunks.
 */
import workerpool from 'workerpool';
import type { Backend } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { OrbitronicsError } from '../errors.js';
import { createState, runChunk, type EngineState, type JobSpec } from './engine.js';

/** What `run` answers: the chunk's partial sums (transferred, not copied) and this worker's id. */
export interface BrowserChunkAnswer {
  data: Float64Array;
  worker: number;
}

const WORKER_ID = Math.floor(Math.random() * 2 ** 48);
let current: { id: string; state: Promise<EngineState> } | null = null;
const backends = new Map<string, Promise<Backend>>();

async function run(spec: JobSpec, chunk: number): Promise<unknown> {
  if (!current || current.id !== spec.id) {
    let be = backends.get(spec.backend);
    if (!be) backends.set(spec.backend, (be = createBackend(spec.backend)));
    current = { id: spec.id, state: be.then((b) => createState(spec, b)) };
  }
  try {
    const state = await current.state;
    const out = await runChunk(state, chunk);
    const answer: BrowserChunkAnswer = { data: out, worker: WORKER_ID };
    return new workerpool.Transfer(answer, [out.buffer]);
  } catch (e) {
    // as in worker.ts: errors cross as JSON, so an OrbitronicsError keeps code, where and hint as own properties
    if (e instanceof OrbitronicsError) {
      throw Object.assign(new Error(e.message), { orbitronicsError: true, code: e.code, where: e.where ?? null, hint: e.hint ?? null });
    }
    throw e;
  }
}

/** Start-up probe of pool.ts: proves that the module loaded and answers (cheap, no backend). */
function hello(): number {
  return WORKER_ID;
}

workerpool.worker({ run, hello });
