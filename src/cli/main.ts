/**
 * `orbitronics` command line (DESIGN §4). `run(argv)` executes one invocation in-process and
 * returns its exit code and output (tests use it directly); when this file is the entry point it
 * runs `process.argv` and writes to the real streams.
 *
 * Errors: OrbitronicsError → `orbitronics: error CODE: message` on stderr (or, with --json, the
 * document `{ "error": { "code", "message", "where" } }` on stderr), exit status 1 (2 for usage
 * errors). Never a stack trace for an input error; ORBITRONICS_DEBUG=1 adds one for internal errors.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { OrbitronicsError } from '../errors.js';
import { registerBands } from './commands/bands.js';
import { registerCompareOme } from './commands/compare-ome.js';
import { registerCompute } from './commands/compute.js';
import { registerDemo } from './commands/demo.js';
import { registerKpoint } from './commands/kpoint.js';
import { registerMerge } from './commands/merge.js';
import { registerRibbon } from './commands/ribbon.js';
import { registerSymmetry } from './commands/symmetry.js';
import type { CommandEnv, CommandOutput } from './common.js';
import { asOrbitronicsError, errorDocument, errorText, toJson, type CliIO } from './context.js';
import { VERSION } from './version.js';

export { toJson } from './context.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory for relative paths (default process.cwd()). */
  cwd?: string;
  /** Pass through to the real streams as well as capturing (used by the binary). */
  passthrough?: boolean;
  /** Stream for progress bars (only honoured when it is a TTY). */
  progressStream?: NodeJS.WriteStream;
  /** Aborts long computations (compute, demo). */
  signal?: AbortSignal;
}

export const COMMANDS = ['demo', 'kpoint', 'bands', 'compute', 'merge', 'ribbon', 'compare-ome', 'symmetry'] as const;

function buildProgram(env: CommandEnv, sink: { out(s: string): void; usage: string[] }): Command {
  const program = new Command('orbitronics');
  program
    .description('Quantum geometry and orbital responses of Bloch electrons (units: eV, Å, Å⁻¹, K, s)')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => sink.out(s),
      writeErr: (s) => sink.usage.push(s),
      outputError: (s) => sink.usage.push(s),
    });
  for (const reg of [registerDemo, registerKpoint, registerBands, registerCompute, registerMerge, registerRibbon, registerCompareOme, registerSymmetry]) reg(program, env);
  return program;
}

/** The option names of a (sub)command, for "valid options" messages. */
function optionNames(program: Command, argv: readonly string[]): { command?: Command; names: string[] } {
  const sub = program.commands.find((c) => argv.includes(c.name()));
  const cmd = sub ?? program;
  return { command: sub, names: cmd.options.map((o) => o.long ?? o.short ?? '').filter(Boolean) };
}

/** CommanderError → OrbitronicsError(ARGUMENT_INVALID) with the valid choices. */
function fromCommander(e: CommanderError, program: Command, argv: readonly string[]): OrbitronicsError {
  const msg = e.message.replace(/^error:\s*/, '').trim();
  const { command, names } = optionNames(program, argv);
  const where = command ? command.name() : 'orbitronics';
  if (e.code === 'commander.unknownCommand')
    return new OrbitronicsError('ARGUMENT_INVALID', `${msg}. Valid commands: ${COMMANDS.join(', ')}.`, { where, hint: 'orbitronics --help' });
  if (e.code === 'commander.unknownOption' || e.code === 'commander.excessArguments')
    return new OrbitronicsError('ARGUMENT_INVALID', `${msg.split('\n')[0]}. Valid options: ${names.join(', ')}.`, {
      where,
      hint: msg.split('\n').slice(1).join(' ').replace(/[()]/g, '').trim() || `orbitronics ${command?.name() ?? ''} --help`.trim(),
    });
  return new OrbitronicsError('ARGUMENT_INVALID', msg.replace(/\s*\n\s*/g, ' '), { where, hint: `orbitronics ${command?.name() ?? ''} --help`.trim() });
}

/** Runs one CLI invocation (argv without `node` and the script) in-process. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    out: (s) => {
      stdout += s;
      if (options.passthrough) process.stdout.write(s);
    },
    err: (s) => {
      stderr += s;
      if (options.passthrough) process.stderr.write(s);
    },
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
    progressStream: options.progressStream && options.progressStream.isTTY ? options.progressStream : undefined,
  };
  const wantsJson = argv.includes('--json');
  const env: CommandEnv = {
    io,
    emit(output: CommandOutput, json: boolean) {
      if (json) io.out(toJson(output.doc));
      else io.out(output.text.endsWith('\n') ? output.text : output.text + '\n');
    },
  };
  const usage: string[] = [];
  const program = buildProgram(env, { out: io.out, usage });
  const fail = (e: OrbitronicsError, code: number): RunResult => {
    if (wantsJson) io.err(toJson(errorDocument(e)));
    else io.err(errorText(e));
    if (process.env.ORBITRONICS_DEBUG && e.code === 'INTERNAL' && e.cause instanceof Error && e.cause.stack) io.err(e.cause.stack + '\n');
    return { code, stdout, stderr };
  };
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return { code: 0, stdout, stderr };
    }
    await program.parseAsync([...argv], { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return { code: 0, stdout, stderr };
      return fail(fromCommander(e, program, argv), 2);
    }
    return fail(asOrbitronicsError(e), 1);
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  run(process.argv.slice(2), { passthrough: true, progressStream: process.stderr, signal: abort.signal }).then(
    (r) => {
      process.exitCode = r.code;
    },
    (e) => {
      process.stderr.write(`orbitronics: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
