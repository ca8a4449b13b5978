/** Worker entry (built as dist/worker.js): runs chunks of a JobSpec with its own backend instance. */
import workerpool from 'workerpool';
import { createState, runChunk, type EngineState, type JobSpec } from './engine.js';

let current: { id: string; state: Promise<EngineState> } | null = null;

async function run(spec: JobSpec, chunk: number): Promise<unknown> {
  if (!current || current.id !== spec.id) {
    if (current) {
      const old = await current.state.catch(() => null);
      if (old) old.backend.dispose();
    }
    current = { id: spec.id, state: createState(spec) };
  }
  const state = await current.state;
  const out = await runChunk(state, chunk);
  return new workerpool.Transfer(out, [out.buffer]);
}

workerpool.worker({ run });
