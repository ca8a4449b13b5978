/**
 * Streda formula for the orbital magnetisation of paper 004 Eq. 5: in a gap ∂M/∂μ = (e/h)·C per unit
 * area (M in A = A·m²/m², μ in J; i.e. ∂M[A]/∂μ[eV] = C·e²/h[S]), C the Chern number of the occupied
 * bands; and σ_xy = −C e²/h (DESIGN §4). PythTB's Haldane example (C = −1 for its lower band) and a
 * trivial Haldane model (larger Δ, C = 0).
 */
import { describe, expect, it } from 'vitest';
import { compute } from '../../src/integrate/index.js';
import { E2_OVER_H_S } from '../../src/units/factors.js';
import { pythtbHaldane } from '../helpers/models.js';

const cases = [
  { name: 'topological (Δ = 0.2)', model: pythtbHaldane(0.2), gap: [-0.3, 0.3], C: -1 },
  { name: 'trivial (Δ = 1.0)', model: pythtbHaldane(1.0), gap: [-0.1, 0.1], C: 0 },
];

describe('Haldane: Chern numbers, σ_xy and the Streda formula', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const mu = [c.gap[0]!, 0, c.gap[1]!];
      const r = await compute({ model: c.model, observables: ['chern', 'ahc', 'orbital-magnetization'], grid: [100, 100], mu, T: 0, backend: 'ts', threads: 1 });
      const ch = r.get('chern');
      // integer Chern numbers, per band and occupied
      expect(ch.bands![0]![0]!).toBeCloseTo(c.C, 9);
      expect(ch.bands![1]![0]!).toBeCloseTo(-c.C, 9);
      for (let i = 0; i < mu.length; i++) expect(ch.at(i)).toBeCloseTo(c.C, 9);
      // σ_xy = −C e²/h
      const ahc = r.get('ahc');
      for (let i = 0; i < mu.length; i++) expect(ahc.to('e^2/h').at(i)).toBeCloseTo(-c.C, 9);
      // Streda: ∂M/∂μ = (e/h) C
      const M = r.get('orbital-magnetization').to('A');
      const slope = (M.at(2) - M.at(0)) / (mu[2]! - mu[0]!); // A per eV
      const ratio = slope / E2_OVER_H_S;
      if (c.C !== 0) expect(Math.abs(ratio / c.C - 1)).toBeLessThan(1e-6);
      else expect(Math.abs(ratio)).toBeLessThan(1e-6);
      // the slope comes from the Berry term only: the moment part is constant in a gap
      const parts = r.get('orbital-magnetization').partsData;
      expect(parts.moment![2]).toBe(parts.moment![0]);
      console.log(`Streda ${c.name}: C = ${ch.at(1)}, (∂M/∂μ)/(e²/h) = ${ratio}, σ_xy = ${ahc.to('e^2/h').at(1)} e²/h`);
    });
  }

  it('Chern −1 of the PythTB Haldane example converges on two grids', async () => {
    const a = await compute({ model: pythtbHaldane(), observables: ['chern'], grid: [24, 24], mu: [0], T: 0, backend: 'ts', threads: 1 });
    const b = await compute({ model: pythtbHaldane(), observables: ['chern'], grid: [48, 48], mu: [0], T: 0, backend: 'ts', threads: 1 });
    expect(Math.abs(a.get('chern').at(0) + 1)).toBeLessThan(1e-3);
    expect(Math.abs(b.get('chern').at(0) + 1)).toBeLessThan(Math.max(1e-12, Math.abs(a.get('chern').at(0) + 1) / 10));
  });
});
