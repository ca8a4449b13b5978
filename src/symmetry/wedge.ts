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
  const index: number[] = [];
  const mult: number[] = [];
  const img = new Int32Array(Ns.length);
  const mod = (x: number, q: number) => ((x % q) + q) % q;
  for (let idx = 0; idx < full; idx++) {
    if (seen[idx]) continue;
    const j2 = idx % nn[2]!, j1 = Math.floor(idx / nn[2]!) % nn[1]!, j0 = Math.floor(idx / (nn[1]! * nn[2]!));
    const j = [j0, j1, j2];
    let count = 0;
    for (let o = 0; o < C.length; o++) {
      const c = C[o]!;
      const jp = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        if (a >= dim) continue;
        let s = 0;
        for (let b = 0; b < dim; b++) s += c[3 * a + b]! * j[b]!;
        jp[a] = mod(s, nn[a]!);
      }
      const t = (jp[0]! * nn[1]! + jp[1]!) * nn[2]! + jp[2]!;
      img[o] = t;
      if (!seen[t]) {
        seen[t] = 1;
        count++;
      }
    }
    index.push(idx);
    mult.push(count);
  }
  return { index: Int32Array.from(index), mult: Int32Array.from(mult), full, kOps: Ns.length };
}

/** Cartesian k-points (flattened, 3 per point) and weights of a wedge of an MP grid. */
export function wedgePoints(m: Pick<CompiledModel, 'reciprocal' | 'dim' | 'cellMeasure'>, n: number[], w: Wedge): { k: number[]; w: number[] } {
  const nn = [n[0]!, n[1] ?? 1, n[2] ?? 1];
  const base = 1 / (w.full * m.cellMeasure);
  const b = m.reciprocal;
  const k: number[] = [];
  const wt: number[] = [];
  w.index.forEach((idx, i) => {
    const j2 = idx % nn[2]!, j1 = Math.floor(idx / nn[2]!) % nn[1]!, j0 = Math.floor(idx / (nn[1]! * nn[2]!));
    const r = [j0 / nn[0]!, j1 / nn[1]!, j2 / nn[2]!];
    for (let c = 0; c < 3; c++) k.push(r[0]! * b[c]! + r[1]! * b[3 + c]! + r[2]! * b[6 + c]!);
    wt.push(base * w.mult[i]!);
  });
  return { k, w: wt };
}
