/**
 * The fuzz properties: every input either parses into a model that validates and compiles, or
 * fails with an OrbitronicsError whose code is one of the reader's documented codes, with a
 * message and a `where` of the documented form. Anything else (TypeError, RangeError, a hang, an
 * unbounded allocation) is a failure. Shared by the fixed-seed share in `npm test`
 * (test/reliability/fuzz.test.ts) and the long campaign (`npm run fuzz`, test/fuzz/run.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OrbitronicsError, type ErrorCode } from '../../src/errors.js';
import { readHr, readTb, readWsvec, type HrGeometry } from '../../src/io/wannier90.js';
import { compileModel } from '../../src/model/compile.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { parseModel } from '../../src/model/io.js';
import { validateModel } from '../../src/model/validate.js';
import type { Model } from '../../src/model/types.js';
import { compute } from '../../src/integrate/index.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { FIXTURES } from './generators.js';

/** Documented error codes per reader (docs/reliability.md). */
export const READER_CODES: Record<'json' | 'hr' | 'tb' | 'wsvec' | 'cli' | 'spec', readonly ErrorCode[]> = {
  spec: ['MODEL_UNKNOWN', 'ARGUMENT_INVALID', 'PARAM_INVALID', 'MODEL_INVALID', 'MODEL_NOT_HERMITIAN'],
  json: ['MODEL_JSON', 'MODEL_SCHEMA', 'MODEL_INVALID', 'MODEL_NOT_HERMITIAN', 'PARAM_INVALID', 'LIMIT_EXCEEDED'],
  hr: ['HR_PARSE', 'MODEL_INVALID', 'MODEL_NOT_HERMITIAN', 'PARAM_INVALID', 'ARGUMENT_INVALID', 'LIMIT_EXCEEDED'],
  tb: ['TB_PARSE', 'MODEL_INVALID', 'MODEL_NOT_HERMITIAN', 'PARAM_INVALID', 'LIMIT_EXCEEDED'],
  // a valid hr.dat with a mutated wsvec: the shifted model must stay Hermitian (no MODEL_NOT_HERMITIAN)
  wsvec: ['HR_PARSE', 'LIMIT_EXCEEDED'],
  cli: [
    'ARGUMENT_INVALID', 'MODEL_JSON', 'MODEL_SCHEMA', 'MODEL_INVALID', 'MODEL_NOT_HERMITIAN', 'MODEL_UNKNOWN', 'PARAM_INVALID', 'HR_PARSE', 'TB_PARSE',
    'KPOINT_INVALID', 'GRID_INVALID', 'PATH_INVALID', 'QUANTITY_UNKNOWN', 'OBSERVABLE_UNKNOWN', 'LIMIT_EXCEEDED', 'IO_ERROR', 'WASM_UNAVAILABLE',
  ],
};

/** Per-input time budget: longer means a hang (or work not bounded by the input). */
export const INPUT_BUDGET_MS = { json: 2000, hr: 2000, tb: 2000, wsvec: 2000, cli: 60000 };

export class FuzzViolation extends Error {}

export interface Outcome {
  ok: boolean;
  code?: ErrorCode;
  ms: number;
}

const FILE_WHERE = /^.+:\d+:\d+$/;
const POINTER_WHERE = /^(\/([^/~]|~[01])*)*$/;

function checkError(e: unknown, allowed: readonly ErrorCode[], input: string, whereForm: 'file' | 'json' | 'any'): ErrorCode {
  if (!(e instanceof OrbitronicsError)) {
    throw new FuzzViolation(`non-OrbitronicsError ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}\n${(e as Error)?.stack ?? ''}\ninput: ${JSON.stringify(input).slice(0, 2000)}`);
  }
  if (!allowed.includes(e.code)) throw new FuzzViolation(`undocumented code ${e.code} for this reader: ${e.message}\ninput: ${JSON.stringify(input).slice(0, 2000)}`);
  if (typeof e.message !== 'string' || e.message.length === 0) throw new FuzzViolation(`empty message (${e.code})`);
  if (/\bundefined\b|\bNaN\b.*undefined|\[object Object\]/.test(e.message) && !/"undefined"/.test(input)) {
    throw new FuzzViolation(`message leaks an internal value: ${e.message}`);
  }
  if (e.code !== 'LIMIT_EXCEEDED' && e.code !== 'ARGUMENT_INVALID') {
    if (whereForm === 'file' && !(e.where && FILE_WHERE.test(e.where))) throw new FuzzViolation(`${e.code} without file:line:column where (${String(e.where)}): ${e.message}`);
    if (whereForm === 'json') {
      const okWhere = e.code === 'MODEL_JSON' ? e.where && FILE_WHERE.test(e.where) : e.where !== undefined && POINTER_WHERE.test(e.where);
      if (!okWhere) throw new FuzzViolation(`${e.code} with where ${JSON.stringify(e.where)} (want ${e.code === 'MODEL_JSON' ? 'file:line:column' : 'a JSON pointer'}): ${e.message}`);
    }
  }
  return e.code;
}

const tsBackend = createTsBackend();

/**
 * A parsed model must survive validation again and compilation, and its per-k kernel (TS reference:
 * energies, velocities, geometry) must give finite numbers at a generic k-point — a model that
 * validates but yields NaN/∞ is a validation gap.
 */
function checkModel(m: Model, input: string): void {
  let c;
  try {
    validateModel(m);
    c = compileModel(m);
  } catch (e) {
    throw new FuzzViolation(`parsed model fails validate/compile: ${(e as Error).message}\ninput: ${JSON.stringify(input).slice(0, 2000)}`);
  }
  if (c.nb > 64) return;
  const k = new Float64Array(3);
  const red = [0.123, 0.371, 0.29];
  for (let i = 0; i < c.dim; i++) for (let a = 0; a < 3; a++) k[a]! += c.kind === 'kp' ? (i === a ? 0.05 * (i + 1) : 0) : red[i]! * c.reciprocal[3 * i + a]!;
  const b = tsBackend.evaluate(c, { nk: 1, k }, { velocity: true, geometry: true });
  for (const [name, arr] of Object.entries({ energies: b.energies, velocity: b.velocity, berryCurvature: b.berryCurvature, quantumMetric: b.quantumMetric, orbitalMoment: b.orbitalMoment })) {
    if (arr && !Array.from(arr).every(Number.isFinite)) throw new FuzzViolation(`a validated model gives non-finite ${name} at k = ${Array.from(k)}\ninput: ${JSON.stringify(input).slice(0, 2000)}`);
  }
}

/** Built-in model specs (`haldane:t2=0.1,phi=pi/2`): build, or a documented code. */
export function specProperty(spec: string): Outcome {
  const r = timed(() => buildBuiltin(spec));
  budget(r.ms, INPUT_BUDGET_MS.json, spec);
  if (r.error !== undefined) return { ok: false, code: checkError(r.error, READER_CODES.spec, spec, 'any'), ms: r.ms };
  checkModel(r.value!, spec);
  return { ok: true, ms: r.ms };
}

function timed<T>(f: () => T): { value?: T; error?: unknown; ms: number } {
  const t0 = performance.now();
  try {
    const value = f();
    return { value, ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}

function budget(ms: number, limit: number, input: string): void {
  if (ms > limit) throw new FuzzViolation(`took ${ms.toFixed(0)} ms (budget ${limit} ms): hang or unbounded work\ninput: ${JSON.stringify(input).slice(0, 500)}`);
}

export function modelJsonProperty(text: string): Outcome {
  const r = timed(() => parseModel(text, 'fuzz.json'));
  budget(r.ms, INPUT_BUDGET_MS.json, text);
  if (r.error !== undefined) return { ok: false, code: checkError(r.error, READER_CODES.json, text, 'json'), ms: r.ms };
  checkModel(r.value!, text);
  return { ok: true, ms: r.ms };
}

export function hrProperty(input: { text: string; geometry: HrGeometry }): Outcome {
  const r = timed(() => readHr(input.text, input.geometry, { source: 'fuzz_hr.dat' }));
  budget(r.ms, INPUT_BUDGET_MS.hr, input.text);
  if (r.error !== undefined) {
    const code = checkError(r.error, READER_CODES.hr, input.text, 'any');
    if (code === 'HR_PARSE' && !FILE_WHERE.test((r.error as OrbitronicsError).where ?? '')) throw new FuzzViolation(`HR_PARSE without file:line:column: ${(r.error as Error).message}`);
    return { ok: false, code, ms: r.ms };
  }
  checkModel(r.value!, input.text);
  return { ok: true, ms: r.ms };
}

export function tbProperty(text: string): Outcome {
  const r = timed(() => readTb(text, { source: 'fuzz_tb.dat' }));
  budget(r.ms, INPUT_BUDGET_MS.tb, text);
  if (r.error !== undefined) {
    const code = checkError(r.error, READER_CODES.tb, text, 'any');
    if (code === 'TB_PARSE' && !FILE_WHERE.test((r.error as OrbitronicsError).where ?? '')) throw new FuzzViolation(`TB_PARSE without file:line:column: ${(r.error as Error).message}`);
    return { ok: false, code, ms: r.ms };
  }
  checkModel(r.value!, text);
  return { ok: true, ms: r.ms };
}

/** seedname_wsvec.dat applied to its hr.dat: a Hermitian model, or HR_PARSE at file:line:column / LIMIT_EXCEEDED. */
export function wsvecProperty(input: { hr: string; geometry: HrGeometry; wsvec: string }): Outcome {
  const r = timed(() => readHr(input.hr, input.geometry, { source: 'fuzz_hr.dat', wsvec: readWsvec(input.wsvec, 'fuzz_wsvec.dat') }));
  budget(r.ms, INPUT_BUDGET_MS.wsvec, input.wsvec);
  if (r.error !== undefined) {
    const code = checkError(r.error, READER_CODES.wsvec, input.wsvec, 'any');
    if (code === 'HR_PARSE' && !FILE_WHERE.test((r.error as OrbitronicsError).where ?? '')) throw new FuzzViolation(`HR_PARSE without file:line:column: ${(r.error as Error).message}`);
    return { ok: false, code, ms: r.ms };
  }
  if (!r.value!.meta?.wsvec) throw new FuzzViolation(`read without error but meta.wsvec is missing\ninput: ${JSON.stringify(input.wsvec).slice(0, 2000)}`);
  checkModel(r.value!, input.wsvec);
  return { ok: true, ms: r.ms };
}

// ---------------------------------------------------------------------------------------------
// CLI

let cliDir: string | undefined;
/** A scratch working directory with a model file, a broken model file, an hr.dat and a partial result. */
export function cliWorkdir(): string {
  if (cliDir) return cliDir;
  cliDir = mkdtempSync(path.join(tmpdir(), 'orbitronics-fuzz-cli-'));
  mkdirSync(path.join(cliDir, 'dir'), { recursive: true });
  writeFileSync(path.join(cliDir, 'MODELFILE.json'), readFileSync(path.join(FIXTURES, 'models/haldane.json')));
  writeFileSync(path.join(cliDir, 'BADMODELFILE.json'), readFileSync(path.join(FIXTURES, 'models/trailing-comma.json')));
  writeFileSync(path.join(cliDir, 'HRFILE_hr.dat'), readFileSync(path.join(FIXTURES, 'w90/chain_hr.dat')));
  writeFileSync(path.join(cliDir, 'PARTIALFILE.json'), '{"format":"orbitronics-partial/1","shard":{"index":1,"count":2},"chunks":2,"job":{},"partials":[]}');
  return cliDir;
}

let partialsReady: Promise<void> | undefined;
/** Real partial results of a 2-shard job (PARTIAL_A/B) and broken variants, for `merge`. */
function partialFiles(dir: string): Promise<void> {
  partialsReady ??= (async () => {
    const opts = { model: buildBuiltin('haldane'), observables: ['ahc'], grid: [182, 182], mu: [0], T: 0, threads: 1, backend: 'ts' as const };
    const a = JSON.parse(JSON.stringify(await compute({ ...opts, shard: '1/2' })));
    const b = JSON.parse(JSON.stringify(await compute({ ...opts, shard: '2/2' })));
    const put = (name: string, doc: unknown) => writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(doc));
    put('PARTIAL_A', a);
    put('PARTIAL_B', b);
    put('PARTIAL_BAD_CHUNKS', { ...a, chunks: 1e15 });
    put('PARTIAL_BAD_MODEL', { ...a, job: { ...a.job, model: { ...a.job.model, hoppings: [{ from: 9, to: 0, R: [0, 0], t: [1, 0] }] } } });
    put('PARTIAL_BAD_DATA', { ...b, partials: b.partials.map((c: { index: number }) => ({ ...c, data: 'AAAA' })) });
    put('PARTIAL_BAD_INDEX', { ...b, partials: b.partials.map((c: { index: number; data: string }) => ({ ...c, index: -1 })) });
    put('PARTIAL_BAD_PLAN', { ...a, job: { ...a.job, plan: { ...a.job.plan, fine: [{ kT: 1, emin: 0, h: 1, nbins: 1e12, aligned: true }] } } });
  })();
  return partialsReady;
}

const FILE_ARGS: Record<string, string> = { MODELFILE: 'MODELFILE.json', BADMODELFILE: 'BADMODELFILE.json', HRFILE: 'HRFILE_hr.dat', PARTIALFILE: 'PARTIALFILE.json' };
for (const p of ['PARTIAL_A', 'PARTIAL_B', 'PARTIAL_BAD_CHUNKS', 'PARTIAL_BAD_MODEL', 'PARTIAL_BAD_DATA', 'PARTIAL_BAD_INDEX', 'PARTIAL_BAD_PLAN']) FILE_ARGS[p] = `${p}.json`;

export async function cliProperty(argvIn: string[]): Promise<Outcome & { exit: number }> {
  const argv = argvIn.map((a) => FILE_ARGS[a] ?? a);
  const cwd = cliWorkdir();
  await partialFiles(cwd);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), INPUT_BUDGET_MS.cli);
  const t0 = performance.now();
  let r;
  try {
    const { run } = await import('../../src/cli/main.js'); // lazily: the file-reader campaigns do not load the CLI
    r = await run(argv, { cwd, signal: ac.signal });
  } catch (e) {
    throw new FuzzViolation(`run() rejected: ${(e as Error)?.stack ?? String(e)}\nargv: ${JSON.stringify(argv)}`);
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  const show = `argv: ${JSON.stringify(argv)}\nstdout: ${r.stdout.slice(0, 400)}\nstderr: ${r.stderr.slice(0, 1500)}`;
  budget(ms, INPUT_BUDGET_MS.cli, JSON.stringify(argv));
  if (/\n\s+at .+\(.+:\d+:\d+\)|\n\s+at .+:\d+:\d+/.test(r.stderr)) throw new FuzzViolation(`stack trace printed to the user\n${show}`);
  if (r.code === 0) {
    if (argv.includes('--json') && !argv.includes('--help') && !argv.includes('-V') && !argv.includes('--')) {
      // help/version print text even with --json; everything else prints one JSON document
      if (r.stdout.trim().startsWith('{') || r.stdout.trim().startsWith('[')) {
        try {
          JSON.parse(r.stdout);
        } catch {
          throw new FuzzViolation(`--json output is not JSON\n${show}`);
        }
      }
    }
    return { ok: true, ms, exit: 0 };
  }
  if (r.code !== 1 && r.code !== 2) throw new FuzzViolation(`exit code ${r.code}\n${show}`);
  let code: ErrorCode;
  if (argv.includes('--json')) {
    let doc: { error?: { code?: string; message?: string; where?: unknown } };
    try {
      doc = JSON.parse(r.stderr);
    } catch {
      throw new FuzzViolation(`--json error is not one JSON document on stderr\n${show}`);
    }
    const e = doc.error;
    if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !('where' in e)) throw new FuzzViolation(`--json error lacks code/message/where\n${show}`);
    code = e.code as ErrorCode;
  } else {
    const m = /^orbitronics: error ([A-Z_]+): /.exec(r.stderr);
    if (!m) throw new FuzzViolation(`error text not in the documented form\n${show}`);
    code = m[1] as ErrorCode;
  }
  if (code === 'ABORTED') return { ok: false, code, ms, exit: r.code }; // our own per-input time budget fired: reported as slow
  // a registered command whose library has not landed yet (lib.ts notAvailable): a known state, not a crash
  if (code === 'INTERNAL' && /is not available yet/.test(r.stderr)) return { ok: false, code: 'INTERNAL(not available yet)' as ErrorCode, ms, exit: r.code };
  if (!READER_CODES.cli.includes(code)) throw new FuzzViolation(`undocumented / internal code ${code}\n${show}`);
  return { ok: false, code, ms, exit: r.code };
}
