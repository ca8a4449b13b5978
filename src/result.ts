/**
 * Results with units (DESIGN §4): `values[mu][component]` (one temperature) or
 * `values[T][mu][component]` (several), named `parts` of the same shape, and `toJSON()` in the
 * shape of `orbitronics compute --json`.
 */
import { OrbitronicsError } from './errors.js';
import pkg from '../package.json';

/** The package version, written into every JSON document (`orbitronics`). */
export const VERSION: string = (pkg as { version: string }).version;

/** What a computation reports besides its values: degenerate k-points, k-points integrated, energy-bin resolution, notes. */
export interface Diagnostics {
  /** k-points where at least one band pair was closer than the degeneracy threshold (skipped in pair sums). */
  degenerateKpoints: number;
  /** k-points integrated. */
  kpoints: number;
  /** Fine energy bins per k_BT actually used, per temperature (accuracy of the T > 0 scheme). */
  binsPerKT?: number[];
  /** Threads that computed chunks (1: the calling thread); set by `compute`, not enumerable, so not in `toJSON()` (bit-identical output for any thread count). */
  threads?: number;
  notes?: string[];
  [key: string]: unknown;
}

/** Grid convergence of a `converge` run: the relative change from `grid` to the 1.5× finer `fineGrid`. */
export interface Convergence {
  grid: number[];
  fineGrid: number[];
  /** max over μ, T, components of |v_fine − v| / max|v_fine|, per observable (kebab-case). */
  relativeChange: Record<string, number>;
}

type Nested = number[][] | number[][][];

/** One BZ-integrated observable: data[t][i][c] for T[t], mu[i], components[c], in `unit`. */
export class ObservableResult {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly unit: string,
    readonly components: string[],
    readonly mu: number[],
    readonly T: number[],
    /** Whether T was given as a single number (then `values` is [mu][c]). */
    readonly scalarT: boolean,
    /** [nT][nmu][nc] */
    readonly data: Float64Array,
    readonly partsData: Record<string, Float64Array>,
    readonly conversions: Record<string, number> = {},
    /** Per-band whole-band values [nb][nc] (Chern numbers), if the observable defines them. */
    readonly bands?: number[][],
  ) {}

  private nest(d: Float64Array): Nested {
    const nc = this.components.length, nm = this.mu.length;
    const perT = (t: number) => Array.from({ length: nm }, (_, i) => Array.from(d.subarray((t * nm + i) * nc, (t * nm + i + 1) * nc)));
    return this.scalarT ? perT(0) : this.T.map((_, t) => perT(t));
  }

  /** values[mu][component] (one T) or values[T][mu][component]. */
  get values(): Nested {
    return this.nest(this.data);
  }

  get parts(): Record<string, Nested> | undefined {
    const names = Object.keys(this.partsData);
    if (names.length === 0) return undefined;
    return Object.fromEntries(names.map((n) => [n, this.nest(this.partsData[n]!)]));
  }

  /** Value at temperature index t, μ index i, component c. */
  at(i: number, c = 0, t = 0): number {
    return this.data[(t * this.mu.length + i) * this.components.length + c]!;
  }

  /** The same result in another unit (one of `Object.keys(conversions)`). */
  to(unit: string): ObservableResult {
    if (unit === this.unit) return this;
    const f = this.conversions[unit];
    if (f === undefined) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `cannot convert ${this.name} from ${this.unit} to "${unit}". Known: ${[this.unit, ...Object.keys(this.conversions)].join(', ')}.`);
    }
    const scale = (d: Float64Array) => d.map((x) => x * f);
    const conv: Record<string, number> = { [this.unit]: 1 / f };
    for (const [u, g] of Object.entries(this.conversions)) if (u !== unit) conv[u] = g / f;
    return new ObservableResult(this.id, this.name, unit, this.components, this.mu, this.T, this.scalarT, scale(this.data),
      Object.fromEntries(Object.entries(this.partsData).map(([k, v]) => [k, scale(v)])), conv, this.bands?.map((r) => r.map((x) => x * f)));
  }

  /** `{ unit, components, values, parts?, bands? }` as in `orbitronics compute --json` (DESIGN §4). */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = { unit: this.unit, components: this.components, values: this.values };
    const p = this.parts;
    if (p) o.parts = p;
    if (this.bands) o.bands = this.bands;
    return o;
  }
}

/** The result of `compute()`: one {@link ObservableResult} per observable (by kebab-case name), with the job's model, backend, grid, μ, T and diagnostics. */
export class ComputeResult {
  constructor(
    readonly model: { name: string; dim: number; bands: number },
    readonly backend: string,
    readonly grid: number[],
    readonly T: number | number[],
    readonly mu: number[],
    /** By kebab-case name. */
    readonly results: Record<string, ObservableResult>,
    readonly diagnostics: Diagnostics,
    readonly convergence?: Convergence,
  ) {}

  /** Result of one observable by camelCase id or kebab-case name. */
  get(name: string): ObservableResult {
    const r = this.results[name] ?? Object.values(this.results).find((x) => x.id === name);
    if (!r) throw new OrbitronicsError('OBSERVABLE_UNKNOWN', `no result for "${name}". Have: ${Object.keys(this.results).join(', ')}.`);
    return r;
  }

  /** The document `orbitronics compute --json` prints (DESIGN §4). */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {
      orbitronics: VERSION,
      model: this.model,
      backend: this.backend,
      grid: this.grid,
      T: this.T,
      mu: this.mu,
      results: Object.fromEntries(Object.entries(this.results).map(([k, v]) => [k, v.toJSON()])),
      diagnostics: this.diagnostics,
    };
    if (this.convergence) o.convergence = this.convergence;
    return o;
  }
}
