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
