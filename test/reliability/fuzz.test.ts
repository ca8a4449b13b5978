/**
 * Fixed-seed share of the fuzz campaign (the long run is `npm run fuzz`, test/fuzz/run.ts):
 * every generated input parses or fails with a documented OrbitronicsError code — never a
 * TypeError/RangeError, a hang, an unbounded allocation or a stack trace on the CLI.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { terminateWorkers } from '../../src/integrate/pool.js';
import { builtinSpec, cliArgv, hrInput, modelJsonInput, tbInput, wsvecInput } from '../fuzz/generators.js';
import { cliProperty, hrProperty, modelJsonProperty, specProperty, tbProperty, wsvecProperty, type Outcome } from '../fuzz/properties.js';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 300);
const SEED = 20261122;

afterAll(() => terminateWorkers());

function tally() {
  const t = { parsed: 0, failed: 0, codes: new Set<string>() };
  return {
    t,
    add(o: Outcome) {
      if (o.ok) t.parsed++;
      else {
        t.failed++;
        t.codes.add(o.code!);
      }
    },
  };
}

describe('fuzz (fixed seed share)', () => {
  it(`model JSON reader: ${RUNS} mutated inputs`, () => {
    const { t, add } = tally();
    fc.assert(fc.property(modelJsonInput(), (s) => add(modelJsonProperty(s))), { numRuns: RUNS, seed: SEED });
    // the generators reach both outcomes and the deeper checks
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('MODEL_JSON');
    expect(t.codes).toContain('MODEL_SCHEMA');
  });

  it(`Wannier90 _hr.dat reader: ${RUNS} mutated inputs`, () => {
    const { t, add } = tally();
    fc.assert(fc.property(hrInput(), (x) => add(hrProperty(x))), { numRuns: RUNS, seed: SEED });
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('HR_PARSE');
  });

  it(`Wannier90 _tb.dat reader: ${RUNS} mutated inputs`, () => {
    const { t, add } = tally();
    fc.assert(fc.property(tbInput(), (x) => add(tbProperty(x))), { numRuns: RUNS, seed: SEED });
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('TB_PARSE');
  });

  it(`Wannier90 _wsvec.dat (MDRS) applied to its _hr.dat: ${RUNS} mutated inputs`, () => {
    const { t, add } = tally();
    fc.assert(fc.property(wsvecInput(), (x) => add(wsvecProperty(x))), { numRuns: RUNS, seed: SEED });
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('HR_PARSE');
  });

  it(`built-in model specs (name:key=value,...): ${RUNS} generated specs`, () => {
    const { t, add } = tally();
    fc.assert(fc.property(builtinSpec(), (x) => add(specProperty(x))), { numRuns: RUNS, seed: SEED });
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('PARAM_INVALID');
  });

  it(`CLI argument parser: ${Math.round(RUNS * 0.7)} mutated command lines (in-process run())`, async () => {
    const { t, add } = tally();
    await fc.assert(fc.asyncProperty(cliArgv(), async (a) => add(await cliProperty(a))), { numRuns: Math.round(RUNS * 0.7), seed: SEED });
    expect(t.parsed).toBeGreaterThan(0);
    expect(t.codes).toContain('ARGUMENT_INVALID');
  });
});
