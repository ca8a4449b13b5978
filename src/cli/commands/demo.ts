/** `orbitronics demo`: placeholder until the figure list lands. */
import type { Command } from 'commander';
import { type RegisterCommand } from '../common.js';

export const registerDemo: RegisterCommand = (program: Command, env) => {
  program
    .command('demo')
    .description('compute the demo figures on built-in models (SVG + JSON per figure)')
    .option('--out <DIR>', 'output directory', 'orbitronics-out')
    .option('--json', 'print one JSON document on stdout')
    .action(async () => {
      void env;
    });
};
