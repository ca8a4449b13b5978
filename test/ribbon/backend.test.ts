import { describe, expect, it } from 'vitest';
import { availableBackends, createBackend } from '../../src/backend/select.js';
import { makeRibbon, ribbonMeta, ribbonTotal, type RibbonObservable } from '../../src/ribbon/index.js';
import { pythtbHaldane } from '../helpers/models.js';

function strained(): ReturnType<typeof pythtbHaldane> {
  const m = pythtbHaldane(1.5, -1, 0.1, Math.PI / 3);
  m.hoppings[2]!.t = [-1.2, 0];
  return m;
}

describe('ribbon totals: backends and the origin of y', () => {
  it('every available backend gives the TS reference totals (1e-9 relative)', async () => {
    const r = makeRibbon(strained(), { along: 0, width: 10 });
    const names = (await availableBackends()).reverse(); // 'ts' first
    const ref: Record<string, number> = {};
    for (const name of names) {
      const be = await createBackend(name);
      for (const observable of ['dipole', 'ome', 'orbital-moment-total'] as RibbonObservable[]) {
        const t = ribbonTotal(r, { nk: 16, mu: -0.15, T: 0, observable, backend: be }).total;
        if (name === 'ts') ref[observable] = t;
        else expect(Math.abs(t / ref[observable]! - 1), `${name} ${observable}`).toBeLessThan(1e-9);
      }
      be.dispose();
    }
    expect(names[0]).toBe('ts');
  });

  it('insulator responses do not depend on where y = 0 is (no net charge, no net current)', () => {
    const r = makeRibbon(strained(), { along: 0, width: 6 });
    const shifted = structuredClone(r);
    const meta = ribbonMeta(shifted);
    meta.transverse = meta.transverse.map((y) => y + 3.7);
    for (const observable of ['dipole', 'ome'] as RibbonObservable[]) {
      // exact for the dipole (δN = 0 identically); for r×v the shift is 2c·δ⟨Σv_x⟩, which vanishes
      // exponentially with N_k (a k-sum of a total derivative)
      for (const [nk, tol] of [[24, 1e-6], [48, 1e-11]] as const) {
        const a = ribbonTotal(r, { nk, mu: -0.15, T: 0, observable }).total;
        const b = ribbonTotal(shifted, { nk, mu: -0.15, T: 0, observable }).total;
        expect(Math.abs(b / a - 1)).toBeLessThan(observable === 'dipole' ? 1e-12 : tol);
      }
    }
  });
});
