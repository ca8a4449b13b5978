/**
 * `orbitronics compare-ome`: the orbital magneto-electric response ΔM_z/E of a 2D model side by side
 * (src/compare/ome.ts, docs/physics-003-004.md): paper 003's χ^int, paper 004's F tensor (corrected and
 * as printed), paper 001's Ξ formalism (physical total and the paper's own reading) and the exact
 * ribbon oracle where it applies (tight-binding insulators with C = 0; otherwise the column is null and
 * the reason is given). All as K = ∂⟨(r×v)_z⟩/∂(eE) in Å (the oracle's quantity; × `toNmPerOhm` →
 * ΔM_z/E in nm/Ω). `bulk` and `ratios` keep the ome observable's parts (d, ic, lc, lc3, paper-reading).
 */
import { Option, type Command } from 'commander';
import type { TightBindingModel } from '../../model/types.js';
import { checkRibbon } from '../../limits.js';
import { COLUMNS, K_TO_NM_PER_OHM, compareOmeData, ribbonForField, type ColumnKey } from '../../compare/ome.js';
import { ribbonOracle } from '../../ribbon/index.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { getBackend, loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, withWhere, WSVEC_OPTION, type LoadedModel, type ModelFileArgs } from '../lib.js';
import { parseGrid, parseInteger, parseRange } from '../parse.js';
import { createProgress } from '../progress.js';
import { oracleWidths } from './ribbon.js';

export { ribbonForField, type RibbonGeometry } from '../../compare/ome.js';

export interface CompareOmeArgs extends ModelFileArgs {
  model: string;
  E: 'x' | 'y';
  mu: string;
  width: string;
  nk: string;
  grid?: string;
  json?: boolean;
}

export async function compareOme(args: CompareOmeArgs, io: CliIO): Promise<CommandOutput> {
  const mu = parseRange(args.mu, '--mu');
  const W = parseInteger(args.width, '--width', 4);
  const nk = parseInteger(args.nk, '--nk', 2);
  const grid = args.grid !== undefined ? parseGrid(args.grid) : undefined;
  const loaded = await loadModelArg(args.model, io.cwd, { ...args, note: io.err });
  const E = args.E === 'x' ? 0 : 1;
  if (loaded.model.kind === 'tight-binding' && loaded.compiled.dim === 2) {
    const geo = ribbonForField(loaded.compiled, E);
    const det = geo.supercell ? Math.abs(geo.supercell[0]![0]! * geo.supercell[1]![1]! - geo.supercell[0]![1]! * geo.supercell[1]![0]!) : 1;
    checkRibbon(W * det, loaded.compiled.nb, nk);
  }
  const widths = oracleWidths(W);
  const backend = await getBackend('auto');
  const bar = createProgress(io, 'compare-ome', { json: args.json });
  let d;
  try {
    d = await withWhere(() => compareOmeData(loaded.model, loaded.compiled, { E, mu, grid, widths, nk, backend, signal: io.signal, onProgress: (f) => bar.update(f) }), 'compare-ome');
  } finally {
    bar.stop();
    backend.dispose();
  }
  const ome = d.bulk.get('ome');
  const keys = Object.keys(COLUMNS) as ColumnKey[];
  const ribbonK = d.columns.ribbon;
  const ratio = (a: Array<number | null>, base: Array<number | null>) => a.map((v, i) => (base[i] === null || v === null ? null : v / base[i]!));
  const notes = [...d.notes];
  const reasons = [...new Set(d.oracle.filter((x): x is string => x !== null))];
  for (const r of reasons) notes.push(`oracle not applicable at ${mu.filter((_, i) => d.oracle[i] === r).map((x) => fmt(x)).join(', ')} eV: ${r}`);
  // the ome observable (001 Ξ) with its parts, in K
  const omeK = ome.conversions['Å per eE']!;
  const nc = ome.components.length;
  const v = mu.map((_, i) => ome.at(i) * omeK);
  const parts = Object.fromEntries(Object.entries(ome.partsData).map(([k, p]) => [k, mu.map((_, i) => p[i * nc]! * omeK)]));
  // ratios to the exact ribbon value (null where the oracle does not apply): `total` = the 001 Ξ total, then its parts and the other formalisms
  const ratios: Record<string, Array<number | null>> = { total: ratio(v, ribbonK) };
  for (const [k, p] of Object.entries(parts)) ratios[k] = ratio(p, ribbonK);
  for (const k of keys) if (k !== 'ribbon') ratios[k] = ratio(d.columns[k], ribbonK);
  const doc = {
    ...header(loaded, d.bulk.backend),
    E: args.E,
    mu,
    T: 0,
    unit: 'Å',
    quantity: 'K = ∂⟨(r×v)_z⟩/∂(eE) (orbital magnetisation per field ΔM_z/E = −(e/2)K)',
    toNmPerOhm: K_TO_NM_PER_OHM,
    columns: Object.fromEntries(keys.map((k) => [k, { label: COLUMNS[k], values: d.columns[k] }])),
    oracle: d.oracle,
    ribbon: {
      values: ribbonK.map((x) => [x]),
      convergence: d.ribbon.results.map((r) => r?.convergence ?? null),
      widths,
      nk,
      along: d.ribbon.geometry?.vector ?? null,
      supercell: d.ribbon.geometry?.supercell ?? null,
    },
    bulk: {
      grid: d.bulk.grid,
      components: ome.components,
      values: v.map((x) => [x]),
      parts: Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, p.map((x) => [x])])),
      results: { 'chi-int': d.bulk.get('chi-int').toJSON(), ome: ome.toJSON(), 'kinetic-magnetization': d.bulk.get('kinetic-magnetization').toJSON() },
    },
    ratios,
    ratiosToChiInt: Object.fromEntries(keys.filter((k) => k !== 'chiInt').map((k) => [k, ratio(d.columns[k], d.columns.chiInt)])) as Record<string, Array<number | null>>,
    notes,
  };
  let text = modelLine(loaded, d.bulk.backend);
  text += `K = ∂⟨(r×v)_z⟩/∂(eE) for E ∥ ${args.E} in Å (× ${fmt(K_TO_NM_PER_OHM, 5)} → ΔM_z/E in nm/Ω), T = 0; bulk grid ${d.bulk.grid.join('x')}`;
  text += d.ribbon.geometry ? `; ribbon along ${d.ribbon.geometry.vector[0]}a₁${d.ribbon.geometry.vector[1] >= 0 ? '+' : ''}${d.ribbon.geometry.vector[1]}a₂, widths ${widths.join(', ')} cells, ${nk} k\n` : '\n';
  const f = (x: number | null) => (x === null ? '—' : fmt(x));
  const r = (x: number | null) => (x === null ? '—' : x.toFixed(7));
  text += table(
    ['μ (eV)', 'ribbon (exact)', '003 χ^int', '004 F corr.', '004 F printed', '001 Ξ total', '001 paper', 'ribbon ∥ E', 'χ/ribbon', 'F printed/χ', 'Ξ paper/χ'],
    mu.map((x, i) => [
      fmt(x),
      f(d.columns.ribbon[i]!),
      f(d.columns.chiInt[i]!),
      f(d.columns.fCorrected[i]!),
      f(d.columns.fPrinted[i]!),
      f(d.columns.xiTotal[i]!),
      f(d.columns.xiPaper[i]!),
      f(d.columns.exact[i]!),
      r(ratios.chiInt![i]!),
      r(doc.ratiosToChiInt.fPrinted![i]!),
      r(doc.ratiosToChiInt.xiPaper![i]!),
    ]),
  );
  for (const n of notes) text += `note: ${n}\n`;
  return { doc, text };
}

export const registerCompareOme: RegisterCommand = (program: Command, env) => {
  program
    .command('compare-ome')
    .description('orbital magneto-electric response ΔM_z/E: papers 003 (χ^int), 004 (F tensor), 001 (Ξ readings) and the exact ribbon oracle, side by side')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...] (2D; the oracle needs a tight-binding insulator)')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .addOption(new Option('--E <DIR>', 'field direction').choices(['x', 'y']).makeOptionMandatory())
    .requiredOption('--mu <START:STOP:N>', 'chemical potentials in eV (the oracle applies in gaps with C = 0)')
    .option('--width <CELLS>', 'widest ribbon (the slope uses W/2, 3W/4 and W)', '24')
    .option('--nk <N>', 'k-points along the ribbon', '96')
    .option('--grid <N1xN2>', 'bulk k-grid (default 300x300; k·p: NTHETAxNR)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: CompareOmeArgs) => {
      env.emit(await compareOme(opts, env.io), !!opts.json);
    });
};

/** For tests: the exact ribbon K (Å) along Ê at each μ, without the bulk part. */
export function ribbonK(loaded: LoadedModel, E: 0 | 1, mu: number[], W: number, nk: number): number[] {
  const geo = ribbonForField(loaded.compiled, E);
  return mu.map((x) => geo.sign * ribbonOracle(loaded.model as TightBindingModel, { along: geo.along, supercell: geo.supercell, widths: oracleWidths(W), nk, mu: x, T: 0, observable: 'ome' }).slope);
}
