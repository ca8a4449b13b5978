/**
 * Tilted massive Dirac cone of paper 000, Eq. (12):
 *   H₀ = ħv_t k_x σ₀ + ħv₀ₓ k_x σ_x + ħv₀ᵧ k_y σ_y + Δσ_z,  with the tilt v_t = t·v₀ₓ.
 * Defaults are the paper's figures: t = 0.4, v_F = 1.6×10⁶ m/s (ħv_F = 10.531 eV·Å), gap 2Δ = 70 meV.
 */
import { HBAR_EV_S } from '../../units/constants.js';
import type { KpModel } from '../types.js';
import { cutoffParam, defineBuiltin, finite } from './define.js';

/** ħ × 1.6×10⁶ m/s in eV·Å (paper 000, Figs. 1–2). */
export const HBAR_VF_000 = HBAR_EV_S * 1.6e6 * 1e10;

export default defineBuiltin({
  name: 'tilted-dirac-000',
  description: 'Tilted massive Dirac cone H₀ = ħt v₀ₓk_x + ħv₀ₓk_xσ_x + ħv₀ᵧk_yσ_y + Δσ_z (k·p, 2 bands)',
  source: 'paper 000 Eq. (12), Figs. 1–2',
  params: {
    t: { default: 0.4, unit: '1', doc: 'dimensionless tilt t = v_t/v₀ₓ' },
    v0x: { default: HBAR_VF_000, unit: 'eV·Å', doc: 'ħv₀ₓ (paper: v_F = 1.6×10⁶ m/s)' },
    v0y: { default: HBAR_VF_000, unit: 'eV·Å', doc: 'ħv₀ᵧ' },
    delta: { default: 0.035, unit: 'eV', doc: 'mass Δ (gap 2Δ; the paper\'s figures use a 70 meV gap)' },
    cutoff: { default: null, unit: 'Å⁻¹', doc: 'radius of the k-disc, or null for all of k-space', nullable: true },
  },
  build(p): KpModel {
    const t = finite('tilted-dirac-000', p, 't');
    const v0x = finite('tilted-dirac-000', p, 'v0x');
    const v0y = finite('tilted-dirac-000', p, 'v0y');
    const delta = finite('tilted-dirac-000', p, 'delta');
    const terms: KpModel['terms'] = [
      { k: [1, 0], matrix: 'sx', coef: v0x },
      { k: [0, 1], matrix: 'sy', coef: v0y },
      { k: [0, 0], matrix: 'sz', coef: delta },
    ];
    if (t !== 0) terms.unshift({ k: [1, 0], matrix: 's0', coef: t * v0x });
    return {
      format: 'orbitronics-model/1',
      kind: 'kp',
      name: 'tilted-dirac-000',
      dim: 2,
      basis: 2,
      terms,
      cutoff: cutoffParam('tilted-dirac-000', p),
      spin: null,
      meta: { builtin: 'tilted-dirac-000', source: 'paper 000 Eq. (12)', params: { ...p } },
    };
  },
});
