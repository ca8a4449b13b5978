/**
 * Fermi-surface responses of ribbons (paper 002 Sec. IV–V, App. II, IV):
 *  - lattice Rashba (Edelstein) spin accumulation: ribbon (slope of the total vs width) against the
 *    bulk relaxation-time formula Σ∫ f′ v^x ⟨σ_y⟩ τ on a 2D grid (inline, analytic 2×2);
 *  - the external torque T̄^ext (S33–S34) against the commutator route (Eqs. 37–40 before the
 *    cancellation), τ·T̄^ext = intraband accumulation, for spin and for the ribbon orbital moment;
 *  - the proper current (S36): τ·J̄ = first moment of the intraband OMM accumulation.
 */
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/select.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { chi, makeRibbon, netTorque, properCurrent, reciprocity, ribbonMeta, ribbonOmmDensity, ribbonRows } from '../../src/ribbon/index.js';
import { BOLTZMANN_EV_K, HBAR_EV_S } from '../../src/units/constants.js';
import { pythtbHaldane, randomTightBinding } from '../helpers/models.js';

/**
 * Square lattice (a = 1 Å), spin ½ (orbitals ↑, ↓ at the origin), Pauli spin matrices:
 * H = −2t(cos k_x + cos k_y) + λ(sin k_x σ_y − sin k_y σ_x)  (lattice Rashba, α(k_xσ_y − k_yσ_x) near Γ).
 */
function rashbaLattice(t: number, lam: number): TightBindingModel {
  const hop = (R: number[], m: Array<Array<[number, number]>>) =>
    m.flatMap((row, i) => row.map((z, j) => ({ from: j, to: i, R, t: z }))).filter((x) => x.t[0] !== 0 || x.t[1] !== 0);
  return {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: 'rashba-lattice',
    dim: 2,
    lattice: [[1, 0], [0, 1]],
    orbitals: [[0, 0], [0, 0]],
    onsite: [0, 0],
    hoppings: [
      // t(+x) = −t − (iλ/2)σ_y, t(+y) = −t + (iλ/2)σ_x (the Hermitian conjugates are implicit)
      ...hop([1, 0], [[[-t, 0], [-lam / 2, 0]], [[lam / 2, 0], [-t, 0]]]),
      ...hop([0, 1], [[[-t, 0], [0, lam / 2]], [[0, lam / 2], [-t, 0]]]),
    ],
    spin: [
      [[[0, 0], [1, 0]], [[1, 0], [0, 0]]],
      [[[0, 0], [0, -1]], [[0, 1], [0, 0]]],
      [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]],
    ],
  };
}

/** Bulk relaxation-time Edelstein response per area per unit eEτ/ħ: Σₙ∫ f′(εₙ) ∂_{k_x}εₙ ⟨σ_y⟩ₙ (n×n grid, analytic bands). */
function bulkEdelstein(t: number, lam: number, mu: number, T: number, n: number): number {
  const kT = BOLTZMANN_EV_K * T;
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const kx = (2 * Math.PI * (i + 0.5)) / n, ky = (2 * Math.PI * (j + 0.5)) / n;
      const e0 = -2 * t * (Math.cos(kx) + Math.cos(ky));
      const dx = -lam * Math.sin(ky), dy = lam * Math.sin(kx), d = Math.hypot(dx, dy);
      for (const sg of [1, -1]) {
        const f = 1 / (1 + Math.exp((e0 + sg * d - mu) / kT));
        const dE = 2 * t * Math.sin(kx) + (sg * dy * lam * Math.cos(kx)) / d;
        s += (-f * (1 - f)) / kT * dE * ((sg * dy) / d);
      }
    }
  return s / (n * n);
}

const SY = { kind: 'spin', axis: 1 } as const;

describe('lattice Rashba: Edelstein spin accumulation, ribbon vs bulk (paper 002 App. II, S14–S18)', () => {
  const t = 1, lam = 0.8, mu = -2, T = 1000;
  const model = rashbaLattice(t, lam);

  it('bulk: the library (χ intraband and T̄^ext) reproduces the inline relaxation-time formula; the spin torque route agrees', () => {
    const ref = bulkEdelstein(t, lam, mu, T, 200);
    expect(ref).toBeGreaterThan(0.05);
    const nt = netTorque(model, SY, { nk: 200, mu, T, commutatorRoute: true });
    expect(Math.abs(nt.external / ref - 1)).toBeLessThan(1e-10);
    // commutator route: interband χ_{Ṡ,x} only (spin commutes with x) = Fermi-surface formula after the k-sum
    expect(Math.abs(nt.commutatorRoute! / ref - 1)).toBeLessThan(1e-8);
    const tau = 1e-14, eta = HBAR_EV_S / tau;
    const c = chi(model, SY, 'x', { nk: 200, mu, T, tau });
    expect(Math.abs((c.parts.intra.re * eta) / ref - 1)).toBeLessThan(1e-10);
  });

  it('ribbon (open edges along x): with η = 0.2 eV the full χ_{σ_y,x} per width (slope) → bulk χ at the same η (2.4 % at W = 20→40); the intraband (diagonal Boltzmann) term alone stays ≈ 25 % above the bulk formula', async () => {
    const be = await createBackend();
    const eta = 0.2;
    const bulkChi = chi(model, SY, 'x', { nk: 160, mu, T, eta, backend: be });
    const ref = bulkEdelstein(t, lam, mu, T, 200);
    const tot: number[] = [], intra: number[] = [], w: number[] = [];
    for (const W of [20, 40]) {
      const r = makeRibbon(model, { along: 0, width: W });
      const c = chi(r, SY, 'x', { nk: 160, mu, T, eta, backend: be });
      tot.push(c.value.re * eta);
      intra.push(c.parts.intra.re * eta);
      w.push(ribbonMeta(r).physicalWidth);
    }
    be.dispose();
    const slope = (tot[1]! - tot[0]!) / (w[1]! - w[0]!);
    const slopeIntra = (intra[1]! - intra[0]!) / (w[1]! - w[0]!);
    console.log(`Edelstein per unit eEτ/ħ per Å²: bulk RTA formula ${ref}; bulk χ(η=0.2)·η ${bulkChi.value.re * eta}; ribbon slope (full χ) ${slope}; ribbon slope (intraband only) ${slopeIntra}; per width W=40: ${tot[1]! / w[1]!}`);
    expect(Math.abs(slope / (bulkChi.value.re * eta) - 1)).toBeLessThan(0.03); // 2.4 % at W = 20→40; 0.2 % at 40→80 (docs/ribbon.md §11)
    expect(Math.abs((bulkChi.value.re * eta) / ref - 1)).toBeLessThan(0.02); // η² corrections of the bulk
    expect(slopeIntra / ref - 1).toBeGreaterThan(0.15);
  });

  it('spinful TR-invariant ribbon: reciprocity χ_{σ_y(row), x} = −χ_{x, σ_y(row)} at finite ω, η (Eq. 22 with spin)', () => {
    const r = makeRibbon(model, { along: 0, width: 6 });
    const rc = reciprocity(r, { kind: 'spin', axis: 1, sites: ribbonRows(r)[0]!.sites }, 'x', { nk: 64, mu, T, omega: 0.05, eta: 0.02 });
    expect(Math.hypot(rc.lhs.re, rc.lhs.im)).toBeGreaterThan(0.1);
    expect(rc.relative).toBeLessThan(1e-10);
  });
});

describe('net torque (S33–S34, Eq. 43) and proper current (S36)', () => {
  it('ribbon orbital moment: T̄^ext = commutator route after the k-sum (converging with N_k: 256 → < 1e-6); τ·T̄^ext = Σ intraband OMM accumulation', () => {
    const strained = pythtbHaldane(0.5, -1, 0.1, Math.PI / 3);
    strained.hoppings[2]!.t = [-1.2, 0];
    for (const [name, m, mu] of [['strained Haldane', strained, 1.2], ['3-orbital random', randomTightBinding(3, 2, 21), 0.3]] as const) {
      const r = makeRibbon(m, { along: 0, width: 4 });
      const nt = netTorque(r, 'orbital-moment', { nk: 256, mu, T: 300, commutatorRoute: true });
      expect(Math.abs(nt.external), name).toBeGreaterThan(1e-3);
      expect(Math.abs(nt.commutatorRoute! / nt.external - 1), name).toBeLessThan(1e-6);
      const d = ribbonOmmDensity(r, { nk: 256, mu, T: 300, field: 'x' });
      expect(Math.abs(d.total.intra / nt.external - 1)).toBeLessThan(1e-12);
    }
  });

  it('zero where symmetry forbids a net OMM accumulation (TR-invariant gapped graphene zigzag)', () => {
    const r = makeRibbon(pythtbHaldane(0.5, -1, 0, 0), { along: 0, width: 4 });
    const nt = netTorque(r, 'orbital-moment', { nk: 64, mu: 1.5, T: 300 });
    expect(Math.abs(nt.external)).toBeLessThan(1e-13);
  });

  it('proper current: τ·J̄_{O,y} = Σ_rows y·δn_intra(y) (first moment of the Boltzmann OMM accumulation), nonzero in TR-invariant gapped graphene', () => {
    const r = makeRibbon(pythtbHaldane(0.5, -1, 0, 0), { along: 0, width: 6 });
    const pc = properCurrent(r, 'orbital-moment', { nk: 64, mu: 1.5, T: 300 });
    const d = ribbonOmmDensity(r, { nk: 64, mu: 1.5, T: 300, field: 'x' });
    const moment = d.rows.y.reduce((a, y, i) => a + y * d.rows.intra[i]!, 0);
    expect(Math.abs(pc.value)).toBeGreaterThan(0.1);
    expect(Math.abs(pc.value / moment - 1)).toBeLessThan(1e-12);
    // spin analogue on the Rashba ribbon: J̄ for σ_y
    const rr = makeRibbon(rashbaLattice(1, 0.8), { along: 0, width: 6 });
    const ps = properCurrent(rr, SY, { nk: 64, mu: -2, T: 1000 });
    expect(Number.isFinite(ps.value)).toBe(true);
  });
});
