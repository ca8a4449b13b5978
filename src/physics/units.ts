/**
 * From the internal units of ./responses.ts (ħ = 1, e = 1, eV, Å, per unit eE, after
 * ∫d^dk/(2π)^d) to SI per unit field E (V/m). eE[eV/Å] = 1e-10 · E[V/m]. Densities are per area
 * (2D) or per volume (3D). docs/physics-xi.md §5.
 */
import { ELEMENTARY_CHARGE, HBAR_EV_S } from '../units/constants.js';

/** eE in eV/Å for a field of 1 V/m. */
export const EE_PER_VM = 1e-10;
/** Å^{−n} → m^{−n}. */
const perLength = (n: number) => Math.pow(1e10, n);

/** SI conversion kinds of the per-k responses (see `siFactor`). */
export type ResponseKind = 'dipole' | 'angular-momentum' | 'torque' | 'spin';

/**
 * Multiplier: (integrated internal value) × factor = SI response per (V/m):
 *  - 'dipole': d/(eE) [eV⁻¹·Å^{2−dim}] → displacement density ⟨r⟩ [m^{1−dim}] per V/m;
 *    the charge-dipole density is P = −e·⟨r⟩ (C/m in 2D, C/m² in 3D).
 *  - 'angular-momentum': L/(eE) or K [Å^{3−dim}] → ⟨r×v⟩ density [s⁻¹·m^{2−dim}] per V/m;
 *    the orbital magnetisation is M = −(e/2)⟨r×v⟩ (A in 2D, A/m in 3D): use `magnetizationPerField`.
 *  - 'torque': τ/(eE) [eV·Å^{3−dim}] → d⟨r×v⟩/dt density [s⁻²·m^{2−dim}] per V/m.
 *  - 'spin': δ⟨σ⟩/(eE) [eV⁻¹·Å^{1−dim}] → spin density (model units) [m^{−dim}] per V/m.
 */
export function siFactor(kind: ResponseKind, dim: number): number {
  switch (kind) {
    case 'dipole':
      return EE_PER_VM * perLength(dim - 1);
    case 'angular-momentum':
      return (EE_PER_VM / HBAR_EV_S) * perLength(dim - 2);
    case 'torque':
      return (EE_PER_VM / (HBAR_EV_S * HBAR_EV_S)) * perLength(dim - 2);
    case 'spin':
      return EE_PER_VM * perLength(dim);
  }
}

/** Orbital magnetisation per field from K = ∂⟨r×v⟩/∂(eE) [Å^{3−dim}]: M/E = −(e/2)·K·siFactor (A/(V/m) = m/Ω in 2D). */
export function magnetizationPerField(K: number, dim: number): number {
  return -0.5 * ELEMENTARY_CHARGE * K * siFactor('angular-momentum', dim);
}

/** 2D χ^int of paper 003 in nm/Ω from Σ∫fλ [Å]: χ = e·Σ∫fλ·(eE per V/m)/ħ (= −(e/2)K with K = −2Σ∫fλ). */
export function chiIntNmPerOhm(sumFLambda: number): number {
  return magnetizationPerField(-2 * sumFLambda, 2) * 1e9;
}
