/**
 * Orbital magnetisation, modern theory at finite temperature (paper 004 Eq. 5):
 *   M = ∫[dk] Σₙ [ mₙ fₙ − (e/ħβ) Ωₙ ln(1 − fₙ) ],   T = 0: Σₙ fₙ [ mₙ + (e/ħ) Ωₙ (μ − εₙ) ],
 * with mₙ the orbital moment of the electron (charge −e), paper 004 Eq. 4. Parts: `moment` (Σ mf)
 * and `berry` (the Ω ln(1−f) term). Streda: ∂M/∂μ = (e/h)·C per area in a gap.
 * Units: μ_B per cell (tight-binding; also A for 2D, A/m for 3D), μ_B/nm² (k·p 2D).
 * Internal: (e/ħ)·[eV·Å²] per Å^d; both terms carry (e/ħ) × energy × Å².
 */
import { ANGSTROM, BOHR_MAGNETON_J_T } from '../units/constants.js';
import { MUB_PER_A2_TO_AMPERE, ORBITAL_MOMENT_TO_MUB } from '../units/factors.js';
import { defineObservable, primitive, type UnitSpec } from './define.js';

export default defineObservable({
  id: 'orbitalMagnetization',
  title: 'Orbital magnetisation',
  symbol: 'M',
  source: { paper: '004', eq: '5' },
  dims: [2, 3],
  needs: { geometry: true },
  components: (dim) => (dim === 2 ? ['z'] : ['x', 'y', 'z']),
  terms: {
    moment: { integrand: primitive.orbitalMoment, occupation: 'sea' },
    berry: { integrand: primitive.berryCurvature, occupation: 'grand' },
  },
  unit: (model): UnitSpec => {
    if (model.kind === 'tight-binding') {
      const V = model.cellMeasure;
      return model.dim === 2
        ? { unit: 'muB/cell', factor: ORBITAL_MOMENT_TO_MUB * V, conversions: { A: MUB_PER_A2_TO_AMPERE / V, 'muB/nm^2': 100 / V } }
        : { unit: 'muB/cell', factor: ORBITAL_MOMENT_TO_MUB * V, conversions: { 'A/m': BOHR_MAGNETON_J_T / (V * ANGSTROM ** 3), 'muB/nm^3': 1000 / V } };
    }
    return model.dim === 2
      ? { unit: 'muB/nm^2', factor: ORBITAL_MOMENT_TO_MUB * 100, conversions: { A: MUB_PER_A2_TO_AMPERE / 100, 'muB/Å^2': 0.01 } }
      : { unit: 'muB/nm^3', factor: ORBITAL_MOMENT_TO_MUB * 1000, conversions: { 'A/m': BOHR_MAGNETON_J_T / (1000 * ANGSTROM ** 3), 'muB/Å^3': 0.001 } };
  },
  character: { rank: 1, kind: 'axial', time: 'odd' },
});
