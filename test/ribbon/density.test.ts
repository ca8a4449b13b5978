import { describe, expect, it } from 'vitest';
import { makeRibbon, ribbonOmmDensity, ribbonTotal } from '../../src/ribbon/index.js';
import { pythtbHaldane } from '../helpers/models.js';

describe('OMM density accumulation in ribbons (paper 002 Eqs. 55–58)', () => {
  it('TR-invariant gapped graphene (t₂ = 0), metal, field along the ribbon: no interband accumulation, intraband only', () => {
    const r = makeRibbon(pythtbHaldane(0.5, -1, 0, 0), { along: 0, width: 8 });
    const d = ribbonOmmDensity(r, { nk: 96, mu: 1.5, T: 300, field: 'x' });
    const scale = Math.max(...d.intra.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    expect(Math.max(...d.inter.map(Math.abs))).toBeLessThan(1e-10 * scale);
    expect(d.symmetric).not.toBeNull();
    // the parts recombine
    d.rows.intra.forEach((x, i) => expect(d.symmetric!.intra[i]! + d.antisymmetric!.intra[i]!).toBeCloseTo(x, 14));
    expect(d.rows.y.length).toBe(16); // zigzag: one site per row
  });

  it('TR-broken trivial Haldane insulator, field along the ribbon: zigzag ≡ 0 by M_xT; armchair ≠ 0 per site but 0 per row y; no intraband', () => {
    const model = pythtbHaldane(0.6, -1, 0.1, Math.PI / 2);
    for (const phi of [Math.PI / 3, 1.0, Math.PI / 2]) {
      const zz = ribbonOmmDensity(makeRibbon(pythtbHaldane(0.6, -1, 0.1, phi), { along: 0, width: 8 }), { nk: 48, mu: -0.1, T: 10, field: 'x' });
      expect(Math.max(...zz.inter.map(Math.abs))).toBeLessThan(1e-14);
    }
    const ac = ribbonOmmDensity(makeRibbon(model, { along: 0, width: 5, supercell: [[1, 1], [-1, 1]] }), { nk: 48, mu: -0.1, T: 10, field: 'x' });
    const scale = Math.max(...ac.inter.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    expect(Math.abs(ac.total.inter)).toBeLessThan(1e-10 * scale);
    expect(Math.max(...ac.rows.inter.map(Math.abs))).toBeLessThan(1e-10 * scale); // the two sites of a row cancel
    expect(Math.max(...ac.intra.map(Math.abs))).toBeLessThan(1e-12);
    expect(ac.units).toEqual({ inter: 'Å^2', intra: 'eV·Å^2' });
  });

  it('field across the ribbon: Σ over sites = −½ × the oracle\'s (r×ħv)_z response (S55 vs closure forms agree for insulators)', () => {
    const model = pythtbHaldane(1.5, -1, 0.1, Math.PI / 3);
    model.hoppings[2]!.t = [-1.2, 0];
    const r = makeRibbon(model, { along: 0, width: 6 });
    const d = ribbonOmmDensity(r, { nk: 32, mu: -0.15, T: 0, field: 'y' });
    const tot = ribbonTotal(r, { nk: 32, mu: -0.15, T: 0, observable: 'ome' });
    expect(Math.abs(tot.total)).toBeGreaterThan(1e-4);
    expect(d.total.inter).toBeCloseTo(-0.5 * tot.total, 10);
  });
});
