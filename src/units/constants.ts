/**
 * CODATA 2018 exact / recommended values (SI). DESIGN §2.
 * @module
 */

/** Elementary charge e > 0 in C (exact); the electron's charge is −e. */
export const ELEMENTARY_CHARGE = 1.602176634e-19; // C (exact)
/** Reduced Planck constant ħ in eV·s. */
export const HBAR_EV_S = 6.582119569e-16; // eV·s
/** Reduced Planck constant ħ in J·s. */
export const HBAR_J_S = 1.054571817e-34; // J·s
/** Planck constant h in J·s (exact). */
export const PLANCK_J_S = 6.62607015e-34; // J·s (exact)
/** Boltzmann constant k_B in eV/K. */
export const BOLTZMANN_EV_K = 8.617333262e-5; // eV/K
/** Bohr magneton μ_B in J/T. */
export const BOHR_MAGNETON_J_T = 9.2740100783e-24; // J/T
/** Bohr magneton μ_B in eV/T. */
export const BOHR_MAGNETON_EV_T = 5.7883818060e-5; // eV/T
/** One ångström in m. */
export const ANGSTROM = 1e-10; // m
/** One electronvolt in J (= e in C). */
export const EV_J = ELEMENTARY_CHARGE; // J per eV
