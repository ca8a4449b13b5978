/** `orbitronics compute`: BZ-integrated observables over a μ sweep (DESIGN §4). */
import { Option, type Command } from 'commander';
import { type CommandOutput, type RegisterCommand } from '../common.js';
import { BACKEND_CHOICES, notAvailable } from '../lib.js';
import { collect } from '../parse.js';

export interface ComputeArgs {
  model: string;
  observable?: string[];
  grid?: string;
  mu: string;
  T: string;
  E?: string;
  tau?: string;
  backend: string;
  threads?: string;
  symmetry?: boolean;
  converge?: boolean;
  shard?: string;
  plot?: string;
  out?: string;
}

export async function compute(_args: ComputeArgs, _cwd: string): Promise<CommandOutput> {
  throw notAvailable('compute', 'src/integrate (compute) and src/observables');
}

export const registerCompute: RegisterCommand = (program: Command, env) => {
  program
    .command('compute')
    .description('Brillouin-zone integrated observables (AHC, orbital magnetisation, ...) over a range of chemical potentials')
    .requiredOption('--model <FILE|NAME>', 'model file or built-in NAME[:p=v,...]')
    .option('--observable <LIST>', 'comma-separated observables (required)', collect)
    .option('--grid <N1xN2[xN3]>', 'k-grid (k·p: NTHETAxNR polar grid); default per model kind')
    .requiredOption('--mu <START:STOP:N>', 'chemical potentials in eV (or one value)')
    .option('--T <KELVIN>', 'temperature in K', '0')
    .addOption(new Option('--E <DIR>', 'field direction for field-driven observables').choices(['x', 'y', 'z']))
    .option('--tau <SECONDS>', 'relaxation time in s')
    .addOption(new Option('--backend <B>', 'backend').choices(BACKEND_CHOICES as unknown as string[]).default('auto'))
    .option('--threads <N>', 'worker threads')
    .option('--symmetry', 'use the model symmetries (report forbidden components)')
    .option('--converge', 'repeat on a doubled grid and report the change')
    .option('--shard <I/N>', 'compute shard I of N (merge the partial JSON files with `orbitronics merge`)')
    .option('--plot <FILE.svg>', 'write an SVG plot against μ')
    .option('--out <DIR>', 'also write the JSON document to DIR')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: ComputeArgs & { json?: boolean }) => {
      env.emit(await compute(opts, env.io.cwd), !!opts.json);
    });
};
