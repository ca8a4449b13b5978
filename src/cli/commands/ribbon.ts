/**
 * `orbitronics ribbon`: a finite-width ribbon of a 2D tight-binding model (src/ribbon).
 *   bands     ribbon bands along the periodic direction with the transverse centre ⟨y⟩ of each state
 *   ome-exact the exact static orbital magneto-electric response of the ribbon (ribbon oracle):
 *             totals per unit length for several widths and the bulk density as the slope vs width
 *   omm-density  (waits for a density-profile routine in src/ribbon)
 */
import { Option, type Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import type { TightBindingModel } from '../../model/types.js';
import { makeRibbon, ribbonBands, ribbonMeta, ribbonOracle } from '../../ribbon/index.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { loadModelArg, notAvailable, withWhere, type LoadedModel } from '../lib.js';
import { parseInteger, parseNumber } from '../parse.js';
import { checkRibbon } from '../../limits.js';

export const RIBBON_OBSERVABLES = ['omm-density', 'ome-exact', 'bands'] as const;

export interface RibbonArgs {
  model: string;
  width: string;
  observable: (typeof RIBBON_OBSERVABLES)[number];
  mu: string;
  tau?: string;
  nk: string;
  along: string;
  json?: boolean;
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

export async function ribbon(args: RibbonArgs, io: CliIO): Promise<CommandOutput> {
  const W = parseInteger(args.width, '--width', 1);
  const mu = parseNumber(args.mu, '--mu');
  const nk = parseInteger(args.nk, '--nk', 2);
  const along = parseInteger(args.along, '--along', 0);
  if (along > 1) throw new OrbitronicsError('ARGUMENT_INVALID', `--along must be 0 or 1 (the lattice vector kept periodic). Value: '${args.along}'.`, { where: '--along' });
  if (args.observable === 'omm-density') throw notAvailable('ribbon --observable omm-density', 'an OMM-density profile routine in src/ribbon');
  const loaded = await loadModelArg(args.model, io.cwd);
  const model = requireTb2D(loaded);
  checkRibbon(W, loaded.compiled.nb, nk); // before the W·nb supercell is built
  const notes: string[] = [];
  if (args.tau !== undefined) notes.push('--tau is not used: the ribbon oracle computes the static (intrinsic, τ-independent) response');
  if (args.observable === 'bands') {
    const r = await withWhere(() => makeRibbon(model, { along: along as 0 | 1, width: W }), '--width');
    const meta = ribbonMeta(r);
    const b = ribbonBands(r, { nk });
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
  const widths = oracleWidths(W);
  if (widths.length < 2) throw new OrbitronicsError('ARGUMENT_INVALID', `--width must be at least 2 for ome-exact (the bulk value is a slope over widths). Value: ${W}.`, { where: '--width' });
  const r = await withWhere(() => ribbonOracle(model, { along: along as 0 | 1, widths, nk, mu, T: 0, observable: 'ome' }), 'ribbon');
  const doc = {
    ...header(loaded),
    ribbon: { widths: r.widths, physicalWidths: r.physicalWidths, along, nk },
    mu,
    T: 0,
    results: {
      'ome-exact': {
        unit: r.unit,
        components: ['z'],
        values: [[r.slope]],
        perCell: r.perCell,
        convergence: r.convergence,
        totals: { unit: r.totalUnit, values: r.totals, parts: r.parts },
        successiveSlopes: r.successiveSlopes,
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
  for (const n of notes) text += `note: ${n}\n`;
  return { doc, text };
}

export const registerRibbon: RegisterCommand = (program: Command, env) => {
  program
    .command('ribbon')
    .description('ribbon of a 2D tight-binding model: ribbon bands, exact orbital magneto-electric response (oracle), OMM density profile')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...] (2D tight-binding)')
    .requiredOption('--width <CELLS>', 'ribbon width in unit cells')
    .addOption(new Option('--observable <NAME>', 'what to compute').choices(RIBBON_OBSERVABLES as unknown as string[]).makeOptionMandatory())
    .requiredOption('--mu <VALUE>', 'chemical potential in eV')
    .option('--tau <S>', 'relaxation time in s (not used by the static oracle)')
    .option('--nk <N>', 'k-points along the ribbon', '200')
    .option('--along <0|1>', 'lattice vector kept periodic (0: zigzag edges for the honeycomb models)', '0')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: RibbonArgs) => {
      env.emit(await ribbon(opts, env.io), !!opts.json);
    });
};
