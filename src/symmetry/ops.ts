/**
 * Symmetry operations of a band model (docs/symmetry.md).
 *
 * A `SymmetryOp` is g = {R|t} (× time reversal Θ when `antiunitary`), acting on positions as
 * r → R r + t (R Cartesian 3×3, t Cartesian Å), represented on the orbital basis by the unitary U.
 * With the convention-I Bloch basis |χ_i(k)⟩ = Σ_R e^{ik·(R+τ_i)}|i,R⟩ (DESIGN §2), the
 * representation is k-independent up to a global phase:
 *   unitary g:          g|χ_i(k)⟩ = e^{−i(Rk)·t} Σ_j U_ji |χ_j(Rk)⟩     ⇒  H(Rk)  = U H(k)  U†
 *   antiunitary A = gΘ: A|χ_i(k)⟩ = e^{...}     Σ_j U_ji |χ_j(−Rk)⟩    ⇒  H(−Rk) = U H(k)* U†
 * (U then includes the time-reversal matrix, e.g. iσ_y for spin ½). The phases e^{ik·τ} of
 * orbitals that the operation moves into another cell are absorbed by convention I: only the
 * global phase e^{−i(Rk)·t} remains, and it cancels in U H U†. So `kMap` = R (unitary) or −R
 * (antiunitary) is the action on k, and R itself (never −R) is the action on tensors.
 */
import { OrbitronicsError } from '../errors.js';
import type { CompiledModel, ComplexMatrix } from '../model/types.js';
import { I3, clean3, cidentity, det3, inv3, isOrthogonal, mirror as mirrorMat, mul3, rotation, scale3, transpose3, type CMat, type Mat3 } from './linalg.js';

/** A symmetry operation g = {R|t} (× Θ when `antiunitary`) with its orbital representation U: H(kMap k) = U H(k)^(*) U†. */
export interface SymmetryOp {
  /** E, P, T, PT, C3z, C3z^-1, Mx, MxT, C2x, M(30°), S6z, ... */
  name: string;
  /** Cartesian point operation (row-major 3×3): r → R r + t. */
  R: Mat3;
  /** Cartesian translation (Å), tight-binding only (0 for k·p): the origin of the operation is where it matters. */
  t: number[];
  /** Combined with time reversal (A = gΘ). */
  antiunitary: boolean;
  /** Representation on the orbital basis (nb × nb complex, interleaved re/im). */
  U: CMat;
  nb: number;
  /**
   * Tight-binding: orbital i (at τ_i) goes to R τ_i + t = τ_{perm[i]} + shift[i] (shift: reduced
   * lattice vector). For several orbitals on one site, perm[i] is the first orbital of the target site.
   */
  perm?: number[];
  shift?: number[][];
}

/** The action on k: R (unitary) or −R (antiunitary). */
export const kMap = (op: Pick<SymmetryOp, 'R' | 'antiunitary'>): Mat3 => (op.antiunitary ? scale3(op.R, -1) : op.R.slice());

/** Compose g1·g2 (first g2, then g1) of point parts: (R1R2, a1 xor a2). */
export function composePoint(a: Pick<SymmetryOp, 'R' | 'antiunitary'>, b: Pick<SymmetryOp, 'R' | 'antiunitary'>): { R: Mat3; antiunitary: boolean } {
  return { R: clean3(mul3(a.R, b.R)), antiunitary: a.antiunitary !== b.antiunitary };
}

const fmtAngle = (deg: number): string => {
  const r = Math.round(deg * 1000) / 1000;
  return `${r}°`;
};

function axisName(n: number[]): string {
  const ax = n.map((x) => (Math.abs(x) < 1e-9 ? 0 : x));
  const nz = ax.map((x, i) => [x, i] as const).filter(([x]) => x !== 0);
  if (nz.length === 1) return 'xyz'[nz[0]![1]]!;
  if (Math.abs(ax[2]!) < 1e-9) {
    let deg = (Math.atan2(ax[1]!, ax[0]!) * 180) / Math.PI;
    if (deg < 0) deg += 180;
    if (deg >= 180 - 1e-9) deg -= 180;
    return `(${fmtAngle(deg)})`;
  }
  return `[${ax.map((x) => Math.round(x * 1000) / 1000).join(',')}]`;
}

/** Rotation axis and angle (0 < θ ≤ π, axis oriented so that θ ∈ (0, π] or the C_n^-1 sense) of a proper rotation. */
function axisAngle(R: Mat3): { n: number[]; theta: number } {
  const tr = R[0]! + R[4]! + R[8]!;
  const theta = Math.acos(Math.max(-1, Math.min(1, (tr - 1) / 2)));
  if (theta < 1e-9) return { n: [0, 0, 1], theta: 0 };
  let n: number[];
  if (Math.abs(theta - Math.PI) < 1e-6) {
    // R + 1 = 2nnᵀ
    const M = R.map((x, i) => x + (i % 4 === 0 ? 1 : 0));
    let best = 0;
    for (let i = 1; i < 3; i++) if (M[4 * i]! > M[4 * best]!) best = i;
    n = [M[3 * best]!, M[3 * best + 1]!, M[3 * best + 2]!];
    const s = Math.hypot(...n);
    n = n.map((x) => x / s);
    // canonical orientation: first nonzero component positive (z preferred)
    const lead = Math.abs(n[2]!) > 1e-9 ? 2 : Math.abs(n[0]!) > 1e-9 ? 0 : 1;
    if (n[lead]! < 0) n = n.map((x) => -x);
  } else {
    n = [R[7]! - R[5]!, R[2]! - R[6]!, R[3]! - R[1]!];
    const s = Math.hypot(...n);
    n = n.map((x) => x / s);
  }
  return { n, theta };
}

/** Name of a point operation (Schoenflies-like, ASCII plus °): E, P, C3z, C3z^-1, Mx, M(30°), S4z^-1, C2(60°). */
export function pointName(R: Mat3): string {
  const d = det3(R);
  const proper = d > 0 ? R : scale3(R, -1);
  const { n, theta } = axisAngle(proper);
  if (d > 0) {
    if (theta < 1e-9) return 'E';
    return rotName('C', n, theta);
  }
  if (theta < 1e-9) return 'P';
  if (Math.abs(theta - Math.PI) < 1e-6) return `M${axisName(n)}`;
  // improper rotation: R = −C(θ) = S(π − θ) about n... R = σ_h C(φ) with φ = θ − π, i.e. S_m with 2π/m = |π − θ|
  const phi = theta - Math.PI; // in (−π, 0)
  return rotName('S', n, phi);
}

function rotName(letter: string, n: number[], theta: number): string {
  // orient the axis: z (or the canonical direction) positive, flipping the angle with it
  let nn = n, th = theta;
  const lead = Math.abs(n[2]!) > 1e-9 ? 2 : Math.abs(n[0]!) > 1e-9 ? 0 : 1;
  if (n[lead]! < 0) {
    nn = n.map((x) => -x);
    th = -theta;
  }
  const ax = axisName(nn);
  // th = 2π m/n with the smallest n ≤ 24
  for (let n = 1; n <= 24; n++) {
    const m = (th * n) / (2 * Math.PI);
    if (Math.abs(m - Math.round(m)) > 1e-6) continue;
    const mi = Math.round(m);
    if (n === 2) return `${letter}2${ax}`;
    if (mi === 1) return `${letter}${n}${ax}`;
    if (mi === -1) return `${letter}${n}${ax}^-1`;
    return `${letter}${n}${ax}^${mi}`;
  }
  return `${letter}(${fmtAngle((th * 180) / Math.PI)})${ax}`;
}

/** Name with time reversal: T, PT, MxT, C3zT, ... */
export function opName(R: Mat3, antiunitary: boolean): string {
  const p = pointName(R);
  if (!antiunitary) return p;
  return p === 'E' ? 'T' : `${p}T`;
}

// ---- constructors ----

/** The identity as a Cartesian 3×3 point operation. */
export const identityR = (): Mat3 => I3.slice();
/** Inversion r → −r as a Cartesian 3×3 point operation. */
export const inversionR = (): Mat3 => scale3(I3, -1);
/** C_n^m about the unit axis (default z). */
export const rotationR = (n: number, m = 1, axis: number[] = [0, 0, 1]): Mat3 => rotation(axis, (2 * Math.PI * m) / n);
/** Mirror with the given normal (a Cartesian vector, normalised here). */
export function mirrorR(normal: number[]): Mat3 {
  const s = Math.hypot(...normal);
  return mirrorMat(normal.map((x) => x / s));
}

/** Cartesian R from a matrix M acting on reduced (lattice) coordinates: r_red → M r_red. */
export function fromLattice(model: Pick<CompiledModel, 'lattice' | 'dim'>, M: number[][]): Mat3 {
  const A = Array.from(model.lattice); // rows a_i
  // fill unused axes with unit vectors so that Aᵀ is invertible
  for (let i = model.dim; i < 3; i++) for (let c = 0; c < 3; c++) A[3 * i + c] = c === i ? 1 : 0;
  const Mf = I3.slice();
  for (let i = 0; i < M.length; i++) for (let j = 0; j < M.length; j++) Mf[3 * i + j] = M[i]![j]!;
  const At = transpose3(A);
  return clean3(mul3(mul3(At, Mf), inv3(At)));
}

/** Reduced-coordinate form M = (Aᵀ)⁻¹ R Aᵀ of a Cartesian R (positions), padded to 3×3. */
export function toLattice(model: Pick<CompiledModel, 'lattice' | 'dim'>, R: Mat3): Mat3 {
  const A = Array.from(model.lattice);
  for (let i = model.dim; i < 3; i++) for (let c = 0; c < 3; c++) A[3 * i + c] = c === i ? 1 : 0;
  const At = transpose3(A);
  return mul3(mul3(inv3(At), R), At);
}

function toCMat(nb: number, U: CMat | ComplexMatrix | number[][]): CMat {
  if (U instanceof Float64Array) return U;
  const o = new Float64Array(2 * nb * nb);
  for (let i = 0; i < nb; i++)
    for (let j = 0; j < nb; j++) {
      const z = (U as Array<Array<number | [number, number]>>)[i]![j]!;
      if (Array.isArray(z)) {
        o[2 * (i * nb + j)] = z[0];
        o[2 * (i * nb + j) + 1] = z[1];
      } else o[2 * (i * nb + j)] = z as number;
    }
  return o;
}

/** A user operation for `symmetryOp` / `--ops`: R (Cartesian) or `lattice` (reduced), translation t (Å), orbital representation U, antiunitary. */
export interface OpInput {
  name?: string;
  /** Cartesian 3×3 (rows) … */
  R?: number[][] | Mat3;
  /** … or the same operation in reduced (lattice) coordinates (tight-binding). */
  lattice?: number[][];
  /** Cartesian translation (Å); default 0. */
  t?: number[];
  /** Orbital representation: complex [[re,im],…] rows, real rows, or interleaved; default identity. */
  U?: CMat | ComplexMatrix | number[][];
  antiunitary?: boolean;
}

/**
 * Tight-binding: the orbital map of r → Rr + t: orbital i goes to τ_{perm[i]} + shift[i] (reduced lattice
 * vector), the first orbital found at that position; null if some orbital lands where no orbital sits.
 */
export function orbitalMap(model: Pick<CompiledModel, 'nb' | 'lattice' | 'dim' | 'positions' | 'kind'>, R: Mat3, t: number[] = [0, 0, 0]): { perm: number[]; shift: number[][] } | null {
  if (model.kind !== 'tight-binding') return null;
  const A = Array.from(model.lattice);
  for (let i = model.dim; i < 3; i++) for (let c = 0; c < 3; c++) A[3 * i + c] = c === i ? 1 : 0;
  const Ati = inv3(transpose3(A));
  const pos = (i: number) => [0, 1, 2].map((c) => model.positions[3 * i + c]!);
  const perm: number[] = [];
  const shift: number[][] = [];
  for (let i = 0; i < model.nb; i++) {
    const p = pos(i);
    const y = [0, 1, 2].map((r) => R[3 * r]! * p[0]! + R[3 * r + 1]! * p[1]! + R[3 * r + 2]! * p[2]! + (t[r] ?? 0));
    let found = -1;
    let L: number[] = [];
    for (let j = 0; j < model.nb && found < 0; j++) {
      const d = y.map((v, c) => v - pos(j)[c]!);
      const red = [0, 1, 2].map((r) => Ati[3 * r]! * d[0]! + Ati[3 * r + 1]! * d[1]! + Ati[3 * r + 2]! * d[2]!);
      if (red.every((x, c) => (c < model.dim ? Math.abs(x - Math.round(x)) < 1e-6 : Math.abs(x) < 1e-6))) {
        found = j;
        L = red.slice(0, model.dim).map((x) => Math.round(x) + 0);
      }
    }
    if (found < 0) return null;
    perm.push(found);
    shift.push(L);
  }
  return { perm, shift };
}

/** A user-supplied operation, checked for shape and orthogonality (ARGUMENT_INVALID); tight-binding: with its orbital map. */
export function symmetryOp(model: Pick<CompiledModel, 'nb' | 'lattice' | 'dim'> & Partial<Pick<CompiledModel, 'positions' | 'kind'>>, o: OpInput): SymmetryOp {
  let R: Mat3;
  if (o.lattice) R = fromLattice(model, o.lattice);
  else if (o.R) R = Array.isArray(o.R[0]) ? (o.R as number[][]).flat() : (o.R as Mat3).slice();
  else R = I3.slice();
  if (R.length !== 9 || !R.every(Number.isFinite) || !isOrthogonal(R, 1e-8)) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `symmetry operation ${o.name ?? ''}: R must be an orthogonal 3×3 matrix. Value: ${JSON.stringify(R)}.`);
  }
  const nb = model.nb;
  const U = o.U ? toCMat(nb, o.U) : cidentity(nb);
  if (U.length !== 2 * nb * nb) throw new OrbitronicsError('ARGUMENT_INVALID', `symmetry operation ${o.name ?? ''}: U must be ${nb}×${nb}.`);
  const antiunitary = !!o.antiunitary;
  const t = o.t ?? [0, 0, 0];
  const map = model.positions && model.kind ? orbitalMap(model as Pick<CompiledModel, 'nb' | 'lattice' | 'dim' | 'positions' | 'kind'>, R, t) : null;
  return { name: o.name ?? opName(R, antiunitary), R: clean3(R), t, antiunitary, U, nb, ...(map ?? {}) };
}
