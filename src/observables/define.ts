/**
 * An observable is one file (docs/architecture.md B5): what it needs per k, how its band-resolved
 * integrand is contracted with occupations, its unit and its tensor character. `compute()` reads
 * nothing else, so a new observable built from existing per-k primitives touches only its own file
 * (plus one line in registry.ts).
 */
import type { Backend, BandBatch, Needs } from '../backend/backend.js';
import type { CompiledModel } from '../model/types.js';
import type { Occupation, OccupationName } from '../integrate/occupations.js';

/** Transformation character of an observable's tensor: rank, polar/axial, even/odd under time reversal; drives the allowed components and the symmetry wedge (docs/symmetry.md). */
export interface TensorCharacter {
  rank: number;
  kind: 'polar' | 'axial';
  time: 'even' | 'odd';
  antisymmetric?: boolean;
}

/** Parameters of field-driven observables (later: `--E`, `--tau`); passed to integrands and units. */
export interface ObservableParams {
  /** Direction of the electric field (0 = x, 1 = y, 2 = z). */
  E?: 0 | 1 | 2;
  /** Relaxation time (s). */
  tau?: number;
  [key: string]: unknown;
}

export interface IntegrandContext {
  model: CompiledModel;
  params: ObservableParams;
  /** The backend that produced the batch: its optional `responses` primitive runs the O(N³) per-k physics. */
  backend?: Backend;
  /** Band pairs closer than this (eV) are skipped in pair sums (the job's setting). */
  degeneracyThreshold?: number;
}

/** A band-resolved per-k integrand: writes out[(k·nb + n)·C + c] in internal units. */
export interface Integrand {
  /** Identifies the integrand across observables (equal keys are binned once). Include params that change it. */
  key: string;
  /** Number of components C per band in a model of dimension `dim`. */
  components(dim: number): number;
  /** Fills `out` (length nk·nb·C); may instead return an existing array of that layout (no copy). */
  evaluate(b: BandBatch, out: Float64Array, ctx: IntegrandContext): Float64Array | void;
}

/** Integrands that are BandBatch primitives as they are ([nk][nb][C]). */
export const primitive = {
  /** Berry curvature Ωₙ (Å²) as an integrand (needs `geometry`). */
  berryCurvature: {
    key: 'berryCurvature',
    /** Components per band. */
    components: (dim: number) => (dim === 3 ? 3 : 1),
    /** The BandBatch array itself, [nk][nb][C] (no copy). */
    evaluate: (b: BandBatch) => b.berryCurvature!,
  },
  /** Orbital-moment sum Xₙ (eV·Å²; mₙ = (e/ħ)Xₙ) as an integrand (needs `geometry`). */
  orbitalMoment: {
    key: 'orbitalMoment',
    /** Components per band. */
    components: (dim: number) => (dim === 3 ? 3 : 1),
    /** The BandBatch array itself, [nk][nb][C] (no copy). */
    evaluate: (b: BandBatch) => b.orbitalMoment!,
  },
  /** Quantum metric gₙ^{ab} (Å²) as an integrand (needs `geometry`). */
  quantumMetric: {
    key: 'quantumMetric',
    /** Components per band. */
    components: (dim: number) => (dim * (dim + 1)) / 2,
    /** The BandBatch array itself, [nk][nb][C] (no copy). */
    evaluate: (b: BandBatch) => b.quantumMetric!,
  },
  /** One per band: counts states (Σ f = electrons per volume). */
  one: {
    key: 'one',
    /** One component. */
    components: () => 1,
    /** Writes 1 for every band and k. */
    evaluate: (b: BandBatch, out: Float64Array) => {
      out.fill(1, 0, b.nk * b.nb);
    },
  },
} satisfies Record<string, Integrand>;

export interface Term {
  integrand: Integrand;
  occupation: Occupation | OccupationName;
  /** false: reported as a named part only, not added to the value (alternative readings, e.g. `ome` → `paper-reading`). */
  inTotal?: boolean;
}

export interface UnitSpec {
  /** Display unit string (DESIGN §4 spelling). */
  unit: string;
  /** Internal (Σₖ wₖ Σₙ occ·X) → display unit. */
  factor: number;
  /** Other units: multiply a value in `unit` by conversions[u] to get it in u. */
  conversions?: Record<string, number>;
}

/** The declaration of a BZ-integrated observable (docs/adding-an-observable.md): value = factor × Σₖ wₖ Σₙ occ(εₙₖ; μ, T) Xₙ(k), summed over its terms. */
export interface ObservableDef {
  /** camelCase id; the CLI/JSON name is kebab-case (`name`). */
  id: string;
  name: string;
  title: string;
  symbol: string;
  source: { paper: '000' | '001' | '002' | '003' | '004' | 'DESIGN'; eq: string };
  /** Dimensions it is defined for. */
  dims: ReadonlyArray<1 | 2 | 3>;
  needs: Needs;
  /** Component names for a model of dimension `dim` (e.g. `['xy']`, `['x', 'y', 'z']`). */
  components(dim: number): string[];
  /** The terms; the value is Σ terms. With more than one term they are reported as named `parts`. */
  terms: Record<string, Term>;
  /** Display unit, factor from internal units and conversions, for this model and these parameters. */
  unit(model: CompiledModel, params: ObservableParams): UnitSpec;
  character: TensorCharacter;
  undefinedAtDegeneracy?: boolean;
  /** Per-band whole-band integrals of a term, reported as `bands[n][c]` (e.g. Chern numbers). */
  bands?: { term: string };
}

/** camelCase → kebab-case (`orbitalMagnetization` → `orbital-magnetization`). */
export const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Freezes an observable definition and fills in its kebab-case `name`. */
export function defineObservable(d: Omit<ObservableDef, 'name'> & { name?: string }): ObservableDef {
  return Object.freeze({ ...d, name: d.name ?? kebab(d.id) });
}
