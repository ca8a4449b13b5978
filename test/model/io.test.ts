import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS, buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import { parseModel, serializeModel } from '../../src/model/io.js';
import type { Model, TightBindingModel } from '../../src/model/types.js';
import { validateModel } from '../../src/model/validate.js';

/** Deep equality that distinguishes −0 from +0 (exact round trip). */
function sameBits(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameBits(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameBits((a as any)[k], (b as any)[k]));
  }
  return a === b;
}

describe('serializeModel / parseModel round trip', () => {
  it('is exact for every built-in, and the text is canonical (idempotent)', () => {
    for (const name of Object.keys(BUILTIN_MODELS)) {
      const m = buildBuiltin(name);
      const text = serializeModel(m);
      const back = parseModel(text, `${name}.json`);
      expect(sameBits(back, m), name).toBe(true);
      expect(serializeModel(back)).toBe(text);
    }
  });

  it('writes one hopping per line in DESIGN §3 key order', () => {
    const text = serializeModel(buildBuiltin('gapped-graphene'));
    const lines = text.split('\n');
    expect(lines[1]).toBe('  "format": "orbitronics-model/1",');
    expect(lines.filter((l) => l.trim().startsWith('{ "from"')).length).toBe(3);
    expect(JSON.parse(text).hoppings[0]).toEqual({ from: 1, to: 0, R: [0, 0], t: [-1, 0] });
  });

  it('keeps −0, awkward doubles and subnormals bit-exact (property test)', () => {
    // amplitudes within the validator's supported range ±1e30 (beyond it: PARAM_INVALID, tested in validate.test.ts)
    const real = fc.oneof(fc.double({ min: -1e30, max: 1e30, noNaN: true }), fc.constantFrom(-0, 0, 5e-324, 0.1, 1 / 3, -1e30));
    const arb = fc.record({
      onsite: fc.array(real, { minLength: 2, maxLength: 2 }),
      a: fc.double({ min: 0.5, max: 10, noNaN: true }),
      hops: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: -3, max: 3 }), real, real), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(arb, ({ onsite, a, hops }) => {
        const seen = new Set<string>();
        const hoppings: TightBindingModel['hoppings'] = [];
        for (const [from, to, R, re, im] of hops) {
          if (R === 0 && from === to) continue;
          const k = `${to}|${from}|${R}`;
          const rev = `${from}|${to}|${-R}`;
          if (seen.has(k) || seen.has(rev)) continue;
          seen.add(k);
          hoppings.push({ from, to, R: [R], t: [re, im] });
        }
        const m = validateModel({ format: 'orbitronics-model/1', kind: 'tight-binding', name: 'random', dim: 1, lattice: [[a]], orbitals: [[0], [0.25]], onsite, hoppings, spin: null });
        const back = parseModel(serializeModel(m));
        return sameBits(back, m);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips k·p models with explicit matrices, spin and meta', () => {
    const m: Model = validateModel({
      format: 'orbitronics-model/1',
      kind: 'kp',
      name: 'k·p "quoted" name',
      dim: 3,
      basis: 2,
      terms: [
        { k: [1, 0, 2], matrix: [[[0.1, 0], [0.2, -0.3]], [[0.2, 0.3], [-0, 0]]], coef: -2.5e-7 },
        { k: [0, 0, 0], matrix: 'sz', coef: 0.1 },
      ],
      cutoff: 0.25,
      spin: buildBuiltin('rashba').spin,
      meta: { note: 'x', nested: { n: [1, 2] } },
    });
    const back = parseModel(serializeModel(m));
    expect(sameBits(back, m)).toBe(true);
    expect(compileModel(back).nterm).toBe(compileModel(m).nterm);
  });
});
