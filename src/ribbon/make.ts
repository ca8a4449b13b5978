/**
 * Ribbons: a 2D tight-binding model cut to W cells across one lattice direction, kept periodic
 * along the other (docs/ribbon.md). The result is an ordinary 1D `TightBindingModel` that compiles
 * with `compileModel` and runs on any backend; the transverse (Cartesian y) position of every
 * orbital is kept in `model.meta.ribbon`.
 *
 * Geometry: the lattice vector a_along is rotated onto +x (a proper rotation, no reflection, so the
 * z components of axial quantities keep their sign). The transverse lattice vector then has a
 * nonzero y component b = A_cell/|a_along| (it may be negative: cells are stacked along ±y);
 * y is measured from the ribbon centre (midpoint between the lowest and the highest orbital).
 * Phases follow convention I (DESIGN §2) with the rotated x coordinate of each orbital.
 */
import type { Hopping, TightBindingModel } from '../model/types.js';
import { OrbitronicsError } from '../errors.js';

/** How a ribbon was cut (stored in the ribbon model's `meta`): width, periodic direction, cell geometry. */
export interface RibbonMeta {
  /** Number of cells across the ribbon. */
  width: number;
  /** Which lattice vector (of the possibly supercelled model) is kept periodic. */
  along: 0 | 1;
  /** |a_along| (Å): the ribbon's lattice constant. */
  length: number;
  /** Signed y component (Å) of the transverse lattice vector after the rotation: cell c sits at c·cellWidth. */
  cellWidth: number;
  /** Physical width W·|cellWidth| (Å), the width used for densities per area. */
  physicalWidth: number;
  /** Area of one cell of the (supercelled) 2D lattice (Å²). */
  cellArea: number;
  /** Cartesian y (Å) of each ribbon orbital, measured from the ribbon centre. */
  transverse: number[];
  /** Cartesian x (Å) of each ribbon orbital after the rotation (before wrapping into the cell). */
  longitudinal: number[];
  /** Transverse cell index (0 … W−1) of each ribbon orbital. */
  cellOf: number[];
  /** Orbital index in the (supercelled) 2D model of each ribbon orbital. */
  orbitalOf: number[];
  /** Rotation angle (rad) applied to the Cartesian coordinates. */
  rotation: number;
  /** Integer supercell matrix used before cutting (rows: new lattice vectors in old ones), or null. */
  supercell: number[][] | null;
  /** true when the transverse direction was closed periodically (a cylinder: no edges, for tests). */
  closed: boolean;
}

/** Options of `makeRibbon`: the periodic lattice vector, the width in cells, an optional supercell. */
export interface RibbonOptions {
  /** Lattice vector kept periodic (0 or 1), of the supercelled model if `supercell` is given. */
  along: 0 | 1;
  /** Cells across (≥ 1). */
  width: number;
  /**
   * Optional integer 2×2 supercell matrix applied first (rows = new lattice vectors in units of the
   * old ones, det ≠ 0). This chooses the edge termination: for the honeycomb lattice with
   * a₁ = (1,0), a₂ = (½,√3/2), `along: 0` gives zigzag edges and `supercell: [[1,1],[-1,1]]`
   * with `along: 0` gives armchair edges.
   */
  supercell?: number[][];
  /** Close the transverse direction periodically (cylinder, no edges). For tests: its spectrum is the bulk one at k_⊥ = 2πj/W. */
  closed?: boolean;
}

const EPS = 1e-9;

/** The 2D model re-expressed on the supercell lattice a'_i = Σ_j M_ij a_j (same physics, more orbitals). */
export function makeSupercell(model: TightBindingModel, M: number[][]): TightBindingModel {
  if (model.dim !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', `makeSupercell: only 2D models are supported (model '${model.name}' has dim ${model.dim})`);
  const [m00, m01] = M[0]!;
  const [m10, m11] = M[1]!;
  if (![m00, m01, m10, m11].every((x) => Number.isInteger(x))) throw new OrbitronicsError('ARGUMENT_INVALID', 'makeSupercell: the supercell matrix must be integer', { where: '--supercell' });
  const det = m00! * m11! - m01! * m10!;
  if (det === 0) throw new OrbitronicsError('ARGUMENT_INVALID', 'makeSupercell: singular supercell matrix (determinant 0)', { where: '--supercell' });
  const n = Math.abs(det);
  // s = x · M⁻¹ for a row vector x in old reduced coordinates
  const inv = [[m11! / det, -m01! / det], [-m10! / det, m00! / det]];
  const toNew = (x: number[]): number[] => [x[0]! * inv[0]![0]! + x[1]! * inv[1]![0]!, x[0]! * inv[0]![1]! + x[1]! * inv[1]![1]!];
  const norb = model.orbitals.length;
  const key = (o: number, c0: number, c1: number) => `${o}:${c0}:${c1}`;
  const index = new Map<string, number>();
  const orbitals: number[][] = [];
  const origin: Array<{ o: number; c: [number, number] }> = [];
  const span = Math.abs(m00!) + Math.abs(m01!) + Math.abs(m10!) + Math.abs(m11!) + 1;
  for (let c0 = -span; c0 <= span; c0++)
    for (let c1 = -span; c1 <= span; c1++)
      for (let o = 0; o < norb; o++) {
        const tau = model.orbitals[o]!;
        const s = toNew([c0 + tau[0]!, c1 + tau[1]!]);
        if (s[0]! < -EPS || s[0]! >= 1 - EPS || s[1]! < -EPS || s[1]! >= 1 - EPS) continue;
        index.set(key(o, c0, c1), orbitals.length);
        orbitals.push([Math.abs(s[0]!) < EPS ? 0 : s[0]!, Math.abs(s[1]!) < EPS ? 0 : s[1]!]);
        origin.push({ o, c: [c0, c1] });
      }
  if (orbitals.length !== n * norb) throw new Error(`makeSupercell: found ${orbitals.length} orbitals, expected ${n * norb}`);
  const lattice = [0, 1].map((i) => [0, 1].map((c) => M[i]![0]! * model.lattice[0]![c]! + M[i]![1]! * model.lattice[1]![c]!));
  const hoppings: Hopping[] = [];
  for (let I = 0; I < orbitals.length; I++) {
    const { o, c } = origin[I]!;
    for (const h of model.hoppings) {
      if (h.to !== o) continue;
      // partner: orbital h.from in old cell c + R
      const cf = [c[0] + h.R[0]!, c[1] + h.R[1]!];
      const tauF = model.orbitals[h.from]!;
      const s = toNew([cf[0]! + tauF[0]!, cf[1]! + tauF[1]!]);
      const R = [Math.floor(s[0]! + EPS), Math.floor(s[1]! + EPS)];
      // old cell of the partner's image in the home supercell: cf − R·M
      const h0 = cf[0]! - (R[0]! * m00! + R[1]! * m10!);
      const h1 = cf[1]! - (R[0]! * m01! + R[1]! * m11!);
      const J = index.get(key(h.from, h0, h1));
      if (J === undefined) throw new Error('makeSupercell: internal error (partner orbital not found)');
      hoppings.push({ from: J, to: I, R, t: [h.t[0], h.t[1]] });
    }
  }
  const onsite = origin.map(({ o }) => model.onsite[o]!);
  const out: TightBindingModel = {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: `${model.name}-supercell`,
    dim: 2,
    lattice,
    orbitals,
    onsite,
    hoppings,
    hermitian: model.hermitian,
    meta: { ...(model.meta ?? {}), supercell: M.map((r) => [...r]) },
  };
  if (model.spin) throw new OrbitronicsError('ARGUMENT_INVALID', 'makeSupercell: models with spin matrices are not supported yet');
  return out;
}

/** Cartesian position (rows of the lattice) of reduced coordinates x. */
function cart(lattice: number[][], x: number[]): [number, number] {
  return [x[0]! * lattice[0]![0]! + x[1]! * lattice[1]![0]!, x[0]! * lattice[0]![1]! + x[1]! * lattice[1]![1]!];
}

/**
 * Cuts a 2D tight-binding model into a ribbon: periodic along lattice vector `along`, `width` cells
 * across the other one, hoppings that leave the ribbon dropped (open edges).
 */
export function makeRibbon(model: TightBindingModel, options: RibbonOptions): TightBindingModel {
  if (model.kind !== 'tight-binding' || model.dim !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', `makeRibbon: a 2D tight-binding model is required (got '${model.name}', dim ${model.dim})`);
  const W = options.width;
  if (!Number.isInteger(W) || W < 1) throw new Error(`makeRibbon: width must be a positive integer (got ${W})`);
  if (options.along !== 0 && options.along !== 1) throw new Error('makeRibbon: along must be 0 or 1');
  const base = options.supercell ? makeSupercell(model, options.supercell) : model;
  const along = options.along;
  const tr = (1 - along) as 0 | 1;
  const norb = base.orbitals.length;
  const a = base.lattice[along]!;
  const length = Math.hypot(a[0]!, a[1]!);
  const rotation = -Math.atan2(a[1]!, a[0]!);
  const cs = Math.cos(rotation), sn = Math.sin(rotation);
  const rot = (p: [number, number]): [number, number] => [cs * p[0] - sn * p[1], sn * p[0] + cs * p[1]];
  const bt = rot(cart(base.lattice, tr === 0 ? [1, 0] : [0, 1]));
  const cellWidth = bt[1];
  const cellArea = Math.abs(base.lattice[0]![0]! * base.lattice[1]![1]! - base.lattice[0]![1]! * base.lattice[1]![0]!);

  const xs: number[] = [], ys: number[] = [], cellOf: number[] = [], orbitalOf: number[] = [];
  for (let c = 0; c < W; c++)
    for (let o = 0; o < norb; o++) {
      const red = [...base.orbitals[o]!];
      red[tr] = red[tr]! + c;
      const p = rot(cart(base.lattice, red));
      xs.push(p[0]);
      ys.push(p[1]);
      cellOf.push(c);
      orbitalOf.push(o);
    }
  const ymin = Math.min(...ys), ymax = Math.max(...ys);
  const yc = 0.5 * (ymin + ymax);
  const transverse = ys.map((y) => y - yc);
  // reduced x along the ribbon, wrapped into [0, 1); R is corrected so that R + τ_from − τ_to is unchanged
  const shift: number[] = [], red1: number[] = [];
  for (const x of xs) {
    const s = x / length;
    const f = Math.floor(s + EPS);
    shift.push(f);
    red1.push(Math.abs(s - f) < EPS ? 0 : s - f);
  }
  const hoppings: Hopping[] = [];
  for (const h of base.hoppings) {
    for (let c = 0; c < W; c++) {
      let cf = c + h.R[tr]!;
      if (cf < 0 || cf >= W) {
        if (!options.closed) continue;
        cf = ((cf % W) + W) % W;
      }
      const to = c * norb + h.to, from = cf * norb + h.from;
      const R = h.R[along]! + shift[from]! - shift[to]!;
      hoppings.push({ from, to, R: [R], t: [h.t[0], h.t[1]] });
    }
  }
  let spin: TightBindingModel['spin'] = null;
  if (base.spin) {
    spin = base.spin.map((S) => {
      const n = W * norb;
      const out = Array.from({ length: n }, () => Array.from({ length: n }, () => [0, 0] as [number, number]));
      for (let c = 0; c < W; c++)
        for (let i = 0; i < norb; i++) for (let j = 0; j < norb; j++) out[c * norb + i]![c * norb + j] = [S[i]![j]![0], S[i]![j]![1]];
      return out;
    }) as TightBindingModel['spin'];
  }
  const meta: RibbonMeta = {
    width: W,
    along,
    length,
    cellWidth,
    physicalWidth: W * Math.abs(cellWidth),
    cellArea,
    transverse,
    longitudinal: xs,
    cellOf,
    orbitalOf,
    rotation,
    supercell: options.supercell ? options.supercell.map((r) => [...r]) : null,
    closed: !!options.closed,
  };
  const onsite: number[] = [];
  for (let c = 0; c < W; c++) for (let o = 0; o < norb; o++) onsite.push(base.onsite[o]!);
  return {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: `${model.name}-ribbon-${along === 0 ? 'a1' : 'a2'}-W${W}`,
    dim: 1,
    lattice: [[length]],
    orbitals: red1.map((x) => [x]),
    onsite,
    hoppings,
    hermitian: base.hermitian,
    spin,
    meta: { ...(model.meta ?? {}), ribbon: meta },
  };
}

/** The ribbon metadata of a model made by `makeRibbon` (throws otherwise). */
export function ribbonMeta(model: { meta?: Record<string, unknown> } | { source: { meta?: Record<string, unknown> } }): RibbonMeta {
  const meta = 'source' in model ? model.source.meta : model.meta;
  const r = meta?.['ribbon'] as RibbonMeta | undefined;
  if (!r || !Array.isArray(r.transverse)) throw new Error('not a ribbon model: meta.ribbon is missing (build it with makeRibbon)');
  return r;
}
