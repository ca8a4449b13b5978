/** `orbitronics symmetry`: symmetries of a model and the components they allow. */
import type { Command } from 'commander';
import { type RegisterCommand } from '../common.js';
import { notAvailable } from '../lib.js';

export const registerSymmetry: RegisterCommand = (program: Command, env) => {
  program
    .command('symmetry')
    .description('symmetries of the model (time reversal, inversion, rotations, mirrors) and the observable components they allow')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .option('--json', 'print one JSON document on stdout')
    .action(async (_opts: { json?: boolean }) => {
      void env;
      throw notAvailable('symmetry', 'src/symmetry');
    });
};
