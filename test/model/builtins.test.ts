import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS, buildBuiltin, getBuiltin, parseModelSpec, parseParamValue } from '../../src/model/builtins/index.js';
import { HBAR2_OVER_2ME_EV_A2 } from '../../src/model/builtins/rashba.js';
import { HBAR_VF_000 } from '../../src/model/builtins/tilted-dirac-000.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, KpModel, TightBindingModel } from '../../src/model/types.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../src/units/factors.js';
import { cartesian, eigh, geometry2d, hamiltonian, maxAbsDiff, rng, type CMat } from './helpers.js';
import { err } from '../helpers/errors.js';

const c = (spec: string) => compileModel(buildBuiltin(spec));

/**
 * Chern numbers by the Fukui–Hatsugai–Suzuki lattice method (exact integers on coarse grids; the
 * eigenvectors are made periodic in k by undoing convention I's phases e^{ik·τ}), the band ranges,
 * and the midpoint sum (1/2π)∫Ω as a cross-check of the sign.
 */
function chern(m: CompiledModel, N = 48): { C: number[]; sumOmega: number[]; min: number[]; max: number[] } {
  const nb = m.nb;
  const min = new Array<number>(nb).fill(Infinity);
  const max = new Array<number>(nb).fill(-Infinity);
  const sumOmega = new Array<number>(nb).fill(0);
  const bz = (2 * Math.PI) ** 2 / m.cellMeasure;
  const U: CMat[][] = [];
  for (let i = 0; i < N; i++) {
    U.push([]);
    for (let j = 0; j < N; j++) {
      const k = cartesian(m, [i / N, j / N]);
      const { e, U: u } = eigh(hamiltonian(m, k));
      // periodic gauge: u^II_i = e^{ik·τ_i} u^I_i
      for (let o = 0; o < nb; o++) {
        const ph = k[0]! * m.positions[3 * o]! + k[1]! * m.positions[3 * o + 1]!;
        for (let n = 0; n < nb; n++) {
          const [re, im] = u[o]![n]!;
          u[o]![n] = [re * Math.cos(ph) - im * Math.sin(ph), re * Math.sin(ph) + im * Math.cos(ph)];
        }
      }
      U[i]!.push(u);
      e.forEach((x, n) => {
        min[n] = Math.min(min[n]!, x);
        max[n] = Math.max(max[n]!, x);
      });
      const g = geometry2d(m, cartesian(m, [(i + 0.5) / N, (j + 0.5) / N]));
      g.omega.forEach((o, n) => (sumOmega[n]! += (o * bz) / (N * N) / (2 * Math.PI)));
    }
  }
  const link = (a: CMat, b: CMat, n: number): [number, number] => {
    let re = 0;
    let im = 0;
    for (let o = 0; o < nb; o++) {
      const [ar, ai] = a[o]![n]!;
      const [br, bi] = b[o]![n]!;
      re += ar * br + ai * bi;
      im += ar * bi - ai * br;
    }
    return [re, im];
  };
  const mul = (x: [number, number], y: [number, number]): [number, number] => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]];
  const conj = (x: [number, number]): [number, number] => [x[0], -x[1]];
  const C = new Array<number>(nb).fill(0);
  for (let n = 0; n < nb; n++)
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        const a = U[i]![j]!;
        const b = U[(i + 1) % N]![j]!;
        const cc = U[(i + 1) % N]![(j + 1) % N]!;
        const d = U[i]![(j + 1) % N]!;
        const p = mul(mul(link(a, b, n), link(b, cc, n)), mul(conj(link(d, cc, n)), conj(link(a, d, n))));
        C[n]! -= Math.atan2(p[1], p[0]) / (2 * Math.PI);
      }
  return { C, sumOmega, min, max };
}

const mat2 = (a: [number, number], b: [number, number], cc: [number, number], d: [number, number]): CMat => [
  [a, b],
  [cc, d],
];

describe('registry and parameter specs', () => {
  it('every built-in has documented parameters and builds a valid model with its defaults', () => {
    expect(Object.keys(BUILTIN_MODELS)).toEqual(expect.arrayContaining(['massive-dirac', 'tilted-dirac', 'tilted-dirac-000', 'haldane', 'gapped-graphene', 'rashba', 'square-dirac', 'three-band']));
    for (const b of Object.values(BUILTIN_MODELS)) {
      expect(b.description.length).toBeGreaterThan(10);
      for (const [k, p] of Object.entries(b.params)) {
        expect(p.unit, `${b.name}.${k}`).toBeTruthy();
        expect(p.doc, `${b.name}.${k}`).toBeTruthy();
      }
      const m = buildBuiltin(b.name);
      expect(m.name).toBe(b.name);
      expect(compileModel(m).nterm).toBeGreaterThan(0);
    }
  });

  it('parses the DESIGN §4 example spec', () => {
    const { name, params } = parseModelSpec('haldane:t=-1,t2=0.15,phi=1.5708,delta=0.2');
    expect(name).toBe('haldane');
    expect(params).toEqual({ t: -1, t2: 0.15, phi: 1.5708, delta: 0.2, strain: 0, a: 1 });
    const m = buildBuiltin(' haldane : t2 = 0.1 , phi = pi/3 ') as TightBindingModel;
    expect(m.meta!.params).toMatchObject({ t2: 0.1, phi: Math.PI / 3 });
  });

  it('parameter values: numbers, pi expressions, null for nullable parameters', () => {
    expect(parseParamValue('1.5e-3')).toBe(1.5e-3);
    expect(parseParamValue('-pi/2')).toBe(-Math.PI / 2);
    expect(parseParamValue('2*pi/3')).toBe((2 * Math.PI) / 3);
    expect(parseParamValue('.5')).toBe(0.5);
    expect(parseParamValue('null')).toBeNaN();
    expect(parseParamValue('none', true)).toBeNull();
    expect((buildBuiltin('massive-dirac:cutoff=0.3') as KpModel).cutoff).toBe(0.3);
    expect((buildBuiltin('massive-dirac:cutoff=inf') as KpModel).cutoff).toBeNull();
  });

  it('unknown key → ARGUMENT_INVALID naming the known keys', () => {
    const e = err(() => buildBuiltin('haldane:t3=1'));
    expect(e.code).toBe('ARGUMENT_INVALID');
    expect(e.message).toMatch(/unknown parameter "t3".*Known parameters: t, t2, phi, delta, strain, a/);
    expect(err(() => buildBuiltin('haldane:t2')).code).toBe('ARGUMENT_INVALID');
    expect(err(() => buildBuiltin('haldane:t2=1,t2=2')).code).toBe('ARGUMENT_INVALID');
    expect(err(() => buildBuiltin('haldane', { nope: 1 })).code).toBe('ARGUMENT_INVALID');
  });

  it('non-finite or non-numeric values → PARAM_INVALID', () => {
    for (const spec of ['haldane:t2=abc', 'haldane:t2=1/0', 'haldane:t2=', 'haldane:phi=NaN', 'haldane:delta=Infinity', 'massive-dirac:m=null']) {
      const e = err(() => buildBuiltin(spec));
      expect(e.code, spec).toBe('PARAM_INVALID');
    }
    expect(err(() => buildBuiltin('haldane', { t2: NaN })).code).toBe('PARAM_INVALID');
    expect(err(() => buildBuiltin('haldane', { t2: null })).code).toBe('PARAM_INVALID');
    expect(err(() => buildBuiltin('massive-dirac:cutoff=-1')).code).toBe('PARAM_INVALID');
    expect(err(() => buildBuiltin('rashba:m=0')).code).toBe('PARAM_INVALID');
    expect(err(() => buildBuiltin('haldane:a=-1')).where).toBe('haldane:a');
  });

  it('unknown model → MODEL_UNKNOWN listing the built-ins', () => {
    const e = err(() => getBuiltin('haldan'));
    expect(e.code).toBe('MODEL_UNKNOWN');
    expect(e.message).toMatch(/haldane/);
    expect(err(() => buildBuiltin('constructor')).code).toBe('MODEL_UNKNOWN');
  });
});

describe('haldane (paper 002 S41–S45, PythTB calibration)', () => {
  /** Paper 002 Eq. (S42) with t₀, t₂, φ, Δ (A = orbital 0), a = 1. */
  function s42(k: number[], t0: number, t2: number, phi: number, D: number): CMat {
    const s3 = Math.sqrt(3);
    const d = [
      [0.5, 0.5 / s3],
      [-0.5, 0.5 / s3],
      [0, -1 / s3],
    ];
    const l = [
      [1, 0],
      [-0.5, s3 / 2],
      [-0.5, -s3 / 2],
    ];
    const dot = (v: number[]) => k[0]! * v[0]! + k[1]! * v[1]!;
    let gr = 0;
    let gi = 0;
    for (const v of d) {
      gr += Math.cos(dot(v));
      gi += Math.sin(dot(v));
    }
    const ba = l.reduce((s, v) => s + Math.cos(dot(v) + phi), 0);
    const bb = l.reduce((s, v) => s + Math.cos(dot(v) - phi), 0);
    return mat2([D + 2 * t2 * ba, 0], [-t0 * gr, -t0 * gi], [-t0 * gr, t0 * gi], [-D + 2 * t2 * bb, 0]);
  }

  it('H(k) equals Eq. (S42) with t = −t₀, delta = −Δ (convention I, A = orbital 0)', () => {
    const r = rng(1);
    for (const [t0, t2, phi, D] of [
      [1, 0.15, Math.PI / 2, -0.2],
      [1, 0.1, Math.PI / 3, 0.3],
      [0.7, -0.05, 1.1, 0],
    ] as const) {
      const m = c(`haldane:t=${-t0},t2=${t2},phi=${phi},delta=${-D}`);
      for (let i = 0; i < 10; i++) {
        const k = [10 * r() - 5, 10 * r() - 5];
        expect(maxAbsDiff(hamiltonian(m, k), s42(k, t0, t2, phi, D))).toBeLessThan(1e-13);
      }
    }
  });

  it('S43: the eigenvalues are +t₂(βᵃ+βᵇ) ± √…, not −t₂(βᵃ+βᵇ) ± √… as printed', () => {
    const [t0, t2, phi, D] = [1, 0.1, Math.PI / 3, 0.3];
    const m = c(`haldane:t=${-t0},t2=${t2},phi=${phi},delta=${-D}`);
    const r = rng(2);
    let errFixed = 0;
    let errPrinted = 0;
    for (let i = 0; i < 50; i++) {
      const k = [10 * r() - 5, 10 * r() - 5];
      const H = s42(k, t0, t2, phi, D);
      const ba = (H[0]![0]![0] - D) / (2 * t2);
      const bb = (H[1]![1]![0] + D) / (2 * t2);
      const g2 = (H[0]![1]![0] ** 2 + H[0]![1]![1] ** 2) / t0 ** 2;
      const root = Math.sqrt(t0 ** 2 * g2 + t2 ** 2 * (ba + bb) ** 2 + (D + 2 * t2 * ba) * (D - 2 * t2 * bb));
      const { e } = eigh(hamiltonian(m, k));
      const fixed = [t2 * (ba + bb) - root, t2 * (ba + bb) + root];
      const printed = [-t2 * (ba + bb) - root, -t2 * (ba + bb) + root];
      errFixed = Math.max(errFixed, Math.abs(e[0]! - fixed[0]!), Math.abs(e[1]! - fixed[1]!));
      errPrinted = Math.max(errPrinted, Math.abs(e[0]! - printed[0]!), Math.abs(e[1]! - printed[1]!));
    }
    expect(errFixed).toBeLessThan(1e-12);
    expect(errPrinted).toBeGreaterThan(0.1);
  });

  it('S45: gapped graphene ε = ±√(t²|γ|² + Δ²)', () => {
    const m = c('gapped-graphene:delta=0.3');
    const k = [0.7, -1.9];
    const { e } = eigh(hamiltonian(m, k));
    const g = hamiltonian(m, k)[0]![1]!;
    expect(e[1]).toBeCloseTo(Math.sqrt(g[0] ** 2 + g[1] ** 2 + 0.09), 12);
    expect(e[0]).toBeCloseTo(-e[1]!, 12);
  });

  it('default parameters are PythTB’s example: on-site −Δ,+Δ; NN −1; NNN 0.15e^{±iπ/2}', () => {
    const m = buildBuiltin('haldane') as TightBindingModel;
    expect(m.onsite).toEqual([-0.2, 0.2]);
    expect(m.orbitals).toEqual([
      [1 / 3, 1 / 3],
      [2 / 3, 2 / 3],
    ]);
    expect(m.hoppings.filter((h) => h.from !== h.to).every((h) => h.t[0] === -1 && h.t[1] === 0)).toBe(true);
    // PythTB: set_hop(t2, 0, 0, [1, 0]) with t2 = 0.15 e^{iπ/2}
    const h = m.hoppings.find((x) => x.from === 0 && x.to === 0 && x.R[0] === 1 && x.R[1] === 0)!;
    expect(h.t[0]).toBeCloseTo(0, 15);
    expect(h.t[1]).toBe(0.15);
  });

  it('calibration (independent helper): Ω_z(K) = −1.117 Å², m_z(K) = +0.170 μ_B, C = −1 (lower band)', () => {
    const m = c('haldane');
    const g = geometry2d(m, cartesian(m, [2 / 3, 1 / 3]));
    expect(g.omega[0]).toBeCloseTo(-1.117, 3);
    expect(g.X[0]! * ORBITAL_MOMENT_TO_MUB).toBeCloseTo(0.17, 3);
    const { C, sumOmega } = chern(m, 36);
    expect(C[0]).toBeCloseTo(-1, 6);
    expect(C[1]).toBeCloseTo(1, 6);
    expect(sumOmega[0]).toBeCloseTo(-1, 2);
    // the opposite phase reverses the Chern number; the trivial phase has none
    expect(chern(c('haldane:phi=-pi/2'), 36).C[0]).toBeCloseTo(1, 6);
    expect(chern(c('haldane:delta=1'), 36).C[0]).toBeCloseTo(0, 6);
  });

  it('calibration with the TS reference backend (src/backend/ts)', async () => {
    const { createTsBackend } = await import('../../src/backend/ts/index.js');
    const be = createTsBackend();
    const m = c('haldane');
    const k = Float64Array.from([...cartesian(m, [2 / 3, 1 / 3])]);
    const b = be.evaluate(m, { nk: 1, k }, { geometry: true });
    expect(b.berryCurvature![0]).toBeCloseTo(-1.117, 3);
    expect(b.orbitalMoment![0]! * ORBITAL_MOMENT_TO_MUB).toBeCloseTo(0.17, 3);
    be.dispose();
  });

  it('strain scales the δ₃ bond and breaks C₃', () => {
    const rot = (k: number[]) => [Math.cos((2 * Math.PI) / 3) * k[0]! - Math.sin((2 * Math.PI) / 3) * k[1]!, Math.sin((2 * Math.PI) / 3) * k[0]! + Math.cos((2 * Math.PI) / 3) * k[1]!];
    const k = [0.9, 0.4];
    const e0 = (m: CompiledModel, q: number[]) => eigh(hamiltonian(m, q)).e;
    const plain = c('haldane:phi=pi/3,t2=0.1,delta=0.3');
    const strained = c('haldane:phi=pi/3,t2=0.1,delta=0.3,strain=0.2');
    expect(Math.abs(e0(plain, k)[0]! - e0(plain, rot(k))[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(e0(strained, k)[0]! - e0(strained, rot(k))[0]!)).toBeGreaterThan(1e-3);
    const s = buildBuiltin('haldane:strain=0.2') as TightBindingModel;
    expect(s.hoppings.find((h) => h.R[1] === -1 && h.from === 1)!.t[0]).toBeCloseTo(-1.2, 14);
    const { min, max } = chern(strained, 24);
    expect(min[1]! - max[0]!).toBeGreaterThan(0); // still insulating
  });
});

describe('k·p built-ins', () => {
  it('massive-dirac: Ω₊ = −mv²/(2d³) (paper 004)', () => {
    const [v, mm] = [1.3, 0.2];
    const m = c(`massive-dirac:v=${v},m=${mm}`);
    for (const k of [
      [0.1, 0.2],
      [-0.3, 0.05],
    ]) {
      const d = Math.sqrt(v * v * (k[0]! ** 2 + k[1]! ** 2) + mm * mm);
      expect(geometry2d(m, k).omega[1]).toBeCloseTo((-mm * v * v) / (2 * d ** 3), 10);
    }
  });

  it('tilted-dirac reproduces the DESIGN §3 example and Eq. (8) of paper 001', () => {
    const m = buildBuiltin('tilted-dirac:cutoff=0.5') as KpModel;
    expect(m.terms).toEqual([
      { k: [0, 0], matrix: 'sz', coef: 0.01 },
      { k: [0, 1], matrix: 'sx', coef: 4 },
      { k: [1, 0], matrix: 'sy', coef: -4 },
      { k: [1, 0], matrix: 's0', coef: 0.8 },
    ]);
    const cm = compileModel(m);
    const [kx, ky] = [0.013, -0.021];
    // H = ħv_t k_x 𝟙 + mσ_z + α(k_yσ_x − k_xσ_y)
    const H = mat2([0.8 * kx + 0.01, 0], [4 * ky, 4 * kx], [4 * ky, -4 * kx], [0.8 * kx - 0.01, 0]);
    expect(maxAbsDiff(hamiltonian(cm, [kx, ky]), H)).toBeLessThan(1e-15);
  });

  it('tilted-dirac-000: Eq. (12) of paper 000 with v_t = t v₀ₓ and ħv_F = ħ·1.6e6 m/s', () => {
    expect(HBAR_VF_000).toBeCloseTo(10.5314, 4);
    const m = c('tilted-dirac-000:t=0.4,v0x=2,v0y=3,delta=0.035');
    const [kx, ky] = [0.02, 0.03];
    const H = mat2([0.8 * kx + 0.035, 0], [2 * kx, -3 * ky], [2 * kx, 3 * ky], [0.8 * kx - 0.035, 0]);
    expect(maxAbsDiff(hamiltonian(m, [kx, ky]), H)).toBeLessThan(1e-15);
    // lower-band Berry curvature +Δ v0x v0y/(2ε³) at the band edge of the untilted cone (paper-checks 000 #2)
    const g = geometry2d(c('tilted-dirac-000:t=0,v0x=2,v0y=3,delta=0.035'), [0, 0]);
    expect(g.omega[0]).toBeCloseTo((0.035 * 6) / (2 * 0.035 ** 3), 6);
  });

  it('rashba: H = ħ²k²/2m + α(k_xσ_y − k_yσ_x), spin = Pauli, v_x = ħk_x/m + ασ_y', () => {
    expect(HBAR2_OVER_2ME_EV_A2).toBeCloseTo(3.80998, 5);
    const model = buildBuiltin('rashba:m=0.5,alpha=0.7') as KpModel;
    expect(model.spin![2]).toEqual([
      [
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [-1, 0],
      ],
    ]);
    const m = compileModel(model);
    const cc = HBAR2_OVER_2ME_EV_A2 / 0.5;
    const [kx, ky] = [0.05, -0.08];
    const e0 = cc * (kx * kx + ky * ky);
    // α(k_xσ_y − k_yσ_x): off-diagonal [0][1] = −α k_y − iα k_x
    expect(maxAbsDiff(hamiltonian(m, [kx, ky]), mat2([e0, 0], [-0.7 * ky, -0.7 * kx], [-0.7 * ky, 0.7 * kx], [e0, 0]))).toBeLessThan(1e-15);
    expect(maxAbsDiff(hamiltonian(m, [kx, ky], 0), mat2([2 * cc * kx, 0], [0, -0.7], [0, 0.7], [2 * cc * kx, 0]))).toBeLessThan(1e-15);
  });
});

describe('lattice test models', () => {
  it('square-dirac: gapped, trivial by default, Chern for m < 0, continuum limit = tilted Dirac (Eq. 8)', () => {
    const m = c('square-dirac');
    const { C, min, max } = chern(m, 32);
    expect(min[1]! - max[0]!).toBeGreaterThan(0.3);
    expect(Math.abs(C[0]!)).toBeLessThan(1e-6);
    const topo = chern(c('square-dirac:m=-1'), 32);
    expect(Math.abs(topo.C[0]!)).toBeCloseTo(1, 6);
    expect(topo.sumOmega[0]).toBeCloseTo(topo.C[0]!, 2);
    // small k: H ≈ v_t k_x + mσ_z + α(k_yσ_x − k_xσ_y) up to O(k²)
    const k = [1e-4, -2e-4];
    const [a, vt, mm] = [1, 0.3, 0.2];
    const H = mat2([vt * k[0]! + mm, 0], [a * k[1]!, a * k[0]!], [a * k[1]!, -a * k[0]!], [vt * k[0]! - mm, 0]);
    expect(maxAbsDiff(hamiltonian(m, k), H)).toBeLessThan(1e-7);
  });

  it('three-band: three bands with global gaps, no particle–hole symmetry, P and T broken', () => {
    const m = c('three-band');
    expect(m.nb).toBe(3);
    const { C, sumOmega, min, max } = chern(m, 32);
    expect(sumOmega[0]).toBeCloseTo(C[0]!, 2);
    expect(min[1]! - max[0]!).toBeGreaterThan(0.1);
    expect(min[2]! - max[1]!).toBeGreaterThan(0.1);
    expect(C.map((x) => Math.round(x) + 0)).toEqual([2, 0, -2]); // T broken
    expect(Math.abs(C[0]! - Math.round(C[0]!))).toBeLessThan(1e-6);
    const k = [0.7, 0.3];
    const e = eigh(hamiltonian(m, k)).e;
    const eMinus = eigh(hamiltonian(m, [-k[0]!, -k[1]!])).e;
    expect(Math.abs(e[0]! - eMinus[0]!)).toBeGreaterThan(1e-3); // P (and T) broken: ε(k) ≠ ε(−k)
    expect(Math.abs(e[0]! + e[2]!) + Math.abs(e[1]!)).toBeGreaterThan(1e-2); // spectrum not ± symmetric
    // orbital moments do not vanish
    expect(Math.abs(geometry2d(m, k).X[1]!)).toBeGreaterThan(1e-3);
  });
});

describe('kagome', () => {
  it('flux kagome: distinct sites, three gapped bands, Chern (0, −1, 1), no ± symmetry; plain kagome has the flat band', () => {
    const m = c('kagome');
    expect(m.nb).toBe(3);
    const { C, sumOmega, min, max } = chern(m, 30);
    expect(C.map((x) => Math.round(x) + 0)).toEqual([0, -1, 1]);
    expect(sumOmega[1]).toBeCloseTo(-1, 2);
    expect(min[1]! - max[0]!).toBeGreaterThan(0.3);
    expect(min[2]! - max[1]!).toBeGreaterThan(0.3);
    expect(Math.abs(min[0]! + max[2]!)).toBeGreaterThan(0.1);
    const flat = c('kagome:phi=0,breathing=1');
    for (const k of [
      [0.3, 1.1],
      [-2, 0.4],
    ])
      expect(eigh(hamiltonian(flat, k)).e[2]).toBeCloseTo(2, 12);
  });
});
