/**
 * Intrinsic orbital magnetothermal response of paper 003, Eq. 9 with the entropy density of Eq. 10,
 * for 2D models:
 *
 *     ΔM_z = χ^int·(E − ∇μ/q) − α^int·∇T   (003 Eq. 7),   α^int_i = q ∫[dk] Σₙ s₀(εₙ) λⁿ_i,
 *     s₀ = (ε − μ)f/T + k_B ln(1 + e^{−(ε−μ)/k_BT}) = −k_B[f ln f + (1−f) ln(1−f)],
 *
 * with the same λⁿ as `chi-int` (src/observables/chi-int.ts; one pass serves both) and q = −e. So
 * α^int is the response to −∇T (003 Eq. 2). In SI, with s₀ in eV/K from the `entropy` occupation:
 * α[A·m/K] = −(e·1e-10/ħ)·Σ∫s₀λ. Unit: nm·A/K (the analogue of χ's nm/Ω = nm·A/V); conversions to
 * A·m/K and μ_B/nm² per (K/m) of −∇T; with `params.gradT` (K/m, the size of −∇T) the magnetisation.
 * α^int = 0 at T = 0.
 *
 * Relations (tests: test/physics/mott*.test.ts):
 *  - generalised Mott relation, exact (003 Eq. 12 with the sign corrected, paper-checks seed 003 item 2):
 *      α^int(μ, T) = ∫dη (−∂_ηf₀) (η − μ)/(qT) χ^int(η; T = 0)  — as printed (+∂_ηf₀) it gives −α;
 *  - low T (003 Eq. 13): α^int = (π²k_B²T/3q) ∂_μχ^int, i.e. −(π²k_B²T/3e)∂_μχ^int with e > 0;
 *  - Einstein relation: ∇μ enters only as E − ∇μ/q (`inducedMagnetization`). Both come from one
 *    generating function G(μ, T) = Σ∫ k_BT ln(1 + e^{−(ε−μ)/k_BT}) λ: χ ∝ ∂_μG, α ∝ ∂_TG, hence the
 *    Maxwell relation ∂_μ(Σ∫s₀λ) = ∂_T(Σ∫fλ).
 */
import { OrbitronicsError } from '../errors.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { CHI_NM_PER_OHM, LAMBDA_003, MUB_NM2_PER_A } from './chi-int.js';
import { defineObservable, type ObservableParams, type UnitSpec } from './define.js';

/** Σ∫s₀λ (eV/K·Å) → α^int in nm·A/K (q = −e). */
export const ALPHA_NM_A_PER_K = -CHI_NM_PER_OHM;

function gradTOf(params: ObservableParams): number | null {
  const g = params.gradT as unknown;
  if (g === undefined || g === null) return null;
  if (typeof g !== 'number' || !Number.isFinite(g)) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. params.gradT must be a finite temperature gradient in K/m. Value: \`${JSON.stringify(g)}\`.`);
  return g;
}

/**
 * The low-temperature Mott form (003 Eq. 13 with q = −e): α = −(π²/3) k_B² T ∂_μχ, for χ in nm/Ω,
 * ∂_μχ in nm/Ω per eV, T in K → α in nm·A/K.
 */
export function mottAlpha(dChiDmu: number, T: number): number {
  return (-(Math.PI * Math.PI) / 3) * BOLTZMANN_EV_K * BOLTZMANN_EV_K * T * dChiDmu;
}

/**
 * 003 Eq. 7: ΔM_z (μ_B/nm²) from χ^int (nm/Ω) and α^int (nm·A/K), for a field E (V/m), a gradient
 * of the chemical potential ∇μ (eV/m) and a temperature gradient ∇T (K/m), all in-plane vectors.
 * E and ∇μ enter together as E − ∇μ/q = E + ∇μ/e (Einstein relation; ∇μ in eV/m = V/m per e).
 */
export function inducedMagnetization(chi: [number, number], alpha: [number, number], f: { E?: [number, number]; gradMu?: [number, number]; gradT?: [number, number] }): number {
  const E = f.E ?? [0, 0], gm = f.gradMu ?? [0, 0], gT = f.gradT ?? [0, 0];
  let M = 0; // nm·A = 1e-9 A
  for (let i = 0; i < 2; i++) M += chi[i]! * (E[i]! + gm[i]!) - alpha[i]! * gT[i]!;
  return M * 1e-9 * MUB_NM2_PER_A;
}

export default defineObservable({
  id: 'alphaInt',
  title: 'Intrinsic orbital magnetothermal response α^int (ΔM_z = α·(−∇T))',
  symbol: 'α^int',
  source: { paper: '003', eq: '9, 10 (Mott: 12, 13)' },
  dims: [2],
  needs: { velocity: true, hessian: true },
  components: () => ['zx', 'zy'],
  terms: {
    moment: { integrand: LAMBDA_003.moment, occupation: 'entropy' },
    metric: { integrand: LAMBDA_003.metric, occupation: 'entropy' },
  },
  unit: (_model, params): UnitSpec => {
    const g = gradTOf(params);
    const conversions: Record<string, number> = g === null ? {} : { 'muB/nm^2': 1e-9 * MUB_NM2_PER_A * g, A: 1e-9 * g };
    Object.assign(conversions, { 'A·m/K': 1e-9, 'muB/nm^2 per K/m': 1e-9 * MUB_NM2_PER_A });
    return { unit: 'nm·A/K', factor: ALPHA_NM_A_PER_K, conversions };
  },
  // −∇T is a polar, T-even vector like E: same character as χ^int (003 Table I)
  character: { rank: 2, kind: 'axial', time: 'odd' },
});
