/**
 * Occupation weights w(ε; μ, T) that contract band-resolved integrands (docs/physics.md,
 * "Brillouin-zone integration"). Every weight is given
 *  - at T > 0 as a function of (ε, μ, k_BT) that reaches the polynomial tails `below`/`above`
 *    (c₀ + c₁(ε−μ)) exponentially fast (within |ε−μ| < Λ·k_BT, Λ = 40);
 *  - at T = 0 by those same tails (a jump at μ, occupied iff ε < μ), or as δ(ε−μ) (`delta`).
 * Energies eV, k_BT eV.
 */
import { BOLTZMANN_EV_K } from '../units/constants.js';

/** An occupation weight w(ε; μ, T) that contracts band-resolved integrands (f, −∂f/∂ε, grand potential, entropy, or your own). */
export interface Occupation {
  readonly id: string;
  /** w(ε; μ, k_BT) for k_BT > 0. */
  weight(e: number, mu: number, kT: number): number;
  /** w = c₀ + c₁(ε − μ) for ε ≪ μ (and for ε < μ at T = 0). */
  readonly below: readonly [number, number];
  /** w = c₀ + c₁(ε − μ) for ε ≫ μ (and for ε ≥ μ at T = 0). */
  readonly above: readonly [number, number];
  /** At T = 0 the weight is δ(ε − μ) (Fermi-surface weights): evaluated with a smearing (see compute options). */
  readonly delta?: boolean;
  /** w depends on ε − μ only (lets the many-μ reduction use one weight table per temperature). */
  readonly shiftInvariant?: boolean;
}

/** Names of the built-in occupations. */
export type OccupationName = 'sea' | 'surface' | 'entropy' | 'grand';

/** Fermi–Dirac f(x) = 1/(1 + eˣ), x = (ε−μ)/k_BT, without overflow. */
export function fermi(x: number): number {
  if (x > 0) {
    const t = Math.exp(-x);
    return t / (1 + t);
  }
  return 1 / (1 + Math.exp(x));
}

/** ln(1 + e^{−x}) without overflow. */
export function log1pExpNeg(x: number): number {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

/** Fermi sea: f(ε − μ). */
export const sea: Occupation = Object.freeze({
  id: 'sea',
  weight: (e: number, mu: number, kT: number) => fermi((e - mu) / kT),
  below: [1, 0] as const,
  above: [0, 0] as const,
  shiftInvariant: true,
});

/** Fermi surface: −∂f/∂ε = f(1−f)/k_BT (eV⁻¹); δ(ε−μ) at T = 0. */
export const surface: Occupation = Object.freeze({
  id: 'surface',
  weight: (e: number, mu: number, kT: number) => {
    const x = Math.abs((e - mu) / kT);
    const t = Math.exp(-x);
    return t / ((1 + t) * (1 + t) * kT);
  },
  below: [0, 0] as const,
  above: [0, 0] as const,
  delta: true,
  shiftInvariant: true,
});

/**
 * Grand-potential weight −k_BT ln(1 − f) = k_BT ln(1 + e^{−(ε−μ)/k_BT}) (eV), the Berry term of
 * the orbital magnetisation (paper 004 Eq. 5); (μ − ε)θ(μ − ε) at T = 0. d/dμ of it is f.
 */
export const grand: Occupation = Object.freeze({
  id: 'grand',
  weight: (e: number, mu: number, kT: number) => kT * log1pExpNeg((e - mu) / kT),
  below: [0, -1] as const,
  above: [0, 0] as const,
  shiftInvariant: true,
});

/**
 * Entropy density of one state, paper 003 Eq. 10:
 * s₀ = (ε−μ)f/T + k_B ln(1 + e^{−(ε−μ)/k_BT}) = k_B [x f(x) + ln(1 + e^{−x})] (eV/K); 0 at T = 0.
 */
export const entropy: Occupation = Object.freeze({
  id: 'entropy',
  weight: (e: number, mu: number, kT: number) => {
    const x = (e - mu) / kT;
    return BOLTZMANN_EV_K * (x * fermi(x) + log1pExpNeg(x));
  },
  below: [0, 0] as const,
  above: [0, 0] as const,
  shiftInvariant: true,
});

/** The built-in occupations by name. */
export const OCCUPATIONS: Record<OccupationName, Occupation> = { sea, surface, entropy, grand };

/** An occupation from its name, or the object itself. */
export function resolveOccupation(o: Occupation | OccupationName): Occupation {
  return typeof o === 'string' ? OCCUPATIONS[o] : o;
}

/** The weight at temperature T (K), including T = 0 (tails; δ weights have no pointwise value at T = 0). */
export function occupationAt(o: Occupation, e: number, mu: number, T: number): number {
  if (T > 0) return o.weight(e, mu, BOLTZMANN_EV_K * T);
  if (o.delta) return e === mu ? Infinity : 0;
  const c = e < mu ? o.below : o.above;
  return c[0] + c[1] * (e - mu);
}
