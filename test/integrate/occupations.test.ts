/**
 * The one-pass energy-histogram scheme against a direct Σₖ wₖ Σₙ occ(εₙₖ; μ, T) Xₙₖ for every
 * occupation kind, several μ and T, on random 3- and 4-band models (docs/physics.md, "Many chemical
 * potentials in one pass"): exact at T = 0, ≤ 2e-10 relative (to the largest value) at T > 0.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import { monkhorstPack } from '../../src/kspace/grid.js';
import { compute } from '../../src/integrate/index.js';
import { entropy, fermi, grand, sea, surface, occupationAt } from '../../src/integrate/occupations.js';
import { BOLTZMANN_EV_K } from '../../src/units/constants.js';
import { defineObservable, primitive } from '../../src/observables/define.js';
import { registerObservable } from '../../src/observables/registry.js';
import { randomTightBinding } from '../helpers/models.js';
import { directSum } from './direct.js';

// test-only observables: raw Σ w occ Ω with each occupation (factor 1)
for (const [id, occ] of [['rawSea', sea], ['rawGrand', grand], ['rawEntropy', entropy], ['rawSurface', surface]] as const) {
  registerObservable(defineObservable({
    id, title: id, symbol: id, source: { paper: 'DESIGN', eq: '-' }, dims: [2], needs: { geometry: true },
    components: () => ['z'], terms: { t: { integrand: primitive.berryCurvature, occupation: occ } },
    unit: () => ({ unit: 'Å^-2', factor: 1 }), character: { rank: 1, kind: 'axial', time: 'odd' },
  }));
}

describe('occupation functions', () => {
  it('limits, symmetry and the T = 0 tails', () => {
    expect(fermi(0)).toBe(0.5);
    expect(fermi(800)).toBe(0);
    expect(fermi(-800)).toBe(1);
    const kT = 0.025;
    for (const x of [-3, -0.5, 0.1, 2]) {
      const e = x * kT;
      // d/dμ of the grand weight is f; entropy = k_B[x f + ln(1+e^{-x})]; −∂f/∂ε = f(1−f)/kT
      const h = 1e-6;
      expect((grand.weight(e, h, kT) - grand.weight(e, -h, kT)) / (2 * h)).toBeCloseTo(sea.weight(e, 0, kT), 8);
      expect(surface.weight(e, 0, kT)).toBeCloseTo((fermi(x) * (1 - fermi(x))) / kT, 10);
      expect(entropy.weight(e, 0, kT)).toBeCloseTo(BOLTZMANN_EV_K * (x * fermi(x) + Math.log(1 + Math.exp(-x))), 15);
    }
    expect(occupationAt(grand, -0.3, 0.1, 0)).toBeCloseTo(0.4, 15);
    expect(occupationAt(entropy, -0.3, 0.1, 0)).toBe(0);
    expect(occupationAt(sea, 0.2, 0.1, 0)).toBe(0);
  });
});

describe('histogram scheme vs direct sums', () => {
  for (const [nb, seed] of [[3, 7], [4, 11]] as const) {
    it(`${nb}-band random model: sea, grand, entropy, surface at T = 0, 50, 300, 1000 K`, async () => {
      const model = compileModel(randomTightBinding(nb, 2, seed));
      const grid = [36, 36];
      const sampling = monkhorstPack(model, grid);
      const mu = [-1.1, -0.4, 0.05, 0.6, 1.3];
      const T = [0, 50, 300, 1000];
      const r = await compute({ model, observables: ['rawSea', 'rawGrand', 'rawEntropy', 'rawSurface'], grid, mu, T, backend: 'ts', threads: 1 });
      let worst = 0;
      for (const [id, occ] of [['rawSea', sea], ['rawGrand', grand], ['rawEntropy', entropy], ['rawSurface', surface]] as const) {
        const d = directSum(model, sampling, (b) => b.berryCurvature!, 1, occ, mu, T);
        const res = r.get(id);
        // scale: Σ w |occ Ω| ~ Σ w |Ω| max(occ)
        const scale = Math.max(...d.flat(2).map(Math.abs), 1e-300);
        for (let t = 0; t < T.length; t++)
          for (let i = 0; i < mu.length; i++) {
            if (occ === surface && T[t] === 0) continue; // δ at T = 0: smeared, tested below
            const err = Math.abs(res.at(i, 0, t) - d[t]![i]![0]!) / scale;
            worst = Math.max(worst, err);
            if (T[t] === 0) expect(err).toBeLessThan(1e-14);
            else expect(err).toBeLessThan(2e-10);
          }
      }
      console.log(`${nb} bands: worst relative deviation from the direct sum ${worst.toExponential(2)}`);
    });
  }

  it('uniform μ lists (μ on bin edges, one weight table per T) agree with the direct sums too', async () => {
    const model = compileModel(randomTightBinding(3, 2, 13));
    const grid = [30, 30];
    const sampling = monkhorstPack(model, grid);
    const mu = Array.from({ length: 9 }, (_, i) => -1 + (2 * i) / 8);
    const T = [77, 400];
    const r = await compute({ model, observables: ['rawSea', 'rawGrand', 'rawEntropy', 'rawSurface'], grid, mu: { start: -1, stop: 1, n: 9 }, T, backend: 'ts', threads: 1 });
    for (const [id, occ] of [['rawSea', sea], ['rawGrand', grand], ['rawEntropy', entropy], ['rawSurface', surface]] as const) {
      const d = directSum(model, sampling, (b) => b.berryCurvature!, 1, occ, mu, T);
      const scale = Math.max(...d.flat(2).map(Math.abs));
      for (let t = 0; t < T.length; t++) for (let i = 0; i < mu.length; i++) expect(Math.abs(r.get(id).at(i, 0, t) - d[t]![i]![0]!) / scale).toBeLessThan(2e-10);
    }
  });

  it('low T with distant μ (one fine-bin cluster per μ) agrees with the direct sums', async () => {
    const model = compileModel(randomTightBinding(3, 2, 17));
    const grid = [60, 60];
    const sampling = monkhorstPack(model, grid);
    const mu = [-1.3, 0.13, 0.2, 1.1];
    const T = [1, 20];
    const r = await compute({ model, observables: ['rawSea', 'rawGrand', 'rawSurface'], grid, mu, T, backend: 'ts', threads: 1 });
    expect(Math.min(...r.diagnostics.binsPerKT!)).toBeGreaterThanOrEqual(32);
    expect(r.diagnostics.notes).toBeUndefined();
    for (const [id, occ] of [['rawSea', sea], ['rawGrand', grand], ['rawSurface', surface]] as const) {
      const d = directSum(model, sampling, (b) => b.berryCurvature!, 1, occ, mu, T);
      const scale = Math.max(...d.flat(2).map(Math.abs));
      for (let t = 0; t < T.length; t++) for (let i = 0; i < mu.length; i++) expect(Math.abs(r.get(id).at(i, 0, t) - d[t]![i]![0]!) / scale).toBeLessThan(5e-10);
    }
  });

  it('T = 0 Fermi-surface weights use −∂f/∂ε at the smearing k_BT', async () => {
    const model = compileModel(randomTightBinding(3, 2, 5));
    const grid = [30, 30];
    const mu = [-0.5, 0.3];
    const smear = 0.02;
    const r = await compute({ model, observables: ['rawSurface'], grid, mu, T: 0, backend: 'ts', threads: 1, surfaceSmearing: smear });
    const d = directSum(model, monkhorstPack(model, grid), (b) => b.berryCurvature!, 1, surface, mu, [smear / BOLTZMANN_EV_K]);
    mu.forEach((_, i) => expect(r.get('rawSurface').at(i)).toBeCloseTo(d[0]![i]![0]!, 9));
    expect(r.diagnostics.notes?.[0]).toMatch(/k_BT = 0.02/);
  });

  it('unsorted and repeated μ come back in the order given', async () => {
    const model = compileModel(randomTightBinding(3, 2, 3));
    const a = await compute({ model, observables: ['ahc'], grid: [20, 20], mu: [0.3, -0.2, 0.3, 0.1], T: [0, 100], backend: 'ts', threads: 1 });
    const b = await compute({ model, observables: ['ahc'], grid: [20, 20], mu: [-0.2, 0.1, 0.3], T: [0, 100], backend: 'ts', threads: 1 });
    const A = a.get('ahc'), B = b.get('ahc');
    for (let t = 0; t < 2; t++) {
      expect(A.at(0, 0, t)).toBe(B.at(2, 0, t));
      expect(A.at(1, 0, t)).toBe(B.at(0, 0, t));
      expect(A.at(2, 0, t)).toBe(B.at(2, 0, t));
      expect(A.at(3, 0, t)).toBe(B.at(1, 0, t));
    }
  });
});
