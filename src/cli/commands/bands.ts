/** `orbitronics bands`: energies along a k-path, optionally coloured by a band-resolved quantity, optionally plotted to SVG. */
import { writeFileAtomic } from '../../util/atomic-write.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Backend } from '../../backend/backend.js';
import { OrbitronicsError } from '../../errors.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import { bandsSpec, displayLabel, renderSvg, type VegaLiteSpec } from '../../plot/index.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import { fmt, table } from '../format.js';
import { BACKEND_CHOICES, getBackend, kPathArg, loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, WSVEC_OPTION, type BackendChoice, type LoadedModel, type ModelFileArgs } from '../lib.js';
import { choices, parseInteger } from '../parse.js';

export const BANDS_COLOR_CHOICES = ['berry-curvature', 'orbital-moment'] as const;
const BATCH = 256;

export interface BandsArgs extends ModelFileArgs {
  model: string;
  path?: string;
  n: string;
  plot?: string;
  color?: string;
  backend: BackendChoice;
}

export interface BandsData {
  loaded: LoadedModel;
  backend: string;
  path: string;
  distance: number[];
  ticks: Array<{ label: string; index: number; distance: number }>;
  kCartesian: number[][];
  energies: number[][];
  /** z (2D) or all axial components (3D), [k][band][component], in Å² or μ_B. */
  color?: { quantity: string; unit: string; components: string[]; values: Array<Array<Array<number | null>>> };
}

/** Default path for the lattice: hexagonal G-K-M-G, otherwise G-X-M-G (1D: G-X, 3D: G-X-M-G-Z). */
export function defaultPath(loaded: LoadedModel, points: Record<string, number[]>): string {
  if (loaded.compiled.kind === 'kp') return '';
  if (loaded.compiled.dim === 1) return 'G-X';
  if ('K' in points) return 'G-K-M-G';
  return loaded.compiled.dim === 3 ? 'G-X-M-G-Z' : 'G-X-M-G';
}

/** Energies (and optionally Ω or m) along a path; the library part of the command, reused by `demo`. */
export async function computeBands(
  loaded: LoadedModel,
  backend: Backend,
  pathSpec: string,
  n: number,
  color?: (typeof BANDS_COLOR_CHOICES)[number],
): Promise<BandsData> {
  const { compiled } = loaded;
  const p = await kPathArg(compiled, pathSpec, n);
  const nk = p.distance.length;
  const nb = compiled.nb;
  const C = compiled.dim === 2 ? 1 : compiled.dim === 3 ? 3 : 0;
  const energies: number[][] = [];
  const colorVals: Array<Array<Array<number | null>>> = [];
  for (let start = 0; start < nk; start += BATCH) {
    const cnt = Math.min(BATCH, nk - start);
    const b = backend.evaluate(compiled, { nk: cnt, k: p.k.subarray(3 * start, 3 * (start + cnt)) }, color ? { geometry: true } : {});
    for (let i = 0; i < cnt; i++) {
      const e = Array.from(b.energies.subarray(i * nb, (i + 1) * nb));
      energies.push(e);
      if (color) {
        const src = color === 'berry-curvature' ? b.berryCurvature! : b.orbitalMoment!;
        const f = color === 'orbital-moment' ? ORBITAL_MOMENT_TO_MUB : 1;
        const row: Array<Array<number | null>> = [];
        for (let nn = 0; nn < nb; nn++) {
          const deg = e.some((x, m) => m !== nn && Math.abs(x - e[nn]!) < 1e-8);
          row.push(Array.from({ length: C }, (_, c) => (deg ? null : src[(i * nb + nn) * C + c]! * f)));
        }
        colorVals.push(row);
      }
    }
  }
  const distance = Array.from(p.distance);
  const out: BandsData = {
    loaded,
    backend: backend.name,
    path: pathSpec,
    distance,
    ticks: p.ticks.map((t) => ({ label: t.label, index: t.index, distance: distance[t.index]! })),
    kCartesian: Array.from({ length: nk }, (_, i) => Array.from(p.k.subarray(3 * i, 3 * i + compiled.dim))),
    energies,
  };
  if (color)
    out.color = {
      quantity: color,
      unit: color === 'berry-curvature' ? 'Å^2' : 'muB',
      components: compiled.dim === 2 ? ['z'] : ['x', 'y', 'z'].slice(0, C),
      values: colorVals,
    };
  return out;
}

/** Vega-Lite spec of a BandsData (colour: the z component, or the last axial component in 3D). */
export function bandsPlot(d: BandsData, title?: string): VegaLiteSpec {
  const c = d.color;
  const ci = c ? c.components.length - 1 : 0;
  return bandsSpec({
    distance: d.distance,
    energies: d.energies,
    ticks: d.ticks,
    title: title ?? `${d.loaded.compiled.name}: bands along ${d.ticks.map((t) => displayLabel(t.label)).join('–')}`,
    color: c
      ? {
          title: `${c.quantity === 'berry-curvature' ? 'Ω' : 'm'}_${c.components[ci]} (${c.unit})`,
          values: c.values.map((row) => row.map((band) => band[ci] ?? null)),
        }
      : undefined,
  });
}

export function bandsDocument(d: BandsData): Record<string, unknown> {
  const results: Record<string, unknown> = { energies: { unit: 'eV', values: d.energies } };
  if (d.color) results[d.color.quantity] = { unit: d.color.unit, components: d.color.components, values: d.color.values };
  return {
    ...header(d.loaded, d.backend),
    path: d.path,
    n: d.distance.length,
    ticks: d.ticks,
    distanceUnit: 'Å^-1',
    distance: d.distance,
    kCartesian: d.kCartesian,
    results,
  };
}

export async function bands(args: BandsArgs, cwd: string, note?: (line: string) => void): Promise<CommandOutput> {
  const n = parseInteger(args.n, '--n', 2);
  if (n > 1_000_000) throw new OrbitronicsError('LIMIT_EXCEEDED', `--n ${n} is more than 1000000 k-points.`, { where: '--n' });
  let color: (typeof BANDS_COLOR_CHOICES)[number] | undefined;
  if (args.color !== undefined) {
    if (!(BANDS_COLOR_CHOICES as readonly string[]).includes(args.color))
      throw new OrbitronicsError('QUANTITY_UNKNOWN', `--color '${args.color}' is not a band-resolved quantity that can colour bands. Valid: ${choices(BANDS_COLOR_CHOICES)}.`, { where: '--color' });
    color = args.color as (typeof BANDS_COLOR_CHOICES)[number];
  }
  const loaded = await loadModelArg(args.model, cwd, { ...args, note });
  let pathSpec = args.path;
  if (!pathSpec) {
    const { highSymmetryPoints } = await import('../lib.js');
    pathSpec = defaultPath(loaded, await highSymmetryPoints(loaded.compiled));
    if (!pathSpec) throw new OrbitronicsError('PATH_INVALID', 'a k·p model needs an explicit --path, e.g. --path "(-0.1,0)-G-(0.1,0)" (points in Å⁻¹).', { where: '--path' });
  }
  const backend = await getBackend(args.backend);
  let d: BandsData;
  try {
    d = await computeBands(loaded, backend, pathSpec, n, color);
  } finally {
    backend.dispose();
  }
  const doc = bandsDocument(d);
  let text = modelLine(loaded, d.backend) + `path ${d.ticks.map((t) => displayLabel(t.label)).join('–')}, ${d.distance.length} k-points\n`;
  const nb = loaded.compiled.nb;
  text += table(
    ['point', 'distance (Å^-1)', ...Array.from({ length: nb }, (_, i) => `E${i} (eV)`)],
    d.ticks.map((t) => [displayLabel(t.label), fmt(t.distance), ...d.energies[t.index]!.map((x) => fmt(x))]),
  );
  // a loop, not Math.min(...all): spreading 10⁶ k-points × bands overflows the call stack
  let lo = Infinity, hi = -Infinity;
  for (const row of d.energies) for (const x of row) { if (x < lo) lo = x; if (x > hi) hi = x; }
  text += `energy range ${fmt(lo)} … ${fmt(hi)} eV\n`;
  if (args.plot) {
    const file = path.resolve(cwd, args.plot);
    try {
      await writeFileAtomic(file, await renderSvg(bandsPlot(d)), { mkdir: false });
    } catch (e) {
      throw new OrbitronicsError('IO_ERROR', `cannot write the plot: ${(e as Error).message}`, { where: args.plot });
    }
    doc.plot = file;
    text += `plot written to ${file}\n`;
  }
  return { doc, text };
}

export const registerBands: RegisterCommand = (program: Command, env) => {
  program
    .command('bands')
    .description('band energies along a k-path (labels: G K M ... of the lattice), optionally coloured and plotted to SVG')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .option('--path <LABELS>', 'k-path: labels joined by -, e.g. "G-K-M-G" (default: G-K-M-G for hexagonal, G-X-M-G otherwise), or points "(0,0)-(0.5,0)" (reduced; k·p: Å⁻¹)')
    .option('--n <N>', 'number of k-points along the whole path', '200')
    .option('--plot <FILE.svg>', 'write an SVG plot of the bands')
    .addOption(new Option('--color <QUANTITY>', 'colour the bands by a band-resolved quantity').choices(BANDS_COLOR_CHOICES as unknown as string[]))
    .addOption(new Option('--backend <B>', 'backend').choices(BACKEND_CHOICES as unknown as string[]).default('auto'))
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: BandsArgs & { json?: boolean }) => {
      env.emit(await bands(opts, env.io.cwd, env.io.err), !!opts.json);
    });
};
