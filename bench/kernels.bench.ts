/**
 * Kernel benchmark: the per-k pipeline (H(k), eigensolver, rotation of ∂H to the eigenbasis,
 * band geometry) in k-points/s for random dense tight-binding models with N = 2…64 bands, on
 * wasm-simd, wasm and ts, with the ratio to ts; and the eigensolver alone in µs per matrix
 * (compare numpy's batched eigh in docs/kernel.md). Run: npx tsx bench/kernels.bench.ts [--quick]
 *
 * `--klanes [--repeats R]`: only the k-lane comparison (docs/kernel.md): wasm-simd pipeline with
 * the k-lane path on and off (WasmBackend.kLanesEnabled) and the scalar wasm build, N = 1, 2, 4, 8,
 * CPU time, R interleaved repeats; writes bench/results/klanes-<date>-<host>.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Backend } from '../src/backend/backend.js';
import { createBackend } from '../src/backend/select.js';
import { eigh as tsEigh } from '../src/backend/ts/eigh.js';
import type { WasmBackend } from '../src/backend/wasm/index.js';
import { compileModel } from '../src/model/compile.js';
import type { TightBindingModel } from '../src/model/types.js';
import { machineInfo, measureCpu, measureInterleaved, rng, table, writeResults } from './harness.js';

const quick = process.argv.includes('--quick');
const SIZES = [2, 4, 8, 16, 32, 64];
const NUMPY_EIGH_US: Record<number, number> = { 4: 9.5, 8: 26, 16: 103, 32: 304, 64: 1150 };

/** Dense random 2D tight-binding model: every orbital pair hops to the 9 nearest cells. */
function denseModel(nb: number, seed: number): TightBindingModel {
  const r = rng(seed);
  const hoppings: TightBindingModel['hoppings'] = [];
  for (const R of [[0, 0], [1, 0], [0, 1], [1, 1], [1, -1]])
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        if (R[0] === 0 && R[1] === 0 && j <= i) continue;
        hoppings.push({ from: j, to: i, R, t: [r() - 0.5, r() - 0.5] });
      }
  return {
    format: 'orbitronics-model/1', kind: 'tight-binding', name: `dense-${nb}`, dim: 2,
    lattice: [[1, 0], [0.5, Math.sqrt(3) / 2]],
    orbitals: Array.from({ length: nb }, () => [r(), r()]),
    onsite: Array.from({ length: nb }, () => r() - 0.5),
    hoppings,
  };
}

function randomHermitian(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const H = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const re = r() - 0.5, im = i === j ? 0 : r() - 0.5;
      H[(i * n + j) * 2] = re; H[(i * n + j) * 2 + 1] = im;
      H[(j * n + i) * 2] = re; H[(j * n + i) * 2 + 1] = -im;
    }
  return H;
}

if (process.argv.includes('--klanes')) {
  await kLanesBench();
  process.exit(0);
}

/** k-lane path on/off (wasm-simd) and the scalar build, per-k pipeline k-points per CPU-second. */
async function kLanesBench(): Promise<void> {
  const at = process.argv.indexOf('--repeats');
  const repeats = at > 0 ? Number(process.argv[at + 1]) : 5;
  const simd = (await createBackend('wasm-simd')) as WasmBackend;
  const scalar = (await createBackend('wasm')) as WasmBackend;
  if (simd.name !== 'wasm-simd' || scalar.name !== 'wasm') throw new Error('wasm backends did not load');
  const machine = machineInfo();
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, commit ${machine.commit.slice(0, 8)}${machine.dirty ? '+dirty' : ''}, load ${machine.loadavg.toFixed(2)}`);
  const cpu = { rounds: 3, minMs: 150, warmupMs: 150 };
  const rows: Array<Record<string, unknown>> = [];
  for (const nb of [1, 2, 4, 8]) {
    const model = compileModel(denseModel(nb, 1000 + nb));
    const nk = Math.max(1, Math.min(64, Math.round(4096 / (nb * nb))));
    const r = rng(nb);
    const k = new Float64Array(3 * nk);
    for (let i = 0; i < nk; i++) { k[3 * i] = 6 * r() - 3; k[3 * i + 1] = 6 * r() - 3; }
    for (const [label, needs] of [['pipeline', { geometry: true }], ['energies', {}]] as const) {
      const runs: Record<string, number[]> = { 'simd k-lanes': [], 'simd per-k': [], wasm: [] };
      for (let rep = 0; rep < repeats; rep++) {
        for (const [name, be, lanes] of [['simd k-lanes', simd, true], ['simd per-k', simd, false], ['wasm', scalar, true]] as const) {
          be.kLanesEnabled = lanes;
          runs[name]!.push(nk / (measureCpu(() => { be.evaluate(model, { nk, k }, needs); }, cpu) / 1000));
        }
      }
      simd.kLanesEnabled = true;
      const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!;
      const row = { nb, what: label, batch: nk, runs, median: Object.fromEntries(Object.entries(runs).map(([n, x]) => [n, med(x)])) };
      rows.push(row);
      const m = row.median as Record<string, number>;
      console.log(`N=${nb} ${label}: k-lanes ${Math.round(m['simd k-lanes']!)} / per-k ${Math.round(m['simd per-k']!)} / wasm ${Math.round(m['wasm']!)} k per CPU-s` +
        `  (×${(m['simd k-lanes']! / m['simd per-k']!).toFixed(2)}; runs ${runs['simd k-lanes']!.map(Math.round).join(' ')} | ${runs['simd per-k']!.map(Math.round).join(' ')})`);
    }
  }
  const host = machine.host.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = new URL(`./results/klanes-${machine.date.slice(0, 10)}-${host}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ machine, benchmark: 'kernels --klanes', repeats, loadavgEnd: os.loadavg()[0], rows }, null, 2) + '\n');
  console.log(`wrote ${file.pathname}`);
}

const backends: Backend[] = [await createBackend('wasm-simd'), await createBackend('wasm'), await createBackend('ts')];
if (backends[0]!.name !== 'wasm-simd' || backends[1]!.name !== 'wasm') throw new Error('wasm backends did not load');
const machine = machineInfo();
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, commit ${machine.commit.slice(0, 8)}${machine.dirty ? '+dirty' : ''}, load ${machine.loadavg.toFixed(2)}`);
if (machine.loadavg > machine.cores) console.warn(`warning: load average ${machine.loadavg.toFixed(1)} > ${machine.cores} cores: timings are perturbed (the best of interleaved rounds is kept)`);
const opts = quick ? { time: 150, warmupTime: 100 } : { time: 400, warmupTime: 200 };
const ROUNDS = quick ? 1 : 3;
const cpuOpts = quick ? { rounds: 2, minMs: 50, warmupMs: 50 } : { rounds: 5, minMs: 150, warmupMs: 150 };

// 1. per-k pipeline
const pipeline: Array<Record<string, number>> = [];
for (const nb of SIZES) {
  const model = compileModel(denseModel(nb, 1000 + nb));
  const nk = Math.max(1, Math.min(64, Math.round(4096 / (nb * nb))));
  const r = rng(nb);
  const k = new Float64Array(3 * nk);
  for (let i = 0; i < nk; i++) { k[3 * i] = 6 * r() - 3; k[3 * i + 1] = 6 * r() - 3; }
  const row: Record<string, number> = { nb, nterm: model.nterm, batch: nk };
  const ms = await measureInterleaved(
    backends.map((be) => ({ name: `pipeline ${be.name} N=${nb}`, fn: () => { be.evaluate(model, { nk, k }, { geometry: true }); } })),
    ROUNDS, opts);
  backends.forEach((be, i) => {
    row[be.name] = nk / (ms[i]! / 1000);
    row[`${be.name} cpu`] = nk / (measureCpu(() => { be.evaluate(model, { nk, k }, { geometry: true }); }, cpuOpts) / 1000);
  });
  row['simd/ts'] = row['wasm-simd']! / row['ts']!;
  row['wasm/ts'] = row['wasm']! / row['ts']!;
  pipeline.push(row);
  console.log(`pipeline N=${nb}: ${Math.round(row['wasm-simd']!)} / ${Math.round(row['wasm']!)} / ${Math.round(row['ts']!)} k/s`);
}

// 2. eigensolver alone (eigenvalues and eigenvectors), µs per matrix
const eigh: Array<Record<string, number>> = [];
for (const n of SIZES) {
  const count = Math.max(1, Math.min(64, Math.round(4096 / (n * n))));
  const all = new Float64Array(count * 2 * n * n);
  for (let t = 0; t < count; t++) all.set(randomHermitian(n, 77 * n + t), t * 2 * n * n);
  const row: Record<string, number> = { n, batch: count };
  const mats = Array.from({ length: count }, (_, t) => all.slice(t * 2 * n * n, (t + 1) * 2 * n * n));
  const [simd, scalar] = backends as [WasmBackend, WasmBackend, Backend];
  const ms = await measureInterleaved([
    { name: `eigh wasm-simd N=${n}`, fn: () => { simd.eigh(n, count, all, true); } },
    { name: `eigh wasm N=${n}`, fn: () => { scalar.eigh(n, count, all, true); } },
    { name: `eigh ts N=${n}`, fn: () => { for (const m of mats) tsEigh(n, m); } },
  ], ROUNDS, opts);
  row['wasm-simd'] = (ms[0]! * 1000) / count;
  row['wasm'] = (ms[1]! * 1000) / count;
  row['ts'] = (ms[2]! * 1000) / count;
  row['wasm-simd cpu'] = (measureCpu(() => { simd.eigh(n, count, all, true); }, cpuOpts) * 1000) / count;
  row['wasm cpu'] = (measureCpu(() => { scalar.eigh(n, count, all, true); }, cpuOpts) * 1000) / count;
  row['ts cpu'] = (measureCpu(() => { for (const m of mats) tsEigh(n, m); }, cpuOpts) * 1000) / count;
  if (NUMPY_EIGH_US[n]) row['numpy'] = NUMPY_EIGH_US[n]!;
  eigh.push(row);
  console.log(`eigh N=${n}: ${row['wasm-simd']!.toFixed(2)} / ${row['wasm']!.toFixed(2)} / ${row['ts']!.toFixed(2)} µs`);
}

const f = (x: number | undefined, d = 0) => (x === undefined ? '—' : x.toFixed(d));
console.log('\nPer-k pipeline (H, eigh, rotation, geometry), k-points/s');
console.log(table(['N', 'terms', 'wasm-simd', 'wasm', 'ts', 'simd/ts', 'wasm/ts'],
  pipeline.map((r) => [r.nb!, r.nterm!, f(r['wasm-simd']), f(r['wasm']), f(r['ts']), f(r['simd/ts'], 2), f(r['wasm/ts'], 2)])));
console.log('\nEigensolver alone (with eigenvectors), µs per matrix');
console.log(table(['N', 'wasm-simd', 'wasm', 'ts', 'numpy eigh*'],
  eigh.map((r) => [r.n!, f(r['wasm-simd'], 2), f(r['wasm'], 2), f(r['ts'], 2), f(r['numpy'], 1)])));
console.log('\nThe same by CPU time (user + system; less perturbed by other processes on a shared machine)');
console.log(table(['N', 'wasm-simd', 'wasm', 'ts', 'simd/ts', 'wasm/ts'],
  pipeline.map((r) => [r.nb!, f(r['wasm-simd cpu']), f(r['wasm cpu']), f(r['ts cpu']), f(r['wasm-simd cpu']! / r['ts cpu']!, 2), f(r['wasm cpu']! / r['ts cpu']!, 2)])));
console.log(table(['N', 'eigh wasm-simd µs', 'wasm µs', 'ts µs', 'numpy eigh*'],
  eigh.map((r) => [r.n!, f(r['wasm-simd cpu'], 2), f(r['wasm cpu'], 2), f(r['ts cpu'], 2), f(r['numpy'], 1)])));
console.log('* numpy batched eigh (LAPACK zheevd, 1 thread), measured on this kind of machine (shared/notes/toolchain.md)');
if (!quick) console.log(`\nwrote ${writeResults({ machine, benchmark: 'kernels', loadavgEnd: os.loadavg()[0], pipeline, eigh })}`);
