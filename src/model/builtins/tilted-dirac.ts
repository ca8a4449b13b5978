/**
 * Tilted massive Dirac cone of paper 001, Eq. (8): H = ħv_t k_x 𝟙 + mσ_z + α(k_yσ_x − k_xσ_y).
 * Defaults are the paper's figures: α = 4 eV·Å, m = 0.01 eV, v_t = 0.2α/ħ (ħv_t = 0.8 eV·Å).
 */
import type { KpModel } from '../types.js';
import { cutoffParam, defineBuiltin, finite } from './define.js';

export default defineBuiltin({
  name: 'tilted-dirac',
  description: 'Tilted massive Dirac cone H = ħv_t k_x + mσ_z + α(k_yσ_x − k_xσ_y) (k·p, 2 bands)',
  source: 'paper 001 Eq. (8), Figs. 1–3',
  params: {
    alpha: { default: 4, unit: 'eV·Å', doc: 'Dirac velocity α (ħv)' },
    m: { default: 0.01, unit: 'eV', doc: 'mass m (half the gap)' },
    vt: { default: 0.8, unit: 'eV·Å', doc: 'tilt ħv_t along x (paper: v_t = 0.2 α/ħ)' },
    cutoff: { default: null, unit: 'Å⁻¹', doc: 'radius of the k-disc, or null for all of k-space (the closed forms assume it)', nullable: true },
  },
  build(p): KpModel {
    const alpha = finite('tilted-dirac', p, 'alpha');
    const m = finite('tilted-dirac', p, 'm');
    const vt = finite('tilted-dirac', p, 'vt');
    const terms: KpModel['terms'] = [
      { k: [0, 0], matrix: 'sz', coef: m },
      { k: [0, 1], matrix: 'sx', coef: alpha },
      { k: [1, 0], matrix: 'sy', coef: -alpha },
    ];
    if (vt !== 0) terms.push({ k: [1, 0], matrix: 's0', coef: vt });
    return {
      format: 'orbitronics-model/1',
      kind: 'kp',
      name: 'tilted-dirac',
      dim: 2,
      basis: 2,
      terms,
      cutoff: cutoffParam('tilted-dirac', p),
      spin: null,
      meta: { builtin: 'tilted-dirac', source: 'paper 001 Eq. (8)', params: { ...p } },
    };
  },
});
