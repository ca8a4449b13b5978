/**
 * Anomalous Hall conductivity σ_ab = −(e²/ħ) ∫[dk] Σₙ fₙ Ωₙ^{ab} (DESIGN §4; paper 002 Eqs. S19–S24).
 * A filled band of Chern number C gives σ_xy = −C e²/h. 2D: S (also e²/h); 3D: S/cm.
 */
import { E2_OVER_H_S } from '../units/factors.js';

/** e²/ħ = 2π e²/h in S, from the exact e and h (units/factors' E2_OVER_HBAR_S uses the rounded CODATA ħ, 1e-10 off). */
const E2_OVER_HBAR = 2 * Math.PI * E2_OVER_H_S;
import { defineObservable, primitive, type UnitSpec } from './define.js';

export default defineObservable({
  id: 'ahc',
  title: 'Anomalous Hall conductivity',
  symbol: 'σ_xy',
  source: { paper: '002', eq: 'S19–S24' },
  dims: [2, 3],
  needs: { geometry: true },
  components: (dim) => (dim === 2 ? ['xy'] : ['yz', 'zx', 'xy']),
  terms: { fermiSea: { integrand: primitive.berryCurvature, occupation: 'sea' } },
  unit: (model): UnitSpec =>
    model.dim === 2
      ? { unit: 'S', factor: -E2_OVER_HBAR, conversions: { 'e^2/h': 1 / E2_OVER_H_S } }
      : // Σ wΩ is in Å⁻¹; 1 Å⁻¹ = 1e8 cm⁻¹
        { unit: 'S/cm', factor: -E2_OVER_HBAR * 1e8, conversions: { 'S/m': 100 } },
  character: { rank: 2, kind: 'polar', time: 'odd', antisymmetric: true },
});
