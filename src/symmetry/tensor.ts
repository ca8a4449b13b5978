/**
 * Allowed tensor components (docs/symmetry.md). A tensor T_{i₁…i_r} with character
 * {rank r, polar/axial, T-even/odd} is invariant under every operation g = (R, antiunitary) of the
 * group when T = D(g)T with
 *     D(g) = (det R)^{axial} · (−1)^{antiunitary ∧ T-odd} · R ⊗ … ⊗ R.
 * The invariant tensors are the range of the projector P = (1/|G|) Σ_g D(g) (times the
 * antisymmetriser when the character says `antisymmetric`). A basis of that range in reduced row
 * echelon form, with the listed components as preferred pivots, gives: components that vanish for
 * every invariant tensor (forbidden), pivots (free), and the others as linear combinations of the
 * free ones (related).
 * Field-driven responses (rank = number of letters of a component name + 1) carry the field index
 * last: the component `z` of the torque with E ∥ x is T_{zx}.
 */
import type { TensorCharacter } from '../observables/define.js';
import { closePointGroup } from './detect.js';
import { det3, rref, type Mat3 } from './linalg.js';

/** The point part of an operation: Cartesian R and whether it is antiunitary. */
export interface PointPart {
  R: Mat3;
  antiunitary: boolean;
}

const AX = 'xyz';

/** Sign χ(g) of a character: (det R)^{axial} (−1)^{antiunitary ∧ T-odd}. */
export function characterSign(ch: TensorCharacter, g: PointPart): number {
  let s = 1;
  if (ch.kind === 'axial') s *= Math.sign(det3(g.R));
  if (g.antiunitary && ch.time === 'odd') s = -s;
  return s;
}

/** D(g) on the 3^r tensor components (row-major over index tuples, first index slowest). */
export function tensorRep(ch: TensorCharacter, g: PointPart): number[][] {
  const r = ch.rank;
  const N = 3 ** r;
  const s = characterSign(ch, g);
  const D: number[][] = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  const digits = (x: number) => {
    const d: number[] = [];
    for (let i = 0; i < r; i++) {
      d.unshift(x % 3);
      x = Math.floor(x / 3);
    }
    return d;
  };
  const tuples = Array.from({ length: N }, (_, i) => digits(i));
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      let v = s;
      for (let i = 0; i < r && v !== 0; i++) v *= g.R[3 * tuples[a]![i]! + tuples[b]![i]!]!;
      D[a]![b] = v;
    }
  return D;
}

/** Index tuple of a component name ('xy' → [0,1]); null if not made of x, y, z. */
export const tupleOf = (name: string): number[] | null => (/^[xyz]+$/.test(name) ? [...name].map((c) => AX.indexOf(c)) : null);
export const nameOf = (t: number[]): string => t.map((i) => AX[i]).join('');
const flat = (t: number[]) => t.reduce((s, i) => 3 * s + i, 0);

/** One tensor component: forbidden, free, or related to others (with the relation). */
export interface ComponentStatus {
  /** Tensor component (index letters, field index last for field-driven responses). */
  tensor: string;
  /** The observable's component name and, for field-driven responses, the field direction. */
  component: string;
  field?: string;
  status: 'free' | 'forbidden' | 'related';
  /** For related components: T_c = Σ coef · T_free. */
  relation?: Array<{ coef: number; tensor: string }>;
  /** Human form: `= −xy`, `= 0.5 xx + 0.5 yy`. */
  text?: string;
}

/** The allowed components of a tensor character under a group (`allowedComponents`). */
export interface ComponentTable {
  character: TensorCharacter;
  /** Number of independent invariant tensors (dimension of the invariant subspace). */
  free: number;
  /** Whether the rank includes a field index. */
  fieldDriven: boolean;
  components: ComponentStatus[];
}

/** Options of `allowedComponents`: dimension, the observable's component names, field directions. */
export interface AllowedOptions {
  /** Model dimension (2: field directions x, y; polar indices x, y). Default 3. */
  dim?: number;
  /** The observable's component names; field-driven when their length + 1 = rank. Default: every index tuple. */
  components?: string[];
  /** Field directions to tabulate for field-driven responses (default x..dim). */
  fields?: number[];
}

/** Invariant subspace basis (RREF rows over the 3^r components). */
export function invariantBasis(group: PointPart[], ch: TensorCharacter, preferred: number[] = []): { rows: number[][]; pivots: number[] } {
  const G = closePointGroup(group);
  const N = 3 ** ch.rank;
  const P: number[][] = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (const g of G) {
    const D = tensorRep(ch, g);
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) P[a]![b]! += D[a]![b]! / G.length;
  }
  let proj = P;
  if (ch.antisymmetric && ch.rank === 2) {
    // P · A with A = (1 − swap)/2
    proj = P.map((row) => row.map((_, b) => {
      const i = Math.floor(b / 3), j = b % 3;
      return (row[b]! - row[3 * j + i]!) / 2;
    }));
  }
  // range(P) = row space of Pᵀ
  const cols = Array.from({ length: N }, (_, b) => proj.map((row) => row[b]!));
  const order = [...preferred, ...[...Array(N).keys()].filter((x) => !preferred.includes(x))];
  return rref(cols, N, order, 1e-9);
}

/** Forbidden / free / related components of a tensor character under a group. */
export function allowedComponents(group: PointPart[], ch: TensorCharacter, opts: AllowedOptions = {}): ComponentTable {
  const dim = opts.dim ?? 3;
  let list: Array<{ tuple: number[]; component: string; field?: string }> = [];
  let fieldDriven = false;
  const names = opts.components;
  if (names && names.length && names.every((n) => tupleOf(n) && tupleOf(n)!.length === ch.rank)) {
    list = names.map((n) => ({ tuple: tupleOf(n)!, component: n }));
  } else if (names && names.length && names.every((n) => tupleOf(n) && tupleOf(n)!.length + 1 === ch.rank)) {
    fieldDriven = true;
    const fields = opts.fields ?? [...Array(dim).keys()];
    for (const f of fields) for (const n of names) list.push({ tuple: [...tupleOf(n)!, f], component: n, field: AX[f] });
  } else {
    for (let x = 0; x < 3 ** ch.rank; x++) {
      const t: number[] = [];
      let y = x;
      for (let i = 0; i < ch.rank; i++) {
        t.unshift(y % 3);
        y = Math.floor(y / 3);
      }
      list.push({ tuple: t, component: nameOf(t) });
    }
  }
  const pref = list.map((l) => flat(l.tuple));
  const { rows, pivots } = invariantBasis(group, ch, pref);
  const components: ComponentStatus[] = list.map((l) => {
    const c = flat(l.tuple);
    const base = { tensor: nameOf(l.tuple), component: l.component, ...(l.field ? { field: l.field } : {}) };
    if (rows.every((r) => Math.abs(r[c]!) < 1e-9)) return { ...base, status: 'forbidden' as const };
    const pi = pivots.indexOf(c);
    if (pi >= 0) return { ...base, status: 'free' as const };
    const relation = rows.map((r, i) => ({ coef: r[c]!, tensor: nameOf(unflat(pivots[i]!, ch.rank)) })).filter((x) => Math.abs(x.coef) > 1e-9);
    const text = '= ' + relation.map((x, i) => `${fmtCoef(x.coef, i === 0)}${x.tensor}`).join(' ');
    return { ...base, status: 'related' as const, relation, text };
  });
  return { character: ch, free: rows.length, fieldDriven, components };
}

function unflat(x: number, r: number): number[] {
  const t: number[] = [];
  for (let i = 0; i < r; i++) {
    t.unshift(x % 3);
    x = Math.floor(x / 3);
  }
  return t;
}

function fmtCoef(c: number, first: boolean): string {
  const a = Math.abs(c);
  const mag = Math.abs(a - 1) < 1e-9 ? '' : `${Number(a.toPrecision(6))} `;
  if (first) return (c < 0 ? '−' : '') + mag;
  return (c < 0 ? '− ' : '+ ') + mag;
}

/** The forbidden component names (for a fixed field direction when field-driven). */
export function forbiddenComponents(group: PointPart[], ch: TensorCharacter, components: string[], dim: number, field?: number): string[] {
  const t = allowedComponents(group, ch, { dim, components, fields: field !== undefined ? [field] : undefined });
  return t.components.filter((c) => c.status === 'forbidden').map((c) => c.component);
}
