/**
 * The long fuzz campaign (docs/reliability.md): `npm run fuzz` (FUZZ_RUNS per reader, default
 * 10000; FUZZ_SEED; FUZZ_ONLY=json,hr,tb,wsvec,spec,cli). Prints per reader: inputs, parsed, failures by
 * error code, slowest input; exits 1 on the first property violation (with the shrunk input).
 */
import fc from 'fast-check';
import { builtinSpec, cliArgv, hrInput, modelJsonInput, tbInput, wsvecInput } from './generators.js';
import { cliProperty, hrProperty, modelJsonProperty, specProperty, tbProperty, wsvecProperty, type Outcome } from './properties.js';

const runs = Number(process.env.FUZZ_RUNS ?? 10000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2147483647;
const only = (process.env.FUZZ_ONLY ?? 'json,hr,tb,wsvec,spec,cli').split(',');

interface Tally { inputs: number; parsed: number; codes: Record<string, number>; maxMs: number }
const tally = (): Tally => ({ inputs: 0, parsed: 0, codes: {}, maxMs: 0 });
const record = (t: Tally, o: Outcome) => {
  t.inputs++;
  if (o.ok) t.parsed++;
  else t.codes[o.code!] = (t.codes[o.code!] ?? 0) + 1;
  t.maxMs = Math.max(t.maxMs, o.ms);
};

const report: Record<string, Tally & { seconds: number }> = {};
let failed = false;

async function campaign<T>(name: string, arb: fc.Arbitrary<T>, prop: (x: T) => Outcome | Promise<Outcome>, n = runs): Promise<void> {
  if (!only.includes(name)) return;
  const t = tally();
  const t0 = Date.now();
  const res = await fc.check(
    fc.asyncProperty(arb, async (x) => {
      const o = await prop(x);
      record(t, o);
      if (o.ms > 5000) console.log(`  slow input (${o.ms.toFixed(0)} ms): ${JSON.stringify(x).slice(0, 300)}`);
    }),
    { numRuns: n, seed, endOnFailure: false, verbose: 0 },
  );
  report[name] = { ...t, seconds: (Date.now() - t0) / 1000 };
  console.log(`${name}: ${t.inputs} inputs (${t.parsed} parsed), ${((Date.now() - t0) / 1000).toFixed(1)} s, slowest ${t.maxMs.toFixed(0)} ms, errors ${JSON.stringify(t.codes)}`);
  if (res.failed) {
    failed = true;
    console.log(`  FAILED (seed ${seed}, path ${res.counterexamplePath}):\n  ${String(res.errorInstance instanceof Error ? res.errorInstance.message : res.errorInstance).split('\n').join('\n  ')}`);
    console.log(`  counterexample: ${JSON.stringify(res.counterexample).slice(0, 3000)}`);
  }
}

console.log(`orbitronics fuzz: ${runs} inputs per reader, seed ${seed}`);
await campaign('json', modelJsonInput(), modelJsonProperty);
await campaign('hr', hrInput(), hrProperty);
await campaign('tb', tbInput(), tbProperty);
await campaign('wsvec', wsvecInput(), wsvecProperty);
await campaign('spec', builtinSpec(), specProperty);
await campaign('cli', cliArgv(), cliProperty);
if (process.env.FUZZ_REPORT) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ runs, seed, report }, null, 2));
}
const { terminateWorkers } = await import('../../src/integrate/pool.js');
await terminateWorkers();
process.exit(failed ? 1 : 0);
