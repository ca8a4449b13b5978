/**
 * Paper 000 (Burgos Atencia & Culcer): torque on the orbital moment. Eq. 1 per band and k, its
 * integral for the tilted Dirac model (Eq. 12) against the Hall identity (Eq. 2) and the closed form,
 * and the torque evaluated directly from the paper's Ξ equations (Eqs. 3–4, 10–11 with a_E).
 * Per unit eE_x, internal units (ħ = e = 1): torque/(eE) in eV·Å after ∫d²k/(2π)².
 */
import { describe, expect, it } from 'vitest';
import { KGeometry, type KPointBands } from '../../src/physics/covariant.js';
import { torqueEq1, torqueXi, torqueXiByParts, type BandResolved } from '../../src/physics/responses.js';
import { diagOfProduct } from '../../src/physics/cmat.js';
import { compileModel } from '../../src/model/compile.js';
import { randomTightBinding } from '../helpers/models.js';
import { latticeIntegrate, polarIntegrate, squareDirac, tiltedDirac000, type PolarSpec } from './covariant-helpers.js';

const DELTA = 0.035;

const pick = (r: BandResolved) => ({ sea: [r.sea[0]!, r.sea[1]!], surface: r.surface ? [r.surface[0]!, r.surface[1]!] : null });

function omega(g: KGeometry): number[] {
  const q = diagOfProduct(g.nb, g.R[0]!, g.R[1]!);
  return [-2 * q[1]!, -2 * q[3]!];
}

function run(t: number, v0x: number, v0y: number, EF: number, n = 1) {
  const vt = t * v0x;
  const model = tiltedDirac000(vt, v0x, v0y, DELTA);
  const spec: PolarSpec = { vt, ax: v0x, ay: v0y, m: DELTA, EF, nTheta: 64 * n, nR: 40 * n, tailScale: DELTA / Math.max(v0x, v0y) };
  return polarIntegrate(model, spec, (b: KPointBands) => {
    const g = new KGeometry(b);
    const om = omega(g);
    return [
      pick(torqueEq1(g, 0)), // 0
      pick(torqueXi(g, 0)), // 1 (sea + Fermi line)
      { sea: om, surface: null }, // 2: Σ∫fΩ
      { sea: [om[0]! * g.v[0]![0]!, om[1]! * g.v[0]![1]!], surface: null }, // 3: Σ∫ f v^x Ω
      pick(torqueXiByParts(g, 0)), // 4: Ξ torque, by parts (sea only)
    ];
  });
}

describe('000 Eq. 1 → Eq. 2 for the tilted Dirac model (E ∥ x̂)', () => {
  it('⟨τ_z⟩(Eq. 1) = −(v_t eE_x/ħ) Σ∫fΩ exactly, for any tilt and anisotropy; closed form only for t → 0', () => {
    const rows: string[] = [];
    for (const [t, v0y] of [[0.4, 1], [0.005, 1], [0.4, 0.6]] as const)
      for (const EF of [0.04, 0.05, 0.07, 0.1, 0.2, 0]) {
        const q = run(t, 1, v0y, EF);
        const tau1 = q[0]!.total, sumOmega = q[2]!.total;
        const identity = tau1 / (-t * 1 * sumOmega);
        expect(Math.abs(identity - 1)).toBeLessThan(1e-8);
        if (EF === 0) {
          // insulator: Σ∫fΩ = lower band = sign·½·(1/2π)
          rows.push(`t=${t},v0y=${v0y},gap: τ_Eq1=${tau1.toExponential(6)}, τ_Ξ/τ_Eq1=${(q[1]!.total / tau1).toFixed(8)}`);
          expect(Math.abs(q[1]!.total / tau1 + 1)).toBeLessThan(1e-8);
          continue;
        }
        const closed = (-t * 1 * DELTA) / (4 * Math.PI * EF);
        const jy = DELTA / (4 * Math.PI * EF); // j_y/(e²E_x/ħ) = Σ∫fΩ
        const xiClosed = ((t * DELTA) / (8 * Math.PI * EF ** 3)) * (3 * EF * EF - DELTA * DELTA);
        const r = {
          identity,
          'τ_Eq1/closed': tau1 / closed,
          'j_y/closed': sumOmega / jy,
          'τ_Ξ/τ_Eq2': q[1]!.total / closed,
          'τ_Ξ/closedΞ': q[1]!.total / xiClosed,
          'τ_Ξ/Σ∫f v_x Ω': q[1]!.total / q[3]!.total,
          'τ_Ξ Fermi-line share': q[1]!.surface / q[1]!.total,
          'τ_Ξ by parts/direct': q[4]!.total / q[1]!.total,
        };
        rows.push(`t=${t},v0y=${v0y},E_F=${EF}: ` + Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(6)}`).join(', '));
        if (t < 0.01) {
          expect(Math.abs(r['τ_Eq1/closed'] - 1)).toBeLessThan(1e-4);
          expect(Math.abs(r['j_y/closed'] - 1)).toBeLessThan(1e-4);
          expect(Math.abs(r['τ_Ξ/closedΞ'] - 1)).toBeLessThan(1e-4);
          expect(Math.abs(r['τ_Ξ/τ_Eq2'] + (3 * EF * EF - DELTA * DELTA) / (2 * EF * EF))).toBeLessThan(1e-3);
        }
        // two bands, E ∥ x: the Ξ torque is +eE_x Σ∫ f v^x Ω (r×a sign)
        expect(Math.abs(r['τ_Ξ/Σ∫f v_x Ω'] - 1)).toBeLessThan(1e-8);
        // direct (sea + Fermi line) = by parts (sea only) after ∫
        expect(Math.abs(q[4]!.total / q[1]!.total - 1)).toBeLessThan(1e-8);
      }
    console.log('[000] ' + rows.join('\n[000] '));
  });

  it('grid convergence of the torque integrals (64×40 vs 128×80)', () => {
    const a = run(0.4, 1, 0.6, 0.07), b = run(0.4, 1, 0.6, 0.07, 2);
    let worst = 0;
    for (let i = 0; i < 5; i++) worst = Math.max(worst, Math.abs(a[i]!.total - b[i]!.total) / Math.abs(b[i]!.total));
    console.log(`[000 convergence] max rel ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('000: Eq. 1 vs the Ξ-formalism torque on lattice insulators', () => {
  it('opposite signs only in special cases: 2-band square-lattice Dirac (E ∥ x̂) vs 3-band insulators', () => {
    const rows: string[] = [];
    const cases = [
      ['2-band square tilted Dirac', squareDirac(0.3, 1, 0.4, 0.5), 1],
      ['3 bands, 1 filled', squareDirac(0.3, 1, 0.4, 0.5, { e3: 2.5, g: 0.4 }), 1],
      ['3 bands, 2 filled', squareDirac(0.3, 1, 0.4, 0.5, { e3: -2.5, g: 0.4 }), 2],
    ] as const;
    for (const [name, tb, nf] of cases) {
      const model = compileModel(tb);
      let top = -Infinity, bottom = Infinity;
      latticeIntegrate(model, 60, 0, 0, (b) => {
        top = Math.max(top, b.energies[nf - 1]!);
        bottom = Math.min(bottom, b.energies[nf]!);
        return [];
      });
      const mu = 0.5 * (top + bottom);
      for (let beta = 0; beta < 2; beta++) {
        const [e1, xi] = latticeIntegrate(model, 80, mu, 0, (b) => {
          const g = new KGeometry(b);
          return [{ sea: torqueEq1(g, beta).sea, surface: null }, { sea: torqueXi(g, beta).sea, surface: null }];
        });
        const [e1b, xib] = latticeIntegrate(model, 100, mu, 0, (b) => {
          const g = new KGeometry(b);
          return [{ sea: torqueEq1(g, beta).sea, surface: null }, { sea: torqueXi(g, beta).sea, surface: null }];
        });
        const conv = Math.max(Math.abs(e1! - e1b!), Math.abs(xi! - xib!)) / Math.max(Math.abs(e1b!), Math.abs(xib!), 1e-8);
        rows.push(`${name}, E∥${'xy'[beta]}: τ_Eq1 ${e1b!.toExponential(4)}, τ_Ξ ${xib!.toExponential(4)}, ratio ${(xib! / e1b!).toFixed(6)} (80² vs 100² ${conv.toExponential(1)})`);
        console.log(rows[rows.length - 1]);
        expect(conv).toBeLessThan(1e-4);
        if (name.startsWith('2-band') && beta === 0) expect(Math.abs(xib! / e1b! + 1)).toBeLessThan(1e-6);
      }
    }
    console.log('[000 lattice] ' + rows.join('\n[000 lattice] '));
  });
});

describe('000: Ξ torque, direct (with its Fermi-surface term) = by parts (sea only) after ∫, lattice metal T > 0', () => {
  it('random 3-band metal, kT = 0.5 eV', () => {
    const tb = randomTightBinding(3, 2, 11);
    tb.onsite = tb.onsite.map((x, i) => 3 * (i - 1) + 0.2 * x);
    const model = compileModel(tb);
    const rows: string[] = [];
    for (let beta = 0; beta < 2; beta++) {
      const [direct, parts, eq1] = latticeIntegrate(model, 90, 0.2, 0.5, (b) => {
        const g = new KGeometry(b);
        const x = torqueXi(g, beta);
        return [x, torqueXiByParts(g, beta), torqueEq1(g, beta)];
      });
      rows.push(`E∥${'xy'[beta]}: direct ${direct!.toExponential(8)}, by parts ${parts!.toExponential(8)}, Eq. 1 ${eq1!.toExponential(4)}`);
      expect(Math.abs(parts! / direct! - 1)).toBeLessThan(1e-7);
    }
    console.log('[000 by parts] ' + rows.join('; '));
  });
});
