/**
 * Band-resolved coefficients (src/physics/responses.ts) vs the literal matrix forms (traces with
 * explicit F, D_bF, S_E, Ξ₀, Ξ_E), gauge invariance, and per-k identities.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel } from '../../src/model/types.js';
import { KGeometry } from '../../src/physics/covariant.js';
import {
  dipole,
  fTensor004,
  lambda003,
  lambda003Parts,
  omeDipole,
  omeExtrinsic,
  omeIntrinsic,
  omeItinerant,
  omeLocal,
  orbitalEdelstein,
  spinBerryCurvature,
  spinEdelstein,
  torqueEq1,
  torqueXi,
  torqueXiByParts,
  type BandResolved,
} from '../../src/physics/responses.js';
import { ELEMENTARY_CHARGE, HBAR_EV_S } from '../../src/units/constants.js';
import { chiIntNmPerOhm, magnetizationPerField, siFactor } from '../../src/physics/units.js';
import { PER_K_RESPONSES } from '../../src/physics/index.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { massiveDirac, pythtbHaldane, randomTightBinding, rng } from '../helpers/models.js';
import {
  bandsAt,
  contract,
  directDipole,
  directOme,
  directOmeExtrinsic,
  directTorqueXi,
  fermi,
  fermiPrime,
  maxAbs,
  regauge,
  relErr,
  tiltedDirac001,
} from './covariant-helpers.js';

const TAU = 1e-14;
const tauInt = TAU / HBAR_EV_S;

function cases(): Array<{ name: string; model: CompiledModel; k: number[] }> {
  return [
    { name: 'random 2-band 2D', model: compileModel(randomTightBinding(2, 2, 3)), k: [0.4, 0.9, 0] },
    { name: 'random 3-band 2D', model: compileModel(randomTightBinding(3, 2, 11)), k: [0.31, -0.47, 0] },
    { name: 'random 5-band 2D', model: compileModel(randomTightBinding(5, 2, 21)), k: [1.1, -0.2, 0] },
    { name: 'random 3-band 3D', model: compileModel(randomTightBinding(3, 3, 7)), k: [0.2, -0.35, 0.41] },
    { name: 'random 4-band 3D', model: compileModel(randomTightBinding(4, 3, 8)), k: [-0.5, 0.15, 0.3] },
    { name: 'tilted Dirac', model: tiltedDirac001(4, 0.01, 0.8), k: [0.0031, -0.0017, 0] },
  ];
}

/** Occupation sets: physical Fermi f, f′ at T > 0 and independent random vectors. */
function occupations(e: Float64Array, seed: number): Array<{ label: string; f: number[]; fp: number[] }> {
  const r = rng(seed);
  const nb = e.length;
  const mu = e[Math.floor(nb / 2)]! - 0.3 * Math.abs(e[nb - 1]! - e[0]!) / nb;
  const kT = 0.25 * Math.abs(e[nb - 1]! - e[0]!) / nb;
  return [
    { label: `Fermi μ=${mu.toFixed(3)} kT=${kT.toFixed(3)}`, f: Array.from(e, (x) => fermi(x, mu, kT)), fp: Array.from(e, (x) => fermiPrime(x, mu, kT)) },
    { label: 'random f, f′', f: Array.from(e, () => r()), fp: Array.from(e, () => -3 * r()) },
  ];
}

describe('band-resolved coefficients = literal trace forms with explicit occupation matrices', () => {
  for (const { name, model, k } of cases()) {
    it(name, () => {
      const bands = bandsAt(model, k);
      const g = new KGeometry(bands);
      const report: Record<string, number> = {};
      const up = (key: string, v: number) => (report[key] = Math.max(report[key] ?? 0, v));
      for (const { f, fp } of occupations(bands.energies, 5)) {
        for (let beta = 0; beta < model.dim; beta++) {
          up('dipole', relErr(contract(dipole(g, beta), f, fp), directDipole(g, beta, f, fp)));
          const dir = directOme(g, beta, f, fp);
          up('L_d', relErr(contract(omeDipole(g, beta), f, fp), dir.d));
          up('L_IC (Eq.56 vs direct Eq.51, per k)', relErr(contract(omeItinerant(g, beta), f, fp), dir.ic));
          up('L_LC (Eq.51 literal)', relErr(contract(omeLocal(g, beta, { full: true }), f, fp), dir.lc));
          up('LC3 (Eq.53)', relErr(contract(omeLocal(g, beta, { full: false }), f, fp), dir.lc3));
          // d + ic + lc = ε Tr[v Ξ_E] (Eq. 49 as a whole)
          const sum = dir.d.map((x, i) => x + dir.ic[i]! + dir.lc[i]!);
          up('Eq.49 sum rule', relErr(sum, dir.all));
          up('L_ext', relErr(contract(omeExtrinsic(g, beta, { tau: TAU }), f, fp), directOmeExtrinsic(g, beta, fp, tauInt)));
          up('torque (Ξ)', relErr(contract(torqueXi(g, beta), f, fp), directTorqueXi(g, beta, f, fp)));
          // orbital Edelstein (004 Eq. 8) = ½ L_ext (001)
          const oe = contract(orbitalEdelstein(g, beta, { tau: TAU }), f, fp);
          up('orbital Edelstein = ½ L_ext', relErr(oe.map((x) => 2 * x), directOmeExtrinsic(g, beta, fp, tauInt)));
        }
      }
      console.log(`[band-resolved vs trace] ${name}: ` + Object.entries(report).map(([a, b]) => `${a} ${b.toExponential(1)}`).join(', '));
      for (const v of Object.values(report)) expect(v).toBeLessThan(1e-11);
    });
  }
});

type Resp = (g: KGeometry, beta: number) => BandResolved;
const responses2D: Array<[string, Resp]> = [
  ['dipole', (g, b) => dipole(g, b)],
  ['L_d', (g, b) => omeDipole(g, b)],
  ['L_IC', (g, b) => omeItinerant(g, b)],
  ['L_LC', (g, b) => omeLocal(g, b)],
  ['LC3', (g, b) => omeLocal(g, b, { full: false })],
  ['L_ext', (g, b) => omeExtrinsic(g, b, { tau: TAU })],
  ['torque Eq.1', (g, b) => torqueEq1(g, b)],
  ['torque Ξ', (g, b) => torqueXi(g, b)],
  ['torque Ξ by parts', (g, b) => torqueXiByParts(g, b)],
  ['orbital Edelstein', (g, b) => orbitalEdelstein(g, b, { tau: TAU })],
];
const only2D: Array<[string, Resp]> = [
  ['λ (003)', (g, b) => lambda003(g, b)],
  ['λ metric surface (003)', (g, b) => ({ components: ['z'], sea: lambda003Parts(g, b).metricSurface, surface: null, degeneratePairs: 0 })],
  ['λ metric along the field (ome fermi-surface)', (g, b) => ({ components: ['z'], sea: lambda003Parts(g, b).metricAlong, surface: null, degeneratePairs: 0 })],
  ['φ (004 F)', (g, b) => fTensor004(g, b)],
];

describe('gauge invariance of every band-resolved coefficient under random eigenvector phases', () => {
  for (const { name, model, k } of cases()) {
    it(name, () => {
      const r = rng(42);
      const b0 = bandsAt(model, k);
      const b1 = regauge(b0, Array.from({ length: b0.nb }, () => 2 * Math.PI * r()));
      const g0 = new KGeometry(b0), g1 = new KGeometry(b1);
      let worst = 0;
      const list = model.dim === 2 ? [...responses2D, ...only2D] : responses2D;
      for (const [, fn] of list)
        for (let beta = 0; beta < model.dim; beta++) {
          const a = fn(g0, beta), c = fn(g1, beta);
          worst = Math.max(worst, relErr(c.sea, a.sea));
          if (a.surface) worst = Math.max(worst, relErr(c.surface!, a.surface));
        }
      console.log(`[gauge] ${name}: max rel change ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-12);
    });
  }
  it('spin Edelstein / spin Berry curvature with spin matrices rotated by U', () => {
    // 4-band random model with a spin-½ ⊗ 2-orbital structure
    const tb = randomTightBinding(4, 2, 17);
    const I2 = [[[1, 0], [0, 0]], [[0, 0], [1, 0]]];
    const pauli = [
      [[[0, 0], [1, 0]], [[1, 0], [0, 0]]],
      [[[0, 0], [0, -1]], [[0, 1], [0, 0]]],
      [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]],
    ];
    const kron = (a: number[][][], b: number[][][]) => {
      const out: [number, number][][] = [];
      for (let i = 0; i < 4; i++) {
        out.push([]);
        for (let j = 0; j < 4; j++) {
          const x = a[i >> 1]![j >> 1]!, y = b[i & 1]![j & 1]!;
          out[i]!.push([x[0]! * y[0]! - x[1]! * y[1]!, x[0]! * y[1]! + x[1]! * y[0]!]);
        }
      }
      return out;
    };
    tb.spin = [kron(pauli[0]!, I2), kron(pauli[1]!, I2), kron(pauli[2]!, I2)];
    const model = compileModel(tb);
    const r = rng(3);
    const b0 = bandsAt(model, [0.3, -0.8, 0]);
    const b1 = regauge(b0, Array.from({ length: 4 }, () => 2 * Math.PI * r()));
    let worst = 0;
    for (let beta = 0; beta < 2; beta++) {
      const a = spinEdelstein(b0, beta, { tau: TAU, spin: model.spin }), c = spinEdelstein(b1, beta, { tau: TAU, spin: model.spin });
      worst = Math.max(worst, relErr(c.surface!, a.surface!));
      const s0 = spinBerryCurvature(b0, beta, { spin: model.spin }), s1 = spinBerryCurvature(b1, beta, { spin: model.spin });
      worst = Math.max(worst, relErr(s1.sea, s0.sea));
      expect(maxAbs(a.surface!)).toBeGreaterThan(0);
    }
    console.log(`[gauge] spin responses: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-12);
  });
});

describe('per-k identities', () => {
  it('LC(Eq.51 literal) − LC3(Eq.53) = ⟨L⟩_d, per band and k, any N', () => {
    let worst = 0;
    for (const { model, k } of cases())
      for (let beta = 0; beta < model.dim; beta++) {
        const g = new KGeometry(bandsAt(model, k));
        const o = omeIntrinsic(g, beta);
        const diff = o.parts.lc.map((x, i) => x - o.parts.lc3[i]!);
        worst = Math.max(worst, relErr(diff, o.parts.d));
      }
    console.log(`[identity] LC51 − LC3 = L_d: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-12);
  });

  it('LC3 = 0 for two bands (per band, per k)', () => {
    let worst = 0, scale = 0;
    for (const model of [compileModel(randomTightBinding(2, 2, 3)), compileModel(randomTightBinding(2, 3, 4)), tiltedDirac001(4, 0.01, 0.8)])
      for (const k of [[0.3, 0.7, 0.1], [-0.9, 0.2, 0.5]]) {
        const kk = model.kind === 'kp' ? k.map((x) => 0.01 * x) : k;
        const g = new KGeometry(bandsAt(model, kk));
        for (let beta = 0; beta < model.dim; beta++) {
          worst = Math.max(worst, maxAbs(omeLocal(g, beta, { full: false }).sea));
          scale = Math.max(scale, maxAbs(omeDipole(g, beta).sea));
        }
      }
    console.log(`[identity] LC3 (2 bands) max ${worst.toExponential(2)} (L_d scale ${scale.toExponential(2)})`);
    expect(worst / scale).toBeLessThan(1e-13);
  });

  it('torque Eq. 1 vanishes per band and k for particle-hole-symmetric two-band models', () => {
    const r = rng(8);
    const rows: string[] = [];
    const models: Array<[string, CompiledModel, number]> = [
      ['massive Dirac', compileModel(massiveDirac(1.5, 0.3)), 0.5],
      ['Haldane φ=π/2, Δ=0.2', compileModel(pythtbHaldane(0.2, -1, 0.15, Math.PI / 2)), 4],
      ['Haldane φ=π/2, Δ=0', compileModel(pythtbHaldane(0, -1, 0.15, Math.PI / 2)), 4],
      ['tilted Dirac (control)', tiltedDirac001(4, 0.01, 0.8), 0.01],
    ];
    for (const [name, model, sc] of models) {
      let worst = 0, xiWorst = 0, scale = 0;
      for (let i = 0; i < 20; i++) {
        const k = [sc * (r() - 0.5), sc * (r() - 0.5), 0];
        const g = new KGeometry(bandsAt(model, k));
        for (let beta = 0; beta < 2; beta++) {
          worst = Math.max(worst, maxAbs(torqueEq1(g, beta).sea));
          xiWorst = Math.max(xiWorst, maxAbs(torqueXi(g, beta).sea));
          scale = Math.max(scale, maxAbs(omeDipole(g, beta).sea) + maxAbs(dipole(g, beta).sea));
        }
      }
      rows.push(`${name}: max|τ_Eq1| ${worst.toExponential(2)}, max|τ_Ξ sea| ${xiWorst.toExponential(2)}`);
      if (name.includes('control')) expect(worst).toBeGreaterThan(1e-3);
      else expect(worst).toBeLessThan(1e-12);
    }
    console.log('[identity] ' + rows.join('; '));
  });
});

describe('degenerate bands and units', () => {
  it('exactly degenerate pairs are skipped, counted and give finite coefficients', () => {
    // two decoupled identical copies of a 2-band model: every band doubly degenerate
    const base = randomTightBinding(2, 2, 3);
    const dbl: TightBindingModel = {
      ...base,
      orbitals: [...base.orbitals, ...base.orbitals],
      onsite: [...base.onsite, ...base.onsite],
      hoppings: [...base.hoppings, ...base.hoppings.map((h) => ({ ...h, from: h.from + 2, to: h.to + 2 }))],
    };
    const g = new KGeometry(bandsAt(compileModel(dbl), [0.4, 0.9, 0]), { degeneracyThreshold: 1e-8 });
    expect(g.degeneratePairs).toBe(2);
    for (const [name, r] of Object.entries(PER_K_RESPONSES)) {
      if (name.startsWith('spin')) continue;
      const out = r.fn(g, 1, { tau: TAU });
      expect(out.degeneratePairs).toBe(2);
      for (const x of out.sea) expect(Number.isFinite(x)).toBe(true);
    }
    // and the doubled model gives twice the single-copy response
    const g1 = new KGeometry(bandsAt(compileModel(base), [0.4, 0.9, 0]));
    const a = omeIntrinsic(g1, 1).total, b = omeIntrinsic(g, 1).total;
    expect(Math.abs(b[0]! + b[1]! + b[2]! + b[3]! - 2 * (a[0]! + a[1]!))).toBeLessThan(1e-12 * Math.abs(a[0]!) + 1e-12);
  });

  it('SI factors', () => {
    expect(siFactor('dipole', 2)).toBe(1);
    expect(siFactor('angular-momentum', 2)).toBeCloseTo(1e-10 / HBAR_EV_S, 3);
    // M = −(e/2)K·eE/ħ; χ(003) = e Σ∫fλ/ħ·1e-10 (m/Ω) ×1e9 (nm/Ω) with K = −2Σ∫fλ
    expect(magnetizationPerField(1, 2) / ((-0.5 * ELEMENTARY_CHARGE * 1e-10) / HBAR_EV_S)).toBeCloseTo(1, 12);
    expect(chiIntNmPerOhm(1) / ((ELEMENTARY_CHARGE * 1e-10 * 1e9) / HBAR_EV_S)).toBeCloseTo(1, 12);
  });
});
