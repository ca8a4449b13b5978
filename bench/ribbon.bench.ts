/**
 * Ribbon benchmark: a zigzag Haldane ribbon of 100 cells (200 bands), the full OMM-density profile
 * (ribbonOmmDensity, paper 002 Eqs. 55–58, both parts) on 400 k-points; wall time and the share spent
 * in the eigensolver, wasm-simd vs ts; numpy-LAPACK reference for the same eigendecompositions from
 * /work/shared/notes/toolchain.md (3060 µs at N = 100, extrapolated ∝ N³ to N = 200).
 *
 *   npx tsx bench/ribbon.bench.ts [--nk 400] [--ts-nk 4] [--quick]
 *
 * Writes bench/results/ribbon-<date>-<host>.json. The TS backend is timed on fewer k-points (--ts-nk)
 * and scaled linearly to 400 (the cost per k is independent of k).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../src/backend/backend.js';
import { createBackend } from '../src/backend/select.js';
import { compileModel } from '../src/model/compile.js';
import { makeRibbon, ribbonKGrid, ribbonMeta, ribbonOmmDensity } from '../src/ribbon/index.js';
import { pythtbHaldane } from '../test/helpers/models.js';
import { machineInfo, table } from './harness.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const quick = process.argv.includes('--quick');
const NK = quick ? 16 : arg('--nk', 400);
const TS_NK = arg('--ts-nk', 4);
const WIDTH = 100;

const machine = machineInfo();
console.log(`ribbon benchmark: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.toFixed(2)}, node ${machine.node}, commit ${machine.commit.slice(0, 10)}`);

const ribbon = makeRibbon(pythtbHaldane(-0.5, -1, 0.06, Math.PI / 2), { along: 0, width: WIDTH });
const cm = compileModel(ribbon);
const nb = cm.nb;
const opts = { mu: 0, T: 100, field: 'x' as const };

/** Eigensolver alone (eigenvalues + eigenvectors) and evaluate with velocity (as the profile requests), ms per k. */
function eigenMsPerK(be: Backend, nk: number): { eig: number; eigVel: number } {
  const ks = ribbonKGrid(ribbonMeta(ribbon).length, nk);
  const k = new Float64Array(3 * nk);
  for (let i = 0; i < nk; i++) k[3 * i] = ks[i]!;
  be.evaluate(cm, { nk: 1, k: k.subarray(0, 3) }, { eigenvectors: true }); // warm-up
  let t0 = performance.now();
  for (let i = 0; i < nk; i++) be.evaluate(cm, { nk: 1, k: k.subarray(3 * i, 3 * i + 3) }, { eigenvectors: true });
  const eig = (performance.now() - t0) / nk;
  t0 = performance.now();
  for (let i = 0; i < nk; i++) be.evaluate(cm, { nk: 1, k: k.subarray(3 * i, 3 * i + 3) }, { eigenvectors: true, velocity: true });
  const eigVel = (performance.now() - t0) / nk;
  return { eig, eigVel };
}

interface Row {
  backend: string;
  kPointsTimed: number;
  /** Full profile wall time scaled to NK k-points (s). */
  wallSeconds: number;
  estimated: boolean;
  msPerK: number;
  eigensolverMsPerK: number;
  evaluateWithVelocityMsPerK: number;
  eigensolverShare: number;
  evaluateShare: number;
}
const rows: Row[] = [];
let ref: number[] | null = null;
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
  const t0 = performance.now();
  const d = ribbonOmmDensity(ribbon, { ...opts, nk, backend: be });
  const ms = (performance.now() - t0) / nk;
  if (name === 'wasm-simd') ref = d.inter;
  rows.push({
    backend: be.name,
    kPointsTimed: nk,
    wallSeconds: (ms * NK) / 1000,
    estimated: nk !== NK,
    msPerK: ms,
    eigensolverMsPerK: e.eig,
    evaluateWithVelocityMsPerK: e.eigVel,
    eigensolverShare: e.eig / ms,
    evaluateShare: e.eigVel / ms,
  });
  console.log(`${be.name}: ${ms.toFixed(1)} ms per k (timed on ${nk} k), eigensolver ${e.eig.toFixed(1)} ms, evaluate with velocity ${e.eigVel.toFixed(1)} ms`);
  be.dispose();
}

// numpy-LAPACK (zheevd, 1 thread) from notes/toolchain.md: 3060 µs at N = 100 → ∝ N³
const numpyMsN200 = 3.06 * (nb / 100) ** 3;
const numpy = { source: '/work/shared/notes/toolchain.md (N = 100: 3060 µs, N = 64: 1150 µs); N = 200 extrapolated ∝ N³ (not measured)', msPerMatrixN200: numpyMsN200, secondsFor400: (numpyMsN200 * NK) / 1000 };
console.log('\n' + table(
  ['backend', 'k timed', `wall for ${NK} k (s)`, 'ms/k', 'eigensolver ms/k', 'eig share', 'evaluate (eig+∂H) ms/k', 'evaluate share', 'eigensolver / numpy'],
  rows.map((r) => [r.backend, r.kPointsTimed, `${r.wallSeconds.toFixed(1)}${r.estimated ? ' (est.)' : ''}`, r.msPerK.toFixed(1), r.eigensolverMsPerK.toFixed(1), `${(100 * r.eigensolverShare).toFixed(0)} %`, r.evaluateWithVelocityMsPerK.toFixed(1), `${(100 * r.evaluateShare).toFixed(0)} %`, (r.eigensolverMsPerK / numpyMsN200).toFixed(2)]),
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
    rows,
    numpy,
    profileChecksum: ref ? ref.reduce((a, x) => a + Math.abs(x), 0) : null,
  }, null, 2) + '\n');
  console.log(`results → ${file}`);
}
