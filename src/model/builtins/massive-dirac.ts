/** Massive Dirac model H = v(k_xσ_x + k_yσ_y) + mσ_z, paper 004 (text after Eq. 4): Ω₊ = −mv²/(2d³). */
import type { KpModel } from '../types.js';
import { cutoffParam, defineBuiltin, finite } from './define.js';

export default defineBuiltin({
  name: 'massive-dirac',
  description: 'Massive Dirac model H = v(k_xσ_x + k_yσ_y) + mσ_z (k·p, 2 bands)',
  source: 'paper 004, massive Dirac example after Eq. (4)',
  params: {
    v: { default: 1, unit: 'eV·Å', doc: 'velocity ħv' },
    m: { default: 0.1, unit: 'eV', doc: 'mass m (half the gap)' },
    cutoff: { default: null, unit: 'Å⁻¹', doc: 'radius of the k-disc, or null for all of k-space', nullable: true },
  },
  build(p): KpModel {
    const v = finite('massive-dirac', p, 'v');
    const m = finite('massive-dirac', p, 'm');
    return {
      format: 'orbitronics-model/1',
      kind: 'kp',
      name: 'massive-dirac',
      dim: 2,
      basis: 2,
      terms: [
        { k: [1, 0], matrix: 'sx', coef: v },
        { k: [0, 1], matrix: 'sy', coef: v },
        { k: [0, 0], matrix: 'sz', coef: m },
      ],
      cutoff: cutoffParam('massive-dirac', p),
      spin: null,
      meta: { builtin: 'massive-dirac', source: 'paper 004', params: { ...p } },
    };
  },
});
