/** `orbitronics merge`: combine the partial JSON documents of `compute --shard I/N`. */
import type { Command } from 'commander';
import { type RegisterCommand } from '../common.js';
import { notAvailable } from '../lib.js';

export const registerMerge: RegisterCommand = (program: Command, env) => {
  program
    .command('merge')
    .description('merge the partial results of `compute --shard I/N` into one result')
    .argument('<PARTIAL.json...>', 'partial result files')
    .option('--json', 'print one JSON document on stdout')
    .action(async (_files: string[], _opts: { json?: boolean }) => {
      void env;
      throw notAvailable('merge', 'src/integrate (sharded partial results)');
    });
};
