/**
 * Ribbon benchmark: a zigzag Haldane ribbon of 100 cells (200 bands), the full OMM-density profile
 * (ribbonOmmDensity, paper 002 Eqs. 55–58, both parts) on 400 k-points; wall and CPU time and the share
 * spent in the eigensolver, wasm-simd vs ts; numpy-LAPACK reference for the same eigendecompositions from
 * /work/shared/notes/toolchain.md (3060 µs at N = 100, extrapolated ∝ N³ to N = 200). "Before": the
 * original O(N⁴) algorithm (test/ribbon/density-reference.ts) on a few k-points with wasm-simd, timed
 * back to back with the current one on the same k-points, and their largest difference.
 *
 *   npx tsx bench/ribbon.bench.ts [--nk 400] [--ts-nk 4] [--before-nk 8] [--quick]
 *
 * Writes bench/results/ribbon-<date>-<host>.json. The TS backend is timed on fewer k-points (--ts-nk)
 * and scaled linearly to 400 (the cost per k is independent of k). CPU time is the process's user +
 * system time (it includes V8's helper threads, e.g. the garbage collector); on a loaded machine
 * (load average, printed, ≳ 2 cores) trust it rather than wall time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../src/backend/backend.js';
import { createBackend } from '../src/backend/select.js';
import { compileModel } from '../src/model/compile.js';
import { makeRibbon, ribbonKGrid, ribbonMeta, ribbonOmmDensity } from '../src/ribbon/index.js';
import { pythtbHaldane } from '../test/helpers/models.js';
import { ribbonOmmDensityReference } from '../test/ribbon/density-reference.js';
import { machineInfo, table } from './harness.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const quick = process.argv.includes('--quick');
const NK = quick ? 16 : arg('--nk', 400);
const TS_NK = arg('--ts-nk', 4);
const BEFORE_NK = quick ? 2 : arg('--before-nk', 8);
const WIDTH = 100;

const machine = machineInfo();
console.log(`ribbon benchmark: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.toFixed(2)}, node ${machine.node}, commit ${machine.commit.slice(0, 10)}`);

const ribbon = makeRibbon(pythtbHaldane(-0.5, -1, 0.06, Math.PI / 2), { along: 0, width: WIDTH });
const cm = compileModel(ribbon);
const nb = cm.nb;
const opts = { mu: 0, T: 100, field: 'x' as const };

/** Wall and CPU time (ms) of fn, divided by `per`. */
function timed<T>(fn: () => T, per: number): { wall: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / per;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 / per, value };
}

/** Eigensolver alone (eigenvalues + eigenvectors) and evaluate with velocity (as the profile requests), ms per k. */
function eigenMsPerK(be: Backend, nk: number) {
  const ks = ribbonKGrid(ribbonMeta(ribbon).length, nk);
  const k = new Float64Array(3 * nk);
  for (let i = 0; i < nk; i++) k[3 * i] = ks[i]!;
  be.evaluate(cm, { nk: 1, k: k.subarray(0, 3) }, { eigenvectors: true }); // warm-up
  const eig = timed(() => {
    for (let i = 0; i < nk; i++) be.evaluate(cm, { nk: 1, k: k.subarray(3 * i, 3 * i + 3) }, { eigenvectors: true });
  }, nk);
  const eigVel = timed(() => {
    for (let i = 0; i < nk; i++) be.evaluate(cm, { nk: 1, k: k.subarray(3 * i, 3 * i + 3) }, { eigenvectors: true, velocity: true });
  }, nk);
  return { eig, eigVel };
}

interface Row {
  backend: string;
  kPointsTimed: number;
  /** Full profile wall time scaled to NK k-points (s). */
  wallSeconds: number;
  estimated: boolean;
  msPerK: number;
  cpuMsPerK: number;
  eigensolverMsPerK: number;
  eigensolverCpuMsPerK: number;
  evaluateWithVelocityMsPerK: number;
  evaluateWithVelocityCpuMsPerK: number;
  /** Eigensolver time / profile time (wall; CPU). */
  eigensolverShare: number;
  eigensolverCpuShare: number;
  evaluateShare: number;
}
const rows: Row[] = [];
let ref: { inter: number[]; intra: number[] } | null = null;
let before: Record<string, unknown> | null = null;
const load0 = os.loadavg();
for (const name of ['wasm-simd', 'ts'] as const) {
  let be: Backend;
  try {
    be = await createBackend(name);
  } catch (e) {
    console.log(`${name}: unavailable (${(e as Error).message})`);
    continue;
  }
  const nk = name === 'ts' ? Math.min(TS_NK, NK) : NK;
  const e = eigenMsPerK(be, name === 'ts' ? Math.min(2, nk) : Math.min(16, nk));
  const run = timed(() => ribbonOmmDensity(ribbon, { ...opts, nk, backend: be }), nk);
  const d = run.value;
  if (name === 'wasm-simd') {
    ref = d;
    if (BEFORE_NK > 0) {
      // the original algorithm and the current one, back to back on the same k-points
      const old = timed(() => ribbonOmmDensityReference(ribbon, { ...opts, nk: BEFORE_NK, backend: be }), BEFORE_NK);
      const now = timed(() => ribbonOmmDensity(ribbon, { ...opts, nk: BEFORE_NK, backend: be }), BEFORE_NK);
      const maxAbs = (a: number[]) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      const diff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
      before = {
        algorithm: 'test/ribbon/density-reference.ts (the pre-optimisation ribbonOmmDensity), wasm-simd',
        kPointsTimed: BEFORE_NK,
        msPerK: old.wall,
        cpuMsPerK: old.cpu,
        // the current algorithm on the same k-points (one call: its one-time costs — workspace, first
        // batch, garbage of the run before — spread over only BEFORE_NK k-points)
        sameKMsPerK: now.wall,
        sameKCpuMsPerK: now.cpu,
        speedupCpuSameK: old.cpu / now.cpu,
        speedupCpu: old.cpu / run.cpu,
        maxIntra: maxAbs(old.value.intra),
        maxAbsDiffIntraRelative: diff(now.value.intra, old.value.intra) / maxAbs(old.value.intra),
        maxAbsInter: maxAbs(old.value.inter),
        maxAbsDiffInter: diff(now.value.inter, old.value.inter),
      };
      console.log(`before (original algorithm, ${BEFORE_NK} k): ${old.wall.toFixed(1)} ms per k wall, ${old.cpu.toFixed(1)} ms CPU; now on the same k ${now.wall.toFixed(1)} / ${now.cpu.toFixed(1)} ms; ` +
        `max |Δ intra| / max |intra| = ${(before.maxAbsDiffIntraRelative as number).toExponential(1)}, max |Δ inter| = ${(before.maxAbsDiffInter as number).toExponential(1)} Å² (inter ≡ 0 by M_xT, max |inter| ${(before.maxAbsInter as number).toExponential(1)})`);
    }
  }
  rows.push({
    backend: be.name,
    kPointsTimed: nk,
    wallSeconds: (run.wall * NK) / 1000,
    estimated: nk !== NK,
    msPerK: run.wall,
    cpuMsPerK: run.cpu,
    eigensolverMsPerK: e.eig.wall,
    eigensolverCpuMsPerK: e.eig.cpu,
    evaluateWithVelocityMsPerK: e.eigVel.wall,
    evaluateWithVelocityCpuMsPerK: e.eigVel.cpu,
    eigensolverShare: e.eig.wall / run.wall,
    eigensolverCpuShare: e.eig.cpu / run.cpu,
    evaluateShare: e.eigVel.wall / run.wall,
  });
  console.log(`${be.name}: ${run.wall.toFixed(1)} ms per k wall, ${run.cpu.toFixed(1)} ms CPU (timed on ${nk} k); eigensolver ${e.eig.wall.toFixed(1)} ms wall / ${e.eig.cpu.toFixed(1)} CPU, evaluate with velocity ${e.eigVel.wall.toFixed(1)} / ${e.eigVel.cpu.toFixed(1)} ms`);
  be.dispose();
}
const load1 = os.loadavg();
console.log(`load average (1 min) at start ${load0[0]!.toFixed(2)}, at end ${load1[0]!.toFixed(2)}`);

// numpy-LAPACK (zheevd, 1 thread) from notes/toolchain.md: 3060 µs at N = 100 → ∝ N³
const numpyMsN200 = 3.06 * (nb / 100) ** 3;
const numpy = { source: '/work/shared/notes/toolchain.md (N = 100: 3060 µs, N = 64: 1150 µs); N = 200 extrapolated ∝ N³ (not measured)', msPerMatrixN200: numpyMsN200, secondsFor400: (numpyMsN200 * NK) / 1000 };
console.log('\n' + table(
  ['backend', 'k timed', `wall for ${NK} k (s)`, 'ms/k wall', 'ms/k CPU', 'eigensolver ms/k (CPU)', 'eig share wall (CPU)', 'evaluate (eig+∂H) ms/k', 'evaluate share', 'eigensolver / numpy'],
  rows.map((r) => [r.backend, r.kPointsTimed, `${r.wallSeconds.toFixed(1)}${r.estimated ? ' (est.)' : ''}`, r.msPerK.toFixed(1), r.cpuMsPerK.toFixed(1),
    `${r.eigensolverMsPerK.toFixed(1)} (${r.eigensolverCpuMsPerK.toFixed(1)})`, `${(100 * r.eigensolverShare).toFixed(0)} % (${(100 * r.eigensolverCpuShare).toFixed(0)} %)`,
    r.evaluateWithVelocityMsPerK.toFixed(1), `${(100 * r.evaluateShare).toFixed(0)} %`, (r.eigensolverMsPerK / numpyMsN200).toFixed(2)]),
));
console.log(`numpy eigh (zheevd) at N = ${nb}: ≈ ${numpyMsN200.toFixed(1)} ms per matrix (extrapolated ∝ N³ from 3.06 ms at N = 100) → ${numpy.secondsFor400.toFixed(1)} s for ${NK} k`);

if (!quick) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const host = machine.host.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = join(dir, `ribbon-${machine.date.slice(0, 10)}-${host}.json`);
  writeFileSync(file, JSON.stringify({
    machine,
    job: { model: 'Haldane (t₀ = 1, t₂ = 0.06, φ = π/2, Δ = 0.5), zigzag ribbon', width: WIDTH, bands: nb, nk: NK, observable: 'omm-density profile (inter + intra, field x)', ...opts },
    loadavg: { start: load0, end: load1 },
    rows,
    before,
    numpy,
    profileChecksum: ref ? ref.inter.reduce((a, x) => a + Math.abs(x), 0) : null,
    profileChecksumIntra: ref ? ref.intra.reduce((a, x) => a + Math.abs(x), 0) : null,
  }, null, 2) + '\n');
  console.log(`results → ${file}`);
}
