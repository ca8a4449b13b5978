/**
 * Rashba electron gas, paper 002 Eq. (S15): H = ħ²k²/2m + ħα(ẑ×k)·σ = ħ²k²/2m + α(k_xσ_y − k_yσ_x),
 * with `alpha` = ħα in eV·Å and `m` in units of the free-electron mass. Basis = spin (↑, ↓), so the
 * spin matrices are the Pauli matrices (units of ħ/2).
 * Defaults: a giant-Rashba surface alloy (BiAg₂-like: m = 0.35 mₑ, ħα = 3.05 eV·Å).
 */
import { ELEMENTARY_CHARGE, HBAR_J_S } from '../../units/constants.js';
import type { KpModel } from '../types.js';
import { PAULI_SPIN, cutoffParam, defineBuiltin, finite, positive } from './define.js';

/** Electron mass (kg), CODATA 2018. */
export const ELECTRON_MASS_KG = 9.1093837015e-31;
/** ħ²/(2mₑ) in eV·Å² (≈ 3.80998). */
export const HBAR2_OVER_2ME_EV_A2 = ((HBAR_J_S * HBAR_J_S) / (2 * ELECTRON_MASS_KG) / ELEMENTARY_CHARGE) * 1e20;

export default defineBuiltin({
  name: 'rashba',
  description: 'Rashba 2DEG H = ħ²k²/2m + α(k_xσ_y − k_yσ_x) (k·p, spinful, 2 bands, spin = Pauli σ)',
  source: 'paper 002 Eq. (S15)',
  params: {
    m: { default: 0.35, unit: 'mₑ', doc: 'effective mass in units of the free-electron mass (ħ²/2m = 3.80998 eV·Å²/m)' },
    alpha: { default: 3.05, unit: 'eV·Å', doc: 'Rashba constant ħα (paper 002 writes ħα with α a velocity)' },
    cutoff: { default: null, unit: 'Å⁻¹', doc: 'radius of the k-disc, or null for all of k-space', nullable: true },
  },
  build(p): KpModel {
    const m = positive('rashba', p, 'm');
    const alpha = finite('rashba', p, 'alpha');
    const c = HBAR2_OVER_2ME_EV_A2 / m;
    return {
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
      cutoff: cutoffParam('rashba', p),
      spin: PAULI_SPIN.map((s) => s.map((r) => r.map((z) => [z[0], z[1]]))) as KpModel['spin'],
      meta: { builtin: 'rashba', source: 'paper 002 Eq. (S15)', params: { ...p }, hbar2Over2m: c },
    };
  },
});
