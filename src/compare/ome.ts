/**
 * The orbital magneto-electric response of a 2D model, side by side (`orbitronics compare-ome`,
 * docs/physics-003-004.md), as K = ∂⟨(r×v)_z⟩/∂(eE_Ê) in Å (the oracle's quantity; the orbital
 * magnetisation per field is ΔM_z/E = −(e/2)K, `K_TO_NM_PER_OHM` → nm/Ω) from
 *   - paper 003: χ^int (semiclassical, Eqs. 8, 11; `chi-int`),
 *   - paper 004: the magnetoelectric tensor F (Eqs. 9–10; `kinetic-magnetization` orbital part):
 *     corrected (sign and hermitian index reading) and as printed,
 *   - paper 001: the Ξ formalism (`ome`): the physical total −(L_d + L_IC + LC_Eq51), and 001's own
 *     reading (L_d + L_IC + LC3 in its sign, `paper-reading`),
 *   - the exact ribbon oracle (src/ribbon), where it applies: tight-binding models, μ in a global gap
 *     of the bulk bands and zero Chern number of the filled bands (otherwise edge states cross μ and
 *     the ribbon response is not extensive; a metal's static ribbon response lacks the Fermi-surface
 *     physics). Where it does not apply the column is null and a note says why.
 *
 * Geometry of the ribbon: periodic along a lattice vector a ⟂ E (a unimodular supercell when needed);
 * makeRibbon rotates a onto +x, so the field across the ribbon is along ẑ × â and K_E = s·slope with
 * s = (ẑ × â)·Ê = ±1.
 */
import type { Backend } from '../backend/backend.js';
import { OrbitronicsError } from '../errors.js';
import { compute } from '../integrate/compute.js';
import { monkhorstPack } from '../kspace/grid.js';
import type { CompiledModel, Model, TightBindingModel } from '../model/types.js';
import { magnetizationPerField } from '../physics/units.js';
import type { ComputeResult } from '../result.js';
import { forEachK, makeRibbon, ribbonKGrid, ribbonMeta, ribbonOracle, type RibbonOracleResult } from '../ribbon/index.js';
import { compileModel } from '../model/compile.js';

export interface RibbonGeometry {
  along: 0 | 1;
  supercell?: number[][];
  /** K along Ê = sign × oracle slope. */
  sign: 1 | -1;
  /** The lattice vector kept periodic, in units of a₁, a₂. */
  vector: [number, number];
}

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

/** A ribbon orientation with the field across it: periodic along n₁a₁ + n₂a₂ ⟂ Ê (|nᵢ| ≤ 6). */
export function ribbonForField(c: CompiledModel, E: 0 | 1): RibbonGeometry {
  const a1 = [c.lattice[0]!, c.lattice[1]!];
  const a2 = [c.lattice[3]!, c.lattice[4]!];
  const scale = Math.hypot(a1[0]!, a1[1]!) + Math.hypot(a2[0]!, a2[1]!);
  let best: { n: [number, number]; len: number } | null = null;
  for (let n1 = -6; n1 <= 6; n1++)
    for (let n2 = -6; n2 <= 6; n2++) {
      // one of ±v (the same ribbon; the sign is in `sign`), coprime
      if (!(n1 > 0 || (n1 === 0 && n2 > 0)) || gcd(n1, n2) !== 1) continue;
      const v = [n1 * a1[0]! + n2 * a2[0]!, n1 * a1[1]! + n2 * a2[1]!];
      // v ⟂ Ê: its E component vanishes
      if (Math.abs(v[E]!) > 1e-9 * scale) continue;
      const len = Math.hypot(v[0]!, v[1]!);
      if (!best || len < best.len - 1e-12) best = { n: [n1, n2], len };
    }
  if (!best)
    throw new OrbitronicsError('ARGUMENT_INVALID', `no short lattice vector of '${c.name}' is perpendicular to E ∥ ${'xy'[E]}, so no ribbon has the field across it.`, { where: '--E' });
  const [n1, n2] = best.n;
  const v = [n1 * a1[0]! + n2 * a2[0]!, n1 * a1[1]! + n2 * a2[1]!];
  const across = [-v[1]! / best.len, v[0]! / best.len]; // ẑ × â
  const sign = (across[E]! > 0 ? 1 : -1) as 1 | -1;
  if (n1 === 1 && n2 === 0) return { along: 0, sign, vector: [n1, n2] };
  if (n1 === 0 && n2 === 1) return { along: 1, sign, vector: [n1, n2] };
  // unimodular completion [n1 n2; m1 m2]: n1 m2 − n2 m1 = ±1
  for (let m1 = -6; m1 <= 6; m1++)
    for (let m2 = -6; m2 <= 6; m2++)
      if (Math.abs(n1 * m2 - n2 * m1) === 1) return { along: 0, supercell: [[n1, n2], [m1, m2]], sign, vector: [n1, n2] };
  throw new OrbitronicsError('INTERNAL', `no unimodular supercell completes (${n1}, ${n2}).`);
}

/** K = ∂⟨(r×v)_z⟩/∂(eE) (Å) → ΔM_z/E in nm/Ω (2D). */
export const K_TO_NM_PER_OHM = magnetizationPerField(1, 2) * 1e9;

/** The columns, in order: key → label. Values are K (Å). */
export const COLUMNS = {
  ribbon: 'exact ribbon oracle',
  chiInt: '003 χ^int',
  fCorrected: '004 F (sign + hermitian reading)',
  fPrinted: '004 F as printed',
  xiTotal: '001 Ξ total (literal Eq. 51)',
  xiPaper: '001 Ξ, paper reading (LC3, 001 sign)',
  exact: '`ome` value + fermi-surface: the exact response of a ribbon along the field (metals; direction-dependent)',
} as const;
export type ColumnKey = keyof typeof COLUMNS;

export interface CompareOmeOptions {
  E: 0 | 1;
  mu: number[];
  /** Bulk k-grid (tight-binding [N, N]; k·p [NTHETA, NR]); default: compute's default. */
  grid?: number[];
  /** Ribbon widths (cells) for the oracle's slope, and k-points along the ribbon. */
  widths: number[];
  nk: number;
  backend: Backend;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface CompareOmeData {
  E: 0 | 1;
  mu: number[];
  unit: 'Å';
  /** K (Å) per column and μ (ribbon: null where the oracle does not apply); × K_TO_NM_PER_OHM → ΔM_z/E in nm/Ω. */
  columns: Record<ColumnKey, Array<number | null>>;
  /** Per μ: why the oracle does not apply (null where it does). */
  oracle: Array<string | null>;
  ribbon: { geometry: RibbonGeometry | null; results: Array<RibbonOracleResult | null> };
  /** The underlying bulk result (chi-int, ome, kinetic-magnetization, chern for tight-binding models). */
  bulk: ComputeResult;
  /** Band edges [min, max] per band on the bulk grid (tight-binding), for the gap test. */
  bandRanges: Array<[number, number]> | null;
  notes: string[];
}

/**
 * All eigenvalues of the oracle's ribbons (every width, the oracle's k-points), sorted: at T = 0 the
 * oracle depends on μ only through which of them lie below μ, so two μ with the same count give
 * the same result exactly (edge states in the bulk gap included).
 */
function ribbonLevels(model: TightBindingModel, geo: RibbonGeometry, widths: number[], nk: number, backend: Backend): Float64Array {
  const all: number[] = [];
  for (const W of widths) {
    const r = makeRibbon(model, { along: geo.along, width: W, supercell: geo.supercell });
    forEachK(compileModel(r), ribbonKGrid(ribbonMeta(r).length, nk), (d) => {
      for (const e of d.energies) all.push(e);
    }, { backend });
  }
  return Float64Array.from(all).sort();
}

/** Number of entries of a sorted array below x. */
function countBelow(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** μ within this distance (eV) of a band edge (on the energy grid) is not treated as in a gap. */
export const EDGE_MARGIN = 0.01;

/** Per-band energy ranges [min, max] (eV) on an n×n Monkhorst–Pack grid (2D). */
export function bandRanges(model: CompiledModel, n: number, backend: Backend): Array<[number, number]> {
  const s = monkhorstPack(model, [n, n]);
  const out: Array<[number, number]> = Array.from({ length: model.nb }, () => [Infinity, -Infinity]);
  for (let st = 0; st < s.size; st += 4096) {
    const kb = s.batch(st, Math.min(4096, s.size - st));
    const e = backend.evaluate(model, kb, {}).energies;
    for (let i = 0; i < kb.nk; i++)
      for (let b = 0; b < model.nb; b++) {
        const x = e[i * model.nb + b]!;
        if (x < out[b]![0]) out[b]![0] = x;
        if (x > out[b]![1]) out[b]![1] = x;
      }
  }
  return out;
}

export async function compareOmeData(model: Model, compiled: CompiledModel, o: CompareOmeOptions): Promise<CompareOmeData> {
  if (compiled.dim !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', `compare-ome compares 2D orbital magneto-electric responses; '${compiled.name}' is ${compiled.dim}D.`, { where: '--model' });
  const tb = model.kind === 'tight-binding';
  const observables = ['chi-int', 'ome', 'kinetic-magnetization', ...(tb ? ['chern'] : [])];
  const bulk = await compute({ model: compiled, observables, grid: o.grid, mu: o.mu, T: 0, backend: o.backend, threads: 1, params: { E: o.E }, signal: o.signal, onProgress: (p) => o.onProgress?.(0.5 * p.fraction) });
  const notes: string[] = [];
  const chi = bulk.get('chi-int'), ome = bulk.get('ome'), kin = bulk.get('kinetic-magnetization');
  const chiK = chi.conversions['Å per eE']!, omeK = ome.conversions['Å per eE']!;
  const kinK = 1 / magnetizationPerField(1, 2); // A per V/m → K
  const n = o.mu.length;
  const col = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const part = (r: typeof ome, p: string, i: number, c: number) => r.partsData[p]![i * r.components.length + c]!;
  const columns: Record<ColumnKey, Array<number | null>> = {
    ribbon: new Array<number | null>(n).fill(null),
    chiInt: col((i) => chi.at(i, o.E) * chiK),
    fCorrected: col((i) => part(kin, 'orbital', i, 2) * kinK),
    fPrinted: col((i) => part(kin, 'orbital-literal', i, 2) * kinK),
    xiTotal: col((i) => ome.at(i) * omeK),
    xiPaper: col((i) => part(ome, 'paper-reading', i, 0) * omeK),
    exact: col((i) => (ome.at(i) + part(ome, 'fermi-surface', i, 0)) * omeK),
  };
  const oracle: Array<string | null> = new Array<string | null>(n).fill(null);
  const results: Array<RibbonOracleResult | null> = new Array<RibbonOracleResult | null>(n).fill(null);
  let geometry: RibbonGeometry | null = null;
  let ranges: Array<[number, number]> | null = null;
  if (!tb) {
    oracle.fill('k·p model: the ribbon oracle needs a lattice');
    notes.push('the exact ribbon oracle needs a tight-binding model: only the bulk formalisms are compared');
  } else {
    // band edges from energies alone on a fine grid; μ closer than EDGE_MARGIN to one counts as in the band
    ranges = bandRanges(compiled, Math.max(240, o.grid?.[0] ?? 0), o.backend);
    const chern = bulk.get('chern');
    geometry = ribbonForField(compiled, o.E);
    for (let i = 0; i < n; i++) {
      const mu = o.mu[i]!;
      const hit = ranges.findIndex(([lo, hi]) => mu >= lo - EDGE_MARGIN && mu <= hi + EDGE_MARGIN);
      if (hit >= 0) oracle[i] = `metal (μ in band ${hit}, or within ${EDGE_MARGIN * 1e3} meV of its edge): the static ribbon response is the isothermal limit; the driven-ribbon reference (ribbonDrivenOracle, \`ribbon --observable ome-exact --eta\`, docs/ribbon.md §15) gives 003/001 plus the direction-dependent Fermi-surface term \`fermi-surface\` (column "ribbon ∥ E")`;
      else if (Math.abs(chern.at(i)) > 0.5) oracle[i] = `Chern insulator (C = ${Math.round(chern.at(i))}): edge states cross μ, the ribbon response is not extensive`;
    }
    const todo = o.mu.map((_, i) => i).filter((i) => oracle[i] === null);
    const unconverged: number[] = [];
    // μ values with the same ribbon levels below them share one oracle run (exact at T = 0)
    const levels = todo.length > 1 ? ribbonLevels(model as TightBindingModel, geometry, o.widths, o.nk, o.backend) : null;
    const byCount = new Map<number, RibbonOracleResult>();
    for (const [j, i] of todo.entries()) {
      if (o.signal?.aborted) throw new OrbitronicsError('ABORTED', 'the computation was aborted.');
      const key = levels ? countBelow(levels, o.mu[i]!) : -1;
      let r = byCount.get(key);
      if (!r) {
        r = ribbonOracle(model as TightBindingModel, { along: geometry.along, supercell: geometry.supercell, widths: o.widths, nk: o.nk, mu: o.mu[i]!, T: 0, observable: 'ome', backend: o.backend });
        if (levels) byCount.set(key, r);
      }
      results[i] = r;
      columns.ribbon[i] = geometry.sign * r.slope;
      if (r.convergence > 1e-4 * Math.abs(r.slope)) unconverged.push(o.mu[i]!);
      o.onProgress?.(0.5 + (0.5 * (j + 1)) / todo.length);
    }
    if (unconverged.length) notes.push(`the ribbon slope changes by more than 1e-4 (relative) between the last widths at μ = ${unconverged.join(', ')} eV: widen the ribbon (--width) or move μ away from the band edges (edge states)`);
    if (todo.length) notes.push('the ribbon oracle is exact for insulators at T = 0 (finite-width error: see ribbon.convergence, the last change of the slope)');
  }
  o.onProgress?.(1);
  return { E: o.E, mu: o.mu, unit: 'Å', columns, oracle, ribbon: { geometry, results }, bulk, bandRanges: ranges, notes };
}
