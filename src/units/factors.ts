/**
 * Conversion from the internal units (energies eV, lengths Å, k in Å⁻¹, ħ = 1 so that ħv is in
 * eV·Å) to the display units of DESIGN §2. One named factor per physical conversion; each is
 * derived from constants.ts, and test/units identities check them against each other.
 * @module
 */
import { ANGSTROM, BOHR_MAGNETON_J_T, ELEMENTARY_CHARGE, EV_J, HBAR_J_S, PLANCK_J_S } from './constants.js';

/** Orbital moment: internal X [eV·Å²] (X = −Im Σ hˣhʸ/(εₙ−εₘ)) → m = (e/ħ)X in μ_B. */
export const ORBITAL_MOMENT_TO_MUB = (ELEMENTARY_CHARGE * EV_J * ANGSTROM * ANGSTROM) / HBAR_J_S / BOHR_MAGNETON_J_T;

/** Conductance quantum e²/h in S. */
export const E2_OVER_H_S = (ELEMENTARY_CHARGE * ELEMENTARY_CHARGE) / PLANCK_J_S;

/** e²/ħ in S (= 2π e²/h). */
export const E2_OVER_HBAR_S = (ELEMENTARY_CHARGE * ELEMENTARY_CHARGE) / HBAR_J_S;

/** μ_B per Å² → A (2D magnetisation, A·m²/m²). */
export const MUB_PER_A2_TO_AMPERE = BOHR_MAGNETON_J_T / (ANGSTROM * ANGSTROM);

/** μ_B per Å² → μ_B per nm². */
export const PER_A2_TO_PER_NM2 = 100;
