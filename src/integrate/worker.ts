/** Worker entry (built as dist/worker.js): runs chunks of a JobSpec with its own backend instance (kept across jobs). */
import workerpool from 'workerpool';
import type { Backend } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { OrbitronicsError } from '../errors.js';
import { createState, runChunk, type EngineState, type JobSpec } from './engine.js';

let current: { id: string; state: Promise<EngineState> } | null = null;
const backends = new Map<string, Promise<Backend>>();

/**
 * Test-only fault injection (test/reliability): ORBITRONICS_TEST_WORKER_FAULT = 'exit' (the worker
 * thread dies) or 'throw' (a non-OrbitronicsError escapes), read when the worker starts.
 */
const FAULT = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ORBITRONICS_TEST_WORKER_FAULT;

async function run(spec: JobSpec, chunk: number): Promise<unknown> {
  if (FAULT === 'exit') (globalThis as unknown as { process: { exit(c: number): never } }).process.exit(3);
  if (FAULT === 'throw') throw new TypeError('injected worker fault');
  if (!current || current.id !== spec.id) {
    let be = backends.get(spec.backend);
    if (!be) backends.set(spec.backend, (be = createBackend(spec.backend)));
    current = { id: spec.id, state: be.then((b) => createState(spec, b)) };
  }
  try {
    const state = await current.state;
    const out = await runChunk(state, chunk);
    return new workerpool.Transfer(out, [out.buffer]);
  } catch (e) {
    // workerpool serialises errors through JSON (OrbitronicsError.toJSON would drop its marker):
    // send code, where and hint as own properties so compute() rethrows the same input error
    if (e instanceof OrbitronicsError) {
      throw Object.assign(new Error(e.message), { orbitronicsError: true, code: e.code, where: e.where ?? null, hint: e.hint ?? null });
    }
    throw e;
  }
}

workerpool.worker({ run });
