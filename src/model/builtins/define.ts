/** The shape of a built-in model: named parameters with units and a `build` that returns a Model. */
import { OrbitronicsError } from '../../errors.js';
import type { Complex, ComplexMatrix, Hopping, Model } from '../types.js';

/** A built-in model parameter value (`null` only for nullable parameters such as a k·p cutoff). */
export type ParamValue = number | null;

/** One parameter of a built-in model: default, unit and meaning (docs/models.md). */
export interface ParamSpec {
  /** Default value; `null` only for `nullable` parameters (e.g. a k·p cutoff meaning "all of k-space"). */
  default: ParamValue;
  /** Unit as written in docs and help (`eV`, `eV·Å`, `rad`, `1`, ...). */
  unit: string;
  doc: string;
  /** Accepts `null` (written `null`, `none` or `inf` in a spec string). */
  nullable?: boolean;
}

/** A built-in model: name, description with its paper and equation, parameter specs and the factory. */
export interface BuiltinModel {
  /** Registry name, kebab-case (`haldane`, `tilted-dirac`). */
  name: string;
  /** One line: the Hamiltonian and where it comes from (paper, equation). */
  description: string;
  /** Paper and equation the model follows, e.g. `002 S41–S42`. */
  source: string;
  params: Record<string, ParamSpec>;
  /** Builds the (unvalidated) model from a complete parameter set. */
  build(params: Record<string, ParamValue>): Model;
}

export const defineBuiltin = (b: BuiltinModel): BuiltinModel => Object.freeze(b);

/** Throws PARAM_INVALID unless the parameter satisfies `ok`. */
export function requireParam(model: string, key: string, value: ParamValue, ok: (x: number) => boolean, what: string): number {
  if (value === null || !Number.isFinite(value) || !ok(value)) {
    throw new OrbitronicsError('PARAM_INVALID', `${model}: parameter ${key} must be ${what}. Value: ${String(value)}.`, { where: `${model}:${key}` });
  }
  return value;
}

/** Finite number (any sign). */
export const finite = (model: string, p: Record<string, ParamValue>, key: string): number => requireParam(model, key, p[key]!, () => true, 'a finite number');
/** Strictly positive finite number. */
export const positive = (model: string, p: Record<string, ParamValue>, key: string): number => requireParam(model, key, p[key]!, (x) => x > 0, 'a positive number');
/** null, or a strictly positive number. */
export const cutoffParam = (model: string, p: Record<string, ParamValue>, key = 'cutoff'): number | null =>
  p[key] === null ? null : requireParam(model, key, p[key]!, (x) => x > 0, 'a positive number (Å⁻¹) or null');

export const cplx = (re: number, im = 0): Complex => [re + 0, im + 0];

/** Spin-½ Pauli matrices as explicit complex matrices. */
export const PAULI_SPIN: [ComplexMatrix, ComplexMatrix, ComplexMatrix] = [
  [
    [cplx(0), cplx(1)],
    [cplx(1), cplx(0)],
  ],
  [
    [cplx(0), cplx(0, -1)],
    [cplx(0, 1), cplx(0)],
  ],
  [
    [cplx(1), cplx(0)],
    [cplx(0), cplx(-1)],
  ],
];

/**
 * Hoppings of a lattice model with all orbitals at one site, from the Fourier components
 * T(R) = Σ_{ij} ⟨i,0|H|j,R⟩ for a set of R (only one of ±R; the conjugate is implicit).
 */
export function hoppingsFromMatrices(blocks: Array<{ R: number[]; T: ComplexMatrix }>): Hopping[] {
  const out: Hopping[] = [];
  for (const { R, T } of blocks)
    T.forEach((row, i) =>
      row.forEach((z, j) => {
        if (z[0] !== 0 || z[1] !== 0) out.push({ from: j, to: i, R: [...R], t: cplx(z[0], z[1]) });
      }),
    );
  return out;
}

/** Σ_c coef_c M_c for complex matrices (coefficients complex). */
export function combine(n: number, parts: Array<[Complex, ComplexMatrix]>): ComplexMatrix {
  const out: ComplexMatrix = Array.from({ length: n }, () => Array.from({ length: n }, () => cplx(0)));
  for (const [c, M] of parts)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const z = M[i]![j]!;
        const o = out[i]![j]!;
        o[0] += c[0] * z[0] - c[1] * z[1];
        o[1] += c[0] * z[1] + c[1] * z[0];
      }
  return out;
}
