/**
 * Paper 004 Eq. 5 (orbital magnetisation, modern theory at finite T) and the AHC on the continuum
 * massive Dirac model H = v(k_xσ_x + k_yσ_y) + mσ_z with cutoff null (closed forms derived in
 * docs/physics.md, "Closed forms: massive Dirac"), and on gapped graphene (time-reversal: zero).
 */
import { describe, expect, it } from 'vitest';
import { compute } from '../../src/integrate/index.js';
import { gaussLegendre } from '../../src/kspace/gauss.js';
import { BOLTZMANN_EV_K } from '../../src/units/constants.js';
import { E2_OVER_H_S, ORBITAL_MOMENT_TO_MUB } from '../../src/units/factors.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { BOHR_MAGNETON_J_T } from '../../src/units/constants.js';
import { massiveDirac, pythtbHaldane } from '../helpers/models.js';

const v = 1.5;
const m = 0.3;
/** Σₙ∫[dk] fₙΩₙ at T = 0: m / (4π max(|μ|, |m|)). */
const sigma0 = (mu: number, mm = m) => mm / (4 * Math.PI * Math.max(Math.abs(mu), Math.abs(mm)));
/** M/(e/ħ) at T = 0 (per area): (m/4π) clamp(μ/|m|, −1, 1). */
const mag0 = (mu: number, mm = m) => (mm / (4 * Math.PI)) * Math.max(-1, Math.min(1, mu / Math.abs(mm)));
const MUB_NM2 = ORBITAL_MOMENT_TO_MUB * 100; // (e/ħ)·eV·Å² per Å² → μB/nm²

const mus = [-0.8, -0.5, -0.3001, -0.2, 0, 0.15, 0.29, 0.31, 0.5, 1.2];

describe('massive Dirac, cutoff null, T = 0 (closed forms)', () => {
  for (const mm of [m, -m]) {
    it(`σ_xy, Chern and M for m = ${mm} (two grids)`, async () => {
      for (const grid of [[32, 16], [48, 24]]) {
        const r = await compute({ model: massiveDirac(v, mm), observables: ['chern', 'ahc', 'orbital-magnetization'], grid, mu: mus, T: 0, backend: 'ts', threads: 1 });
        const ch = r.get('chern'), ahc = r.get('ahc'), om = r.get('orbital-magnetization');
        expect(ahc.unit).toBe('S');
        expect(om.unit).toBe('muB/nm^2');
        mus.forEach((mu, i) => {
          expect(ch.at(i)).toBeCloseTo(2 * Math.PI * sigma0(mu, mm), 13);
          // σ_xy = −(e²/ħ) Σ∫fΩ = −(e²/h)·2π Σ∫fΩ
          expect(Math.abs(ahc.to('e^2/h').at(i) + 2 * Math.PI * sigma0(mu, mm))).toBeLessThan(1e-13);
          expect(Math.abs(ahc.at(i) / E2_OVER_H_S + 2 * Math.PI * sigma0(mu, mm))).toBeLessThan(1e-13);
          expect(Math.abs(om.at(i) / MUB_NM2 - mag0(mu, mm)) / (1 / (4 * Math.PI))).toBeLessThan(1e-13);
        });
        // in the gap: half-quantised C = sign(m)/2, σ_xy = −sign(m) e²/2h
        expect(ch.at(4)).toBeCloseTo(Math.sign(mm) / 2, 14);
      }
    });
  }

  it('a sweep of 701 μ over ±3 eV on a small polar grid (one segment per Fermi crossing)', async () => {
    const n = 701;
    const r = await compute({ model: massiveDirac(v, m), observables: ['chern', 'orbital-magnetization'], grid: [16, 6], mu: { start: -3, stop: 3, n }, T: 0, backend: 'ts', threads: 1 });
    const ch = r.get('chern'), om = r.get('orbital-magnetization');
    for (let i = 0; i < n; i++) {
      const mu = -3 + (6 * i) / (n - 1);
      expect(Math.abs(ch.at(i) - 2 * Math.PI * sigma0(mu))).toBeLessThan(1e-13);
      expect(Math.abs(om.at(i) / MUB_NM2 - mag0(mu)) * 4 * Math.PI).toBeLessThan(1e-13);
    }
  });

  it('finite cutoff: the parts against their closed forms', async () => {
    const cutoff = 0.7;
    const model = { ...massiveDirac(v, m), cutoff };
    const dL = Math.hypot(v * cutoff, m);
    const mu = [-0.1, 0, 0.2];
    const r = await compute({ model, observables: ['orbital-magnetization', 'chern'], grid: [32, 32], mu, T: 0, backend: 'ts', threads: 1 });
    const om = r.get('orbital-magnetization');
    const parts = om.parts as Record<string, number[][]>;
    mu.forEach((x, i) => {
      // lower band filled inside the disc: moment = −(m/4π) ln(d_Λ/|m|), berry = (m/4π)[μ(1/|m| − 1/d_Λ) + ln(d_Λ/|m|)]
      const moment = -(m / (4 * Math.PI)) * Math.log(dL / m);
      const berry = (m / (4 * Math.PI)) * (x * (1 / m - 1 / dL) + Math.log(dL / m));
      expect(Math.abs(parts.moment![i]![0]! / MUB_NM2 / moment - 1)).toBeLessThan(1e-11);
      expect(Math.abs(parts.berry![i]![0]! / MUB_NM2 / berry - 1)).toBeLessThan(1e-11);
      expect(r.get('chern').at(i)).toBeCloseTo((m / 2) * (1 / m - 1 / dL), 13);
    });
  });
});

describe('finite T equals the T = 0 closed form convolved with −∂f/∂ε (independent route)', () => {
  const T = 232;
  const kT = BOLTZMANN_EV_K * T;
  const dT = (y: number) => {
    const x = Math.abs(y / kT);
    const t = Math.exp(-x);
    return t / ((1 + t) * (1 + t) * kT);
  };
  /** ∫ dμ' F(μ') (−∂f/∂ε)(μ' − μ₀) by Gauss–Legendre on segments of k_BT split at the kinks ±|m|. */
  function convolve(F: (x: number) => number, mu0: number): number {
    const a = mu0 - 45 * kT, b = mu0 + 45 * kT;
    const cuts = [a, b, -m, m].filter((x) => x >= a && x <= b);
    for (let j = -44; j <= 44; j++) cuts.push(mu0 + j * kT);
    cuts.sort((p, q) => p - q);
    const { x, w } = gaussLegendre(20);
    let s = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const lo = cuts[i]!, hi = cuts[i + 1]!;
      for (let j = 0; j < x.length; j++) {
        const y = 0.5 * (lo + hi) + 0.5 * (hi - lo) * x[j]!;
        s += 0.5 * (hi - lo) * w[j]! * F(y) * dT(y - mu0);
      }
    }
    return s;
  }

  it('σ_xy(T) and M(T) of the massive Dirac model', async () => {
    const mu = [-0.5, -0.32, -0.28, 0, 0.2, 0.3, 0.33, 0.6];
    const r = await compute({ model: massiveDirac(v, m), observables: ['chern', 'orbital-magnetization'], grid: [32, 16], mu, T, backend: 'ts', threads: 1 });
    const ch = r.get('chern'), om = r.get('orbital-magnetization');
    mu.forEach((x, i) => {
      expect(Math.abs(ch.at(i) / (2 * Math.PI) - convolve((y) => sigma0(y), x)) * 4 * Math.PI).toBeLessThan(1e-10);
      expect(Math.abs(om.at(i) / MUB_NM2 - convolve((y) => mag0(y), x)) * 4 * Math.PI).toBeLessThan(1e-10);
    });
  });
});

describe('gapped graphene (Haldane with t₂ = 0): time reversal forces σ_xy = 0 and M = 0', () => {
  it('for μ in the bands and in the gap, T = 0 and 300 K', async () => {
    const r = await compute({ model: pythtbHaldane(0.3, -1, 0), observables: ['ahc', 'orbital-magnetization', 'chern'], grid: [60, 60], mu: [-2, -0.5, 0, 0.2, 1.5], T: [0, 300], backend: 'ts', threads: 1 });
    for (const name of ['ahc', 'orbital-magnetization', 'chern']) {
      const d = r.get(name).data;
      const scale = name === 'ahc' ? E2_OVER_H_S : 1;
      for (const x of d) expect(Math.abs(x) / scale).toBeLessThan(1e-12);
    }
    const parts = r.get('orbital-magnetization').partsData;
    // the parts vanish separately as well
    for (const p of Object.values(parts)) for (const x of p) expect(Math.abs(x)).toBeLessThan(1e-12);
  });
});

describe('3D units: decoupled Haldane layers stacked with period c', () => {
  it('σ_xy [S/cm] = σ_xy^{2D} [S] / c, M per cell equal, M [A/m] = μ_B·M/V', async () => {
    const c = 3.7;
    const h2 = pythtbHaldane();
    const h3: TightBindingModel = {
      ...h2,
      dim: 3,
      lattice: [[1, 0, 0], [0.5, Math.sqrt(3) / 2, 0], [0, 0, c]],
      orbitals: h2.orbitals.map((o) => [...o, 0]),
      hoppings: h2.hoppings.map((h) => ({ ...h, R: [...h.R, 0] })),
    };
    const mu = [-1, 0.3, 1.5];
    const opts = { observables: ['ahc', 'orbital-magnetization'], mu, T: [0, 300], backend: 'ts' as const, threads: 1 };
    const r2 = await compute({ ...opts, model: h2, grid: [48, 48] });
    const r3 = await compute({ ...opts, model: h3, grid: [48, 48, 2] });
    const a2 = r2.get('ahc'), a3 = r3.get('ahc'), m2 = r2.get('orbital-magnetization'), m3 = r3.get('orbital-magnetization');
    expect(a3.unit).toBe('S/cm');
    expect(a3.components).toEqual(['yz', 'zx', 'xy']);
    expect(m3.components).toEqual(['x', 'y', 'z']);
    const V = (Math.sqrt(3) / 2) * c;
    for (let t = 0; t < 2; t++)
      for (let i = 0; i < mu.length; i++) {
        expect(a3.at(i, 2, t) / (a2.at(i, 0, t) / (c * 1e-8)) - 1).toBeCloseTo(0, 12);
        expect(Math.abs(a3.at(i, 0, t)) + Math.abs(a3.at(i, 1, t))).toBeLessThan(1e-12 * Math.abs(a3.at(i, 2, t)));
        expect(m3.at(i, 2, t)).toBeCloseTo(m2.at(i, 0, t), 14);
        expect(m3.to('A/m').at(i, 2, t) / ((m2.at(i, 0, t) * BOHR_MAGNETON_J_T) / (V * 1e-30)) - 1).toBeCloseTo(0, 12);
      }
  });
});
