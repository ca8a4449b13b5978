/**
 * `orbitronics compare-ome`: the orbital magneto-electric response K = ∂⟨(r×v)_z⟩/∂(eE) of a 2D
 * tight-binding insulator from the exact ribbon oracle (src/ribbon: finite ribbons, exact static
 * linear response, bulk value = slope against the width), compared with the bulk `ome` observable
 * and its named parts (paper 001's readings) from compute().
 *
 * Geometry: the oracle applies the field across the ribbon. The ribbon is cut along a lattice vector
 * a ⟂ E (found among small integer combinations, with a unimodular supercell when needed); makeRibbon
 * rotates a onto +x, so the field across the ribbon is along ẑ × â in the model's frame, and
 * K_E = s·slope with s = (ẑ × â)·Ê = ±1.
 */
import { Option, type Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import type { CompiledModel, TightBindingModel } from '../../model/types.js';
import { OBSERVABLES } from '../../observables/registry.js';
import { magnetizationPerField } from '../../physics/units.js';
import { ribbonOracle } from '../../ribbon/index.js';
import { checkRibbon } from '../../limits.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { getBackend, integrateLib, loadModelArg, notAvailable, withWhere, type LoadedModel } from '../lib.js';
import { parseGrid, parseInteger, parseRange } from '../parse.js';
import { oracleWidths } from './ribbon.js';
import { firstT, type ComputeResultLike } from './compute.js';

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

/** Display unit of the bulk `ome` result → factor from K (Å, per unit eE) to that unit; null if unknown. */
function fromK(unit: string): number | null {
  if (unit === 'Å') return 1;
  if (unit === 'm/Ω' || unit === 'A/(V/m)') return magnetizationPerField(1, 2);
  if (unit === 'nm/Ω') return magnetizationPerField(1, 2) * 1e9;
  return null;
}

export interface CompareOmeArgs {
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
  const loaded = await loadModelArg(args.model, io.cwd);
  const m = loaded.model;
  if (m.kind !== 'tight-binding' || m.dim !== 2)
    throw new OrbitronicsError('ARGUMENT_INVALID', `compare-ome needs a 2D tight-binding model (the ribbon oracle cuts ribbons); '${loaded.compiled.name}' is a ${m.dim}D ${m.kind} model.`, { where: '--model' });
  const E = args.E === 'x' ? 0 : 1;
  const geo = ribbonForField(loaded.compiled, E);
  const det = geo.supercell ? Math.abs(geo.supercell[0]![0]! * geo.supercell[1]![1]! - geo.supercell[0]![1]! * geo.supercell[1]![0]!) : 1;
  checkRibbon(W * det, loaded.compiled.nb, nk);
  const ome = OBSERVABLES.find((o) => o.name === 'ome');
  if (!ome) throw notAvailable('compare-ome', "the bulk 'ome' observable (src/observables)");
  const widths = oracleWidths(W);
  const ribbon = mu.map((x) =>
    ribbonOracle(m as TightBindingModel, { along: geo.along, supercell: geo.supercell, widths, nk, mu: x, T: 0, observable: 'ome' }),
  );
  const K = ribbon.map((r) => geo.sign * r.slope);
  const lib = await integrateLib('compare-ome');
  const backend = await getBackend('auto');
  let res: ComputeResultLike;
  try {
    res = (await withWhere(() => lib.compute({ model: loaded.compiled, observables: ['ome'], grid, mu, T: 0, backend, threads: 1, params: { E }, signal: io.signal }), 'compare-ome')) as ComputeResultLike;
  } finally {
    backend.dispose();
  }
  const bulk = res.results.ome!;
  // compare in K = ∂⟨r×v⟩/∂(eE) (Å in 2D): the bulk result's own conversion when it has one
  const toK = bulk.conversions['Å per eE'] ?? (fromK(bulk.unit) !== null ? 1 / fromK(bulk.unit)! : null);
  const notes: string[] = ['the ribbon oracle is exact for insulators at T = 0; in a metal its static response omits the relaxation-time (Fermi-surface) terms'];
  if (toK === null) notes.push(`the bulk unit '${bulk.unit}' has no known relation to K (Å): the ratios are of raw numbers`);
  const inK = (x: number) => x * (toK ?? 1);
  const v = firstT(bulk.values).map((row) => inK(row[0]!));
  const parts = Object.fromEntries(Object.entries(bulk.parts ?? {}).map(([k, p]) => [k, firstT(p).map((row) => inK(row[0]!))]));
  const ribbonIn = K;
  const ratio = (a: number[]) => a.map((x, i) => x / ribbonIn[i]!);
  const doc = {
    ...header(loaded, res.backend),
    E: args.E,
    mu,
    T: 0,
    unit: toK !== null ? 'Å' : bulk.unit,
    quantity: 'K = ∂⟨(r×v)_z⟩/∂(eE) (orbital magnetisation per field M/E = −(e/2)K)',
    ribbon: {
      values: ribbonIn.map((x) => [x]),
      inBulkUnit: toK !== null ? { unit: bulk.unit, values: K.map((x) => [x / toK]) } : undefined,
      convergence: ribbon.map((r) => r.convergence),
      widths,
      nk,
      along: geo.vector,
      supercell: geo.supercell ?? null,
    },
    bulk: { grid: res.grid, components: bulk.components, values: v.map((x) => [x]), parts: Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, p.map((x) => [x])])) },
    ratios: { total: ratio(v), ...Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, ratio(p)])) },
    notes,
  };
  let text = modelLine(loaded, res.backend);
  text += `E ∥ ${args.E}; ribbon along ${geo.vector[0]}a₁${geo.vector[1] >= 0 ? '+' : ''}${geo.vector[1]}a₂, widths ${widths.join(', ')} cells, ${nk} k; bulk grid ${res.grid.join('x')}\n`;
  const u = toK !== null ? 'Å' : bulk.unit;
  text += `K = ∂⟨(r×v)_z⟩/∂(eE) in ${u}${toK !== null ? ` (× ${fmt(1 / toK, 5)} → ${bulk.unit})` : ''}\n`;
  const head = ['μ (eV)', 'ribbon (exact)', 'ribbon Δslope', 'bulk ome', ...Object.keys(parts), 'bulk/ribbon', ...Object.keys(parts).map((k) => `${k}/ribbon`)];
  text += table(
    head,
    mu.map((x, i) => [fmt(x), fmt(ribbonIn[i]!), fmt(ribbon[i]!.convergence, 2), fmt(v[i]!), ...Object.values(parts).map((p) => fmt(p[i]!)), fmt(v[i]! / ribbonIn[i]!), ...Object.values(parts).map((p) => fmt(p[i]! / ribbonIn[i]!))]),
  );
  for (const n of notes) text += `note: ${n}\n`;
  return { doc, text };
}

export const registerCompareOme: RegisterCommand = (program: Command, env) => {
  program
    .command('compare-ome')
    .description("orbital magneto-electric response: paper 001's readings (bulk ome parts) against the exact ribbon result")
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...] (2D tight-binding insulator)')
    .addOption(new Option('--E <DIR>', 'field direction').choices(['x', 'y']).makeOptionMandatory())
    .requiredOption('--mu <START:STOP:N>', 'chemical potentials in eV (in the gap for the exact comparison)')
    .option('--width <CELLS>', 'widest ribbon (the slope uses W/2, 3W/4 and W)', '24')
    .option('--nk <N>', 'k-points along the ribbon', '96')
    .option('--grid <N1xN2>', 'bulk k-grid (default 300x300)')
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
