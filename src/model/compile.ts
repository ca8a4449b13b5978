/** Model → CompiledModel: the flat, trusted form the kernels read (docs/architecture.md). */
import type { CompiledModel, ComplexMatrix, KpModel, Model, PauliName, TightBindingModel } from './types.js';

/** σ₀, σ_x, σ_y, σ_z as complex 2×2 matrices [row][col][re, im]. */
export const PAULI: Record<PauliName, ComplexMatrix> = {
  s0: [[[1, 0], [0, 0]], [[0, 0], [1, 0]]],
  sx: [[[0, 0], [1, 0]], [[1, 0], [0, 0]]],
  sy: [[[0, 0], [0, -1]], [[0, 1], [0, 0]]],
  sz: [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]],
};

/** Rows a_i (padded to 3×3) of a dim×dim lattice. */
function padLattice(lattice: number[][], dim: number): Float64Array {
  const out = new Float64Array(9);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) out[3 * i + j] = lattice[i]![j]!;
  return out;
}

/** Reciprocal vectors b_i with a_i·b_j = 2πδ_ij (rows, padded to 3×3), and the cell measure. */
export function reciprocalOf(lattice: number[][], dim: number): { reciprocal: Float64Array; measure: number } {
  const rec = new Float64Array(9);
  if (dim === 1) {
    const a = lattice[0]![0]!;
    rec[0] = (2 * Math.PI) / a;
    return { reciprocal: rec, measure: Math.abs(a) };
  }
  if (dim === 2) {
    const [a11, a12] = lattice[0]!;
    const [a21, a22] = lattice[1]!;
    const det = a11! * a22! - a12! * a21!;
    // B = 2π (A⁻¹)ᵀ with A rows a_i
    rec[0] = (2 * Math.PI * a22!) / det;
    rec[1] = (-2 * Math.PI * a21!) / det;
    rec[3] = (-2 * Math.PI * a12!) / det;
    rec[4] = (2 * Math.PI * a11!) / det;
    return { reciprocal: rec, measure: Math.abs(det) };
  }
  const a = lattice;
  const cross = (u: number[], v: number[]) => [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const c0 = cross(a[1]!, a[2]!);
  const c1 = cross(a[2]!, a[0]!);
  const c2 = cross(a[0]!, a[1]!);
  const vol = a[0]![0]! * c0[0]! + a[0]![1]! * c0[1]! + a[0]![2]! * c0[2]!;
  [c0, c1, c2].forEach((c, i) => {
    for (let j = 0; j < 3; j++) rec[3 * i + j] = (2 * Math.PI * c[j]!) / vol;
  });
  return { reciprocal: rec, measure: Math.abs(vol) };
}

function spinArray(spin: Model['spin'], nb: number): Float64Array | null {
  if (!spin) return null;
  const out = new Float64Array(3 * nb * nb * 2);
  for (let s = 0; s < 3; s++)
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        const z = spin[s]![i]![j]!;
        out[((s * nb + i) * nb + j) * 2] = z[0];
        out[((s * nb + i) * nb + j) * 2 + 1] = z[1];
      }
  return out;
}

function compileTightBinding(m: TightBindingModel): CompiledModel {
  const dim = m.dim;
  const nb = m.orbitals.length;
  const lat = padLattice(m.lattice, dim);
  const { reciprocal, measure } = reciprocalOf(m.lattice, dim);
  const positions = new Float64Array(nb * 3);
  for (let i = 0; i < nb; i++)
    for (let c = 0; c < 3; c++) {
      let x = 0;
      for (let d = 0; d < dim; d++) x += m.orbitals[i]![d]! * lat[3 * d + c]!;
      positions[3 * i + c] = x;
    }
  const to: number[] = [];
  const from: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  const delta: number[] = [];
  const push = (t: number, f: number, cre: number, cim: number, d: [number, number, number]) => {
    to.push(t);
    from.push(f);
    re.push(cre);
    im.push(cim);
    delta.push(d[0], d[1], d[2]);
  };
  for (let i = 0; i < nb; i++) if (m.onsite[i] !== 0) push(i, i, m.onsite[i]!, 0, [0, 0, 0]);
  const explicit = m.hermitian === 'explicit';
  for (const h of m.hoppings) {
    // δ = R + τ_from − τ_to (Cartesian)
    const d: [number, number, number] = [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      let x = positions[3 * h.from + c]! - positions[3 * h.to + c]!;
      for (let a = 0; a < dim; a++) x += h.R[a]! * lat[3 * a + c]!;
      d[c] = x;
    }
    push(h.to, h.from, h.t[0], h.t[1], d);
    if (!explicit) push(h.from, h.to, h.t[0], -h.t[1], [-d[0], -d[1], -d[2]]);
  }
  return Object.freeze({
    kind: 'tight-binding',
    name: m.name,
    dim,
    nb,
    nterm: to.length,
    termTo: Int32Array.from(to),
    termFrom: Int32Array.from(from),
    termRe: Float64Array.from(re),
    termIm: Float64Array.from(im),
    termDelta: Float64Array.from(delta),
    termPow: new Int32Array(0),
    lattice: lat,
    reciprocal,
    cellMeasure: measure,
    positions,
    spin: spinArray(m.spin, nb),
    cutoff: null,
    source: m,
  } as const);
}

function compileKp(m: KpModel): CompiledModel {
  const nb = m.basis;
  const to: number[] = [];
  const from: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  const pow: number[] = [];
  for (const term of m.terms) {
    const mat = typeof term.matrix === 'string' ? PAULI[term.matrix] : term.matrix;
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        const z = mat[i]![j]!;
        if (z[0] === 0 && z[1] === 0) continue;
        to.push(i);
        from.push(j);
        re.push(term.coef * z[0]);
        im.push(term.coef * z[1]);
        pow.push(term.k[0] ?? 0, term.k[1] ?? 0, term.k[2] ?? 0);
      }
  }
  return Object.freeze({
    kind: 'kp',
    name: m.name,
    dim: m.dim,
    nb,
    nterm: to.length,
    termTo: Int32Array.from(to),
    termFrom: Int32Array.from(from),
    termRe: Float64Array.from(re),
    termIm: Float64Array.from(im),
    termDelta: new Float64Array(0),
    termPow: Int32Array.from(pow),
    lattice: new Float64Array(9),
    reciprocal: new Float64Array(9),
    cellMeasure: NaN,
    positions: new Float64Array(nb * 3),
    spin: spinArray(m.spin, nb),
    cutoff: m.cutoff,
    source: m,
  } as const);
}

/** Flattens a validated model. Call `validateModel` first: compile trusts its input. */
export function compileModel(m: Model): CompiledModel {
  return m.kind === 'tight-binding' ? compileTightBinding(m) : compileKp(m);
}
