/**
 * Study behind docs/ribbon.md §15 and docs/physics-xi.md §6 "Metals": the exact ribbon reference for the
 * orbital magneto-electric response (OME) of metals at finite T (src/ribbon/metal-oracle.ts) against the
 * bulk `ome` total (= paper 003's χ^int) and the Fermi-surface correction `omeMetalCorrection`.
 *
 *   npx tsx scripts/metal-oracle-study.ts [--backend auto|wasm-simd|wasm|ts] [--part A|B|all]
 *
 * Part A: the finite-η Kubo slopes of the flat square-dirac metal (field ∥ ŷ, ribbon along a₂) for a
 * sequence of η, their W and N_k convergence, the split into inter- and intra-group parts and the η → 0
 * extrapolation. Part B: the clean intrinsic (inter-group, η = 0) value for several metals, both field
 * directions, 2 and 3 bands, against K₀₀₃ and K₀₀₃ + ΔK. Prints markdown tables (minutes with the TS
 * backend on a loaded 2-core machine).
 */
import { createBackend, type BackendChoice } from '../src/backend/select.js';
import { compute } from '../src/integrate/compute.js';
import { buildBuiltin } from '../src/model/builtins/index.js';
import { combine, cplx, hoppingsFromMatrices } from '../src/model/builtins/define.js';
import { compileModel, PAULI } from '../src/model/compile.js';
import type { TightBindingModel } from '../src/model/types.js';
import { evenLaurentExtrapolation, omeMetalCorrection, ribbonDrivenOracle } from '../src/ribbon/metal-oracle.js';
import { c2tModel } from '../test/helpers/models.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const backendName = arg('backend', 'auto') as BackendChoice;
const part = arg('part', 'all');
const backend = await createBackend(backendName);
console.log(`backend: ${backend.name}`);

/** No mirror, no C2zT: tilts along x and y, extra σ_x terms. */
function genericModel(p: { vtx: number; vty: number; m: number; w: number; alpha: number; beta: number; gamma: number }): TightBindingModel {
  const { vtx, vty, m, w, alpha, beta, gamma } = p;
  const Tx = combine(2, [[cplx(0, -vtx / 2), PAULI.s0], [cplx(-w / 2), PAULI.sz], [cplx(0, alpha / 2), PAULI.sy], [cplx(beta / 2), PAULI.sx], [cplx(0, -gamma / 2), PAULI.sx]]);
  const Ty = combine(2, [[cplx(0, -vty / 2), PAULI.s0], [cplx(-w / 2), PAULI.sz], [cplx(0, -alpha / 2), PAULI.sx]]);
  return {
    format: 'orbitronics-model/1', kind: 'tight-binding', name: 'generic', dim: 2,
    lattice: [[1, 0], [0, 1]], orbitals: [[0, 0], [0, 0]], onsite: [m + 2 * w, -(m + 2 * w)],
    hoppings: hoppingsFromMatrices([{ R: [1, 0], T: Tx }, { R: [0, 1], T: Ty }]),
    spin: null, meta: {},
  };
}

async function bulkK(tb: TightBindingModel, E: 0 | 1, mu: number, T: number, grid: number) {
  const r = await compute({ model: compileModel(tb), observables: ['ome'], grid: [grid, grid], mu: [mu], T, backend: 'ts', threads: 1, params: { E } });
  const o = r.get('ome');
  const k = o.conversions['Å per eE']!;
  return { K: o.at(0) * k, paper: (o.parts!['paper-reading'] as number[][])[0]![0]! * k };
}

const FLAT = 'square-dirac:m=1,w=0.1,alpha=0.3,vt=0.1';
const fmt = (x: number, p = 10) => x.toPrecision(p);
const ex = (x: number) => x.toExponential(1);

if (part === 'A' || part === 'all') {
  const tb = buildBuiltin(FLAT) as TightBindingModel;
  const mu = 1.15, T = 1000;
  const etas = Array.from({ length: 9 }, (_, j) => +(0.05 * Math.SQRT2 ** j).toPrecision(7)); // 0.05 … 0.8
  const widths = [48, 64, 80], nk = 128;
  const t0 = Date.now();
  const r = ribbonDrivenOracle(tb, { along: 1, widths, nk, mu, T, etas, bandCuts: [0], backend });
  const rk = ribbonDrivenOracle(tb, { along: 1, widths: [64, 80], nk: 192, mu, T, etas: etas.slice(0, 3), bandCuts: [0], backend });
  const re = ribbonDrivenOracle(tb, { along: 1, widths: [16, 24, 32], nk: 64, mu, T, etas: [0.2], bandCuts: [0], edgePotential: [0.3, 0.1], backend });
  const r0 = ribbonDrivenOracle(tb, { along: 1, widths: [16, 24, 32], nk: 64, mu, T, etas: [0.2], bandCuts: [0], backend });
  const { K, paper } = await bulkK(tb, 1, mu, T, 300);
  const dK = omeMetalCorrection(tb, { E: 1, mu, T, grid: 300 }).value;
  console.log(`\n## A. ${FLAT}, μ = ${mu} eV, T = ${T} K, ribbon along a₂ (E ∥ ŷ), W = ${widths.join('/')}, N_k = ${nk} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  console.log('| η (eV) | slope K(η) (Å), W 64→80 | change from W 48→64 (rel.) | N_k 192 vs 128 (rel.) | inter-group (Å) | η²·intra-group (Å·eV²) |');
  console.log('|---|---|---|---|---|---|');
  r.perEta.forEach((p, j) => {
    const q = rk.perEta[j];
    const nkRel = q ? ex(Math.abs(q.slope - p.slope) / Math.abs(p.slope)) : '—';
    console.log(`| ${p.eta} | ${fmt(p.slope, 12)} | ${ex(p.convergence / Math.abs(p.slope))} | ${nkRel} | ${fmt(p.parts.interGroup!.slope)} | ${fmt(r.kinetic![j]!, 9)} |`);
  });
  const B0 = r.intrinsic!.slope;
  console.log(`\nintrinsic (inter-group, η = 0): ${fmt(B0, 12)} Å (successive ${r.intrinsic!.successiveSlopes.map((s) => fmt(s, 12)).join(' → ')}); odd/Boltzmann parts ≤ ${ex(Math.max(...r.perEta.map((p) => Math.abs(p.parts.odd.slope) + Math.abs(p.parts.boltzmann.slope))))} Å`);
  console.log(`edge potential [0.3, 0.1] eV on the outer cells (W = 16/24/32, N_k = 64): K(0.2) ${fmt(r0.perEta[0]!.slope, 12)} → ${fmt(re.perEta[0]!.slope, 12)}, intrinsic ${fmt(r0.intrinsic!.slope, 12)} → ${fmt(re.intrinsic!.slope, 12)}`);
  console.log('\n| η used (eV) | extrapolated B (Å) | error estimate (Å) | B/intrinsic − 1 | B/(K₀₀₃ + ΔK) − 1 | B/K₀₀₃ − 1 |');
  console.log('|---|---|---|---|---|---|');
  const sets: number[][] = [[0.1, 0.2, 0.4], [0.05, 0.1, 0.2, 0.4], etas.slice(2), etas.slice(1), etas];
  for (const s of sets) {
    const ps = r.perEta.filter((p) => s.includes(p.eta));
    const x = evenLaurentExtrapolation(ps.map((p) => p.eta), ps.map((p) => p.slope));
    const name = s.length > 4 ? `${s[0]} … ${s[s.length - 1]} (${s.length}, ratio √2)` : s.join(', ');
    console.log(`| ${name} | ${fmt(x.value, 10)} | ${ex(x.error)} | ${ex(x.value / B0 - 1)} | ${ex(x.value / (K + dK) - 1)} | ${(x.value / K - 1).toFixed(4)} |`);
  }
  console.log(`\nbulk ome (= 003 χ^int), 300²: K₀₀₃ = ${fmt(K, 12)} Å; ΔK = ${fmt(dK, 10)} Å; K₀₀₃ + ΔK = ${fmt(K + dK, 12)} Å`);
  console.log(`intrinsic/K₀₀₃ − 1 = ${ex(B0 / K - 1)}; intrinsic/(K₀₀₃ + ΔK) − 1 = ${ex(B0 / (K + dK) - 1)}; paper-reading/intrinsic = ${(paper / B0).toFixed(4)}`);
}

if (part === 'B' || part === 'all') {
  type Case = { name: string; tb: TightBindingModel; E: 0 | 1; mu: number; T: number; cuts: number[]; widths: number[]; nk: number };
  const sd = buildBuiltin(FLAT) as TightBindingModel;
  const sd04 = buildBuiltin('square-dirac:m=0.4,w=0.5') as TightBindingModel;
  const c2t = c2tModel({ vt: 0.1, m: 1, w: 0.1, alpha: 0.3, beta: 0.2, gamma: 0.15 });
  const gen = genericModel({ vtx: 0.1, vty: 0.07, m: 1, w: 0.1, alpha: 0.3, beta: 0.15, gamma: 0.1 });
  const tb3 = buildBuiltin('three-band:B=0.3,M=1.5,lambda=-1.5,eps0=0.5,vt=0.1') as TightBindingModel;
  const cases: Case[] = [
    { name: 'flat square-dirac, insulator', tb: sd, E: 1, mu: 0, T: 300, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'flat square-dirac', tb: sd, E: 1, mu: 1.05, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'flat square-dirac', tb: sd, E: 1, mu: 1.15, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'flat square-dirac', tb: sd, E: 1, mu: 1.15, T: 300, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'flat square-dirac', tb: sd, E: 1, mu: 1.3, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'square-dirac m = 0.4, w = 0.5', tb: sd04, E: 1, mu: 0.6, T: 1000, cuts: [0], widths: [24, 32, 40], nk: 128 },
    { name: 'square-dirac m = 0.4, w = 0.5', tb: sd04, E: 1, mu: 0.6, T: 300, cuts: [0], widths: [48, 64, 80], nk: 256 },
    { name: 'C2zT + M_y model', tb: c2t, E: 1, mu: 1.15, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'C2zT + M_y model', tb: c2t, E: 1, mu: 1.25, T: 300, cuts: [0], widths: [16, 20, 24], nk: 96 },
    { name: 'generic (no mirror)', tb: gen, E: 0, mu: 1.15, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'generic (no mirror)', tb: gen, E: 1, mu: 1.15, T: 1000, cuts: [0], widths: [12, 16, 20], nk: 64 },
    { name: 'three-band, middle band', tb: tb3, E: 1, mu: -0.9, T: 1000, cuts: [-1.55, 0.25], widths: [16, 20, 24], nk: 64 },
    { name: 'three-band, lowest band', tb: tb3, E: 1, mu: -2.3, T: 1000, cuts: [-1.55, 0.25], widths: [12, 16, 20], nk: 64 },
  ];
  console.log('\n## B. Clean intrinsic (inter-group, η = 0) value vs bulk\n');
  console.log('| model | E | μ (eV) | T (K) | W, N_k | intrinsic (Å) | W conv. (rel.) | K₀₀₃ = `ome` (Å), 300² | ΔK (Å) | intrinsic/K₀₀₃ − 1 | intrinsic/(K₀₀₃ + ΔK) − 1 |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    const r = ribbonDrivenOracle(c.tb, { along: c.E, widths: c.widths, nk: c.nk, mu: c.mu, T: c.T, bandCuts: c.cuts, backend });
    const B0 = r.intrinsic!.slope;
    const { K } = await bulkK(c.tb, c.E, c.mu, c.T, 300);
    const dK = omeMetalCorrection(c.tb, { E: c.E, mu: c.mu, T: c.T, grid: 300 }).value;
    console.log(
      `| ${c.name} | ${'xy'[c.E]} | ${c.mu} | ${c.T} | ${c.widths.join('/')}, ${c.nk} | ${fmt(B0)} | ${ex(r.intrinsic!.convergence / Math.abs(B0))} | ${fmt(K)} | ${fmt(dK, 6)} | ${(B0 / K - 1).toFixed(4)} | ${ex(B0 / (K + dK) - 1)} |`,
    );
  }
}
