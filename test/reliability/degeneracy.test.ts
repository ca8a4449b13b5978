/**
 * Degenerate bands (DESIGN §2, docs/reliability.md): where bands touch, band-resolved geometry is
 * undefined and reported (counted, located), every output stays finite, and band-summed
 * gauge-invariant quantities — Σ over a degenerate group of Ω, g and the orbital moment, the total
 * AHC and orbital magnetisation — stay well defined: unchanged by random unitary rotations of the
 * eigenvectors inside each degenerate block (recomputed with the TS reference geometry code) and
 * the same from every backend (whose eigenvectors inside a block are arbitrary).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, BandBatch } from '../../src/backend/backend.js';
import { axialCount, pairCount } from '../../src/backend/backend.js';
import { bandGeometry } from '../../src/backend/ts/geometry.js';
import { compute } from '../../src/integrate/index.js';
import { compileModel } from '../../src/model/compile.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import type { CompiledModel, Hopping, Model, TightBindingModel } from '../../src/model/types.js';
import { run } from '../../src/cli/main.js';
import { backendsUnderTest, toCartesian } from '../helpers/backends.js';
import { pythtbHaldane, rng } from '../helpers/models.js';

const THRESHOLD = 1e-8;

/** H ⊗ σ0: every band doubly degenerate at every k (a spinful model with T·P, spin ignored). */
function doubled(m: TightBindingModel): TightBindingModel {
  const hoppings: Hopping[] = [];
  for (const h of m.hoppings) for (const s of [0, 1]) hoppings.push({ from: 2 * h.from + s, to: 2 * h.to + s, R: [...h.R], t: [h.t[0], h.t[1]] });
  return {
    ...m,
    name: `${m.name}⊗σ0`,
    orbitals: m.orbitals.flatMap((o) => [[...o], [...o]]),
    onsite: m.onsite.flatMap((e) => [e, e]),
    hoppings,
    hermitian: m.hermitian,
    spin: undefined,
  };
}

/**
 * BHZ on the square lattice (T and P, so Kramers pairs at every k, with non-trivial mixing inside
 * a pair): H = (M − 2B(2 − cos kx − cos ky)) τz + A sin kx τx sz + A sin ky τy, orbitals 2τ + s.
 */
function bhz(M = -0.5, B = 1, A = 0.8): TightBindingModel {
  const hop = (to: number, from: number, R: number[], re: number, im: number): Hopping => ({ from, to, R, t: [re, im] });
  const hoppings: Hopping[] = [];
  for (const R of [[1, 0], [0, 1]]) {
    // B τz
    hoppings.push(hop(0, 0, R, B, 0), hop(1, 1, R, B, 0), hop(2, 2, R, -B, 0), hop(3, 3, R, -B, 0));
  }
  // −(iA/2) τx sz along x: (0,2),(2,0) → −iA/2; (1,3),(3,1) → +iA/2
  hoppings.push(hop(0, 2, [1, 0], 0, -A / 2), hop(2, 0, [1, 0], 0, -A / 2), hop(1, 3, [1, 0], 0, A / 2), hop(3, 1, [1, 0], 0, A / 2));
  // −(iA/2) τy along y: (0,2),(1,3) → −A/2; (2,0),(3,1) → +A/2
  hoppings.push(hop(0, 2, [0, 1], -A / 2, 0), hop(1, 3, [0, 1], -A / 2, 0), hop(2, 0, [0, 1], A / 2, 0), hop(3, 1, [0, 1], A / 2, 0));
  const e = M - 4 * B;
  return {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: 'bhz',
    dim: 2,
    lattice: [[1, 0], [0, 1]],
    orbitals: [[0, 0], [0, 0], [0, 0], [0, 0]],
    onsite: [e, e, -e, -e],
    hoppings,
  };
}

// --- complex helpers -------------------------------------------------------------------------

/** A random d×d unitary (Gram–Schmidt of a complex Gaussian matrix), column-major [re, im]. */
function randomUnitary(d: number, r: () => number): Float64Array {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const V = new Float64Array(2 * d * d);
  for (let i = 0; i < 2 * d * d; i++) V[i] = gauss();
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < j; p++) {
      // proj = <v_p, v_j>
      let pr = 0, pi = 0;
      for (let i = 0; i < d; i++) {
        const ar = V[2 * (p * d + i)]!, ai = V[2 * (p * d + i) + 1]!, br = V[2 * (j * d + i)]!, bi = V[2 * (j * d + i) + 1]!;
        pr += ar * br + ai * bi;
        pi += ar * bi - ai * br;
      }
      for (let i = 0; i < d; i++) {
        const ar = V[2 * (p * d + i)]!, ai = V[2 * (p * d + i) + 1]!;
        V[2 * (j * d + i)]! -= pr * ar - pi * ai;
        V[2 * (j * d + i) + 1]! -= pr * ai + pi * ar;
      }
    }
    let n = 0;
    for (let i = 0; i < d; i++) n += V[2 * (j * d + i)]! ** 2 + V[2 * (j * d + i) + 1]! ** 2;
    n = Math.sqrt(n);
    for (let i = 0; i < 2 * d; i++) V[2 * j * d + i]! /= n;
  }
  return V;
}

/** Degenerate groups of ascending energies (|Δε| < threshold chains). */
function groups(e: ArrayLike<number>, off: number, nb: number): number[][] {
  const out: number[][] = [[0]];
  for (let n = 1; n < nb; n++) {
    if (Math.abs(e[off + n]! - e[off + n - 1]!) < THRESHOLD) out[out.length - 1]!.push(n);
    else out.push([n]);
  }
  return out;
}

/** h'^a = W† h^a W with W block-diagonal: a random unitary inside every degenerate group. */
function rotateInBlocks(h: Float64Array, nb: number, dim: number, gs: number[][], r: () => number): Float64Array {
  const W = new Float64Array(2 * nb * nb); // W[m][n] at 2(m*nb+n)
  for (const g of gs) {
    const V = randomUnitary(g.length, r);
    g.forEach((m, i) => g.forEach((n, j) => {
      W[2 * (m * nb + n)] = V[2 * (j * g.length + i)]!;
      W[2 * (m * nb + n) + 1] = V[2 * (j * g.length + i) + 1]!;
    }));
  }
  const out = new Float64Array(h.length);
  const nn2 = 2 * nb * nb;
  for (let a = 0; a < dim; a++) {
    const o = a * nn2;
    // T = h W, out = W† T
    const T = new Float64Array(nn2);
    for (let m = 0; m < nb; m++) for (let n = 0; n < nb; n++) {
      let sr = 0, si = 0;
      for (let l = 0; l < nb; l++) {
        const hr = h[o + 2 * (m * nb + l)]!, hi = h[o + 2 * (m * nb + l) + 1]!, wr = W[2 * (l * nb + n)]!, wi = W[2 * (l * nb + n) + 1]!;
        sr += hr * wr - hi * wi;
        si += hr * wi + hi * wr;
      }
      T[2 * (m * nb + n)] = sr;
      T[2 * (m * nb + n) + 1] = si;
    }
    for (let m = 0; m < nb; m++) for (let n = 0; n < nb; n++) {
      let sr = 0, si = 0;
      for (let l = 0; l < nb; l++) {
        const wr = W[2 * (l * nb + m)]!, wi = -W[2 * (l * nb + m) + 1]!, tr = T[2 * (l * nb + n)]!, ti = T[2 * (l * nb + n) + 1]!;
        sr += wr * tr - wi * ti;
        si += wr * ti + wi * tr;
      }
      out[o + 2 * (m * nb + n)] = sr;
      out[o + 2 * (m * nb + n) + 1] = si;
    }
  }
  return out;
}

interface Geo { curvature: Float64Array; metric: Float64Array; moment: Float64Array; degenerate: number }
function geometryOf(nb: number, dim: number, e: Float64Array, h: Float64Array): Geo {
  const C = axialCount(dim), P = pairCount(dim);
  const g = { curvature: new Float64Array(nb * C), metric: new Float64Array(nb * P), moment: new Float64Array(nb * C), degenerate: 0 };
  g.degenerate = bandGeometry(nb, dim, e, 0, h, 0, THRESHOLD, g.curvature, g.metric, g.moment, 0);
  return g;
}

/** Σ over each group of every component of Ω, g, X. */
function groupSums(g: Geo, gs: number[][], nb: number, dim: number): number[] {
  const C = axialCount(dim), P = pairCount(dim);
  const out: number[] = [];
  for (const grp of gs) {
    for (let c = 0; c < C; c++) out.push(grp.reduce((s, n) => s + g.curvature[n * C + c]!, 0));
    for (let p = 0; p < P; p++) out.push(grp.reduce((s, n) => s + g.metric[n * P + p]!, 0));
    for (let c = 0; c < C; c++) out.push(grp.reduce((s, n) => s + g.moment[n * C + c]!, 0));
  }
  return out;
}

const allFinite = (b: BandBatch) =>
  [b.energies, b.velocity, b.berryCurvature, b.quantumMetric, b.orbitalMoment].every((x) => !x || Array.from(x).every(Number.isFinite));

function kpoints(model: CompiledModel, extra: number[][], n: number, seed: number): Float64Array {
  const r = rng(seed);
  const red = [...extra, ...Array.from({ length: n }, () => [r(), r()])];
  const k = new Float64Array(3 * red.length);
  red.forEach((kr, i) => k.set(toCartesian(kr, model.reciprocal), 3 * i));
  return k;
}

let backends: Backend[] = [];
afterAll(() => backends.forEach((b) => b.dispose()));

describe('Kramers pairs: per-k geometry of degenerate groups', () => {
  const cases: Array<{ name: string; model: Model; special: number[][] }> = [
    { name: 'doubled Haldane H⊗σ0', model: doubled(pythtbHaldane()), special: [[0, 0], [2 / 3, 1 / 3], [0.5, 0]] },
    { name: 'BHZ (T and P)', model: bhz(), special: [[0, 0], [0.5, 0], [0.5, 0.5]] },
  ];
  for (const c of cases) {
    it(`${c.name}: finite outputs; Σ_group Ω, g, m invariant under random U(2) rotations and equal on every backend`, async () => {
      if (!backends.length) backends = await backendsUnderTest();
      const model = compileModel(c.model);
      const { nb, dim } = model;
      const nk = 3 + 20;
      const k = kpoints(model, c.special, 20, 7);
      const r = rng(11);
      const ref = backends[0]!.evaluate(model, { nk, k }, { velocity: true, geometry: true });
      expect(ref.nb).toBe(nb);
      let perBandChange = 0;
      const nn2 = 2 * nb * nb;
      const refSums: number[][] = [];
      for (let ik = 0; ik < nk; ik++) {
        const e = ref.energies.slice(ik * nb, (ik + 1) * nb);
        const gs = groups(e, 0, nb);
        expect(gs.every((g) => g.length === 2)).toBe(true); // Kramers pairs everywhere
        expect(ref.degeneratePairs[ik]).toBe(nb / 2);
        const h = ref.velocity!.slice(ik * dim * nn2, (ik + 1) * dim * nn2);
        const g0 = geometryOf(nb, dim, e, h);
        const s0 = groupSums(g0, gs, nb, dim);
        const scale = Math.max(1, ...s0.map(Math.abs));
        for (let trial = 0; trial < 3; trial++) {
          const g1 = geometryOf(nb, dim, e, rotateInBlocks(h, nb, dim, gs, r));
          const s1 = groupSums(g1, gs, nb, dim);
          s1.forEach((x, i) => expect(Math.abs(x - s0[i]!)).toBeLessThan(1e-10 * scale));
          g1.curvature.forEach((x, i) => (perBandChange = Math.max(perBandChange, Math.abs(x - g0.curvature[i]!))));
          [g1.curvature, g1.metric, g1.moment].forEach((a) => expect(Array.from(a).every(Number.isFinite)).toBe(true));
        }
        refSums.push(s0);
      }
      if (c.name.startsWith('BHZ')) expect(perBandChange).toBeGreaterThan(1e-3); // per band Ω: gauge dependent (non-abelian), hence undefined
      for (const b of backends) {
        const bb = b.evaluate(model, { nk, k }, { velocity: true, geometry: true });
        expect(allFinite(bb), `${b.name}: non-finite output`).toBe(true);
        for (let ik = 0; ik < nk; ik++) {
          const e = bb.energies.slice(ik * nb, (ik + 1) * nb);
          const gs = groups(e, 0, nb);
          const s = groupSums(geometryOf(nb, dim, e, bb.velocity!.slice(ik * dim * nn2, (ik + 1) * dim * nn2)), gs, nb, dim);
          const scale = Math.max(1, ...refSums[ik]!.map(Math.abs));
          s.forEach((x, i) => expect(Math.abs(x - refSums[ik]![i]!), `${b.name} k#${ik}`).toBeLessThan(1e-10 * scale));
          // the backend's own per-band geometry, summed over each group, is the same gauge-invariant number
          const own = groupSums({ curvature: bb.berryCurvature!.slice(ik * nb * axialCount(dim), (ik + 1) * nb * axialCount(dim)), metric: bb.quantumMetric!.slice(ik * nb * pairCount(dim), (ik + 1) * nb * pairCount(dim)), moment: bb.orbitalMoment!.slice(ik * nb * axialCount(dim), (ik + 1) * nb * axialCount(dim)), degenerate: 0 }, gs, nb, dim);
          own.forEach((x, i) => expect(Math.abs(x - refSums[ik]![i]!), `${b.name} own k#${ik}`).toBeLessThan(1e-10 * scale));
        }
      }
    });
  }
});

describe('Kramers pairs and Dirac points in BZ integrals', () => {
  it('doubled Haldane: AHC, orbital magnetisation and Chern are exactly twice those of Haldane; all k reported degenerate, with locations', async () => {
    const base = { observables: ['ahc', 'orbital-magnetization', 'chern'], grid: [24, 24], mu: [-3, -0.5, 0, 0.5, 3], T: [0, 300], threads: 1, backend: 'ts' as const };
    const one = await compute({ ...base, model: pythtbHaldane() });
    const two = await compute({ ...base, model: doubled(pythtbHaldane()) });
    for (const name of ['ahc', 'orbital-magnetization', 'chern']) {
      const a = one.get(name).data, b = two.get(name).data;
      const scale = Math.max(...Array.from(a, Math.abs));
      b.forEach((x, i) => {
        expect(Number.isFinite(x)).toBe(true);
        expect(Math.abs(x - 2 * a[i]!)).toBeLessThan(1e-9 * scale);
      });
    }
    expect(two.diagnostics.degenerateKpoints).toBe(24 * 24);
    expect(one.diagnostics.degenerateKpoints).toBe(0);
    expect((two.diagnostics.degenerateSamples as unknown[]).length).toBe(4); // one chunk (24² k-points) records 4
  });

  it('BHZ (T and P): total AHC and orbital magnetisation vanish, every value finite', async () => {
    const r = await compute({ model: bhz(), observables: ['ahc', 'orbital-magnetization'], grid: [30, 30], mu: { start: -3, stop: 3, n: 13 }, T: 0, threads: 1, backend: 'ts' });
    const scaleRef = await compute({ model: pythtbHaldane(), observables: ['ahc'], grid: [30, 30], mu: [0], T: 0, threads: 1, backend: 'ts' });
    const s = Math.abs(scaleRef.get('ahc').data[0]!);
    for (const name of ['ahc', 'orbital-magnetization']) for (const x of r.get(name).data) {
      expect(Number.isFinite(x)).toBe(true);
      expect(Math.abs(x)).toBeLessThan(1e-9 * s);
    }
    expect(r.diagnostics.degenerateKpoints).toBe(900);
  });

  it('gapped graphene with Δ = 0 on a grid containing K and K′: 2 degenerate k-points located at K, K′; no NaN/Inf; totals equal on every backend', async () => {
    if (!backends.length) backends = await backendsUnderTest();
    const model = buildBuiltin('gapped-graphene:delta=0');
    const results = [];
    for (const b of backends) {
      const r = await compute({ model, observables: ['ahc', 'orbital-magnetization', 'chern'], grid: [30, 30], mu: { start: -1, stop: 1, n: 9 }, T: [0, 100], threads: 1, backend: b });
      expect(r.diagnostics.degenerateKpoints).toBe(2);
      const at = (r.diagnostics.degenerateSamples as Array<{ reduced: number[] }>).map((s) => s.reduced.map((x) => Math.round(x * 3)).join(','));
      expect(at.sort()).toEqual(['1,2', '2,1']); // K′ = (1/3, 2/3), K = (2/3, 1/3)
      for (const o of Object.values(r.results)) {
        for (const x of o.data) expect(Number.isFinite(x)).toBe(true);
        for (const p of Object.values(o.partsData)) for (const x of p) expect(Number.isFinite(x)).toBe(true);
      }
      results.push(r);
    }
    const ref = results[0]!;
    const s = 1e-4; // S; |σ_xy| ≤ e²/h ≈ 3.9e-5 S here (it vanishes by symmetry: T)
    for (const r of results.slice(1)) for (const name of ['ahc', 'orbital-magnetization'])
      r.get(name).data.forEach((x, i) => expect(Math.abs(x - ref.get(name).data[i]!)).toBeLessThan(1e-10 * (name === 'ahc' ? s : 0.1))); // 0.1 μB/cell: the Haldane scale
    for (const x of ref.get('ahc').data) expect(Math.abs(x)).toBeLessThan(1e-12 * s * 1e3);
  });

  it('kpoint at a Kramers point (rashba, k = 0) and at a Dirac point: band geometry null (undefined), pairs reported, never NaN', async () => {
    for (const [model, k] of [['rashba', '0,0'], ['gapped-graphene:delta=0', '0.6666666666666666,0.3333333333333333']] as const) {
      const r = await run(['kpoint', '--model', model, '--k', k, '--quantity', 'energies,berry-curvature,quantum-metric,orbital-moment', '--json', '--backend', 'ts']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/NaN|Infinity/);
      const doc = JSON.parse(r.stdout);
      expect(doc.diagnostics.degeneratePairs.length).toBeGreaterThan(0);
      expect(doc.results['berry-curvature'].values[0][0]).toEqual([null]);
    }
  });
});
