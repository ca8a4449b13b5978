/** `orbitronics symmetry`: symmetries of a model and the components they allow (docs/symmetry.md). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import type { OpInput } from '../../symmetry/ops.js';
import { detectSymmetries } from '../../symmetry/detect.js';
import { symmetryTables } from '../../symmetry/report.js';
import { header, modelLine, type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { fmt, table } from '../format.js';
import { loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, withWhere, WSVEC_OPTION, type ModelFileArgs } from '../lib.js';

export interface SymmetryArgs extends ModelFileArgs {
  model: string;
  /** JSON file with an array of user operations {name, R | lattice, t, U, antiunitary} (docs/symmetry.md). */
  ops?: string;
  /** Relative tolerance for "holds" (default 1e-9); Wannier90 models printed to a few digits need e.g. 1e-6. */
  tol?: string;
  json?: boolean;
}

async function readOps(file: string, cwd: string): Promise<OpInput[]> {
  const f = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(f, 'utf8');
  } catch (e) {
    throw new OrbitronicsError('IO_ERROR', `cannot read ${file}: ${(e as Error).message}`, { where: '--ops' });
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `${file} is not JSON: ${(e as Error).message}`, { where: '--ops' });
  }
  if (!Array.isArray(v) || !v.every((x) => x && typeof x === 'object')) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `${file} must hold a JSON array of operations {name, R | lattice, t, U, antiunitary}.`, { where: '--ops' });
  }
  return v as OpInput[];
}

const fmtU = (U: Array<Array<[number, number]>>): string => {
  const z = (c: [number, number]) => {
    const [re, im] = c.map((x) => Number(x.toPrecision(4))) as [number, number];
    if (im === 0) return String(re);
    if (re === 0) return `${im}i`;
    return `${re}${im < 0 ? '' : '+'}${im}i`;
  };
  return '[' + U.map((row) => row.map(z).join(' ')).join('; ') + ']';
};

export async function symmetry(args: SymmetryArgs, io: CliIO): Promise<CommandOutput> {
  const loaded = await loadModelArg(args.model, io.cwd, { ...args, note: io.err });
  const extra = args.ops ? await readOps(args.ops, io.cwd) : undefined;
  const tol = args.tol !== undefined ? Number(args.tol) : undefined;
  if (tol !== undefined && !(tol > 0 && tol < 1)) throw new OrbitronicsError('ARGUMENT_INVALID', `--tol must be a relative tolerance in (0, 1). Value: '${args.tol}'.`, { where: '--tol' });
  const analysis = await withWhere(() => detectSymmetries(loaded.compiled, { ...(extra ? { extra } : {}), ...(tol ? { tol } : {}) }), args.ops ? '--ops' : 'symmetry');
  const tables = symmetryTables(loaded.compiled, analysis);
  const doc = { ...header(loaded), ...tables };
  let text = modelLine(loaded);
  text += `symmetry group: ${tables.group.length} operations (point-group closure ${tables.order})\n`;
  text += table(
    ['operation', 'R (Cartesian rows)', 't (Å)', 'U (orbital basis)'],
    tables.group.map((g) => [g.name, g.R.slice(0, 3).map((r) => r.map((x) => fmt(x, 4)).join(' ')).join(' | '), g.t.map((x) => fmt(x, 4)).join(' '), fmtU(g.U)]),
  );
  if (tables.broken.length) {
    text += '\nbroken standard candidates (largest |H(kMap k) − U H(k)^(*) U†| over random k, best U):\n';
    text += table(
      ['operation', 'violation (eV)', 'relative', 'reason'],
      tables.broken.map((b) => [b.name, b.violation === null ? '—' : fmt(b.violation, 3), b.relative === null ? '—' : fmt(b.relative, 3), b.reason ?? '']),
    );
  }
  text += '\nallowed components (field-driven responses: response component, field direction):\n';
  const rows: string[][] = [];
  for (const [name, o] of Object.entries(tables.observables)) {
    const ch = o.character;
    const chs = `rank ${ch.rank} ${ch.kind}, T-${ch.time}${ch.antisymmetric ? ', antisym.' : ''}${o.registered ? '' : ' (declared)'}`;
    o.components.forEach((c, i) =>
      rows.push([i === 0 ? name : '', i === 0 ? chs : '', c.field ? `${c.component} (E∥${c.field})` : c.component, c.tensor, c.status + (c.text ? ` ${c.text}` : '')]),
    );
  }
  text += table(['observable', 'character', 'component', 'tensor', 'status'], rows);
  for (const n of tables.notes) text += `note: ${n}\n`;
  return { doc, text };
}

export const registerSymmetry: RegisterCommand = (program: Command, env) => {
  program
    .command('symmetry')
    .description('symmetries of the model (time reversal, inversion, rotations, mirrors) and the observable components they allow')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .option('--ops <FILE.json>', 'additional user operations to check: JSON array of {name, R (Cartesian 3×3) | lattice (reduced), t, U, antiunitary}')
    .option('--tol <REL>', 'relative tolerance for a symmetry to hold (default 1e-9; e.g. 1e-6 for Wannier90 files printed to 8 digits)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: SymmetryArgs) => {
      env.emit(await symmetry(opts, env.io), !!opts.json);
    });
};
