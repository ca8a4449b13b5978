/** Worker entry (built as dist/worker.js): runs chunks of a JobSpec with its own backend instance (kept across jobs). */
import workerpool from 'workerpool';
import type { Backend } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { createState, runChunk, type EngineState, type JobSpec } from './engine.js';

let current: { id: string; state: Promise<EngineState> } | null = null;
const backends = new Map<string, Promise<Backend>>();

async function run(spec: JobSpec, chunk: number): Promise<unknown> {
  if (!current || current.id !== spec.id) {
    let be = backends.get(spec.backend);
    if (!be) backends.set(spec.backend, (be = createBackend(spec.backend)));
    current = { id: spec.id, state: be.then((b) => createState(spec, b)) };
  }
  const state = await current.state;
  const out = await runChunk(state, chunk);
  return new workerpool.Transfer(out, [out.buffer]);
}

workerpool.worker({ run });
