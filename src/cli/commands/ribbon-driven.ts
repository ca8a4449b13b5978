/**
 * `orbitronics ribbon --observable ome-exact --eta … / --band-cuts …`: the exact ribbon reference for
 * the orbital magneto-electric response of METALS at finite T (src/ribbon/metal-oracle.ts
 * `ribbonDrivenOracle`, docs/ribbon.md §15). The field points ALONG the ribbon; the command prints the
 * finite-η Kubo slopes with their W-convergence, the η → 0 extrapolation, the clean inter-group value
 * (with band cuts) and, for comparison, the bulk `ome` at the same μ and T with the field along the
 * ribbon direction (its value d + ic + lc = paper 003's χ^int, and value + the reading fermi-surface, which
 * is what the ribbon gives in a metal).
 */
import path from 'node:path';
import type { Backend } from '../../backend/backend.js';
import { bandRanges, EDGE_MARGIN } from '../../compare/ome.js';
import { OrbitronicsError } from '../../errors.js';
import { compute } from '../../integrate/compute.js';
import { compileModel } from '../../model/compile.js';
import type { TightBindingModel } from '../../model/types.js';
import { lineSpec, renderSvg, type LineSeries } from '../../plot/index.js';
import { ribbonDrivenOracle, type RibbonDrivenResult } from '../../ribbon/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { header, modelLine, type CommandOutput } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { getBackend, type BackendChoice, type LoadedModel } from '../lib.js';

/** Parsed options of the driven (metal) reference. */
export interface RibbonDrivenCli {
  widths: number[];
  nk: number;
  along: 0 | 1;
  mu: number;
  T: number;
  etas: number[];
  bandCuts: number[];
  supercell?: number[][];
  /** Bulk k-grid for the comparison (default: compute's 2D default). */
  grid?: number[];
  backend: BackendChoice;
  tau?: number;
  plot?: string;
}

/** The ribbon options of `ribbonDrivenOracle` for the parsed CLI options (exported for tests). */
export function drivenOracleOptions(o: RibbonDrivenCli) {
  return {
    along: o.along,
    widths: o.widths,
    nk: o.nk,
    mu: o.mu,
    T: o.T,
    ...(o.etas.length ? { etas: o.etas } : {}),
    ...(o.bandCuts.length ? { bandCuts: o.bandCuts } : {}),
    ...(o.supercell ? { supercell: o.supercell } : {}),
  };
}

/** `where` of ribbonDrivenOracle's option errors → the command-line option. */
const ORACLE_WHERE: Record<string, string> = {
  widths: '--width',
  etas: '--eta',
  T: '--T',
  bandCuts: '--band-cuts',
  nk: '--nk',
  along: '--along',
  mu: '--mu',
  model: '--model',
};

/** The field direction along the ribbon in the bulk (Cartesian) frame: a_along of the (supercelled) lattice. */
export function alongDirection(model: TightBindingModel, along: 0 | 1, supercell?: number[][]): [number, number] {
  const a = model.lattice;
  const row = supercell ? supercell[along]! : along === 0 ? [1, 0] : [0, 1];
  const v = [0, 1].map((c) => row[0]! * a[0]![c]! + row[1]! * a[1]![c]!);
  const len = Math.hypot(v[0]!, v[1]!);
  return [v[0]! / len, v[1]! / len];
}

/**
 * The bulk `ome` with the field along n̂: E = x or y when n̂ is +x̂ or +ŷ (ribbon along a₂ of a square
 * lattice ↔ --E y, as docs/ribbon.md §15); otherwise the model in the Cartesian frame rotated so that n̂
 * is x̂ (a proper rotation: z components keep their sign), with E = x. The rotated frame is needed because
 * value + fermi-surface is not the projection n_x K_x + n_y K_y of its x and y values (the fermi-surface
 * reading depends on the field direction beyond the projection; the value d + ic + lc is a vector).
 */
async function bulkOme(loaded: LoadedModel, model: TightBindingModel, n: [number, number], o: RibbonDrivenCli, backend: Backend, signal?: AbortSignal) {
  const axis = Math.abs(n[1]) < 1e-12 && n[0] > 0 ? 0 : Math.abs(n[0]) < 1e-12 && n[1] > 0 ? 1 : null;
  let compiled = loaded.compiled;
  if (axis === null) {
    const c = n[0], s = n[1]; // rotation by −θ, θ = atan2(n_y, n_x)
    const lattice = model.lattice.map((r) => [c * r[0]! + s * r[1]!, -s * r[0]! + c * r[1]!, ...r.slice(2)]);
    compiled = compileModel({ ...model, lattice });
  }
  const E = axis ?? 0;
  const res = await compute({ model: compiled, observables: ['ome'], grid: o.grid, mu: [o.mu], T: o.T, backend, threads: 1, params: { E }, signal });
  const ome = res.get('ome');
  const K = ome.to('Å per eE');
  const parts: Record<string, number> = {}, partsM: Record<string, number> = {};
  for (const name of Object.keys(K.partsData)) {
    parts[name] = K.partsData[name]![0]!;
    partsM[name] = ome.partsData[name]![0]!;
  }
  const has = (p: string) => typeof parts[p] === 'number';
  const sea = (q: Record<string, number>) => (has('d') && has('ic') && has('lc') ? q.d! + q.ic! + q.lc! : null);
  return {
    grid: res.grid,
    E: axis === null ? null : (['x', 'y'] as const)[axis],
    frame: axis === null ? 'rotated' : 'model',
    /** The prediction for this ribbon: the `ome` value + its reading `fermi-surface` (ΔK along the ribbon). */
    total: K.at(0) + (has('fermi-surface') ? parts['fermi-surface']! : 0),
    /** d + ic + lc = the `ome` value: paper 003's χ^int. */
    fermiSea: sea(parts),
    fermiSurface: has('fermi-surface') ? parts['fermi-surface']! : null,
    parts,
    /** The same in the observable's own unit, A per V/m. */
    M: { total: ome.at(0) + (has('fermi-surface') ? partsM['fermi-surface']! : 0), fermiSea: sea(partsM), fermiSurface: has('fermi-surface') ? partsM['fermi-surface']! : null },
  };
}

/** Union of the band ranges → the gaps between them (eV). */
function gapsOf(ranges: Array<[number, number]>): Array<[number, number]> {
  const s = [...ranges].sort((a, b) => a[0] - b[0]);
  const gaps: Array<[number, number]> = [];
  let hi = s[0]![1];
  for (const [lo, h] of s.slice(1)) {
    if (lo > hi) gaps.push([hi, lo]);
    hi = Math.max(hi, h);
  }
  return gaps;
}

/** Checks that every band cut lies in a gap of the bulk spectrum; returns each cut's distance to the nearest band. */
function checkCutsBulk(cuts: number[], ranges: Array<[number, number]>): number[] {
  const gaps = gapsOf(ranges);
  const gapText = gaps.length ? `gaps of the bulk spectrum: ${gaps.map(([a, b]) => `(${fmt(a, 4)}, ${fmt(b, 4)})`).join(', ')} eV` : 'the bulk bands overlap: there is no gap to cut in';
  const lo = Math.min(...ranges.map((r) => r[0])), hi = Math.max(...ranges.map((r) => r[1]));
  return cuts.map((c) => {
    const band = ranges.findIndex(([a, b]) => c >= a - EDGE_MARGIN && c <= b + EDGE_MARGIN);
    if (band >= 0)
      throw new OrbitronicsError('ARGUMENT_INVALID', `band cut ${fmt(c)} eV lies in bulk band ${band} ([${fmt(ranges[band]![0], 4)}, ${fmt(ranges[band]![1], 4)}] eV, or within ${EDGE_MARGIN} eV of its edges): band cuts must lie in the gaps between groups of bands; ${gapText}.`, {
        where: '--band-cuts',
      });
    if (c < lo || c > hi)
      throw new OrbitronicsError('ARGUMENT_INVALID', `band cut ${fmt(c)} eV is outside the spectrum ([${fmt(lo, 4)}, ${fmt(hi, 4)}] eV): it separates no bands; ${gapText}.`, { where: '--band-cuts' });
    return Math.min(...ranges.map(([a, b]) => (c < a ? a - c : c - b)));
  });
}

/** (a − b)/|b|; null when b is missing or negligible against a (e.g. d + ic + lc forbidden by symmetry). */
const rel = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || !(Math.abs(b) > 1e-12 * Math.abs(a)) ? null : (a - b) / Math.abs(b);

/** The metal reference of `ribbon --observable ome-exact` (file comment). */
export async function ribbonDrivenCommand(io: CliIO, loaded: LoadedModel, model: TightBindingModel, o: RibbonDrivenCli): Promise<CommandOutput> {
  const backend = await getBackend(o.backend);
  try {
    return await run(io, loaded, model, o, backend);
  } finally {
    backend.dispose();
  }
}

async function run(io: CliIO, loaded: LoadedModel, model: TightBindingModel, o: RibbonDrivenCli, backend: Backend): Promise<CommandOutput> {
  const notes: string[] = [];
  // band cuts in the gaps of the bulk spectrum (before the ribbons are computed)
  const cutBulkDistance = o.bandCuts.length ? checkCutsBulk(o.bandCuts, bandRanges(loaded.compiled, 120, backend)) : [];
  let r: RibbonDrivenResult;
  try {
    r = ribbonDrivenOracle(model, { ...drivenOracleOptions(o), backend, signal: io.signal });
  } catch (e) {
    if (e instanceof OrbitronicsError) throw new OrbitronicsError(e.code, e.message, { where: ORACLE_WHERE[e.where ?? ''] ?? e.where ?? 'ribbon', hint: e.hint, cause: e.cause });
    throw e;
  }
  // … and in the gaps of the ribbon spectrum (no in-gap edge states near a cut)
  if (r.intrinsic) {
    const bulkGap = Math.min(...cutBulkDistance);
    if (r.intrinsic.minCutDistance < 0.5 * bulkGap)
      throw new OrbitronicsError(
        'ARGUMENT_INVALID',
        `a ribbon level lies ${fmt(r.intrinsic.minCutDistance, 3)} eV from a band cut, inside the bulk gap (the nearest bulk band is ${fmt(bulkGap, 3)} eV away): edge states fill the gap, so the band groups are not separated in the ribbon spectrum and the clean inter-group value is not defined (docs/ribbon.md §15).`,
        { where: '--band-cuts', hint: 'put the cut in another gap, choose other edges (--along, --supercell), or use --eta alone' },
      );
  }
  const n = alongDirection(model, o.along, o.supercell);
  const bulk = await bulkOme(loaded, model, n, o, backend, io.signal);
  const dirText = bulk.E ? `--E ${bulk.E}` : `n̂ = (${fmt(n[0], 5)}, ${fmt(n[1], 5)}), in the frame rotated so that n̂ is x`;
  if (!bulk.E)
    notes.push(`the ribbon direction n̂ = (${fmt(n[0], 5)}, ${fmt(n[1], 5)}) is not a Cartesian axis: the bulk \`ome\` is computed with the field along n̂ (the model rotated so that n̂ is x); value + fermi-surface is not n_x·K_x + n_y·K_y of compute --E x/--E y (the fermi-surface reading is not a vector component)`);
  if (o.tau !== undefined) notes.push('--tau is not used: the damping of the metal reference is --eta (η = ħ/τ, eV)');

  const value = r.intrinsic?.slope ?? r.extrapolated?.value ?? null;
  const valueM = r.intrinsic?.magnetizationPerField ?? r.extrapolated?.magnetizationPerField ?? null;
  const source = r.intrinsic ? 'intrinsic' : r.extrapolated ? 'extrapolated' : null;
  for (const p of r.perEta)
    if (p.convergence > 1e-4 * Math.abs(p.slope))
      notes.push(`the slope at η = ${fmt(p.eta)} eV changes by ${fmt(p.convergence / Math.abs(p.slope), 2)} (relative) between the last widths: the ribbon must be much wider than the coherence length ħv_F/η (wider ribbons or larger η)`);
  if (r.intrinsic && r.intrinsic.convergence > 1e-6 * Math.abs(r.intrinsic.slope))
    notes.push(`the clean value changes by ${fmt(r.intrinsic.convergence / Math.abs(r.intrinsic.slope), 2)} (relative) between the last widths: widen the ribbons (W ≫ ħv_F/(πk_BT) at low T)`);

  const comparison = {
    intrinsic: r.intrinsic ? { total: rel(r.intrinsic.slope, bulk.total), fermiSea: rel(r.intrinsic.slope, bulk.fermiSea) } : null,
    extrapolated: r.extrapolated ? { total: rel(r.extrapolated.value, bulk.total), fermiSea: rel(r.extrapolated.value, bulk.fermiSea) } : null,
  };
  const doc: Record<string, unknown> = {
    ...header(loaded, backend.name),
    ribbon: { widths: r.widths, physicalWidths: r.physicalWidths, along: o.along, supercell: o.supercell ?? null, nk: o.nk, field: 'along', direction: n },
    mu: o.mu,
    T: o.T,
    results: {
      'ome-exact': {
        reference: 'driven ribbon: field along the ribbon, finite-η Kubo slopes, η → 0 (ribbonDrivenOracle, docs/ribbon.md §15)',
        quantity: 'K = ∂⟨(r×v)_z⟩/∂(eE) per area (bulk density = slope against the physical width); M/E = −(e/2)K',
        unit: 'Å per eE',
        components: ['z'],
        values: [[value]],
        source,
        magnetizationPerField: { unit: 'A per V/m', values: [[valueM]] },
        etaUnit: 'eV',
        totalUnit: 'Å^2 per eE',
        perEta: r.perEta,
        kinetic: r.kinetic === null ? null : { unit: 'Å·eV^2', layout: 'η²·(intra-group slope) per η: constant when that part is the pure A₂/η² term', values: r.kinetic },
        extrapolated: r.extrapolated,
        reason: r.reason,
        bandCuts: o.bandCuts,
        intrinsic: r.intrinsic,
      },
    },
    bulk: {
      observable: 'ome',
      grid: bulk.grid,
      E: bulk.E,
      direction: n,
      frame: bulk.frame,
      unit: 'Å per eE',
      total: bulk.total,
      fermiSea: bulk.fermiSea,
      fermiSurface: bulk.fermiSurface,
      parts: bulk.parts,
      magnetizationPerField: { unit: 'A per V/m', ...bulk.M },
      relativeDifference: { layout: '(ribbon − bulk)/|bulk| for the ribbon values against the bulk value + fermi-surface (total) and the value d + ic + lc (fermiSea)', ...comparison },
    },
    notes,
  };

  // ---- text
  const cutText = o.bandCuts.length ? `, band cuts ${o.bandCuts.map((c) => fmt(c)).join(', ')} eV` : '';
  let text = modelLine(loaded, backend.name);
  text += `ribbon metal reference (field along the ribbon, bulk ${dirText}): μ = ${fmt(o.mu)} eV, T = ${fmt(o.T)} K, widths ${r.widths.join('/')} cells (${r.physicalWidths.map((w) => fmt(w)).join('/')} Å), ${o.nk} k-points${cutText}\n`;
  text += 'K = ∂⟨(r×v)_z⟩/∂(eE) per area in Å per eE (slope against the width); M/E = −(e/2)K in A per V/m\n';
  if (r.perEta.length) {
    text += `finite-η slopes (Kubo, damping η = ħ/τ):\n`;
    const head = ['η (eV)', 'K(η) (Å)', 'W conv. (rel.)', ...(r.kinetic ? ['inter-group (Å)', 'η²·intra-group (Å·eV²)'] : []), 'odd + Boltzmann (Å)'];
    text += table(
      head,
      r.perEta.map((p, i) => [
        fmt(p.eta),
        fmt(p.slope, 10),
        fmt(p.slope === 0 ? 0 : p.convergence / Math.abs(p.slope), 2),
        ...(r.kinetic ? [fmt(p.parts.interGroup!.slope, 10), fmt(r.kinetic[i]!, 9)] : []),
        fmt(p.parts.odd.slope + p.parts.boltzmann.slope, 3),
      ]),
    );
    text += r.extrapolated
      ? `η → 0 (K(η) = A₂/η² + B + Cη² + … through all η): B = ${fmt(r.extrapolated.value, 10)} ± ${fmt(r.extrapolated.error, 2)} Å, A₂ = ${fmt(r.extrapolated.A2, 6)} Å·eV²\n`
      : `η → 0: not available (${r.reason ?? 'no η'})\n`;
  }
  if (r.intrinsic)
    text += `clean inter-group value (η = 0): ${fmt(r.intrinsic.slope, 12)} Å, W conv. ${fmt(r.intrinsic.convergence, 2)} Å; closest ribbon level ${fmt(r.intrinsic.minCutDistance, 4)} eV from a cut\n`;
  const f = (x: number | null) => (x === null ? '—' : fmt(x, 10));
  const d = (x: number | null | undefined) => (x === null || x === undefined ? '—' : fmt(x, 3));
  const rows: string[][] = [];
  if (r.intrinsic) rows.push(['ribbon, clean inter-group (η = 0)', f(r.intrinsic.slope), f(r.intrinsic.magnetizationPerField), d(comparison.intrinsic!.total), d(comparison.intrinsic!.fermiSea)]);
  if (r.extrapolated) rows.push(['ribbon, η → 0 extrapolation', f(r.extrapolated.value), f(r.extrapolated.magnetizationPerField), d(comparison.extrapolated!.total), d(comparison.extrapolated!.fermiSea)]);
  rows.push(['bulk ome value + fermi-surface', f(bulk.total), f(bulk.M.total), '—', '—']);
  rows.push(['bulk ome value = d + ic + lc (003)', f(bulk.fermiSea), f(bulk.M.fermiSea), '—', '—']);
  rows.push(['bulk fermi-surface (reading)', f(bulk.fermiSurface), f(bulk.M.fermiSurface), '—', '—']);
  text += `bulk ome on ${bulk.grid.join('x')} at the same μ and T (${dirText}):\n`;
  text += table(['', 'K (Å per eE)', 'M/E (A per V/m)', 'vs value + fs', 'vs value'], rows);
  for (const note of notes) text += `note: ${note}\n`;

  if (o.plot) {
    const file = path.resolve(io.cwd, o.plot);
    const spec = drivenPlot(loaded.compiled.name, o, r, bulk);
    try {
      await writeFileAtomic(file, await renderSvg(spec), { mkdir: false });
    } catch (e) {
      throw new OrbitronicsError('IO_ERROR', `cannot write the plot: ${(e as Error).message}`, { where: o.plot });
    }
    doc.plot = file;
    text += `plot written to ${file}\n`;
  }
  return { doc, text };
}

/** K against η (0 … η_max): the part that tends to B (inter-group, or K − A₂/η²) and the η = 0 values as dashed lines. */
function drivenPlot(name: string, o: RibbonDrivenCli, r: RibbonDrivenResult, bulk: { total: number; fermiSea: number | null }) {
  const eta = r.perEta.map((p) => p.eta);
  const xmax = eta.length ? Math.max(...eta) : 1;
  const flat = (label: string, v: number | null): LineSeries[] => (v === null ? [] : [{ label, values: [v, v], x: [0, xmax], overlay: true }]);
  const series: LineSeries[] = [];
  if (r.kinetic) series.push({ label: 'ribbon K(η): inter-group part (→ B + Cη²)', values: r.perEta.map((p) => p.parts.interGroup!.slope) });
  if (r.extrapolated) {
    const A2 = r.extrapolated.A2;
    series.push({ label: 'ribbon K(η) − A₂/η² (A₂ from the η → 0 fit)', values: r.perEta.map((p) => p.slope - A2 / (p.eta * p.eta)) });
  } else if (!r.kinetic && eta.length) series.push({ label: 'ribbon K(η)', values: r.perEta.map((p) => p.slope) });
  series.push(...flat('ribbon, clean inter-group value (η = 0)', r.intrinsic?.slope ?? null));
  series.push(...flat('ribbon, η → 0 extrapolation', r.extrapolated?.value ?? null));
  series.push(...flat('bulk ome value + fermi-surface', bulk.total));
  series.push(...flat('bulk ome value = d + ic + lc (003 χ^int)', bulk.fermiSea));
  return lineSpec({
    x: eta.length ? eta : [0, xmax],
    xTitle: 'η = ħ/τ (eV)',
    yTitle: 'K (Å per eE)',
    series,
    points: true,
    title: `${name}: driven ribbon (field along), μ = ${fmt(o.mu)} eV, T = ${fmt(o.T)} K, W = ${r.widths.join('/')}`,
  });
}
