/** `orbitronics compare-ome`: the orbital magneto-electric response, bulk formula parts vs the ribbon oracle. */
import { Option, type Command } from 'commander';
import { type RegisterCommand } from '../common.js';
import { notAvailable } from '../lib.js';

export const registerCompareOme: RegisterCommand = (program: Command, env) => {
  program
    .command('compare-ome')
    .description("compare paper 001's readings of the orbital magneto-electric effect with the exact ribbon result")
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .addOption(new Option('--E <DIR>', 'field direction').choices(['x', 'y']).makeOptionMandatory())
    .requiredOption('--mu <START:STOP:N>', 'chemical potentials in eV')
    .option('--json', 'print one JSON document on stdout')
    .action(async (_opts: { json?: boolean }) => {
      void env;
      throw notAvailable('compare-ome', 'src/ribbon (ribbonOracle) and the ome observable');
    });
};
