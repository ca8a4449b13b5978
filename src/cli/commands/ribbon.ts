/**
 * `orbitronics ribbon`: a finite-width ribbon of a 2D tight-binding model (src/ribbon).
 *   bands        ribbon bands along the periodic direction with the transverse centre ⟨y⟩ of each state
 *   ome-exact    the exact static orbital magneto-electric response of the ribbon (ribbon oracle):
 *                totals per unit length for several widths and the bulk density as the slope vs width
 *   omm-density  field-induced orbital-moment density on every ribbon orbital (paper 002 Eqs. 55–58),
 *                parts inter, intra, symmetric, antisymmetric
 * With --eta and/or --band-cuts, ome-exact runs the metal reference instead (field along the ribbon,
 * ribbon-driven.ts).
 */
import { Option, type Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import type { TightBindingModel } from '../../model/types.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import path from 'node:path';
import { makeRibbon, ribbonBands, ribbonMeta, ribbonOmmDensity, ribbonOracle } from '../../ribbon/index.js';
import { renderSvg, ribbonProfileSpec } from '../../plot/index.js';
import { HBAR_EV_S } from '../../units/constants.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import { magnetizationPerField } from '../../physics/units.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { BACKEND_CHOICES, loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, withWhere, WSVEC_OPTION, type BackendChoice, type LoadedModel, type ModelFileArgs } from '../lib.js';
import { parseGeometricList, parseGrid, parseInteger, parseIntegerList, parseNumber } from '../parse.js';
import { checkRibbon } from '../../limits.js';
import { bandRanges, EDGE_MARGIN } from '../../compare/ome.js';
import { createTsBackend } from '../../backend/ts/index.js';
import { ribbonDrivenCommand } from './ribbon-driven.js';

export const RIBBON_OBSERVABLES = ['omm-density', 'ome-exact', 'bands'] as const;

export interface RibbonArgs extends ModelFileArgs {
  model: string;
  width: string;
  observable: (typeof RIBBON_OBSERVABLES)[number];
  mu: string;
  tau?: string;
  nk: string;
  along: string;
  supercell?: string;
  field: 'x' | 'y';
  T: string;
  plot?: string;
  json?: boolean;
  /** ome-exact, metal reference: damping values η (eV). */
  eta?: string;
  /** ome-exact, metal reference: energies in the gaps between band groups (eV). */
  bandCuts?: string;
  /** ome-exact, metal reference: bulk grid of the comparison. */
  grid?: string;
  backend?: BackendChoice;
}

/** `--supercell a,b,c,d` → [[a,b],[c,d]] (integers). */
function parseSupercell(text: string | undefined): number[][] | undefined {
  if (text === undefined) return undefined;
  const v = text.split(',').map((x) => x.trim());
  if (v.length !== 4 || v.some((x) => !/^[+-]?\d+$/.test(x)))
    throw new OrbitronicsError('ARGUMENT_INVALID', `--supercell must be four integers M11,M12,M21,M22. Value: '${text}'.`, { where: '--supercell', hint: 'armchair edges of the honeycomb built-ins: --supercell 1,1,-1,1' });
  const n = v.map(Number);
  return [[n[0]!, n[1]!], [n[2]!, n[3]!]];
}

function requireTb2D(loaded: LoadedModel): TightBindingModel {
  const m = loaded.model;
  if (m.kind !== 'tight-binding' || m.dim !== 2)
    throw new OrbitronicsError('ARGUMENT_INVALID', `ribbons are cut from 2D tight-binding models; '${loaded.compiled.name}' is a ${m.dim}D ${m.kind} model.`, { where: '--model' });
  return m;
}

/** Widths for the slope: W/2, 3W/4, W (distinct, ≥ 1). */
export function oracleWidths(W: number): number[] {
  return [...new Set([Math.max(1, Math.round(W / 2)), Math.max(1, Math.round((3 * W) / 4)), W])].sort((a, b) => a - b);
}

/** Comma-separated energies (eV), distinct. */
function parseCuts(text: string): number[] {
  const cuts = text.split(',').map((x) => parseNumber(x, '--band-cuts'));
  if (new Set(cuts).size !== cuts.length) throw new OrbitronicsError('ARGUMENT_INVALID', `--band-cuts must be distinct energies. Value: '${text}'.`, { where: '--band-cuts' });
  return cuts;
}

export async function ribbon(args: RibbonArgs, io: CliIO): Promise<CommandOutput> {
  // --eta / --band-cuts: ome-exact runs the metal reference (field along the ribbon)
  const driven = args.eta !== undefined || args.bandCuts !== undefined;
  if (driven && args.observable !== 'ome-exact')
    throw new OrbitronicsError('ARGUMENT_INVALID', `${args.eta !== undefined ? '--eta' : '--band-cuts'} belongs to the metal reference of --observable ome-exact (field along the ribbon), not to ${args.observable}.`, {
      where: args.eta !== undefined ? '--eta' : '--band-cuts',
    });
  if (!driven && args.width.includes(','))
    throw new OrbitronicsError('ARGUMENT_INVALID', `a list of widths is for the metal reference (ome-exact with --eta/--band-cuts); give one width W here (ome-exact uses W/2, 3W/4, W). Value: '${args.width}'.`, { where: '--width' });
  const widthList = driven ? parseIntegerList(args.width, '--width', 1) : null;
  const W = widthList ? Math.max(...widthList) : parseInteger(args.width, '--width', 1);
  const mu = parseNumber(args.mu, '--mu');
  const nk = parseInteger(args.nk, '--nk', 2);
  const along = parseInteger(args.along, '--along', 0);
  if (along > 1) throw new OrbitronicsError('ARGUMENT_INVALID', `--along must be 0 or 1 (the lattice vector kept periodic). Value: '${args.along}'.`, { where: '--along' });
  const T = parseNumber(args.T, '--T');
  if (T < 0) throw new OrbitronicsError('ARGUMENT_INVALID', `--T must be ≥ 0 K. Value: '${args.T}'.`, { where: '--T' });
  const supercell = parseSupercell(args.supercell);
  let tau: number | undefined;
  if (args.tau !== undefined) {
    tau = parseNumber(args.tau, '--tau');
    if (!(tau > 0)) throw new OrbitronicsError('ARGUMENT_INVALID', `--tau must be a positive time in s. Value: '${args.tau}'.`, { where: '--tau' });
  }
  let etas: number[] = [], cuts: number[] = [], widths: number[] = [], grid: number[] | undefined;
  if (driven) {
    etas = args.eta !== undefined ? parseGeometricList(args.eta, '--eta') : [];
    if (new Set(etas).size !== etas.length) throw new OrbitronicsError('ARGUMENT_INVALID', `--eta values must be distinct. Value: '${args.eta}'.`, { where: '--eta' });
    cuts = args.bandCuts !== undefined ? parseCuts(args.bandCuts) : [];
    if (etas.length && !(T > 0))
      throw new OrbitronicsError('ARGUMENT_INVALID', `--eta needs a temperature T > 0: the finite-η responses have Fermi-surface (f′) terms. Value: --T ${args.T}.`, {
        where: '--T',
        hint: 'give --T, e.g. --T 300; --band-cuts alone (the clean value) also works at T = 0',
      });
    widths = widthList!.length === 1 ? oracleWidths(W) : widthList!;
    if (new Set(widths).size !== widths.length) throw new OrbitronicsError('ARGUMENT_INVALID', `--width: the widths must be distinct. Value: '${args.width}'.`, { where: '--width' });
    if (widths.length < 2)
      throw new OrbitronicsError('ARGUMENT_INVALID', `the metal reference needs at least two widths (the bulk value is a slope against the width). Value: '${args.width}'.`, { where: '--width', hint: 'e.g. --width 16,24,32 (one W means W/2, 3W/4, W)' });
    if (args.grid !== undefined) {
      grid = parseGrid(args.grid);
      if (grid.length !== 2) throw new OrbitronicsError('GRID_INVALID', `--grid needs 2 numbers for the bulk comparison of a 2D model. Value: '${args.grid}'.`, { where: '--grid' });
    }
  }
  const loaded = await loadModelArg(args.model, io.cwd, { ...args, note: io.err });
  const model = requireTb2D(loaded);
  const scDet = supercell ? Math.abs(supercell[0]![0]! * supercell[1]![1]! - supercell[0]![1]! * supercell[1]![0]!) : 1;
  checkRibbon(W * scDet, loaded.compiled.nb, nk); // before the W·nb supercell is built
  if (driven)
    return ribbonDrivenCommand(io, loaded, model, { widths, nk, along: along as 0 | 1, mu, T, etas, bandCuts: cuts, supercell, grid, backend: args.backend ?? 'auto', tau, plot: args.plot });
  const notes: string[] = [];
  if (args.grid !== undefined || args.backend !== undefined) notes.push('--grid and --backend are used by the metal reference only (ome-exact with --eta/--band-cuts)');
  if (args.observable === 'omm-density') return ommDensity(args, io, loaded, model, { W, mu, nk, along: along as 0 | 1, T, supercell, tau });
  if (tau !== undefined) notes.push('--tau is not used: the ribbon oracle computes the static (intrinsic, τ-independent) response');
  if (args.observable === 'bands') {
    const r = await withWhere(() => makeRibbon(model, { along: along as 0 | 1, width: W, supercell }), '--width');
    const meta = ribbonMeta(r);
    const b = ribbonBands(r, { nk, signal: io.signal });
    const doc = {
      ...header(loaded),
      ribbon: { width: W, along, physicalWidth: meta.physicalWidth, length: meta.length, bands: b.energies[0]?.length ?? 0 },
      mu,
      k: b.k,
      kUnit: 'Å^-1',
      results: {
        energies: { unit: 'eV', values: b.energies },
        'transverse-position': { unit: 'Å', layout: 'values[k][band] = ⟨y⟩_nn, from the ribbon centre', values: b.y },
      },
      notes,
    };
    // edge states crossing μ: states within 0.05 eV of μ and their ⟨y⟩
    let text = modelLine(loaded) + `ribbon: ${W} cells across (physical width ${fmt(meta.physicalWidth)} Å), ${b.energies[0]?.length ?? 0} bands, ${b.k.length} k-points\n`;
    const near: string[][] = [];
    b.k.forEach((k, i) =>
      b.energies[i]!.forEach((e, n) => {
        if (Math.abs(e - mu) < 0.05 && near.length < 12) near.push([fmt(k), String(n), fmt(e), fmt(b.y[i]![n]!)]);
      }),
    );
    if (near.length) text += `states within 0.05 eV of μ = ${fmt(mu)} eV (edge states sit near ±W/2):\n` + table(['k (Å^-1)', 'band', 'E (eV)', '⟨y⟩ (Å)'], near);
    else text += `no states within 0.05 eV of μ = ${fmt(mu)} eV\n`;
    for (const n of notes) text += `note: ${n}\n`;
    return { doc, text };
  }
  // ome-exact
  widths = oracleWidths(W);
  if (widths.length < 2) throw new OrbitronicsError('ARGUMENT_INVALID', `--width must be at least 2 for ome-exact (the bulk value is a slope over widths). Value: ${W}.`, { where: '--width' });
  const r = await withWhere(() => ribbonOracle(model, { along: along as 0 | 1, widths, nk, mu, T, observable: 'ome', supercell, signal: io.signal }), 'ribbon');
  // μ in a bulk band: the static (field-across) response of a metal is the isothermal one
  const band = bandRanges(loaded.compiled, 96, createTsBackend()).findIndex(([lo, hi]) => mu >= lo - EDGE_MARGIN && mu <= hi + EDGE_MARGIN);
  if (band >= 0)
    notes.push(
      `μ lies in bulk band ${band} (a metal): the static oracle (field across the ribbon) gives the isothermal response, not the intrinsic OME; --eta and/or --band-cuts run the metal reference (field along the ribbon, docs/ribbon.md §15)`,
    );
  const doc = {
    ...header(loaded),
    ribbon: { widths: r.widths, physicalWidths: r.physicalWidths, along, nk },
    mu,
    T,
    results: {
      'ome-exact': {
        unit: r.unit,
        components: ['z'],
        values: [[r.slope]],
        perCell: r.perCell,
        convergence: r.convergence,
        totals: { unit: r.totalUnit, values: r.totals, parts: r.parts },
        successiveSlopes: r.successiveSlopes,
        // K = ∂⟨r×v⟩/∂(eE_y) → the OMM density per field, M/E = −(e/2)K (comparable to compute --observable ome --E y)
        conversions: { 'A per V/m': magnetizationPerField(1, 2) },
      },
    },
    notes,
  };
  let text = modelLine(loaded) + `ribbon oracle, exact static OME response at μ = ${fmt(mu)} eV, ${nk} k-points along the ribbon\n`;
  text += table(
    ['width (cells)', 'width (Å)', `total (${r.totalUnit})`, 'inter', 'intra'],
    r.widths.map((w, i) => [String(w), fmt(r.physicalWidths[i]!), fmt(r.totals[i]!), fmt(r.parts.inter[i]!), fmt(r.parts.intra[i]!)]),
  );
  text += `bulk density (slope) ${fmt(r.slope)} ${r.unit} (per cell ${fmt(r.perCell)}), change of the last two slopes ${fmt(r.convergence)}\n`;
  text += `OMM density per field M/E_y = −(e/2)·slope = ${fmt(magnetizationPerField(r.slope, 2))} A per V/m (compute --observable ome --E y)\n`;
  for (const n of notes) text += `note: ${n}\n`;
  return { doc, text };
}

/** The OMM density profile across the ribbon (src/ribbon ribbonOmmDensity), per ribbon orbital. */
async function ommDensity(
  args: RibbonArgs,
  io: CliIO,
  loaded: LoadedModel,
  model: TightBindingModel,
  o: { W: number; mu: number; nk: number; along: 0 | 1; T: number; supercell?: number[][]; tau?: number },
): Promise<CommandOutput> {
  const r = await withWhere(() => makeRibbon(model, { along: o.along, width: o.W, supercell: o.supercell }), '--width');
  const meta = ribbonMeta(r);
  const d = ribbonOmmDensity(r, { nk: o.nk, mu: o.mu, T: o.T, field: args.field, signal: io.signal });
  const notes: string[] = [];
  // intra for a field along the ribbon is per unit eEτ/ħ: × τ/ħ gives per unit eE, like inter
  let intraScale = 1;
  let intraUnit = d.units.intra;
  if (args.field === 'x') {
    if (o.tau !== undefined) {
      intraScale = o.tau / HBAR_EV_S;
      intraUnit = d.units.inter;
    } else notes.push(`intra (Boltzmann) part is per unit eEτ/ħ (${d.units.intra}) and not added to the total; give --tau to include it`);
    if (o.T === 0) notes.push('the intraband (f′) terms need T > 0: at --T 0 they are zero');
  } else if (o.tau !== undefined) notes.push('--tau is not used for a field across the ribbon (static response)');
  const sameUnit = intraUnit === d.units.inter;
  // the density as a function of y (paper 002 S51: orbitals at equal y add), one row per distinct y
  const rows = d.rows;
  const rInter = rows.inter;
  const rIntra = rows.intra.map((x) => x * intraScale);
  const rTotal = rInter.map((x, i) => x + (sameUnit ? rIntra[i]! : 0));
  const col = (a: number[]) => a.map((x) => [x]);
  const parts: Record<string, number[][]> = { inter: col(rInter), intra: col(rIntra) };
  if (d.symmetric) {
    parts.symmetric = col(d.symmetric.inter.map((x, i) => x + (sameUnit ? d.symmetric!.intra[i]! * intraScale : 0)));
    parts.antisymmetric = col(d.antisymmetric!.inter.map((x, i) => x + (sameUnit ? d.antisymmetric!.intra[i]! * intraScale : 0)));
  } else notes.push('symmetric/antisymmetric parts are omitted: the rows of the ribbon are not mirror-paired in y');
  const doc: Record<string, unknown> = {
    ...header(loaded),
    ribbon: { width: o.W, along: o.along, supercell: o.supercell ?? null, physicalWidth: meta.physicalWidth, orbitals: d.y.length, rows: rows.y.length, nk: o.nk },
    mu: o.mu,
    T: o.T,
    field: { direction: args.field, perUnit: 'eE (eV/Å)', tau: o.tau ?? null },
    position: rows.y,
    positionUnit: 'Å',
    results: {
      'omm-density': {
        unit: d.units.inter,
        components: ['z'],
        layout: 'values[row][component]: moment X (m = (e/ħ)X) on the orbitals at position[row], per unit ribbon length, per unit eE',
        values: col(rTotal),
        parts,
        partUnits: { inter: d.units.inter, intra: intraUnit },
        total: { inter: d.total.inter, intra: d.total.intra * intraScale },
        conversions: { 'muB/V': ORBITAL_MOMENT_TO_MUB },
        orbitals: { y: d.y, inter: d.inter, intra: d.intra.map((x) => x * intraScale) },
      },
    },
    notes,
  };
  let text = modelLine(loaded) + `ribbon ${o.W} cells across (${fmt(meta.physicalWidth)} Å, ${d.y.length} orbitals in ${rows.y.length} rows), μ = ${fmt(o.mu)} eV, T = ${fmt(o.T)} K, field along ${args.field}\n`;
  text += `OMM density per row of equal y (${d.units.inter} per unit eE; × ${fmt(ORBITAL_MOMENT_TO_MUB, 5)} → μ_B/V)\n`;
  const head = ['y (Å)', 'total', 'inter', `intra (${intraUnit})`];
  if (d.symmetric) head.push('symmetric', 'antisymmetric');
  text += table(
    head,
    rows.y.map((y, i) => [fmt(y), fmt(rTotal[i]!), fmt(rInter[i]!), fmt(rIntra[i]!), ...(d.symmetric ? [fmt(parts.symmetric![i]![0]!), fmt(parts.antisymmetric![i]![0]!)] : [])]),
  );
  text += `sum over the ribbon: inter ${fmt(d.total.inter)}, intra ${fmt(d.total.intra * intraScale)}\n`;
  for (const n of notes) text += `note: ${n}\n`;
  if (args.plot) {
    const file = path.resolve(io.cwd, args.plot);
    const series = [{ label: 'total', values: rTotal }, { label: 'inter', values: rInter, overlay: true }];
    if (sameUnit) series.push({ label: 'intra', values: rIntra, overlay: true });
    if (parts.antisymmetric) series.push({ label: 'antisymmetric', values: parts.antisymmetric.map((v) => v[0]!), overlay: true });
    const spec = ribbonProfileSpec({
      position: rows.y,
      quantity: 'OMM density',
      unit: `${d.units.inter} per eE`,
      series,
      title: `${loaded.compiled.name}: OMM density across a ${o.W}-cell ribbon, μ = ${fmt(o.mu)} eV, E ∥ ${args.field}`,
    });
    try {
      await writeFileAtomic(file, await renderSvg(spec), { mkdir: false });
    } catch (e) {
      throw new OrbitronicsError('IO_ERROR', `cannot write the plot: ${(e as Error).message}`, { where: args.plot });
    }
    doc.plot = file;
    text += `plot written to ${file}
`;
  }
  return { doc, text };
}

export const registerRibbon: RegisterCommand = (program: Command, env) => {
  program
    .command('ribbon')
    .description('ribbon of a 2D tight-binding model: ribbon bands, exact orbital magneto-electric response (oracle), OMM density profile')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...] (2D tight-binding)')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .requiredOption('--width <CELLS>', 'ribbon width in unit cells (ome-exact: W/2, 3W/4, W; with --eta/--band-cuts also a list W1,W2,...)')
    .addOption(new Option('--observable <NAME>', 'what to compute').choices(RIBBON_OBSERVABLES as unknown as string[]).makeOptionMandatory())
    .requiredOption('--mu <VALUE>', 'chemical potential in eV')
    .option('--tau <S>', 'relaxation time in s (not used by the static oracle)')
    .option('--nk <N>', 'k-points along the ribbon', '200')
    .option('--along <0|1>', 'lattice vector kept periodic (0: zigzag edges for the honeycomb models)', '0')
    .option('--supercell <M11,M12,M21,M22>', 'integer supercell applied first (edge termination; honeycomb armchair: 1,1,-1,1)')
    .addOption(new Option('--field <DIR>', 'omm-density: field along the ribbon (x, paper 002) or across it (y)').choices(['x', 'y']).default('x'))
    .option('--T <KELVIN>', 'temperature in K (the intraband f′ terms need T > 0)', '0')
    .option('--eta <LIST|START:STOP:N>', 'ome-exact for metals: damping η = ħ/τ in eV, a list and/or N values in geometric progression; runs the metal reference (field along the ribbon)')
    .option('--band-cuts <E1,E2,...>', 'ome-exact for metals: energies (eV) in the gaps between band groups; gives the clean inter-group (intrinsic) value')
    .option('--grid <N1xN2>', 'metal reference: bulk k-grid of the ome comparison (default 300x300)')
    .addOption(new Option('--backend <B>', 'metal reference: backend of the ribbons and the bulk comparison (default auto)').choices(BACKEND_CHOICES as unknown as string[]))
    .option('--plot <FILE.svg>', 'omm-density: the profile across the ribbon; ome-exact with --eta/--band-cuts: K against η, as SVG')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: RibbonArgs) => {
      env.emit(await ribbon(opts, env.io), !!opts.json);
    });
};
