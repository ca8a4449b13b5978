/**
 * The irreducible wedge of a Γ-centred Monkhorst–Pack grid (docs/symmetry.md): the grid points
 * modulo a group of k-space operations that map the grid onto itself, each representative with
 * the multiplicity of its orbit as weight. For any integrand F with F(gk) = D(g)F(k),
 *   Σ_{k ∈ grid} F(k) = P Σ_{k ∈ wedge} |orbit(k)| F(k),   P = (1/|G|) Σ_g D(g),
 * exactly (orbit–stabiliser), which is what compute(..., { symmetry }) uses.
 */
import type { CompiledModel } from '../model/types.js';
import { I3, clean3, inv3, mul3, transpose3, type Mat3 } from './linalg.js';
import { kMap } from './ops.js';
import type { PointPart } from './tensor.js';

const isInt = (x: number) => Math.abs(x - Math.round(x)) < 1e-8;

/** Reduced (reciprocal-basis) form N of the k-space action K: k = Σ r_i b_i → Σ (N r)_i b_i. */
export function reducedKMap(m: Pick<CompiledModel, 'reciprocal' | 'dim'>, K: Mat3): Mat3 {
  const B = Array.from(m.reciprocal);
  for (let i = m.dim; i < 3; i++) for (let c = 0; c < 3; c++) B[3 * i + c] = c === i ? 1 : 0;
  const Bt = transpose3(B);
  return clean3(mul3(mul3(inv3(Bt), K), Bt));
}

/** Whether k → N k maps the n-grid onto itself (N integer and N_ab n_a / n_b integer where N_ab ≠ 0). */
export function mapsGrid(N: Mat3, n: number[], dim: number): boolean {
  for (let a = 0; a < dim; a++)
    for (let b = 0; b < dim; b++) {
      const v = N[3 * a + b]!;
      if (!isInt(v)) return false;
      if (v !== 0 && !isInt((v * n[a]!) / n[b]!)) return false;
    }
  return true;
}

/** The operations (point parts) whose k-action maps the MP grid onto itself. */
export function gridOps(m: Pick<CompiledModel, 'reciprocal' | 'dim'>, n: number[], ops: PointPart[]): PointPart[] {
  return ops.filter((g) => mapsGrid(reducedKMap(m, kMap(g)), n, m.dim));
}

/** The irreducible wedge of a Monkhorst–Pack grid: representatives and orbit sizes. */
export interface Wedge {
  /** Grid indices of the representatives (MP order: last axis fastest). */
  index: Int32Array;
  /** Orbit sizes. */
  mult: Int32Array;
  /** Number of points of the full grid. */
  full: number;
  /** Distinct k-space actions used (including the identity). */
  kOps: number;
}

/** Orbits of the n-grid under the k-actions of `ops` (which must form a group together with E). */
export function irreducibleWedge(m: Pick<CompiledModel, 'reciprocal' | 'dim'>, n: number[], ops: PointPart[]): Wedge {
  const dim = m.dim;
  const nn = [n[0]!, n[1] ?? 1, n[2] ?? 1];
  const full = nn[0]! * nn[1]! * nn[2]!;
  const Ns: Mat3[] = [I3.slice()];
  for (const g of ops) {
    const N = reducedKMap(m, kMap(g));
    if (!mapsGrid(N, n, dim)) continue;
    if (!Ns.some((x) => x.every((v, i) => Math.abs(v - N[i]!) < 1e-9))) Ns.push(N);
  }
  // integer coefficients C_ab = N_ab n_a / n_b acting on grid indices
  const C = Ns.map((N) => {
    const c = new Int32Array(9);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) c[3 * a + b] = Math.round((N[3 * a + b]! * nn[a]!) / nn[b]!);
    return c;
  });
  const seen = new Uint8Array(full);
  const index = new Int32Array(full);
  const mult = new Int32Array(full);
  let nrep = 0;
  const n0 = nn[0]!, n1 = nn[1]!, n2 = nn[2]!;
  const no = C.length;
  // flat integer coefficients, padded to 3×3 (unused axes: zero rows → index 0)
  const cf = new Int32Array(9 * no);
  C.forEach((c, o) => cf.set(c, 9 * o));
  for (let idx = 0; idx < full; idx++) {
    if (seen[idx]) continue;
    const j2 = idx % n2, j1 = ((idx - j2) / n2) % n1, j0 = (idx - j2 - j1 * n2) / (n1 * n2);
    let count = 0;
    for (let o = 0; o < no; o++) {
      const b = 9 * o;
      let a0 = (cf[b]! * j0 + cf[b + 1]! * j1 + cf[b + 2]! * j2) % n0;
      let a1 = dim > 1 ? (cf[b + 3]! * j0 + cf[b + 4]! * j1 + cf[b + 5]! * j2) % n1 : 0;
      let a2 = dim > 2 ? (cf[b + 6]! * j0 + cf[b + 7]! * j1 + cf[b + 8]! * j2) % n2 : 0;
      if (a0 < 0) a0 += n0;
      if (a1 < 0) a1 += n1;
      if (a2 < 0) a2 += n2;
      const t = (a0 * n1 + a1) * n2 + a2;
      if (!seen[t]) {
        seen[t] = 1;
        count++;
      }
    }
    index[nrep] = idx;
    mult[nrep++] = count;
  }
  return { index: index.slice(0, nrep), mult: mult.slice(0, nrep), full, kOps: Ns.length };
}

/** Cartesian k-points (flattened, 3 per point) and weights of a wedge of an MP grid. */
export function wedgePoints(m: Pick<CompiledModel, 'reciprocal' | 'dim' | 'cellMeasure'>, n: number[], w: Wedge): { k: number[]; w: number[] } {
  const nn = [n[0]!, n[1] ?? 1, n[2] ?? 1];
  const base = 1 / (w.full * m.cellMeasure);
  const b = m.reciprocal;
  const nw = w.index.length;
  const k = new Array<number>(3 * nw);
  const wt = new Array<number>(nw);
  for (let i = 0; i < nw; i++) {
    const idx = w.index[i]!;
    const j2 = idx % nn[2]!, j1 = Math.floor(idx / nn[2]!) % nn[1]!, j0 = Math.floor(idx / (nn[1]! * nn[2]!));
    const r0 = j0 / nn[0]!, r1 = j1 / nn[1]!, r2 = j2 / nn[2]!;
    for (let c = 0; c < 3; c++) k[3 * i + c] = r0 * b[c]! + r1 * b[3 + c]! + r2 * b[6 + c]!;
    wt[i] = base * w.mult[i]!;
  }
  return { k, w: wt };
}
