/**
 * End-to-end jobs (docs/architecture.md B7): AHC + orbital magnetisation on a 300×300 grid with 701
 * chemical potentials, on PythTB's Haldane model and random 3- and 4-band models, one thread and all
 * threads; peak memory at 300×300 and 1000×1000 (bounded by the batch, not the grid).
 * Reference: WannierBerri ≈ 930 k-points/s (2 bands) and ≈ 580 k-points/s (3–4 bands) on one core.
 *
 *   npx tsx bench/jobs.bench.ts [--quick]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../src/backend/select.js';
import { compute, terminateWorkers, type ComputeOptions } from '../src/integrate/index.js';
import type { Model } from '../src/model/types.js';
import { pythtbHaldane, randomTightBinding } from '../test/helpers/models.js';
import { machineInfo, table } from './harness.js';

const quick = process.argv.includes('--quick');
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const backend = await createBackend('auto');
const WB: Record<number, number> = { 2: 930, 3: 580, 4: 580 };

const models: Array<[string, Model, number]> = [
  ['haldane (2 bands)', pythtbHaldane(), 2],
  ['random 3-band', randomTightBinding(3, 2, 1), 3],
  ['random 4-band', randomTightBinding(4, 2, 2), 4],
];

interface Row { model: string; threads: number; T: string; seconds: number; kps: number; vsWannierBerri: number; backend: string; cpuSeconds: number; kpsPerCpuSecond: number }
const rows: Row[] = [];
const n = quick ? 150 : 300;

async function job(model: Model, threads: number, T: number | number[], grid = [n, n], extra: Partial<ComputeOptions> = {}) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await compute({ model, observables: ['ahc', 'orbital-magnetization'], grid, mu: { start: -3, stop: 3, n: 701 }, T, backend: threads === 1 ? backend : backend.name, threads, ...extra });
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, r };
}

// warm-up (JIT, wasm tier-up)
await job(pythtbHaldane(), 1, 0, [60, 60]);
for (const [name, model, nb] of models) {
  for (const threads of [...new Set([1, cores])]) {
    for (const T of [0, [0, 300]] as Array<number | number[]>) {
      // best of 3 (the first thread run of a pool also pays the worker start-up)
      let best = Infinity, cpu = Infinity;
      let r!: Awaited<ReturnType<typeof job>>['r'];
      for (let rep = 0; rep < 3; rep++) {
        const j = await job(model, threads, T);
        if (j.seconds < best) { best = j.seconds; r = j.r; }
        cpu = Math.min(cpu, j.cpuSeconds);
      }
      const seconds = best;
      const kps = r.diagnostics.kpoints / seconds;
      rows.push({ model: name, threads, T: JSON.stringify(T), seconds, kps, vsWannierBerri: kps / WB[nb]!, backend: r.backend, cpuSeconds: cpu, kpsPerCpuSecond: r.diagnostics.kpoints / cpu });
    }
  }
}
console.log(`backend ${backend.name}; 701 μ; ahc + orbital-magnetization; ${n}×${n} grid; ${cores} cores (best of 3 runs; worker pools are reused between runs)`);
console.log(table(['model', 'threads', 'T (K)', 's', 'k-points/s', '× WannierBerri', 'k-points per CPU-s'], rows.map((r) => [r.model, r.threads, r.T, r.seconds.toFixed(2), Math.round(r.kps), r.vsWannierBerri.toFixed(0), Math.round(r.kpsPerCpuSecond)])));
console.log(`load average while measuring: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} (machine shared: wall-clock numbers include contention)`);

// thread scaling on a grid large enough to amortise the worker start-up and the per-μ reduction
const ns = quick ? 500 : 1000;
const scaling: Array<{ model: string; grid: string; seconds1: number; secondsN: number; threads: number; speedup: number; kps1: number; kpsN: number }> = [];
for (const [name, model] of models) {
  const best = async (threads: number) => {
    let s = Infinity;
    for (let rep = 0; rep < 2; rep++) s = Math.min(s, (await job(model, threads, 0, [ns, ns])).seconds);
    return s;
  };
  const s1 = await best(1);
  const sN = await best(cores);
  scaling.push({ model: name, grid: `${ns}×${ns}`, seconds1: s1, secondsN: sN, threads: cores, speedup: s1 / sN, kps1: (ns * ns) / s1, kpsN: (ns * ns) / sN });
}
console.log(`\nthread scaling (${ns}×${ns}, T = 0, 701 μ, best of 2):`);
console.log(table(['model', '1 thread (s)', `${cores} threads (s)`, 'speed-up', 'k-points/s (1)', `k-points/s (${cores})`], scaling.map((r) => [r.model, r.seconds1.toFixed(2), r.secondsN.toFixed(2), r.speedup.toFixed(2), Math.round(r.kps1), Math.round(r.kpsN)])));

// memory: peak RSS / heap during one-thread runs on growing grids
const mem: Array<{ grid: string; kpoints: number; seconds: number; peakRssMB: number; peakHeapMB: number }> = [];
for (const g of quick ? [300, 600] : [300, 1000]) {
  (globalThis as { gc?: () => void }).gc?.();
  let rss = 0, heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const { seconds } = await job(pythtbHaldane(), 1, [0, 300], [g, g], { onProgress: sample });
  sample();
  mem.push({ grid: `${g}×${g}`, kpoints: g * g, seconds, peakRssMB: rss / 2 ** 20, peakHeapMB: heap / 2 ** 20 });
}
console.log('\npeak memory (one thread, Haldane, 701 μ, T = 0 and 300 K):');
console.log(table(['grid', 'k-points', 's', 'peak RSS (MB)', 'peak heap (MB)'], mem.map((m) => [m.grid, m.kpoints, m.seconds.toFixed(1), m.peakRssMB.toFixed(0), m.peakHeapMB.toFixed(0)])));

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const machine = machineInfo();
const file = join(dir, `jobs-${machine.date.slice(0, 10)}-${machine.host.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
writeFileSync(file, JSON.stringify({ machine, loadavg: os.loadavg(), backend: backend.name, grid: [n, n], mu: 701, rows, scaling, memory: mem }, null, 2) + '\n');
console.log(`\nwrote ${file}`);
backend.dispose();
await terminateWorkers();
