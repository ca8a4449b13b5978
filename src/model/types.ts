/**
 * Model types: the friendly, validated description a user builds or loads (DESIGN §3), and the
 * immutable flat `CompiledModel` that the backends trust (docs/architecture.md).
 */

/** A complex number as [re, im] (the JSON form of DESIGN §3). */
export type Complex = [number, number];
/** A complex matrix as rows of [re, im]. */
export type ComplexMatrix = Complex[][];

/** One hopping t_{to,from}(R) = ⟨to,0|H|from,R⟩ = [re, im] eV; its Hermitian conjugate is implied unless the model is `"hermitian": "explicit"` (DESIGN §3). */
export interface Hopping {
  /** t_{to,from}(R) = ⟨to,0|H|from,R⟩ in eV. */
  from: number;
  to: number;
  /** Lattice vector in units of the lattice vectors (integers), length = dim. */
  R: number[];
  /** [re, im] in eV. */
  t: Complex;
}

/** Tight-binding model of `orbitronics-model/1` (DESIGN §3): lattice rows (Å), orbitals (reduced), on-site energies and hoppings (eV); H_ij(k) = Σ_R t_ij(R) e^{ik·(R + τ_j − τ_i)}. */
export interface TightBindingModel {
  format: 'orbitronics-model/1';
  kind: 'tight-binding';
  name: string;
  dim: 1 | 2 | 3;
  /** Rows = lattice vectors in Å (dim × dim). */
  lattice: number[][];
  /** Orbital positions in reduced coordinates (norb × dim). */
  orbitals: number[][];
  /** On-site energies in eV (norb). */
  onsite: number[];
  hoppings: Hopping[];
  /** 'implicit' (default): the Hermitian conjugate of every hopping is added; 'explicit': the list is the full Hermitian set. */
  hermitian?: 'implicit' | 'explicit';
  /** Spin matrices S_x, S_y, S_z in the orbital basis (in units of ħ/2, i.e. Pauli-like), or null. */
  spin?: [ComplexMatrix, ComplexMatrix, ComplexMatrix] | null;
  /** Free-form description, parameters of a built-in. */
  meta?: Record<string, unknown>;
}

/** Pauli matrix names of k·p terms: σ₀, σ_x, σ_y, σ_z. */
export type PauliName = 's0' | 'sx' | 'sy' | 'sz';

/** One k·p term coef × k_x^{k[0]} k_y^{k[1]} (k_z^{k[2]}) × matrix, coef in eV·Å^{|k|} (DESIGN §3). */
export interface KpTerm {
  /** Powers of (k_x, k_y[, k_z]), length = dim. */
  k: number[];
  /** Pauli name (2-band) or explicit Hermitian matrix (basis × basis). */
  matrix: PauliName | ComplexMatrix;
  /** Real coefficient in eV·Å^{|k|}. */
  coef: number;
}

/** k·p (continuum) model of `orbitronics-model/1`: a sum of polynomial terms, integrated over the disc |k| < `cutoff` (Å⁻¹) or the whole plane (`null`). */
export interface KpModel {
  format: 'orbitronics-model/1';
  kind: 'kp';
  name: string;
  dim: 1 | 2 | 3;
  basis: number;
  terms: KpTerm[];
  /** Radius (Å⁻¹) of the k-disc/ball integrated over, or null for all of k-space. */
  cutoff: number | null;
  spin?: [ComplexMatrix, ComplexMatrix, ComplexMatrix] | null;
  meta?: Record<string, unknown>;
}

/** A model as read from a file or built-in: tight-binding or k·p, discriminated by `kind`. */
export type Model = TightBindingModel | KpModel;

/**
 * Immutable flat form for the kernels. Both kinds are a list of matrix-element terms
 * H_{to,from}(k) += c · φ(k) with
 *  - tight-binding (convention I, DESIGN §2): φ = e^{ik·δ}, δ = R + τ_from − τ_to (Cartesian Å);
 *    the Hermitian conjugates and on-site terms are already expanded into the list;
 *  - k·p: φ = k_x^{p_x} k_y^{p_y} k_z^{p_z}; every nonzero matrix element of every term is a term.
 * Coordinates are always padded to 3 (unused ones are 0), so kernels need not know `dim`.
 */
export interface CompiledModel {
  readonly kind: 'tight-binding' | 'kp';
  readonly name: string;
  readonly dim: 1 | 2 | 3;
  /** Number of bands (orbitals). */
  readonly nb: number;
  readonly nterm: number;
  readonly termTo: Int32Array;
  readonly termFrom: Int32Array;
  /** Coefficient c: [nterm] real and imaginary parts (eV or eV·Å^{|p|}). */
  readonly termRe: Float64Array;
  readonly termIm: Float64Array;
  /** Tight-binding: δ, [nterm × 3] Cartesian Å. Zero-length for k·p. */
  readonly termDelta: Float64Array;
  /** k·p: powers p, [nterm × 3]. Zero-length for tight-binding. */
  readonly termPow: Int32Array;
  /** Lattice vectors (rows) padded to 3×3 (Å); identity-free zeros for k·p. */
  readonly lattice: Float64Array;
  /** Reciprocal vectors b_i (rows) with a_i·b_j = 2πδ_ij, padded to 3×3 (Å⁻¹). */
  readonly reciprocal: Float64Array;
  /** Cell measure (length Å, area Å² or volume Å³); NaN for k·p. */
  readonly cellMeasure: number;
  /** Orbital positions, [nb × 3] Cartesian Å (zeros for k·p). */
  readonly positions: Float64Array;
  /** Spin matrices [3][nb][nb][re,im] flattened, or null. */
  readonly spin: Float64Array | null;
  /** k·p cutoff radius (Å⁻¹) or null. */
  readonly cutoff: number | null;
  /** The source model (for metadata and I/O round trips). */
  readonly source: Model;
}
