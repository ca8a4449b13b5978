/**
 * Ξ-theory benchmark (issue 4: "the covariant derivatives cost O(N³) per k; keep them in the kernel,
 * not in JS"): `compute` of the intrinsic OME with all parts (d, ic, lc, lc3, paper-reading) on the
 * built-in `three-band` lattice model, E ∥ y, 201 μ, T = 0, one thread, in k-points per second for
 *   - wasm-simd with Backend.responses (assembly/xi.ts: R̃, D_bR̃, contractions in WebAssembly),
 *   - wasm-simd without it (the kernel's BandBatch, then src/physics per k in JS: the path before),
 *   - ts (TS kernel + src/physics),
 * the wasm-simd run on the 400×400 grid, the two JS-physics runs on a smaller grid (reported per k,
 * which is what a k-point costs at any grid size: the histogram work per k does not depend on it).
 * Then the per-batch breakdown (CPU time per k, batch 1024): kernel `evaluate` (velocity + Hessian)
 * and the responses alone, for wasm-simd, wasm and ts, and for N = 3, 8, 16 random models.
 * The same for `compute` of `torque` (parts eq1 and xi, E ∥ x), and the per-k cost of the other
 * response families (torque, extrinsic, F tensor) on wasm-simd vs ts.
 *
 *   npx tsx bench/xi.bench.ts [--quick]      (writes bench/results/xi-<date>-<host>.json unless --quick)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { responseComponents, type Backend, type ResponseKind } from '../src/backend/backend.js';
import { createBackend } from '../src/backend/select.js';
import { createTsBackend } from '../src/backend/ts/index.js';
import { compute, terminateWorkers } from '../src/integrate/index.js';
import { buildBuiltin } from '../src/model/builtins/index.js';
import { compileModel } from '../src/model/compile.js';
import type { CompiledModel, TightBindingModel } from '../src/model/types.js';
import { responsesReference } from '../src/physics/batch.js';
import { machineInfo, measureCpu, rng, table } from './harness.js';

const quick = process.argv.includes('--quick');
const machine = machineInfo();
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadavg.toFixed(1)} at start`);

const simd = await createBackend('wasm-simd');
const scalar = await createBackend('wasm');
const ts = createTsBackend();
if (simd.name !== 'wasm-simd' || !simd.responses) throw new Error('wasm-simd backend with responses needed (npm run build:wasm)');
/** The same WASM kernel without the primitive: observables fall back to src/physics per k in JS. */
const simdNoPrimitive: Backend = { name: 'wasm-simd', evaluate: (...a) => simd.evaluate(...a), dispose: () => {} };

const model = buildBuiltin('three-band');
const MU = { start: -3, stop: 3, n: 201 };

async function job(backend: Backend, n: number, observable = 'ome', E: 0 | 1 = 1): Promise<{ kps: number; cpuKps: number; seconds: number; kpoints: number }> {
  const t0 = performance.now(), c0 = process.cpuUsage();
  const r = await compute({ model, observables: [observable], grid: [n, n], mu: MU, T: 0, params: { E }, backend, threads: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const kpoints = r.diagnostics.kpoints;
  return { kps: kpoints / seconds, cpuKps: kpoints / ((c.user + c.system) / 1e6), seconds, kpoints };
}

// warm-up (JIT, wasm tier-up)
for (const be of [simd, simdNoPrimitive, ts]) await job(be, 40);

const N_FULL = quick ? 160 : 400;
const N_SMALL = quick ? 80 : 160;
const endToEnd: Array<{ config: string; grid: string; kpoints: number; seconds: number; kps: number; cpuKps: number }> = [];
for (const [config, be, n] of [
  ['wasm-simd + responses (kernel)', simd, N_FULL],
  ['wasm-simd, physics in JS (before)', simdNoPrimitive, N_SMALL],
  ['ts', ts, N_SMALL],
] as const) {
  let best: Awaited<ReturnType<typeof job>> | null = null;
  for (let rep = 0; rep < (quick ? 1 : 2); rep++) {
    const j = await job(be, n);
    if (!best || j.cpuKps > best.cpuKps) best = j;
  }
  endToEnd.push({ config, grid: `${n}×${n}`, ...best! });
}
const base = endToEnd[2]!;
console.log(`\ncompute: ome (all parts), three-band, E ∥ y, ${MU.n} μ, T = 0, one thread (best of ${quick ? 1 : 2}):`);
console.log(table(['config', 'grid', 's', 'k-points/s (wall)', 'k-points per CPU-s', '× ts (CPU)'],
  endToEnd.map((r) => [r.config, r.grid, r.seconds.toFixed(2), Math.round(r.kps), Math.round(r.cpuKps), (r.cpuKps / base.cpuKps).toFixed(1)])));

// torque (parts eq1 and xi, paper 000) on the same model, E ∥ x (E ∥ y gives 0 by symmetry)
for (const be of [simd, simdNoPrimitive, ts]) await job(be, 40, 'torque', 0);
const torque: typeof endToEnd = [];
for (const [config, be, n] of [
  ['wasm-simd + responses (kernel)', simd, N_FULL],
  ['wasm-simd, physics in JS (before)', simdNoPrimitive, N_SMALL],
  ['ts', ts, N_SMALL],
] as const) {
  let best: Awaited<ReturnType<typeof job>> | null = null;
  for (let rep = 0; rep < (quick ? 1 : 2); rep++) {
    const j = await job(be, n, 'torque', 0);
    if (!best || j.cpuKps > best.cpuKps) best = j;
  }
  torque.push({ config, grid: `${n}×${n}`, ...best! });
}
console.log(`
compute: torque (eq1, xi), three-band, E ∥ x, ${MU.n} μ, T = 0, one thread (best of ${quick ? 1 : 2}):`);
console.log(table(['config', 'grid', 's', 'k-points/s (wall)', 'k-points per CPU-s', '× ts (CPU)'],
  torque.map((r) => [r.config, r.grid, r.seconds.toFixed(2), Math.round(r.kps), Math.round(r.cpuKps), (r.cpuKps / torque[2]!.cpuKps).toFixed(1)])));

// per-batch breakdown: CPU µs per k-point
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
const OME_KINDS: ResponseKind[] = ['omeD', 'omeIC', 'omeLC', 'omeLC3', 'omePaperReading'];
/** Per-k cost of the other response families on one batch (E ∥ x; τ kinds with τ = 10 fs). */
const FAMILIES: Array<[string, ResponseKind[]]> = [
  ['torque (eq1, xi by parts)', ['torqueEq1', 'torqueXiByParts']],
  ['torque Ξ sea + surface', ['torqueXiSea', 'torqueXiSurface']],
  ['ome-extrinsic + orbital Edelstein', ['omeExtrinsic', 'orbitalEdelstein']],
  ['004 F (both readings)', ['fTensorLiteral', 'fTensorHermitian']],
];
const breakdown: Array<Record<string, number | string>> = [];
for (const [label, cm] of [
  ['three-band', compileModel(model)],
  ...(quick ? [] : [8, 16].map((nb) => [`dense ${nb}-band`, compileModel(denseModel(nb, nb))] as [string, CompiledModel])),
] as Array<[string, CompiledModel]>) {
  const nk = cm.nb > 8 ? 128 : 1024;
  const r = rng(7);
  const k = new Float64Array(3 * nk).map((_, i) => (i % 3 === 2 ? 0 : 6 * (r() - 0.5)));
  const needs = { velocity: true, hessian: true } as const;
  const reqs = (nb: number) => OME_KINDS.map((kind) => ({ kind, beta: 1, out: new Float64Array(nk * nb * responseComponents(kind, 2)) }));
  const row: Record<string, number | string> = { model: label, nb: cm.nb };
  for (const be of [simd, scalar, ts]) {
    const evalUs = (1e3 * measureCpu(() => be.evaluate(cm, { nk, k }, needs), { rounds: quick ? 2 : 4 })) / nk;
    const bb = be.evaluate(cm, { nk, k }, needs);
    const q = reqs(cm.nb);
    const respUs = (1e3 * measureCpu(() => be.responses!(cm, bb, q), { rounds: quick ? 2 : 4 })) / nk;
    row[`${be.name} evaluate µs/k`] = evalUs;
    row[`${be.name} responses µs/k`] = respUs;
  }
  // the JS physics on a WASM batch (the path before this change)
  const bb = simd.evaluate(cm, { nk, k }, needs);
  const q = reqs(cm.nb);
  row['JS physics on wasm batch µs/k'] = (1e3 * measureCpu(() => responsesReference(bb, q), { rounds: quick ? 2 : 4 })) / nk;
  for (const [fam, kinds] of FAMILIES) {
    const fq = () => kinds.map((kind) => ({ kind, beta: 0, tau: 1e-14, out: new Float64Array(nk * cm.nb * responseComponents(kind, 2)) }));
    for (const be of [simd, ts]) {
      const fb = be.evaluate(cm, { nk, k }, needs);
      const q2 = fq();
      row[`${fam}: ${be.name} µs/k`] = (1e3 * measureCpu(() => be.responses!(cm, fb, q2), { rounds: quick ? 2 : 4 })) / nk;
    }
  }
  breakdown.push(row);
}
console.log('\nper-k CPU time (µs) of the kernel (velocity + Hessian) and of the OME responses (all parts, E ∥ y):');
console.log(table(['model', 'N', 'simd eval', 'simd resp', 'wasm eval', 'wasm resp', 'ts eval', 'ts resp', 'resp ts/simd'],
  breakdown.map((r) => [r.model!, r.nb!, ...['wasm-simd', 'wasm', 'ts'].flatMap((n) => [(r[`${n} evaluate µs/k`] as number).toFixed(2), (r[`${n} responses µs/k`] as number).toFixed(2)]),
    ((r['ts responses µs/k'] as number) / (r['wasm-simd responses µs/k'] as number)).toFixed(1)])));
console.log('\nper-k CPU time (µs) of the other response families (E ∥ x), wasm-simd vs ts:');
console.log(table(['model', 'N', ...FAMILIES.flatMap(([f]) => [`${f} simd`, 'ts', 'ts/simd'])],
  breakdown.map((r) => [r.model!, r.nb!, ...FAMILIES.flatMap(([f]) => {
    const a = r[`${f}: wasm-simd µs/k`] as number, b = r[`${f}: ts µs/k`] as number;
    return [a.toFixed(2), b.toFixed(1), (b / a).toFixed(0)];
  })])));
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}`);

if (!quick) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `xi-${machine.date.slice(0, 10)}-${machine.host.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  writeFileSync(file, JSON.stringify({
    machine, loadavgEnd: os.loadavg()[0],
    job: { model: 'three-band (defaults)', observable: 'ome (all parts)', E: 'y', mu: MU, T: 0, threads: 1,
      note: 'wasm-simd + responses on the full grid; the JS-physics configurations on the smaller grid, reported per k' },
    endToEnd, torque: { observable: 'torque (eq1, xi)', E: 'x', runs: torque }, breakdown,
  }, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
simd.dispose();
scalar.dispose();
await terminateWorkers();
