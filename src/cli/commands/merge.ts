/** `orbitronics merge`: combine the partial results of `compute --shard I/N` (bit-identical to an unsharded run). */
import { readFile, stat } from 'node:fs/promises';
import { checkInputSize, checkJsonDepth } from '../../limits.js';
import path from 'node:path';
import type { Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import { compileModel } from '../../model/index.js';
import type { Model } from '../../model/types.js';
import { type CommandOutput, type RegisterCommand } from '../common.js';
import type { CliIO } from '../context.js';
import { integrateLib, withWhere } from '../lib.js';
import { computeDocument, computeText, type ComputeResultLike } from './compute.js';

export async function merge(files: string[], io: CliIO): Promise<CommandOutput> {
  const lib = await integrateLib('merge');
  const parts: unknown[] = [];
  for (const f of files) {
    const file = path.resolve(io.cwd, f);
    let text: string;
    try {
      checkInputSize((await stat(file)).size, f); // LIMIT_EXCEEDED before reading
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (e instanceof OrbitronicsError) throw e;
      throw new OrbitronicsError('IO_ERROR', `cannot read ${f}: ${(e as Error).message}`, { where: f });
    }
    checkJsonDepth(text, f);
    try {
      parts.push(JSON.parse(text));
    } catch (e) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `${f} is not JSON: ${(e as Error).message}`, { where: f, hint: 'merge reads the files written by compute --shard I/N --out DIR' });
    }
  }
  const res = (await withWhere(() => lib.mergePartials(parts), files.join(' '))) as ComputeResultLike;
  const model = (parts[0] as { job: { model: Model } }).job.model;
  const compiled = compileModel(model);
  return { doc: computeDocument(res), text: computeText({ model, compiled, spec: model.name }, res) };
}

export const registerMerge: RegisterCommand = (program: Command, env) => {
  program
    .command('merge')
    .description('merge the partial results of `compute --shard I/N` into the result of the whole grid')
    .argument('<PARTIAL.json...>', 'partial result files (all N shards, any order)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (files: string[], opts: { json?: boolean }) => {
      env.emit(await merge(files, env.io), !!opts.json);
    });
};
