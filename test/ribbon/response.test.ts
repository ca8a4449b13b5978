/**
 * The generalised response χ_{A,B}(ω) (paper 002 Eqs. 17–18) and the microscopic reciprocity
 * relation (Eq. 22/23, S5–S6): consistency with the ribbon oracle and the OMM density, the
 * periodic-position (velocity-gauge) limit, a bulk Kubo check (Hall conductance), reciprocity with and
 * without time reversal, user-supplied operators, backends.
 */
import { describe, expect, it } from 'vitest';
import { availableBackends, createBackend } from '../../src/backend/select.js';
import { chi, chiPairs, makeRibbon, reciprocity, ribbonOmmDensity, ribbonRows, ribbonTotal, type OperatorSpec, type ResponseOperator } from '../../src/ribbon/index.js';
import { pythtbHaldane } from '../helpers/models.js';

const AC = [[1, 1], [-1, 1]];
const abs = (c: { re: number; im: number }) => Math.hypot(c.re, c.im);

describe('χ_{A,B}(ω): consistency with the ribbon code', () => {
  it('static χ(orbital moment, y) = −½ × oracle (r×ħv)_z response; χ(OMM density of a row, x)·η = intraband profile; χ(row, y) = interband profile', () => {
    const m = pythtbHaldane(1.5, -1, 0.1, Math.PI / 3);
    m.hoppings[2]!.t = [-1.2, 0];
    const r = makeRibbon(m, { along: 0, width: 6 });
    const c = chi(r, 'orbital-moment', 'y', { nk: 32, mu: -0.15, T: 0 });
    const o = ribbonTotal(r, { nk: 32, mu: -0.15, T: 0, observable: 'ome' });
    expect(c.value.re).toBeCloseTo(-0.5 * o.total, 14);
    expect(c.value.im).toBe(0);
    expect(c.unit).toBe('eV·Å^2·Å/eV per Å');
    // metal, field along: Boltzmann part = (1/η)·ribbonOmmDensity intra (per unit eEτ/ħ)
    const g = makeRibbon(pythtbHaldane(0.5, -1, 0.06, Math.PI / 2), { along: 0, width: 5 });
    const rows = ribbonRows(g);
    const eta = 1e-3;
    const d = ribbonOmmDensity(g, { nk: 48, mu: 1.5, T: 300, field: 'x' });
    const dy = ribbonOmmDensity(g, { nk: 48, mu: 1.5, T: 300, field: 'y' });
    const res = chiPairs(g, rows.flatMap((rw) => [[{ kind: 'omm-density', sites: rw.sites }, 'x'], [{ kind: 'omm-density', sites: rw.sites }, 'y']] as Array<[OperatorSpec, OperatorSpec]>), { nk: 48, mu: 1.5, T: 300, eta });
    const resY = chiPairs(g, rows.map((rw) => [{ kind: 'omm-density', sites: rw.sites }, 'y'] as [OperatorSpec, OperatorSpec]), { nk: 48, mu: 1.5, T: 300 });
    const scale = Math.max(...d.rows.intra.map(Math.abs));
    rows.forEach((_, i) => {
      expect(Math.abs(res[2 * i]!.parts.intra.re * eta - d.rows.intra[i]!)).toBeLessThan(1e-12 * scale);
      expect(Math.abs(res[2 * i]!.parts.intra.im)).toBeLessThan(1e-12 * scale);
      expect(Math.abs(resY[i]!.parts.inter.re - dy.rows.inter[i]!)).toBeLessThan(1e-12);
      expect(Math.abs(resY[i]!.parts.intra.re - dy.rows.intra[i]!)).toBeLessThan(1e-12);
    });
  });

  it('position along the ribbon (Eq. 33): χ_{A,x}(z) = (i/z)[χ^{iso}_{A,vx} − χ_{A,vx}(z)], z = ω + iη, for a bounded A, in a metal', () => {
    const g = makeRibbon(pythtbHaldane(0.5, -1, 0.06, Math.PI / 3), { along: 0, width: 4, supercell: AC });
    const A: OperatorSpec = { kind: 'omm-density', sites: ribbonRows(g)[1]!.sites };
    const opts = { nk: 48, mu: 1.2, T: 300 };
    const [w, eta] = [0.07, 0.02];
    const [ax] = chiPairs(g, [[A, 'x']], { ...opts, omega: w, eta });
    const [av] = chiPairs(g, [[A, 'vx']], { ...opts, omega: w, eta });
    const [iso] = chiPairs(g, [[A, 'vx']], opts);
    // (i/z)·D with D = iso − av
    const Dr = iso!.value.re - av!.value.re, Di = iso!.value.im - av!.value.im;
    const den = w * w + eta * eta;
    const rr = (eta * Dr - w * Di) / den, ri = (eta * Di + w * Dr) / den;
    expect(abs(ax!.value)).toBeGreaterThan(1e-3);
    expect(Math.hypot(ax!.value.re - rr, ax!.value.im - ri)).toBeLessThan(1e-10 * abs(ax!.value));
    // and the clean static limit of a periodic position is refused (∝ τ)
    expect(() => chi(g, A, 'x', opts)).toThrow(/needs ω \+ iη ≠ 0/);
  });

  it('bulk Kubo check: χ_{ħvx, y} = Σ∫fΩ = C/(2π) in the gap (PythTB Haldane C = −1 → σ_xy = −(e²/ħ)χ = +e²/h), trivial phase 0', () => {
    const chern = chi(pythtbHaldane(0.2, -1, 0.15, Math.PI / 2), 'vx', 'y', { nk: 90, mu: 0, T: 0, eta: 1e-6 });
    expect(chern.value.re).toBeCloseTo(-1 / (2 * Math.PI), 9);
    expect(chern.unit).toBe('eV·Å·Å/eV per Å^2');
    const triv = chi(pythtbHaldane(0.6, -1, 0.1, Math.PI / 3), 'vx', 'y', { nk: 90, mu: 0, T: 0, eta: 1e-6 });
    expect(Math.abs(triv.value.re)).toBeLessThan(1e-6);
  });

  it('user-supplied operators (orbital-basis matrix at k) equal the built-ins', () => {
    const g = makeRibbon(pythtbHaldane(0.5, -1, 0.06, Math.PI / 3), { along: 0, width: 4 });
    const nb = 8;
    const sites = [0, 1];
    const mine: ResponseOperator = {
      name: 'my-density',
      lambda: 1,
      unit: '1',
      orbital: () => {
        const M = new Float64Array(2 * nb * nb);
        for (const s of sites) M[(s * nb + s) * 2] = 1;
        return M;
      },
    };
    const [a, b] = chiPairs(g, [[mine, 'y'], [{ kind: 'site-density', sites }, 'y']], { nk: 32, mu: 0.3, T: 200, omega: 0.1, eta: 0.03 });
    expect(abs(a!.value)).toBeGreaterThan(1e-4);
    expect(Math.hypot(a!.value.re - b!.value.re, a!.value.im - b!.value.im)).toBeLessThan(1e-14);
  });

  it('every available backend gives the TS values (1e-10 relative)', async () => {
    const g = makeRibbon(pythtbHaldane(0.5, -1, 0.06, Math.PI / 3), { along: 0, width: 6, supercell: AC });
    const A: OperatorSpec = { kind: 'omm-density', sites: ribbonRows(g)[0]!.sites };
    const opts = { nk: 24, mu: 1.2, T: 300, omega: 0.05, eta: 0.01 };
    const ref = chiPairs(g, [[A, 'x'], [A, 'y'], ['orbital-moment', 'vy']], opts);
    for (const name of await availableBackends()) {
      const be = await createBackend(name);
      const res = chiPairs(g, [[A, 'x'], [A, 'y'], ['orbital-moment', 'vy']], { ...opts, backend: be });
      res.forEach((r, i) => expect(Math.hypot(r.value.re - ref[i]!.value.re, r.value.im - ref[i]!.value.im), name).toBeLessThan(1e-10 * abs(ref[i]!.value)));
      be.dispose();
    }
  });
});

describe('microscopic reciprocity χ_{A,B} = λ_Aλ_B χ_{B,A} (paper 002 Eq. 22/23, S5–S6)', () => {
  const pairs = (r: ReturnType<typeof makeRibbon>): Array<[string, OperatorSpec, OperatorSpec]> => {
    const rows = ribbonRows(r);
    const n0: OperatorSpec = { kind: 'omm-density', sites: rows[0]!.sites };
    return [
      ['OMM row 0 (odd), x (even)', n0, 'x'],
      ['OMM row 0 (odd), y (even)', n0, 'y'],
      ['OMM row 0 (odd), ħv_x (odd)', n0, 'vx'],
      ['site density row 1 (even), y (even)', { kind: 'site-density', sites: rows[1]!.sites }, 'y'],
      ['site density row 0 (even), x (even)', { kind: 'site-density', sites: rows[0]!.sites }, 'x'],
      ['ħv_y (odd), OMM row 0 (odd)', 'vy', n0],
    ];
  };
  const opts = { nk: 48, mu: 1.2, T: 300, omega: 0.08, eta: 0.02 };

  it('holds for time-reversal invariant ribbons (gapped graphene, armchair, metal, finite ω and η) to 1e-10 relative', () => {
    const r = makeRibbon(pythtbHaldane(0.5, -1, 0, 0), { along: 0, width: 4, supercell: AC });
    const sizes: Record<string, [number, number]> = {};
    for (const [label, A, B] of pairs(r)) {
      const rc = reciprocity(r, A, B, opts);
      sizes[label] = [abs(rc.lhs), rc.relative];
      expect(rc.violation, label).toBeLessThan(1e-10 * Math.max(abs(rc.lhs), 1e-4));
    }
    // all but the charge-density/E_x pair are nonzero (that one vanishes: λ_Aλ_B = +1 leaves no Fermi-surface part)
    expect(Object.values(sizes).filter(([v]) => v > 1e-5).length).toBe(5);
    console.log('reciprocity, T invariant: [|χ_AB|, relative violation]', sizes);
    // bulk (2D) gapped graphene too, with the periodic positions and velocities
    const b = reciprocity(pythtbHaldane(0.5, -1, 0, 0), 'vx', 'y', { nk: 60, mu: 1.2, T: 300, omega: 0.1, eta: 0.03 });
    expect(abs(b.lhs)).toBeGreaterThan(1e-4);
    expect(b.relative).toBeLessThan(1e-10);
  });

  it('fails when T is broken (Haldane φ = π/2, t₂ = 0.06, trivial Δ = 0.5): relative violation O(1); static insulator: exactly 2 (χ_{A,B} = χ_{B,A} there)', () => {
    const r = makeRibbon(pythtbHaldane(-0.5, -1, 0.06, Math.PI / 2), { along: 0, width: 4, supercell: AC });
    const sizes: Record<string, number> = {};
    for (const [label, A, B] of pairs(r)) {
      const rc = reciprocity(r, A, B, opts);
      sizes[label] = rc.relative;
    }
    console.log('reciprocity violation (relative), T broken, metal μ = 1.2, ω = 0.08, η = 0.02:', sizes);
    expect(Math.max(...Object.values(sizes))).toBeGreaterThan(0.1);
    // in the gap, static: χ_{A,B} = χ_{B,A} identically, so the TR relation (λ_Aλ_B = −1) fails by 2|χ|
    const rows = ribbonRows(r);
    const st = reciprocity(r, { kind: 'omm-density', sites: rows[0]!.sites }, 'y', { nk: 48, mu: 0, T: 0 });
    expect(abs(st.lhs)).toBeGreaterThan(1e-3);
    expect(st.relative).toBeCloseTo(2, 12);
    // the Hall pair in the bulk Chern insulator: χ_{v_x,y} = −1/2π, and the violation is 2/2π
    const h = reciprocity(pythtbHaldane(0.2, -1, 0.15, Math.PI / 2), 'vx', 'y', { nk: 60, mu: 0, T: 0, eta: 1e-6 });
    expect(h.violation).toBeCloseTo(1 / Math.PI, 8);
  });
});
