/**
 * Worker threads (Node worker_threads, browser Web Workers) through workerpool: one backend
 * instance per worker, chunks dispatched in order, results merged in chunk order by the caller.
 */
import type { JobSpec } from './engine.js';

export interface ChunkPool {
  run(spec: JobSpec, chunk: number): Promise<Float64Array>;
  terminate(force?: boolean): Promise<void>;
}

function here(): string | undefined {
  try {
    // ESM (source, dist/index.js, dist/cli.js)
    const u = import.meta.url;
    if (u) return u;
  } catch {
    /* CommonJS */
  }
  // CommonJS build (dist/index.cjs)
  return typeof __filename !== 'undefined' ? 'file://' + __filename : undefined;
}

/** Whether workers can be started in this engine. */
export function workersAvailable(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Worker?: unknown };
  return !!g.process?.versions?.node || typeof g.Worker === 'function';
}

/**
 * Pools are kept between compute() calls (worker start-up costs tens of milliseconds to seconds)
 * and terminated after IDLE_MS without work, or by `terminateWorkers()`.
 */
const IDLE_MS = 250;
let shared: { threads: number; pool: Promise<ChunkPool>; users: number; timer: ReturnType<typeof setTimeout> | null } | null = null;

/** A pool of `threads` workers, shared between consecutive jobs; call `release()` when done. */
export async function acquirePool(threads: number): Promise<ChunkPool & { release(): void; discard(): Promise<void> }> {
  if (shared && (shared.threads !== threads || shared.users > 0)) {
    if (shared.users === 0) await terminateWorkers();
    else {
      // a concurrent job with another pool: give this one its own
      const own = await createPool(threads);
      return { ...own, release: () => void own.terminate(true), discard: () => own.terminate(true) };
    }
  }
  if (!shared) shared = { threads, pool: createPool(threads), users: 0, timer: null };
  const entry = shared;
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = null;
  entry.users++;
  let pool: ChunkPool;
  try {
    pool = await entry.pool;
  } catch (e) {
    entry.users--;
    if (shared === entry) shared = null;
    throw e;
  }
  return {
    run: (spec, chunk) => pool.run(spec, chunk),
    terminate: (force) => pool.terminate(force),
    release: () => {
      entry.users--;
      if (entry.users === 0 && shared === entry) {
        entry.timer = setTimeout(() => void terminateWorkers(), IDLE_MS);
        (entry.timer as { unref?: () => void }).unref?.();
      }
    },
    discard: async () => {
      entry.users--;
      if (shared === entry) shared = null;
      await pool.terminate(true);
    },
  };
}

/** Terminates the shared worker pool now (it is also terminated after a short idle time). */
export async function terminateWorkers(): Promise<void> {
  const s = shared;
  shared = null;
  if (!s) return;
  if (s.timer) clearTimeout(s.timer);
  const p = await s.pool.catch(() => null);
  if (p) await p.terminate(true);
}

export async function createPool(threads: number): Promise<ChunkPool> {
  const wp = (await import('workerpool')).default ?? (await import('workerpool'));
  const base = here();
  if (!base) throw new Error('cannot locate the worker script');
  const isSource = /\.ts(\?.*)?$/.test(base);
  const url = new URL(isSource ? './worker-dev.mjs' : './worker.js', base);
  const g = globalThis as { process?: { versions?: { node?: string } } };
  const isNode = !!g.process?.versions?.node;
  let script: string;
  if (isNode) {
    const { fileURLToPath } = await import('node:url');
    script = fileURLToPath(url);
  } else script = url.href;
  const pool = wp.pool(script, {
    maxWorkers: threads,
    minWorkers: threads,
    workerType: isNode ? 'thread' : 'web',
    workerOpts: isNode ? undefined : { type: 'module' },
  } as Parameters<typeof wp.pool>[1]);
  return {
    run: (spec, chunk) => pool.exec('run', [spec, chunk]) as unknown as Promise<Float64Array>,
    terminate: async (force) => {
      await pool.terminate(force);
    },
  };
}
