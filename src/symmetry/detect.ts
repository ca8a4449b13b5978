/**
 * Symmetry detection (docs/symmetry.md). For every candidate point operation R (the point group of
 * the lattice for tight-binding models; D₁₂ × {1, M_z} for 2D k·p, O_h and D₆h for 3D k·p), with
 * and without time reversal:
 *  - tight-binding: the translation t is fixed by sending the first site to each site in turn
 *    (this tries every origin compatible with the orbital positions: sites, bond centres,
 *    hexagon centres, and glide/screw parts); the site map τ_s → Rτ_s + t = τ_{s'} + L_s must be a
 *    bijection of the orbital sites, otherwise that (R, t) is not a symmetry;
 *  - the orbital representation U (restricted to the site map: U_ab ≠ 0 only if orbital a sits at
 *    the image of orbital b's site) is the solution of the linear equations
 *        H(kMap kₙ) U − U H(kₙ)^(*) = 0   at a few random kₙ,
 *        U S_b^(*) − s·det R Σ_c R_cb S_c U = 0   for the model's spin matrices (s = −1 with Θ),
 *    found as the null space of the stacked system (Hermitian eigensolver); its unitary polar factor
 *    is then verified with checkModel at fresh random k-points.
 * So U is derived from the matrices, not assumed: pseudospin structure (k·p, several orbitals on
 * one site) and the spin part of time reversal (iσ_y for spin ½) come out of the same solve.
 * Orbitals on different sites are assumed not to be mixed (they never are by a point operation).
 */
import type { CompiledModel, Model } from '../model/types.js';
import { checkModel, compiledOf, hamiltonianAt, randomK, clip, type CheckOptions, type SymmetryReport } from './check.js';
import { I3, apply3, cconj, cmaxAbs, cmul, det3, fixPhase, heig, isOrthogonal, maxDiff3, mirror, mul3, polarUnitary, rng, rotation, transpose3, inv3, clean3, type CMat, type Mat3 } from './linalg.js';
import { composePoint, kMap, opName, symmetryOp, toLattice, type OpInput, type SymmetryOp } from './ops.js';

/** A candidate operation tried by `detectSymmetries`, with its best-fit violation. */
export interface CandidateReport extends SymmetryReport {
  R: Mat3;
  antiunitary: boolean;
  /** One of the standard candidates (P, T, PT, M_x, M_y, M_z, C₂/C₃/C₄/C₆ about z, C₂x, C₂y, each × T). */
  standard: boolean;
}

/** The result of `detectSymmetries`: the group that holds, every candidate's report, notes. */
export interface SymmetryAnalysis {
  model: { name: string; kind: string; dim: number; bands: number };
  /** The operations that hold (the identity first), closed under composition of their point parts. */
  group: SymmetryOp[];
  /** Every candidate tried, with its best-fit violation (including the broken ones). */
  reports: CandidateReport[];
  /** Notes: user operations that failed, closure problems, size limits. */
  notes: string[];
}

/** Options of `detectSymmetries`: extra user operations and the size limit of the solve for U. */
export interface DetectOptions extends CheckOptions {
  /** Additional user operations (checked and added to the group when they hold). */
  extra?: Array<SymmetryOp | OpInput>;
  /** Largest number of unknowns of U solved for (default 144, i.e. 12 orbitals on one site); larger blocks fall back to U = permutation. */
  maxUnknowns?: number;
}

/** The standard candidates (named in the reports even when the lattice does not allow them). */
export function standardCandidates(): Array<{ R: Mat3; name: string }> {
  const z = [0, 0, 1];
  const list: Mat3[] = [
    I3.slice(),
    I3.map((x) => -x),
    rotation(z, Math.PI),
    rotation(z, (2 * Math.PI) / 3),
    rotation(z, Math.PI / 2),
    rotation(z, Math.PI / 3),
    mirror([1, 0, 0]),
    mirror([0, 1, 0]),
    mirror([0, 0, 1]),
    rotation([1, 0, 0], Math.PI),
    rotation([0, 1, 0], Math.PI),
  ];
  return list.map((R) => ({ R, name: opName(R, false) }));
}

const sameR = (a: Mat3, b: Mat3) => maxDiff3(a, b) < 1e-8;

function uniqueR(list: Mat3[]): Mat3[] {
  const out: Mat3[] = [];
  for (const R of list) if (!out.some((S) => sameR(R, S))) out.push(clean3(R));
  return out;
}

/** Point operations compatible with the model's lattice (tight-binding) or the k·p candidate set. */
export function candidatePointOps(m: CompiledModel): Mat3[] {
  const out: Mat3[] = [];
  const z = [0, 0, 1];
  if (m.dim === 1) {
    for (const a of [1, -1]) for (const b of [1, -1]) for (const c of [1, -1]) out.push([a, 0, 0, 0, b, 0, 0, 0, c]);
    return uniqueR(out);
  }
  if (m.kind === 'kp') {
    if (m.dim === 2) {
      for (let j = 0; j < 12; j++) {
        const Rr = rotation(z, (2 * Math.PI * j) / 12);
        const Mr = mirror([Math.cos((Math.PI * j) / 12), Math.sin((Math.PI * j) / 12), 0]);
        for (const s of [1, -1]) for (const R2 of [Rr, Mr]) out.push(clean3(mul3(R2, [1, 0, 0, 0, 1, 0, 0, 0, s])));
      }
      return uniqueR(out);
    }
    // 3D: O_h (signed permutations) and D6h about z
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const p of perms)
      for (let s = 0; s < 8; s++) {
        const R = new Array<number>(9).fill(0);
        for (let i = 0; i < 3; i++) R[3 * i + p[i]!] = s & (1 << i) ? -1 : 1;
        out.push(R);
      }
    for (let j = 0; j < 6; j++) {
      const Rr = rotation(z, (2 * Math.PI * j) / 6);
      const Mr = mirror([Math.cos((Math.PI * j) / 6), Math.sin((Math.PI * j) / 6), 0]);
      for (const s of [1, -1]) for (const R2 of [Rr, Mr]) out.push(clean3(mul3(R2, [1, 0, 0, 0, 1, 0, 0, 0, s])));
    }
    return uniqueR(out);
  }
  // tight-binding: integer reduced matrices with entries in {−1, 0, 1} that are orthogonal in Cartesian form
  const A = Array.from(m.lattice);
  for (let i = m.dim; i < 3; i++) for (let c = 0; c < 3; c++) A[3 * i + c] = c === i ? 1 : 0;
  const At = transpose3(A), Ati = inv3(At);
  const d = m.dim;
  const n = d * d;
  for (let code = 0; code < 3 ** n; code++) {
    const M = I3.slice();
    let c = code;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        M[3 * i + j] = (c % 3) - 1;
        c = Math.floor(c / 3);
      }
    const R = mul3(mul3(At, M), Ati);
    if (!isOrthogonal(R, 1e-8)) continue;
    if (d === 2) for (const s of [1, -1]) out.push(clean3(mul3(R, [1, 0, 0, 0, 1, 0, 0, 0, s])));
    else out.push(clean3(R));
  }
  return uniqueR(out);
}

interface Sites {
  /** reduced positions of the distinct sites (dim components) */
  pos: number[][];
  siteOf: number[];
  members: number[][];
}

function sitesOf(m: CompiledModel): Sites {
  const orb = m.kind === 'tight-binding' ? (m.source as Extract<Model, { kind: 'tight-binding' }>).orbitals : Array.from({ length: m.nb }, () => new Array<number>(m.dim).fill(0));
  const pos: number[][] = [];
  const siteOf: number[] = [];
  const members: number[][] = [];
  orb.forEach((x, i) => {
    let s = pos.findIndex((p) => p.every((v, c) => isInteger(v - x[c]!)));
    if (s < 0) {
      s = pos.length;
      pos.push(x.slice(0, m.dim));
      members.push([]);
    }
    siteOf.push(s);
    members[s]!.push(i);
  });
  return { pos, siteOf, members };
}

const isInteger = (x: number, tol = 1e-6) => Math.abs(x - Math.round(x)) < tol;

interface SiteMap {
  map: number[];
  shift: number[][];
  /** Cartesian translation. */
  t: number[];
}

/** Site maps of (R, t) for every t that sends site 0 to some site (tight-binding; k·p: the identity map). */
function siteMaps(m: CompiledModel, sites: Sites, R: Mat3): SiteMap[] {
  if (m.kind === 'kp') return [{ map: [0], shift: [[]], t: [0, 0, 0] }];
  const M = toLattice(m, R);
  const d = m.dim;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (!isInteger(M[3 * i + j]!)) return [];
  const applyM = (x: number[]) => Array.from({ length: d }, (_, i) => x.reduce((s, v, j) => s + M[3 * i + j]! * v, 0));
  const out: SiteMap[] = [];
  const x0 = applyM(sites.pos[0]!);
  // prefer t ≡ 0 (the symmorphic choice) when site 0 maps onto a site
  const order = [...sites.pos.keys()].sort((a, b) => {
    const za = sites.pos[a]!.every((v, c) => isInteger(v - x0[c]!)) ? 0 : 1;
    const zb = sites.pos[b]!.every((v, c) => isInteger(v - x0[c]!)) ? 0 : 1;
    return za - zb || a - b;
  });
  for (const j of order) {
    const tRed = sites.pos[j]!.map((v, c) => v - x0[c]!);
    const tr = tRed.map((v) => (isInteger(v) ? 0 : v - Math.floor(v + 1e-9)));
    const map: number[] = [];
    const shift: number[][] = [];
    let ok = true;
    for (let s = 0; s < sites.pos.length && ok; s++) {
      const y = applyM(sites.pos[s]!).map((v, c) => v + tr[c]!);
      const s2 = sites.pos.findIndex((p) => p.every((v, c) => isInteger(y[c]! - v)));
      if (s2 < 0 || map.includes(s2) || sites.members[s2]!.length !== sites.members[s]!.length) ok = false;
      else {
        map.push(s2);
        shift.push(y.map((v, c) => Math.round(v - sites.pos[s2]![c]!)));
      }
    }
    if (!ok) continue;
    const t = [0, 0, 0];
    for (let i = 0; i < d; i++) for (let c = 0; c < 3; c++) t[c]! += tr[i]! * m.lattice[3 * i + c]!;
    if (!out.some((o) => o.map.every((v, i) => v === map[i]))) out.push({ map, shift, t });
  }
  return out;
}

interface Solve {
  U: CMat;
  /** smallest eigenvalue of A†A (normalised equations): 0 for an exact symmetry */
  residual: number;
  nullity: number;
}

/** Solves H(gk)U = U H̃(k) (+ spin equations) for U restricted to `allowed` entries. */
function solveU(m: CompiledModel, R: Mat3, anti: boolean, allowed: boolean[], ks: number[][], Hk: CMat[], scale: number, seed: number): Solve | null {
  const nb = m.nb;
  const idx: number[] = [];
  allowed.forEach((a, e) => a && idx.push(e));
  const p = idx.length;
  if (p === 0) return null;
  const col = new Map<number, number>();
  idx.forEach((e, c) => col.set(e, c));
  const pairs: Array<[CMat, CMat]> = [];
  const K = kMap({ R, antiunitary: anti });
  ks.forEach((k, i) => {
    const A = hamiltonianAt(m, clip(apply3(K, k), m.dim)).map((x) => x / scale);
    const B = (anti ? cconj(Hk[i]!) : Hk[i]!).map((x) => x / scale);
    pairs.push([A, B]);
  });
  if (m.spin) {
    const S = [0, 1, 2].map((s) => m.spin!.subarray(s * 2 * nb * nb, (s + 1) * 2 * nb * nb));
    const sg = (anti ? -1 : 1) * Math.sign(det3(R));
    for (let b = 0; b < 3; b++) {
      const lhs = new Float64Array(2 * nb * nb);
      for (let c = 0; c < 3; c++) {
        const f = sg * R[3 * c + b]!;
        if (f !== 0) for (let q = 0; q < lhs.length; q++) lhs[q]! += f * S[c]![q]!;
      }
      pairs.push([lhs, anti ? cconj(Float64Array.from(S[b]!)) : Float64Array.from(S[b]!)]);
    }
  }
  // G = Σ A†A where (A u)_{ij} = Σ_l M1_il U_lj − U_il M2_lj
  const G = new Float64Array(2 * p * p);
  const row = new Float64Array(2 * p);
  for (const [M1, M2] of pairs) {
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        row.fill(0);
        let any = false;
        for (let l = 0; l < nb; l++) {
          const c1 = col.get(l * nb + j);
          if (c1 !== undefined) {
            row[2 * c1]! += M1[2 * (i * nb + l)]!;
            row[2 * c1 + 1]! += M1[2 * (i * nb + l) + 1]!;
            any = true;
          }
          const c2 = col.get(i * nb + l);
          if (c2 !== undefined) {
            row[2 * c2]! -= M2[2 * (l * nb + j)]!;
            row[2 * c2 + 1]! -= M2[2 * (l * nb + j) + 1]!;
            any = true;
          }
        }
        if (!any) continue;
        for (let a = 0; a < p; a++) {
          const ar = row[2 * a]!, ai = -row[2 * a + 1]!; // conj
          if (ar === 0 && ai === 0) continue;
          for (let b = 0; b < p; b++) {
            const br = row[2 * b]!, bi = row[2 * b + 1]!;
            G[2 * (a * p + b)]! += ar * br - ai * bi;
            G[2 * (a * p + b) + 1]! += ar * bi + ai * br;
          }
        }
      }
  }
  const { values, vectors } = heig(p, G);
  const top = Math.max(Math.abs(values[p - 1]!), 1);
  let nullity = 0;
  while (nullity < p && values[nullity]! < 1e-20 * top) nullity++;
  const r = rng(seed);
  const U = new Float64Array(2 * nb * nb);
  const nv = Math.max(1, nullity);
  for (let v = 0; v < nv; v++) {
    const cr = nv === 1 ? 1 : r() - 0.5, ci = nv === 1 ? 0 : r() - 0.5;
    for (let c = 0; c < p; c++) {
      const xr = vectors[2 * (c * p + v)]!, xi = vectors[2 * (c * p + v) + 1]!;
      U[2 * idx[c]!]! += cr * xr - ci * xi;
      U[2 * idx[c]! + 1]! += cr * xi + ci * xr;
    }
  }
  return { U: fixPhase(polarUnitary(nb, U)), residual: Math.max(values[0]!, 0), nullity };
}

/** Closes a set of point parts (R, antiunitary) under composition (for the tensor analysis). */
export function closePointGroup(ops: Array<{ R: Mat3; antiunitary: boolean }>, max = 200): Array<{ R: Mat3; antiunitary: boolean }> {
  const out = [{ R: I3.slice(), antiunitary: false }];
  const has = (x: { R: Mat3; antiunitary: boolean }) => out.some((o) => o.antiunitary === x.antiunitary && sameR(o.R, x.R));
  for (const o of ops) if (!has(o)) out.push({ R: clean3(o.R), antiunitary: o.antiunitary });
  for (let i = 0; i < out.length; i++)
    for (let j = 0; j < out.length; j++) {
      const c = composePoint(out[i]!, out[j]!);
      if (!has(c)) {
        out.push(c);
        if (out.length > max) return out;
      }
    }
  return out;
}

/** Finds the symmetries of a model among the standard candidates (and `extra` user operations). */
export function detectSymmetries(model: CompiledModel | Model, opts: DetectOptions = {}): SymmetryAnalysis {
  const m = compiledOf(model);
  const nb = m.nb;
  const tol = opts.tol ?? 1e-9;
  const seed = opts.seed ?? 2024;
  const ks = randomK(m, 4, seed);
  const Hk = ks.map((k) => hamiltonianAt(m, k));
  const scale = Math.max(...Hk.map(cmaxAbs), 1e-300);
  const sites = sitesOf(m);
  const notes: string[] = [];
  const maxUnknowns = opts.maxUnknowns ?? 144;
  const group: SymmetryOp[] = [];
  const reports: CandidateReport[] = [];
  const std = standardCandidates();
  const isStd = (R: Mat3) => std.some((s) => sameR(s.R, R));
  const cands = candidatePointOps(m);
  const cache = new Map<string, Solve>();
  const spectra = nb * nb > 36 ? Hk.map((H) => heig(nb, H).values) : [];
  // standard candidates the lattice does not allow
  for (const s of std)
    if (!cands.some((R) => sameR(R, s.R)))
      for (const anti of [false, true])
        reports.push({ name: opName(s.R, anti), R: s.R, antiunitary: anti, standard: true, holds: false, violation: Infinity, relative: Infinity, worstK: [], error: 'not a symmetry of the lattice' });
  // identity first, then by name
  cands.sort((a, b) => (sameR(a, I3) ? -1 : sameR(b, I3) ? 1 : 0));
  for (const R of cands)
    for (const anti of [false, true]) {
      const name = opName(R, anti);
      let best: { op: SymmetryOp; rep: SymmetryReport } | null = null;
      const maps = siteMaps(m, sites, R);
      if (maps.length === 0) {
        reports.push({ name, R, antiunitary: anti, standard: isStd(R), holds: false, violation: Infinity, relative: Infinity, worstK: [], error: 'maps orbital sites onto empty positions' });
        continue;
      }
      // cheap necessary condition for large blocks: the spectra at kMap·k and k must agree (Weyl: their largest
      // difference is the smallest possible ‖H(kMap k) − U H(k)^(*) U†‖₂ over all unitaries U)
      if (nb * nb > 36) {
        const K = kMap({ R, antiunitary: anti });
        let worst = 0, wk = ks[0]!;
        ks.forEach((k, i) => {
          const e1 = heig(nb, hamiltonianAt(m, clip(apply3(K, k), m.dim))).values, e0 = spectra[i]!;
          for (let n = 0; n < nb; n++) if (Math.abs(e1[n]! - e0[n]!) > worst) { worst = Math.abs(e1[n]! - e0[n]!); wk = k; }
        });
        if (worst / scale > 1e-7) {
          reports.push({ name, R, antiunitary: anti, standard: isStd(R), holds: false, violation: worst, relative: worst / scale, worstK: wk, error: 'spectra differ (violation: spectral lower bound)' });
          continue;
        }
      }
      for (const sm of maps) {
        const allowed = new Array<boolean>(nb * nb).fill(false);
        for (let a = 0; a < nb; a++) for (let b = 0; b < nb; b++) allowed[a * nb + b] = sites.siteOf[a] === sm.map[sites.siteOf[b]!];
        let U: CMat;
        if (allowed.filter(Boolean).length > maxUnknowns) {
          U = new Float64Array(2 * nb * nb);
          for (let b = 0; b < nb; b++) {
            const s2 = sm.map[sites.siteOf[b]!]!;
            const a = sites.members[s2]![sites.members[sites.siteOf[b]!]!.indexOf(b)]!;
            U[2 * (a * nb + b)] = 1;
          }
          if (!notes.some((x) => x.startsWith('U for'))) notes.push(`U for sites with many orbitals assumed to be the orbital permutation (more than ${maxUnknowns} unknowns)`);
        } else {
          // spinless planar models: R and R·M_z act identically on k and on the orbitals (same equations)
          const key = !m.spin && m.dim === 2 ? `${[R[0], R[1], R[3], R[4]].map((x) => x!.toFixed(9)).join(',')}|${anti}|${sm.map.join(',')}` : '';
          const sol = (key && cache.get(key)) || solveU(m, R, anti, allowed, ks, Hk, scale, seed);
          if (key && sol) cache.set(key, sol);
          if (!sol) continue;
          U = sol.U;
        }
        const op: SymmetryOp = {
          name,
          R,
          t: sm.t,
          antiunitary: anti,
          U,
          nb,
          ...(m.kind === 'tight-binding'
            ? { perm: Array.from({ length: nb }, (_, i) => sites.members[sm.map[sites.siteOf[i]!]!]![0]!), shift: Array.from({ length: nb }, (_, i) => sm.shift[sites.siteOf[i]!]!) }
            : {}),
        };
        const rep = checkModel(m, [op], { samples: opts.samples ?? 8, seed: seed + 7, tol })[0]!;
        if (!best || rep.relative < best.rep.relative) best = { op, rep };
        if (rep.holds) break;
      }
      if (!best) continue;
      reports.push({ ...best.rep, R, antiunitary: anti, standard: isStd(R) });
      if (best.rep.holds) group.push(best.op);
    }
  for (const x of opts.extra ?? []) {
    const op = (x as SymmetryOp).U instanceof Float64Array && (x as SymmetryOp).nb !== undefined ? (x as SymmetryOp) : symmetryOp(m, x as OpInput);
    const rep = checkModel(m, [op], { samples: opts.samples ?? 8, seed: seed + 11, tol })[0]!;
    reports.push({ ...rep, R: op.R, antiunitary: op.antiunitary, standard: false });
    if (!rep.holds) notes.push(`user operation ${op.name} does not hold (relative violation ${rep.relative.toExponential(2)})`);
    else if (!group.some((g) => g.antiunitary === op.antiunitary && sameR(g.R, op.R))) group.push(op);
  }
  // closure check: 3D k·p candidates from two families can generate a dense group
  const closed = closePointGroup(group);
  if (closed.length > group.length) notes.push(`the operations found are not closed under composition (${group.length} found, closure ${closed.length}); the tensor analysis uses the closure`);
  return { model: { name: m.name, kind: m.kind, dim: m.dim, bands: nb }, group, reports, notes };
}

/** Names of the operations of an analysis. */
export const groupNames = (a: SymmetryAnalysis): string[] => a.group.map((g) => g.name);

export { det3 };
