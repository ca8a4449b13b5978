/**
 * Generalised linear response of one-body operators (paper 002 Eqs. 16–18, 22–27, S1–S10) for
 * ribbons (1D models from `makeRibbon`) and bulk 2D tight-binding models, docs/ribbon.md §9.
 *
 *   χ_{A,B}(ω) = (1/(N_k Ω)) Σ_k Σ_{n,l} L_nl(ω) A_nl(k) B_ln(k),
 *   L_nl(ω) = (fₙ − fₗ)/(εₙ − εₗ + ω + iη)                                      (Eq. 18)
 *
 * δ⟨A⟩ = χ_{A,B} F for the perturbation H′ = +F·B (F = eE for B = r: H_E = +eE·r, Eq. 3).
 * Ω = cell length (ribbon: per unit ribbon length) or cell area (bulk: per unit area). ħ = 1, energies
 * and ω, η in eV.
 *
 * Parts:
 *  - `inter`: non-degenerate pairs n ≠ l (|εₙ − εₗ| ≥ threshold): the Fermi-sea ("undergap") part.
 *  - `intra`: degenerate pairs including n = l (the Fermi-surface part). For bounded k-diagonal
 *    operators the Lindhard factor of such pairs is 0 whenever ω + iη ≠ 0; at ω = η = 0 exactly the
 *    isothermal static limit f′(εₙ) A_nl B_ln is used (as the ribbon oracle). For the position along a
 *    periodic direction (`x` on a ribbon, `x`/`y` on a bulk model) the states at k and k + q are
 *    coupled by x ~ i∂ₖ; the proper limit q → 0 gives (z = ω + iη)
 *        B = x:  intra = (i/z) Σ_deg f′(εₙ) A_nl h^x_ln       (Boltzmann: at ω = 0, 1/η = τ/ħ)
 *        A = x:  intra = (−i/z) Σ_deg f′(εₙ) h^x_nl B_ln
 *    and interband x_nl = Ã_nl = i h^x_nl/(εₗ − εₙ). This is Eq. 33 with the commutator: χ_{A,x}(z) =
 *    (i/z)[χ^{iso}_{A,v} − χ_{A,v}(z)].
 *  - f′ is 0 at T = 0 (the δ-function is not represented): Fermi-surface parts need T > 0.
 *
 * Operators (`OperatorSpec`): built-in names 'x', 'y' (positions), 'vx', 'vy' (ħv, eV·Å),
 * 'orbital-moment' (ribbon: X = −½(r×ħv), m = (e/ħ)X), or objects {kind: 'omm-density' | 'spin' |
 * 'site-density', sites?, row?, axis?}, or a user `ResponseOperator` (orbital-basis matrix function
 * of k, or an eigenbasis function). Each carries its time-reversal signature λ (Eq. 22).
 */
import type { Backend } from '../backend/backend.js';
import { DEFAULT_DEGENERACY_THRESHOLD } from '../backend/backend.js';
import { createTsBackend } from '../backend/ts/index.js';
import type { CompiledModel, TightBindingModel } from '../model/types.js';
import { BOLTZMANN_EV_K, HBAR_EV_S } from '../units/constants.js';
import { asCompiled, matrixElementsFromEigen, throwIfAborted, ommDensityMatrix, ribbonKGrid, type RibbonMatrixElements } from './elements.js';
import { matmul, rotateDiagonal } from './linalg.js';
import type { RibbonMeta } from './make.js';
import { fermi, fermiDerivative } from './oracle.js';

/** Eigen-data at one k handed to operator functions (views valid only during the call). */
export interface KContext {
  /** Cartesian k (Å⁻¹), length = dim. */
  k: number[];
  nb: number;
  dim: number;
  energies: Float64Array;
  /** U[i][n] (orbital i, band n), interleaved complex. */
  U: Float64Array;
  /** h^a_nl = ⟨n|∂_aH|l⟩ for each periodic axis a (eV·Å). */
  h: Float64Array[];
  model: CompiledModel;
  /** Ribbon metadata (null for a bulk model). */
  ribbon: RibbonMeta | null;
  degeneracyThreshold: number;
  /** Ribbon matrix elements (y, hx, Ã, r×v, moment), computed on first use (ribbons only). */
  elements(): RibbonMatrixElements;
}

/** A one-body Hermitian operator for χ_{A,B}. */
export interface ResponseOperator {
  name: string;
  /** Time-reversal signature λ: +1 (even: r, densities), −1 (odd: v, spin, orbital moment), Eq. 22. */
  lambda: 1 | -1;
  /** Unit of the operator (e.g. 'Å', 'eV·Å', 'eV·Å^2', '1'). */
  unit: string;
  /** Position along periodic axis `periodicAxis` (unbounded: interband Ã, intraband through the q → 0 limit). */
  periodicAxis?: number;
  /** Matrix elements in the eigenbasis at k (nb×nb interleaved complex). Not called for periodic positions. */
  eigen?(ctx: KContext): Float64Array;
  /** Alternatively the matrix in the orbital basis at k (convention I), rotated to U†MU. */
  orbital?(k: number[], nb: number): Float64Array;
}

export type OperatorSpec =
  | 'x'
  | 'y'
  | 'vx'
  | 'vy'
  | 'orbital-moment'
  | { kind: 'omm-density'; sites?: number[]; row?: number }
  | { kind: 'spin'; axis: 0 | 1 | 2; sites?: number[]; row?: number }
  | { kind: 'site-density'; sites?: number[]; row?: number }
  | ResponseOperator;

/** Sites (ribbon orbitals) of the row at transverse position y (Å, 1e-6 tolerance). */
export function rowSites(ribbon: { meta?: Record<string, unknown> } | CompiledModel, y: number): number[] {
  const meta = ribbonMetaOf(asCompiled(ribbon as TightBindingModel));
  if (!meta) throw new Error('rowSites: not a ribbon');
  const out: number[] = [];
  meta.transverse.forEach((t, i) => {
    if (Math.abs(t - y) < 1e-6) out.push(i);
  });
  if (!out.length) throw new Error(`rowSites: no ribbon orbital at y = ${y} Å`);
  return out;
}

/** Distinct transverse rows of a ribbon (ascending y) with their sites. */
export function ribbonRows(ribbon: TightBindingModel | CompiledModel): Array<{ y: number; sites: number[] }> {
  const meta = ribbonMetaOf(asCompiled(ribbon));
  if (!meta) throw new Error('ribbonRows: not a ribbon');
  const order = meta.transverse.map((_, i) => i).sort((a, b) => meta.transverse[a]! - meta.transverse[b]!);
  const rows: Array<{ y: number; sites: number[] }> = [];
  for (const i of order) {
    const y = meta.transverse[i]!;
    const last = rows[rows.length - 1];
    if (last && Math.abs(last.y - y) < 1e-6) last.sites.push(i);
    else rows.push({ y, sites: [i] });
  }
  return rows;
}

function ribbonMetaOf(cm: CompiledModel): RibbonMeta | null {
  const r = cm.source.meta?.['ribbon'] as RibbonMeta | undefined;
  return r && Array.isArray(r.transverse) ? r : null;
}

/** Projector P_S = Σ_{i∈S}|i⟩⟨i| in the eigenbasis: (P_S)_nl = Σ_{i∈S} conj(U_in) U_il. */
function projector(ctx: KContext, sites: number[]): Float64Array {
  const d = new Float64Array(ctx.nb);
  for (const s of sites) d[s] = 1;
  return rotateDiagonal(ctx.nb, ctx.U, d);
}

/** ½{O, P} for eigenbasis matrices. */
function symProduct(nb: number, O: Float64Array, P: Float64Array): Float64Array {
  const a = matmul(nb, O, P), b = matmul(nb, P, O);
  for (let i = 0; i < a.length; i++) a[i] = 0.5 * (a[i]! + b[i]!);
  return a;
}

/** U† M U for an orbital-basis matrix M. */
export function toEigenbasis(nb: number, U: Float64Array, M: Float64Array): Float64Array {
  // U†: (U†)_ni = conj(U_in)
  const Ud = new Float64Array(2 * nb * nb);
  for (let i = 0; i < nb; i++)
    for (let n = 0; n < nb; n++) {
      Ud[(n * nb + i) * 2] = U[(i * nb + n) * 2]!;
      Ud[(n * nb + i) * 2 + 1] = -U[(i * nb + n) * 2 + 1]!;
    }
  return matmul(nb, matmul(nb, Ud, M), U);
}

function spinOrbital(cm: CompiledModel, axis: number): Float64Array {
  if (!cm.spin) throw new Error(`operator spin: model '${cm.source.name}' has no spin matrices`);
  const nb = cm.nb;
  return cm.spin.slice(axis * 2 * nb * nb, (axis + 1) * 2 * nb * nb);
}

function sitesOf(cm: CompiledModel, spec: { sites?: number[]; row?: number }): number[] | null {
  if (spec.sites) return spec.sites;
  if (spec.row !== undefined) return rowSites(cm, spec.row);
  return null;
}

/** Resolves an operator spec against a model (checks what the model supports). */
export function resolveOperator(model: TightBindingModel | CompiledModel, spec: OperatorSpec): ResponseOperator {
  const cm = asCompiled(model);
  const ribbon = ribbonMetaOf(cm);
  const dim = cm.dim;
  if (typeof spec === 'string') {
    switch (spec) {
      case 'x':
        return { name: 'x', lambda: 1, unit: 'Å', periodicAxis: 0 };
      case 'y':
        if (dim === 2) return { name: 'y', lambda: 1, unit: 'Å', periodicAxis: 1 };
        if (!ribbon) throw new Error("operator 'y': a ribbon (makeRibbon) or a 2D model is required");
        return { name: 'y', lambda: 1, unit: 'Å', eigen: (c) => c.elements().y };
      case 'vx':
        return { name: 'vx', lambda: -1, unit: 'eV·Å', eigen: (c) => c.h[0]! };
      case 'vy':
        if (dim === 2) return { name: 'vy', lambda: -1, unit: 'eV·Å', eigen: (c) => c.h[1]! };
        if (!ribbon) throw new Error("operator 'vy': a ribbon or a 2D model is required");
        // ħv^y = i[H, y]: (i(εₙ − εₗ) y_nl)
        return {
          name: 'vy',
          lambda: -1,
          unit: 'eV·Å',
          eigen: (c) => {
            const y = c.elements().y, nb = c.nb, out = new Float64Array(2 * nb * nb);
            for (let n = 0; n < nb; n++)
              for (let l = 0; l < nb; l++) {
                const o = (n * nb + l) * 2, d = c.energies[n]! - c.energies[l]!;
                out[o] = -d * y[o + 1]!;
                out[o + 1] = d * y[o]!;
              }
            return out;
          },
        };
      case 'orbital-moment':
        if (!ribbon) throw new Error("operator 'orbital-moment': ribbons only (bulk: use the orbital-moment quantity)");
        return { name: 'orbital-moment', lambda: -1, unit: 'eV·Å^2', eigen: (c) => c.elements().moment };
      default:
        throw new Error(`unknown operator '${spec as string}'`);
    }
  }
  if ('lambda' in spec) return spec;
  const sites = sitesOf(cm, spec);
  const where = sites ? `[${sites.join(',')}]` : '';
  switch (spec.kind) {
    case 'omm-density': {
      if (!ribbon) throw new Error("operator 'omm-density': ribbons only");
      if (!sites) throw new Error("operator 'omm-density': give sites or row");
      return {
        name: `omm-density${where}`,
        lambda: -1,
        unit: 'eV·Å^2',
        eigen: (c) => {
          const el = c.elements();
          const out = new Float64Array(2 * c.nb * c.nb);
          for (const s of sites) {
            const m = ommDensityMatrix(el, s);
            for (let i = 0; i < out.length; i++) out[i] += m[i]!;
          }
          return out;
        },
      };
    }
    case 'spin': {
      const S = spinOrbital(cm, spec.axis);
      return {
        name: `spin-${'xyz'[spec.axis]}${where}`,
        lambda: -1,
        unit: '1',
        eigen: (c) => {
          const s = toEigenbasis(c.nb, c.U, S);
          return sites ? symProduct(c.nb, s, projector(c, sites)) : s;
        },
      };
    }
    case 'site-density': {
      return {
        name: `site-density${where}`,
        lambda: 1,
        unit: '1',
        eigen: (c) => {
          if (!sites) {
            const out = new Float64Array(2 * c.nb * c.nb);
            for (let n = 0; n < c.nb; n++) out[(n * c.nb + n) * 2] = 1;
            return out;
          }
          return projector(c, sites);
        },
      };
    }
    default:
      throw new Error(`unknown operator kind '${(spec as { kind: string }).kind}'`);
  }
}

export interface ResponseOptions {
  /** k-points: ribbon N_k; bulk n (n×n) or [n1, n2]. Half-step shifted uniform grids (k ↔ −k symmetric). */
  nk: number | [number, number];
  /** Chemical potential (eV). */
  mu: number;
  /** Temperature (K); 0 allowed (then f′ = 0: no Fermi-surface part). */
  T: number;
  /** ħω (eV), default 0. */
  omega?: number;
  /** Broadening η (eV), default 0; or give `tau`. */
  eta?: number;
  /** Relaxation time (s): η = ħ/τ. */
  tau?: number;
  backend?: Backend;
  degeneracyThreshold?: number;
  batch?: number;
  /** Checked before each k-point: once aborted, throws `OrbitronicsError` 'ABORTED' (see `RibbonEvalOptions.signal`). */
  signal?: AbortSignal;
}

export interface Complex {
  re: number;
  im: number;
}

export interface ChiResult {
  A: string;
  B: string;
  lambdaA: 1 | -1;
  lambdaB: 1 | -1;
  value: Complex;
  parts: { inter: Complex; intra: Complex };
  /** unit(A)·unit(B)/eV per Å (ribbon) or per Å² (bulk). */
  unit: string;
  omega: number;
  eta: number;
}

/** k-points (Cartesian, padded to 3) of the half-shifted grid for the model. */
export function responseKGrid(cm: CompiledModel, nk: number | [number, number]): Float64Array {
  if (cm.dim === 1) {
    const n = typeof nk === 'number' ? nk : nk[0];
    const ks = ribbonKGrid(Math.abs(cm.lattice[0]!), n);
    const out = new Float64Array(3 * n);
    for (let j = 0; j < n; j++) out[3 * j] = ks[j]!;
    return out;
  }
  if (cm.dim !== 2) throw new Error('response: 1D (ribbon) or 2D models only');
  const [n1, n2] = typeof nk === 'number' ? [nk, nk] : nk;
  const b = cm.reciprocal;
  const out = new Float64Array(3 * n1 * n2);
  let q = 0;
  for (let a = 0; a < n1; a++)
    for (let c = 0; c < n2; c++) {
      const s1 = (a + 0.5) / n1, s2 = (c + 0.5) / n2;
      out[3 * q] = s1 * b[0]! + s2 * b[3]!;
      out[3 * q + 1] = s1 * b[1]! + s2 * b[4]!;
      q++;
    }
  return out;
}

/**
 * Visits every k of the grid with its eigen-data (any backend; needs eigenvectors + velocity).
 * Exported for torque.ts and tests.
 */
export function forEachResponseK(
  model: TightBindingModel | CompiledModel,
  kpts: Float64Array,
  visit: (ctx: KContext) => void,
  options: { backend?: Backend; degeneracyThreshold?: number; batch?: number; signal?: AbortSignal } = {},
): void {
  const cm = asCompiled(model);
  const ribbon = ribbonMetaOf(cm);
  const backend = options.backend ?? createTsBackend();
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const batch = options.batch ?? 16;
  const nb = cm.nb, dim = cm.dim, nn2 = 2 * nb * nb;
  const nkTot = kpts.length / 3;
  throwIfAborted(options.signal);
  for (let start = 0; start < nkTot; start += batch) {
    throwIfAborted(options.signal);
    const nk = Math.min(batch, nkTot - start);
    const k = kpts.slice(3 * start, 3 * (start + nk));
    const out = backend.evaluate(cm, { nk, k }, { eigenvectors: true, velocity: true }, { degeneracyThreshold: thr });
    // copy the whole batch first: visitors may call the backend again (views alias its memory)
    const E = out.energies.slice(0, nk * nb), UU = out.eigenvectors!.slice(0, nk * nn2), V = out.velocity!.slice(0, nk * dim * nn2);
    for (let i = 0; i < nk; i++) {
      throwIfAborted(options.signal);
      const energies = E.subarray(i * nb, (i + 1) * nb);
      const U = UU.subarray(i * nn2, (i + 1) * nn2);
      const h: Float64Array[] = [];
      for (let a = 0; a < dim; a++) h.push(V.subarray((i * dim + a) * nn2, (i * dim + a + 1) * nn2));
      const kc = Array.from(k.subarray(3 * i, 3 * i + dim));
      let el: RibbonMatrixElements | null = null;
      visit({
        k: kc,
        nb,
        dim,
        energies,
        U,
        h,
        model: cm,
        ribbon,
        degeneracyThreshold: thr,
        elements: () => {
          if (!ribbon) throw new Error('ribbon matrix elements requested for a bulk model');
          el ??= matrixElementsFromEigen(nb, kc[0]!, energies, U, h[0]!, ribbon.transverse, thr);
          return el;
        },
      });
    }
  }
}

/** Covariant Berry connection Ã^a_nl = i h^a_nl/(εₗ − εₙ) (non-degenerate n ≠ l), 0 otherwise. */
export function connection(ctx: KContext, axis: number): Float64Array {
  const nb = ctx.nb, h = ctx.h[axis]!, e = ctx.energies, out = new Float64Array(2 * nb * nb);
  for (let n = 0; n < nb; n++)
    for (let l = 0; l < nb; l++) {
      const de = e[l]! - e[n]!;
      if (n === l || Math.abs(de) < ctx.degeneracyThreshold) continue;
      const o = (n * nb + l) * 2;
      out[o] = -h[o + 1]! / de;
      out[o + 1] = h[o]! / de;
    }
  return out;
}

function matrixOf(op: ResponseOperator, ctx: KContext): Float64Array {
  if (op.periodicAxis !== undefined) {
    if (op.periodicAxis >= ctx.dim) throw new Error(`operator ${op.name}: axis ${op.periodicAxis} is not periodic in a ${ctx.dim}D model`);
    return connection(ctx, op.periodicAxis);
  }
  if (op.eigen) return op.eigen(ctx);
  if (op.orbital) return toEigenbasis(ctx.nb, ctx.U, op.orbital(ctx.k, ctx.nb));
  throw new Error(`operator ${op.name}: neither eigen nor orbital given`);
}

const cmul = (ar: number, ai: number, br: number, bi: number): [number, number] => [ar * br - ai * bi, ar * bi + ai * br];

function etaOf(o: ResponseOptions): number {
  if (o.tau !== undefined && o.eta !== undefined) throw new Error('response: give eta or tau, not both');
  if (o.tau !== undefined) {
    if (!(o.tau > 0)) throw new Error('response: tau must be > 0');
    return HBAR_EV_S / o.tau;
  }
  return o.eta ?? 0;
}

/**
 * χ_{A,B}(ω) for several (A, B) pairs with one diagonalisation per k (Eqs. 17–18). See the file
 * comment for the parts and the periodic-position limit.
 */
export function chiPairs(model: TightBindingModel | CompiledModel, pairs: Array<[OperatorSpec, OperatorSpec]>, options: ResponseOptions): ChiResult[] {
  const cm = asCompiled(model);
  const ops = pairs.map(([a, b]) => [resolveOperator(cm, a), resolveOperator(cm, b)] as const);
  const omega = options.omega ?? 0;
  const eta = etaOf(options);
  const zr = omega, zi = eta;
  const z0 = zr === 0 && zi === 0;
  for (const [A, B] of ops) {
    if (A.periodicAxis !== undefined && B.periodicAxis !== undefined) throw new Error(`χ(${A.name}, ${B.name}): both operators are positions along periodic directions (unbounded)`);
    if ((A.periodicAxis !== undefined || B.periodicAxis !== undefined) && z0)
      throw new Error(`χ(${A.name}, ${B.name}): a position along a periodic direction needs ω + iη ≠ 0 (the intraband part ∝ 1/η = τ/ħ diverges in the clean static limit); give eta or tau`);
  }
  const kT = BOLTZMANN_EV_K * options.T;
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const nb = cm.nb;
  const acc = ops.map(() => ({ ir: 0, ii: 0, ar: 0, ai: 0 }));
  const kpts = responseKGrid(cm, options.nk);
  const f = new Float64Array(nb), fp = new Float64Array(nb);
  forEachResponseK(cm, kpts, (ctx) => {
    const e = ctx.energies;
    for (let n = 0; n < nb; n++) {
      f[n] = fermi(e[n]!, options.mu, kT);
      fp[n] = fermiDerivative(e[n]!, options.mu, kT);
    }
    const cache = new Map<ResponseOperator, Float64Array>();
    const get = (op: ResponseOperator) => {
      let m = cache.get(op);
      if (!m) cache.set(op, (m = matrixOf(op, ctx)));
      return m;
    };
    ops.forEach(([A, B], p) => {
      const Am = get(A), Bm = get(B);
      const s = acc[p]!;
      const hA = A.periodicAxis !== undefined ? ctx.h[A.periodicAxis]! : null;
      const hB = B.periodicAxis !== undefined ? ctx.h[B.periodicAxis]! : null;
      for (let n = 0; n < nb; n++)
        for (let l = 0; l < nb; l++) {
          const o = (n * nb + l) * 2, q = (l * nb + n) * 2;
          const de = e[n]! - e[l]!;
          if (n !== l && Math.abs(de) >= thr) {
            const df = f[n]! - f[l]!;
            if (df === 0) continue;
            // L = df/(de + z)
            const dr = de + zr, den = dr * dr + zi * zi;
            const Lr = (df * dr) / den, Li = (-df * zi) / den;
            const [pr, pi] = cmul(Am[o]!, Am[o + 1]!, Bm[q]!, Bm[q + 1]!);
            s.ir += Lr * pr - Li * pi;
            s.ii += Lr * pi + Li * pr;
          } else {
            if (fp[n] === 0) continue;
            if (hB) {
              // (i/z) f′ A_nl h_ln
              const [pr, pi] = cmul(Am[o]!, Am[o + 1]!, hB[q]!, hB[q + 1]!);
              const den = zr * zr + zi * zi;
              // i/z = i(zr − i zi)/|z|² = (zi + i zr)/|z|²
              const cr = zi / den, ci = zr / den;
              s.ar += fp[n]! * (cr * pr - ci * pi);
              s.ai += fp[n]! * (cr * pi + ci * pr);
            } else if (hA) {
              const [pr, pi] = cmul(hA[o]!, hA[o + 1]!, Bm[q]!, Bm[q + 1]!);
              const den = zr * zr + zi * zi;
              const cr = -zi / den, ci = -zr / den;
              s.ar += fp[n]! * (cr * pr - ci * pi);
              s.ai += fp[n]! * (cr * pi + ci * pr);
            } else if (z0) {
              const [pr, pi] = cmul(Am[o]!, Am[o + 1]!, Bm[q]!, Bm[q + 1]!);
              s.ar += fp[n]! * pr;
              s.ai += fp[n]! * pi;
            }
          }
        }
    });
  }, options);
  const norm = 1 / ((kpts.length / 3) * cm.cellMeasure);
  const per = cm.dim === 1 ? 'per Å' : 'per Å^2';
  return ops.map(([A, B], p) => {
    const s = acc[p]!;
    const inter = { re: s.ir * norm, im: s.ii * norm }, intra = { re: s.ar * norm, im: s.ai * norm };
    return {
      A: A.name,
      B: B.name,
      lambdaA: A.lambda,
      lambdaB: B.lambda,
      value: { re: inter.re + intra.re, im: inter.im + intra.im },
      parts: { inter, intra },
      unit: `${A.unit}·${B.unit}/eV ${per}`,
      omega,
      eta,
    };
  });
}

/** χ_{A,B}(ω), paper 002 Eqs. 17–18 (see chiPairs). */
export function chi(model: TightBindingModel | CompiledModel, A: OperatorSpec, B: OperatorSpec, options: ResponseOptions): ChiResult {
  return chiPairs(model, [[A, B]], options)[0]!;
}

export interface ReciprocityResult {
  chiAB: ChiResult;
  chiBA: ChiResult;
  lambdaA: 1 | -1;
  lambdaB: 1 | -1;
  /** Left side χ_{A,B}. */
  lhs: Complex;
  /** Right side λ_Aλ_B χ_{B,A} (Eq. 23 / S6; S5 with Hermitian operators). */
  rhs: Complex;
  /** |lhs − rhs|. */
  violation: number;
  /** |lhs − rhs| / max(|lhs|, |rhs|) (0 when both vanish). */
  relative: number;
  /** Same for each part. */
  partsViolation: { inter: number; intra: number };
}

/**
 * The microscopic reciprocity relation (paper 002 Eq. 22/23, S5–S6): in a time-reversal invariant
 * system χ_{A,B}(ω) = λ_Aλ_B χ_{B,A}(ω) for Hermitian A, B of definite TR parity. Returns both sides.
 */
export function reciprocity(model: TightBindingModel | CompiledModel, A: OperatorSpec, B: OperatorSpec, options: ResponseOptions): ReciprocityResult {
  const [ab, ba] = chiPairs(model, [[A, B], [B, A]], options) as [ChiResult, ChiResult];
  const s = ab.lambdaA * ab.lambdaB;
  const rhs = { re: s * ba.value.re, im: s * ba.value.im };
  const abs = (c: Complex) => Math.hypot(c.re, c.im);
  const diff = (x: Complex, y: Complex) => Math.hypot(x.re - y.re, x.im - y.im);
  const violation = diff(ab.value, rhs);
  const scale = Math.max(abs(ab.value), abs(rhs));
  const sc = (c: Complex) => ({ re: s * c.re, im: s * c.im });
  return {
    chiAB: ab,
    chiBA: ba,
    lambdaA: ab.lambdaA,
    lambdaB: ab.lambdaB,
    lhs: ab.value,
    rhs,
    violation,
    relative: scale > 0 ? violation / scale : 0,
    partsViolation: { inter: diff(ab.parts.inter, sc(ba.parts.inter)), intra: diff(ab.parts.intra, sc(ba.parts.intra)) },
  };
}
