/**
 * Worker threads through workerpool: Node worker_threads running dist/worker.js (worker.ts), or
 * module Web Workers running dist/worker.browser.js (worker.browser.ts) in browsers. One backend
 * instance per worker, chunks dispatched in order, results merged in chunk order by the caller.
 */
import type { JobSpec } from './engine.js';

export interface ChunkPool {
  run(spec: JobSpec, chunk: number): Promise<Float64Array>;
  terminate(force?: boolean): Promise<void>;
}

const onNode = (): boolean => !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;

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

/**
 * URL of the browser worker bundle (dist/worker.browser.js, next to dist/index.js). Written as the
 * literal `new URL('./worker.browser.js', import.meta.url)` so that bundlers (Vite, webpack 5,
 * Parcel) copy the file and rewrite the URL with no configuration. In the CommonJS build
 * `import.meta` is empty and this gives undefined (no workers; threads: 1).
 */
function browserWorkerUrl(): string | undefined {
  try {
    return new URL('./worker.browser.js', import.meta.url).href;
  } catch {
    return undefined;
  }
}

/** Whether workers can be started in this engine. */
export function workersAvailable(): boolean {
  const g = globalThis as { Worker?: unknown };
  return onNode() || (typeof g.Worker === 'function' && browserFallback === null);
}

/** Why browser workers are off for the rest of this page's life (set by the first failed start), or null. */
let browserFallback: string | null = null;

/** Browser workers tag their answers with their id (worker.browser.ts): chunk data → worker id. */
const answeredBy = new WeakMap<Float64Array, number>();

/** The id of the Web Worker that computed `data` (undefined in Node and in the calling thread). */
export function workerOf(data: Float64Array): number | undefined {
  return answeredBy.get(data);
}

/**
 * Pools are kept between compute() calls (worker start-up costs tens of milliseconds to seconds)
 * and terminated after an idle time without work, or by `terminateWorkers()`. Node: 250 ms, so
 * that a script's process can exit soon. Browsers: 10 s, because each Web Worker loads the worker
 * bundle and compiles its WebAssembly again, and interactive pages compute repeatedly.
 */
const idleMs = (): number => (onNode() ? 250 : 10_000);
/** A browser worker that has not answered its start-up probe after this long counts as failed. */
const BROWSER_START_TIMEOUT_MS = 30_000;
let shared: { threads: number; pool: Promise<ChunkPool>; users: number; timer: ReturnType<typeof setTimeout> | null } | null = null;

type AcquiredPool = ChunkPool & { release(): void; discard(): Promise<void> };

/**
 * A pool of `threads` workers, shared between consecutive jobs; call `release()` when done.
 * In browsers, null when Web Workers cannot be started (the worker script is not served, CSP,
 * no module workers): one console notice, and the caller computes in its own thread.
 */
export async function acquirePool(threads: number): Promise<AcquiredPool | null> {
  if (onNode()) return acquire(threads);
  if (browserFallback !== null) return null;
  try {
    return await acquire(threads);
  } catch (e) {
    browserFallback = String((e as Error)?.message ?? e).split('\n')[0]!;
    console.warn(`orbitronics: Web Workers unavailable (${browserFallback}); computing with threads: 1`);
    return null;
  }
}

async function acquire(threads: number): Promise<AcquiredPool> {
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
        entry.timer = setTimeout(() => void terminateWorkers(), idleMs());
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
  if (!onNode()) return createBrowserPool(wp, threads);
  const base = here();
  if (!base) throw new Error('cannot locate the worker script');
  const isSource = /\.ts(\?.*)?$/.test(base);
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(new URL(isSource ? './worker-dev.mjs' : './worker.js', base));
  const pool = wp.pool(script, { maxWorkers: threads, minWorkers: threads, workerType: 'thread' });
  return {
    run: (spec, chunk) => pool.exec('run', [spec, chunk]) as unknown as Promise<Float64Array>,
    terminate: async (force) => {
      await pool.terminate(force);
    },
  };
}

/**
 * `threads` module Web Workers running dist/worker.browser.js. Every worker must answer a start-up
 * probe (its module loaded and workerpool's handshake done) before the pool is used; otherwise the
 * pool is terminated and this rejects (acquirePool then falls back to the calling thread).
 */
async function createBrowserPool(wp: typeof import('workerpool'), threads: number): Promise<ChunkPool> {
  const url = browserWorkerUrl();
  if (!url) throw new Error('the worker script cannot be located (no import.meta.url in this build)');
  const pool = wp.pool(url, { maxWorkers: threads, minWorkers: threads, workerType: 'web', workerOpts: { type: 'module', name: 'orbitronics' } });
  try {
    // one probe per worker: a busy worker (its probe queued until it is ready) gets no second one
    const ids = await Promise.all(Array.from({ length: threads }, () => pool.exec('hello', []).timeout(BROWSER_START_TIMEOUT_MS)));
    if (new Set(ids).size !== threads) throw new Error(`expected ${threads} workers, ${new Set(ids).size} answered`);
  } catch (e) {
    await pool.terminate(true).catch(() => undefined);
    const m = String((e as Error)?.message ?? e);
    // a script that is not served (404, HTML fallback) or blocked (CSP) gives a bare error event
    const failedToLoad = m === '' || /Unknown worker error|\[object (Error)?Event\]/.test(m);
    throw new Error(`${url} did not start as a module worker: ${failedToLoad ? 'it failed to load (not served as JavaScript, or blocked)' : m.split('\n')[0]}`);
  }
  return {
    run: async (spec, chunk) => {
      const a = (await pool.exec('run', [spec, chunk])) as { data: Float64Array; worker: number };
      answeredBy.set(a.data, a.worker);
      return a.data;
    },
    terminate: async (force) => {
      await pool.terminate(force);
    },
  };
}
