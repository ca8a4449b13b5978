/** `orbitronics ribbon`: finite-width ribbon (OMM density profile, exact OME, ribbon bands). */
import { Option, type Command } from 'commander';
import { type RegisterCommand } from '../common.js';
import { notAvailable } from '../lib.js';

export const RIBBON_OBSERVABLES = ['omm-density', 'ome-exact', 'bands'] as const;

export const registerRibbon: RegisterCommand = (program: Command, env) => {
  program
    .command('ribbon')
    .description('ribbon of a 2D model: orbital-moment density profile, exact orbital magneto-electric response, or ribbon bands')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .requiredOption('--width <CELLS>', 'ribbon width in unit cells')
    .addOption(new Option('--observable <NAME>', 'what to compute').choices(RIBBON_OBSERVABLES as unknown as string[]).makeOptionMandatory())
    .requiredOption('--mu <VALUE>', 'chemical potential in eV')
    .option('--tau <S>', 'relaxation time in s')
    .option('--json', 'print one JSON document on stdout')
    .action(async (_opts: { json?: boolean }) => {
      void env;
      throw notAvailable('ribbon', 'src/ribbon (makeRibbon, ribbonOracle)');
    });
};
