/** `orbitronics compute`: BZ-integrated observables over a μ sweep (DESIGN §4), built on src/integrate's compute(). */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import { renderSvg, sweepSpec, type LineSeries, type VegaLiteSpec } from '../../plot/index.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import { toJson, type CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { BACKEND_CHOICES, getBackend, integrateLib, loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, observablesLib, withWhere, WSVEC_OPTION, type BackendChoice, type LoadedModel, type ModelFileArgs } from '../lib.js';
import { collect, parseGrid, parseInteger, parseList, parseNumber, parseRange } from '../parse.js';
import { createProgress } from '../progress.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

export interface ComputeArgs extends ModelFileArgs {
  model: string;
  observable?: string[];
  grid?: string;
  mu: string;
  T: string;
  E?: 'x' | 'y' | 'z';
  tau?: string;
  field?: string;
  backend: BackendChoice;
  threads?: string;
  symmetry?: boolean;
  converge?: boolean;
  shard?: string;
  plot?: string;
  out?: string;
  json?: boolean;
}

/** What the CLI reads from a ComputeResult (src/result.ts). */
export interface ObservableResultLike {
  id: string;
  name: string;
  unit: string;
  components: string[];
  mu: number[];
  values: number[][] | number[][][];
  parts?: Record<string, number[][] | number[][][]>;
  conversions: Record<string, number>;
  bands?: number[][];
  toJSON(): Record<string, unknown>;
}
export interface ComputeResultLike {
  model: { name: string; dim: number; bands: number };
  backend: string;
  grid: number[];
  T: number | number[];
  mu: number[];
  results: Record<string, ObservableResultLike>;
  diagnostics: Record<string, unknown>;
  convergence?: unknown;
  toJSON(): Record<string, unknown>;
}

/** Observable names (kebab-case), checked against the registry: OBSERVABLE_UNKNOWN lists the valid ones. */
export async function checkObservables(raw: string[], dim: number, command = 'compute'): Promise<string[]> {
  const { OBSERVABLES } = await observablesLib(command);
  const valid = OBSERVABLES.filter((o) => o.dims.includes(dim)).map((o) => o.name);
  return raw.map((r) => {
    const o = OBSERVABLES.find((x) => x.name === r || x.id === r);
    if (!o) {
      const perK = ['energies', 'velocity', 'berry-connection', 'berry-curvature', 'quantum-metric', 'qgt', 'orbital-moment'];
      throw new OrbitronicsError('OBSERVABLE_UNKNOWN', `unknown observable '${r}'. Valid observables: ${OBSERVABLES.map((x) => x.name).join(', ')}.`, {
        where: '--observable',
        hint: perK.includes(r) ? `'${r}' is a per-k quantity: orbitronics kpoint --quantity ${r}` : undefined,
      });
    }
    if (!o.dims.includes(dim))
      throw new OrbitronicsError('OBSERVABLE_UNKNOWN', `'${o.name}' is not defined for a ${dim}D model. Valid for ${dim}D: ${valid.join(', ')}.`, { where: '--observable' });
    return o.name;
  });
}

/** values[mu][c] of one temperature (the first, if several). */
export const firstT = (v: number[][] | number[][][]): number[][] => (Array.isArray(v[0]?.[0]) ? (v as number[][][])[0]! : (v as number[][]));

/** μ-sweep plot of one observable: every component, and the named parts dashed. */
export function observablePlot(r: ObservableResultLike, opts: { title?: string; unit?: string; overlays?: LineSeries[] } = {}): VegaLiteSpec {
  const unit = opts.unit ?? r.unit;
  const f = unit === r.unit ? 1 : r.conversions[unit]!;
  const v = firstT(r.values);
  const series: LineSeries[] = r.components.map((c, j) => ({ label: r.components.length > 1 || !r.parts ? c : `total (${c})`, values: v.map((row) => row[j]! * f) }));
  for (const [name, pv] of Object.entries(r.parts ?? {})) {
    const p = firstT(pv);
    r.components.forEach((c, j) => series.push({ label: r.components.length > 1 ? `${name} (${c})` : name, values: p.map((row) => row[j]! * f), overlay: true }));
  }
  if (opts.overlays) series.push(...opts.overlays);
  return sweepSpec({ mu: r.mu, quantity: r.name, unit, series, title: opts.title });
}

/** The JSON document of a ComputeResult, with each result's unit conversions. */
export function computeDocument(res: ComputeResultLike): Record<string, unknown> {
  const doc = res.toJSON();
  const results = doc.results as Record<string, Record<string, unknown>>;
  for (const [name, r] of Object.entries(res.results)) if (Object.keys(r.conversions).length) results[name]!.conversions = r.conversions;
  return doc;
}

/** Table: μ rows (at most `maxRows`, evenly subsampled), one column per component / part / converted unit. */
export function computeText(loaded: LoadedModel, res: ComputeResultLike, maxRows = 41): string {
  let s = modelLine(loaded, res.backend);
  const T = Array.isArray(res.T) ? res.T : [res.T];
  s += `grid ${res.grid.join('x')}, T = ${T.join(', ')} K, ${res.mu.length} chemical potential${res.mu.length > 1 ? 's' : ''}\n`;
  const head = ['μ (eV)'];
  const cols: Array<(i: number) => string> = [];
  for (const r of Object.values(res.results)) {
    const v = firstT(r.values);
    r.components.forEach((c, j) => {
      head.push(`${r.name} ${c} (${r.unit})`);
      cols.push((i) => fmt(v[i]![j]!));
      const alt = Object.keys(r.conversions)[0];
      if (alt) {
        head.push(`${c} (${alt})`);
        cols.push((i) => fmt(v[i]![j]! * r.conversions[alt]!));
      }
    });
    for (const [name, pv] of Object.entries(r.parts ?? {})) {
      const p = firstT(pv);
      r.components.forEach((c, j) => {
        head.push(`${name} ${c}`);
        cols.push((i) => fmt(p[i]![j]!));
      });
    }
  }
  const n = res.mu.length;
  const idx = n <= maxRows ? [...Array(n).keys()] : Array.from({ length: maxRows }, (_, i) => Math.round((i * (n - 1)) / (maxRows - 1)));
  s += table(head, idx.map((i) => [fmt(res.mu[i]!), ...cols.map((c) => c(i))]));
  if (n > maxRows) s += `(${maxRows} of ${n} μ values shown; --json for all)\n`;
  for (const r of Object.values(res.results)) if (r.bands) s += `${r.name} per band: ${r.bands.map((b) => b.map((x) => fmt(x, 5)).join(',')).join('  ')}\n`;
  const d = res.diagnostics as { degenerateKpoints?: number; kpoints?: number; notes?: string[] };
  if (d.degenerateKpoints) {
    const at = ((d as { degenerateSamples?: Array<{ k: number[]; reduced?: number[] }> }).degenerateSamples ?? []).map((x) => `(${(x.reduced ?? x.k).map((v) => fmt(v, 4)).join(', ')})`);
    s += `degenerate k-points (pairs skipped): ${d.degenerateKpoints} of ${d.kpoints ?? '?'}${at.length ? `, e.g. at k = ${at.join(' ')}${at[0] && (d as { degenerateSamples?: Array<{ reduced?: number[] }> }).degenerateSamples![0]!.reduced ? ' (reduced)' : ' Å⁻¹'}` : ''}\n`;
  }
  for (const note of d.notes ?? []) s += `note: ${note}\n`;
  const conv = res.convergence as { grid: number[]; fineGrid: number[]; relativeChange: Record<string, number> } | undefined;
  if (conv) s += `convergence ${conv.grid.join('x')} → ${conv.fineGrid.join('x')}: ${Object.entries(conv.relativeChange).map(([k, v]) => `${k} ${fmt(v, 3)}`).join(', ')} (relative change)\n`;
  return s;
}

export async function compute(args: ComputeArgs, io: CliIO): Promise<CommandOutput> {
  if (!args.observable?.length) {
    const { OBSERVABLES } = await observablesLib('compute');
    throw new OrbitronicsError('ARGUMENT_INVALID', `--observable is required. Valid observables: ${OBSERVABLES.map((o) => o.name).join(', ')}.`, { where: '--observable' });
  }
  const requested = parseList(args.observable, '--observable');
  const mu = parseRange(args.mu, '--mu');
  const T = parseNumber(args.T, '--T');
  if (T < 0) throw new OrbitronicsError('ARGUMENT_INVALID', `--T must be ≥ 0 K. Value: '${args.T}'.`, { where: '--T' });
  const grid = args.grid !== undefined ? parseGrid(args.grid) : undefined;
  const threads = args.threads !== undefined ? parseInteger(args.threads, '--threads') : undefined;
  const params: Record<string, unknown> = {};
  if (args.E) params.E = { x: 0, y: 1, z: 2 }[args.E];
  if (args.tau !== undefined) {
    const tau = parseNumber(args.tau, '--tau');
    if (!(tau > 0)) throw new OrbitronicsError('ARGUMENT_INVALID', `--tau must be a positive time in s. Value: '${args.tau}'.`, { where: '--tau' });
    params.tau = tau;
  }
  if (args.field !== undefined) params.field = parseNumber(args.field, '--field');
  if (args.shard && (args.converge || args.plot || args.symmetry))
    throw new OrbitronicsError('ARGUMENT_INVALID', '--shard cannot be combined with --converge, --symmetry or --plot (merge the shards first).', { where: '--shard' });
  const loaded = await loadModelArg(args.model, io.cwd, { ...args, note: io.err });
  const observables = [...new Set(await checkObservables(requested, loaded.compiled.dim))];
  if (grid) {
    const want = loaded.compiled.kind === 'kp' ? 2 : loaded.compiled.dim;
    if (grid.length !== want && !(loaded.compiled.kind === 'kp' && grid.length === 2))
      throw new OrbitronicsError('GRID_INVALID', `--grid needs ${want} numbers for this ${loaded.compiled.kind === 'kp' ? 'k·p model (NTHETAxNR)' : `${loaded.compiled.dim}D model`}. Value: '${args.grid}'.`, { where: '--grid' });
  }
  const lib = await integrateLib('compute');
  const backend = await getBackend(args.backend);
  const bar = createProgress(io, 'compute', { json: args.json });
  let result: unknown;
  try {
    result = await withWhere(
      () =>
        lib.compute({
          model: loaded.compiled,
          observables,
          grid,
          mu,
          T,
          backend,
          threads,
          params,
          converge: !!args.converge,
          symmetry: args.symmetry ? true : undefined,
          shard: args.shard,
          signal: io.signal,
          onProgress: (p: { fraction: number; stage: string }) => bar.update(p.fraction, p.stage),
        }),
      'compute',
    );
  } catch (e) {
    // a field-driven observable without --E: point at the option
    if (e instanceof OrbitronicsError && /--E\b/.test(e.message) && !args.E) throw new OrbitronicsError(e.code, e.message, { where: '--E', hint: e.hint });
    throw e;
  } finally {
    bar.stop();
    backend.dispose();
  }
  if (args.shard) {
    const partial = result as { shard: { index: number; count: number } };
    if (args.out) {
      const dir = path.resolve(io.cwd, args.out);
      const file = path.join(dir, `${loaded.compiled.name}-shard-${partial.shard.index}-of-${partial.shard.count}.json`);
      await writeOut(dir, file, toJson(partial));
      return { doc: { ...header(loaded, backend.name), partial: file, shard: partial.shard }, text: `partial result ${partial.shard.index}/${partial.shard.count} written to ${file}\nmerge all shards with: orbitronics merge ${path.join(dir, `${loaded.compiled.name}-shard-*-of-${partial.shard.count}.json`)}\n` };
    }
    // without --out the partial document itself is the output (it is JSON in any case)
    return { doc: partial as Record<string, unknown>, text: toJson(partial) };
  }
  const res = result as ComputeResultLike;
  const doc = computeDocument(res);
  let text = computeText(loaded, res);
  if (res.results.torque && typeof params.field === 'number' && loaded.compiled.kind === 'kp' && loaded.compiled.dim === 2 && (params.E === 0 || params.E === 1)) {
    // paper 000 Fig. 1: ω₀(μ) = −(Fermi-line torque)/(Fermi-line OM)·eE/ħ (src/observables/torque.ts)
    const { precessionFrequency } = await import('../../observables/torque.js');
    const w = await precessionFrequency(loaded.compiled, { mu: res.mu, E: params.E, field: params.field });
    (doc.results as Record<string, Record<string, unknown>>).torque!.omega0 = { unit: '1/s', definition: 'paper 000 Fig. 1: dl/dt = −ω₀ l on the Fermi line', values: w.omega.map((x) => (Number.isFinite(x) ? x : null)) };
    text += `precession frequency ω₀ (paper 000 Fig. 1, 1/s): ${w.omega.map((x) => (Number.isFinite(x) ? fmt(x, 4) : '—')).join(', ')}\n`;
  }
  if (args.plot) {
    const file = path.resolve(io.cwd, args.plot);
    const specs = Object.values(res.results).map((r) => observablePlot(r, { title: `${loaded.compiled.name}: ${r.name}` }));
    const spec: VegaLiteSpec = specs.length === 1 ? specs[0]! : { $schema: specs[0]!.$schema, vconcat: specs.map(({ $schema: _s, ...rest }) => rest) };
    await writeOut(path.dirname(file), file, await renderSvg(spec));
    doc.plot = file;
    text += `plot written to ${file}\n`;
  }
  if (args.out) {
    const dir = path.resolve(io.cwd, args.out);
    const file = path.join(dir, `${loaded.compiled.name}-${observables.join('+')}.json`);
    await writeOut(dir, file, toJson(doc));
    text += `result written to ${file}\n`;
  }
  return { doc, text };
}

/** Atomic (temp file + rename): an interrupted run never leaves a half-written result. IO_ERROR on failure. */
async function writeOut(_dir: string, file: string, content: string): Promise<void> {
  await writeFileAtomic(file, content);
}

export const registerCompute: RegisterCommand = (program: Command, env) => {
  program
    .command('compute')
    .description('Brillouin-zone integrated observables (chern, ahc, orbital-magnetization, ...) for a range of chemical potentials')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .option('--observable <LIST>', 'comma-separated observables (required)', collect)
    .option('--grid <N1xN2[xN3]>', 'Monkhorst–Pack k-grid (k·p: NTHETAxNR polar grid); default 300x300 (2D), 60x60x60 (3D), k·p 64x24')
    .requiredOption('--mu <START:STOP:N>', 'chemical potentials in eV: START:STOP:N (inclusive) or one value')
    .option('--T <KELVIN>', 'temperature in K (0 allowed)', '0')
    .addOption(new Option('--E <DIR>', 'electric-field direction for field-driven observables').choices(['x', 'y', 'z']))
    .option('--tau <SECONDS>', 'relaxation time in s')
    .option('--field <V_PER_M>', 'field strength in V/m: field-driven observables are reported for this field instead of per unit field (torque on a 2D k·p model: also the precession frequency ω₀)')
    .addOption(new Option('--backend <B>', 'backend').choices(BACKEND_CHOICES as unknown as string[]).default('auto'))
    .option('--threads <N>', 'worker threads (default: number of cores; results are bit-identical for any N)')
    .option('--symmetry', 'integrate the irreducible wedge of the model\'s symmetry group and symmetrise; forbidden components are reported')
    .option('--converge', 'also run a finer grid (×1.5 per axis) and report the relative change')
    .option('--shard <I/N>', 'compute shard I of N (1 ≤ I ≤ N) as a partial result; combine with `orbitronics merge`')
    .option('--plot <FILE.svg>', 'write an SVG plot against μ')
    .option('--out <DIR>', 'also write the JSON document (or the shard\'s partial result) to DIR')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: ComputeArgs) => {
      env.emit(await compute(opts, env.io), !!opts.json);
    });
};
