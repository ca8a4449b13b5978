/**
 * The allowed-component tables against numbers: BZ sums of the per-k responses of src/physics
 * (paper 000 Eq. 1 torque, paper 001/003 intrinsic OME, paper 003 χ^int) on insulating lattice
 * models vanish exactly where the detected group and the declared character say so, and do not
 * vanish where they are allowed.
 */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { monkhorstPack } from '../../src/kspace/grid.js';
import { buildBuiltin, compileModel } from '../../src/model/index.js';
import { PER_K_RESPONSES, kpointFromBatch } from '../../src/physics/index.js';
import { PLANNED_CHARACTERS } from '../../src/symmetry/characters.js';
import { closePointGroup, detectSymmetries } from '../../src/symmetry/detect.js';
import { allowedComponents } from '../../src/symmetry/tensor.js';

const backend = createTsBackend();

/** Σ_k w Σ_{n ≤ nocc} sea_n^z for E along beta (insulator at T = 0). */
function seaSum(spec: string, response: string, beta: number, n: number, nocc = 1): number {
  const m = compileModel(buildBuiltin(spec));
  const s = monkhorstPack(m, [n, n]);
  const r = PER_K_RESPONSES[response]!;
  let sum = 0;
  for (let start = 0; start < s.size; start += 512) {
    const kb = s.batch(start, 512);
    const bb = backend.evaluate(m, kb, { velocity: true, hessian: r.needs.hessian });
    for (let i = 0; i < kb.nk; i++) {
      const out = r.fn(kpointFromBatch(bb, i), beta);
      const C = out.components.length;
      for (let b = 0; b < nocc; b++) sum += kb.w[i]! * out.sea[b * C]!;
    }
  }
  return sum;
}

const table = (spec: string, name: string) => {
  const p = PLANNED_CHARACTERS.find((x) => x.name === name)!;
  const G = closePointGroup(detectSymmetries(buildBuiltin(spec)).group);
  return allowedComponents(G, p.character, { dim: 2, components: ['z'] }).components.map((c) => c.status);
};

describe('forbidden components vanish numerically, allowed ones do not', () => {
  it.each([
    // model, per-k response, declared character, [status E∥x, E∥y]
    ['square-dirac', 'torque-eq1', 'torque', ['free', 'forbidden']],
    ['square-dirac', 'ome', 'ome', ['forbidden', 'free']],
    ['three-band', 'ome', 'ome', ['forbidden', 'free']],
    ['haldane:strain=0.3,phi=pi/3', 'chi-int', 'chi-int', ['forbidden', 'free']],
    ['haldane:phi=pi/3', 'chi-int', 'chi-int', ['forbidden', 'forbidden']],
    ['haldane:strain=0.3,phi=pi/3,t2=0', 'chi-int', 'chi-int', ['forbidden', 'forbidden']],
    ['haldane:strain=0.3,phi=pi/3,delta=0', 'chi-int', 'chi-int', ['forbidden', 'forbidden']],
  ])('%s: %s', (spec, response, character, expected) => {
    expect(table(spec, character)).toEqual(expected);
    const v = [0, 1].map((b) => seaSum(spec, response, b, 24));
    const scale = Math.max(...v.map(Math.abs));
    const ref = Math.max(scale, Math.abs(seaSum(spec.startsWith('haldane') ? 'haldane:strain=0.3,phi=pi/3' : spec, response, expected.indexOf('free') < 0 ? 1 : expected.indexOf('free'), 24)));
    expect(ref).toBeGreaterThan(1e-6);
    expected.forEach((st, b) => {
      if (st === 'forbidden') expect(Math.abs(v[b]!) / ref).toBeLessThan(1e-12);
      else expect(Math.abs(v[b]!) / ref).toBeGreaterThan(1e-3);
    });
  });
});
