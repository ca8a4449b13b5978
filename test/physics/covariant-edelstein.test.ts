/**
 * Spin Edelstein coefficient (004 Eq. 6, spin matrices from CompiledModel.spin rotated by U) on the
 * Rashba model: the Fermi-line integral at T = 0 against the closed form δ⟨σ_y⟩ = mατ eE_x/(2πħ²)
 * (paper-checks: 002's S18 is a factor 2 larger), and orbital Edelstein = ½ L_ext (001) on it.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import type { KpModel } from '../../src/model/types.js';
import { PAULI } from '../../src/model/compile.js';
import { KGeometry } from '../../src/physics/covariant.js';
import { spinEdelstein } from '../../src/physics/responses.js';
import { HBAR_EV_S } from '../../src/units/constants.js';
import { bandsAt } from './covariant-helpers.js';

const TAU = 1e-14;

describe('spin Edelstein on the Rashba model', () => {
  it('δ⟨σ_y⟩/(eE_x) = m α τ/(2πħ²) for E_F > 0 (both Fermi circles), δ⟨σ_x⟩ = 0', () => {
    const c = 3.81, alpha = 0.3; // ħ²/2m (eV·Å²), α (eV·Å)
    const model: KpModel = {
      format: 'orbitronics-model/1',
      kind: 'kp',
      name: 'rashba',
      dim: 2,
      basis: 2,
      terms: [
        { k: [2, 0], matrix: 's0', coef: c },
        { k: [0, 2], matrix: 's0', coef: c },
        { k: [1, 0], matrix: 'sy', coef: alpha },
        { k: [0, 1], matrix: 'sx', coef: -alpha },
      ],
      cutoff: null,
      spin: [PAULI.sx, PAULI.sy, PAULI.sz],
    };
    const cm = compileModel(model);
    const rows: string[] = [];
    for (const EF of [0.05, 0.2, 1]) {
      // Fermi radii: c k² ∓ α k = E_F (lower band ε₋ = ck² − αk has the larger radius)
      const kMinus = (alpha + Math.sqrt(alpha * alpha + 4 * c * EF)) / (2 * c);
      const kPlus = (-alpha + Math.sqrt(alpha * alpha + 4 * c * EF)) / (2 * c);
      const nth = 64;
      const acc = [0, 0, 0];
      for (let it = 0; it < nth; it++) {
        const th = ((it + 0.5) * 2 * Math.PI) / nth;
        for (const [kF, band, slope] of [[kMinus, 0, 2 * c * kMinus - alpha], [kPlus, 1, 2 * c * kPlus + alpha]] as const) {
          const b = bandsAt(cm, [kF * Math.cos(th), kF * Math.sin(th), 0]);
          const r = spinEdelstein(new KGeometry(b), 0, { tau: TAU, spin: cm.spin });
          for (let i = 0; i < 3; i++) acc[i] += ((2 * Math.PI) / nth) * kF * r.surface![band * 3 + i]! / Math.abs(slope) / (4 * Math.PI * Math.PI);
        }
      }
      const m = 1 / (2 * c);
      const closed = (m * alpha * (TAU / HBAR_EV_S)) / (2 * Math.PI);
      rows.push(`E_F=${EF}: δσ_y/closed ${(acc[1]! / closed).toFixed(9)}, δσ_x ${acc[0]!.toExponential(1)}, δσ_z ${acc[2]!.toExponential(1)}`);
      expect(Math.abs(Math.abs(acc[1]! / closed) - 1)).toBeLessThan(1e-9);
      expect(Math.abs(acc[0]!) / Math.abs(acc[1]!)).toBeLessThan(1e-12);
    }
    console.log('[Rashba] ' + rows.join('; '));
  });
});
