import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/io.js';
import type { KpModel, TightBindingModel } from '../../src/model/types.js';
import { validateModel } from '../../src/model/validate.js';
import { err } from '../helpers/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/models/${name}`, import.meta.url), 'utf8');

const tb = (): TightBindingModel => ({
  format: 'orbitronics-model/1',
  kind: 'tight-binding',
  name: 'test',
  dim: 2,
  lattice: [
    [1, 0],
    [0.5, Math.sqrt(3) / 2],
  ],
  orbitals: [
    [1 / 3, 1 / 3],
    [2 / 3, 2 / 3],
  ],
  onsite: [0.2, -0.2],
  hoppings: [
    { from: 1, to: 0, R: [0, 0], t: [-1, 0] },
    { from: 1, to: 0, R: [-1, 0], t: [-1, 0] },
    { from: 0, to: 0, R: [1, 0], t: [0, 0.15] },
  ],
});

const kp = (): KpModel => ({
  format: 'orbitronics-model/1',
  kind: 'kp',
  name: 'kp',
  dim: 2,
  basis: 2,
  terms: [
    { k: [1, 0], matrix: 'sx', coef: 1 },
    { k: [0, 1], matrix: 'sy', coef: 1 },
    { k: [0, 0], matrix: 'sz', coef: 0.1 },
  ],
  cutoff: null,
});

describe('valid models', () => {
  it('accepts the DESIGN §3 examples', () => {
    const h = parseModel(fixture('haldane.json'), 'haldane.json');
    expect(h.kind).toBe('tight-binding');
    const k = parseModel(fixture('tilted-dirac.json'));
    expect(k.kind === 'kp' && k.cutoff).toBe(0.5);
  });
  it('returns a fresh copy in canonical key order', () => {
    const m = tb();
    const v = validateModel({ ...m, meta: { a: 1 } });
    expect(v).not.toBe(m);
    expect(Object.keys(v)).toEqual(['format', 'kind', 'name', 'dim', 'lattice', 'orbitals', 'onsite', 'hoppings', 'meta']);
    expect(v.kind === 'tight-binding' && v.hoppings).toEqual(m.hoppings);
  });
  it('accepts an explicit Hermitian set', () => {
    const m = tb();
    m.hermitian = 'explicit';
    m.hoppings = [
      { from: 1, to: 0, R: [0, 0], t: [-1, 0.2] },
      { from: 0, to: 1, R: [0, 0], t: [-1, -0.2] },
      { from: 0, to: 0, R: [1, 0], t: [0, 0.15] },
      { from: 0, to: 0, R: [-1, 0], t: [0, -0.15] },
      { from: 1, to: 1, R: [0, 0], t: [0.3, 0] },
    ];
    expect(() => validateModel(m)).not.toThrow();
  });
  it('accepts Hermitian spin matrices and explicit k·p matrices', () => {
    const m = kp();
    m.spin = [
      [[[0, 0], [1, 0]], [[1, 0], [0, 0]]],
      [[[0, 0], [0, -1]], [[0, 1], [0, 0]]],
      [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]],
    ];
    m.terms.push({ k: [1, 1], matrix: [[[0.5, 0], [0.1, 0.2]], [[0.1, -0.2], [-0.5, 0]]], coef: 2 });
    expect(() => validateModel(m)).not.toThrow();
  });
});

describe('MODEL_JSON: invalid JSON with line:column', () => {
  it('trailing comma', () => {
    const e = err(() => parseModel(fixture('trailing-comma.json'), 'trailing-comma.json'));
    expect(e.code).toBe('MODEL_JSON');
    expect(e.where).toBe('trailing-comma.json:11:3');
    expect(e.message).toMatch(/trailing comma/);
  });
  it('NaN literal, unterminated string, garbage after the document, empty input', () => {
    const nan = err(() => parseModel('{\n  "a": NaN\n}', 'x.json'));
    expect([nan.code, nan.where]).toEqual(['MODEL_JSON', 'x.json:2:8']);
    expect(nan.message).toMatch(/finite/);
    expect(err(() => parseModel('{"a": "b', 'y.json')).where).toBe('y.json:1:7');
    expect(err(() => parseModel('{} x', 'z.json')).where).toBe('z.json:1:4');
    expect(err(() => parseModel('')).where).toBe('<input>:1:1');
    expect(err(() => parseModel('{"a" 1}')).message).toMatch(/expected ':'/);
  });
});

describe('MODEL_SCHEMA: where = JSON pointer', () => {
  const cases: Array<[string, (m: Record<string, any>) => void, string, RegExp]> = [
    ['missing hopping amplitude', (m) => delete m.hoppings[1].t, '/hoppings/1/t', /missing required property "t"/],
    ['non-integer R', (m) => (m.hoppings[2].R = [1, 0.5]), '/hoppings/2/R/1', /integer/],
    ['negative orbital index', (m) => (m.hoppings[0].from = -1), '/hoppings/0/from', /≥ 0/],
    ['t not a pair', (m) => (m.hoppings[0].t = [1]), '/hoppings/0/t', /at least 2/],
    ['unknown property', (m) => (m.hopings = []), '/hopings', /unknown property "hopings"/],
    ['bad kind', (m) => (m.kind = 'tb'), '/kind', /"tight-binding", "kp"/],
    ['bad format', (m) => (m.format = 'orbitronics-model/2'), '/format', /orbitronics-model\/1/],
    ['dim 4', (m) => (m.dim = 4), '/dim', /one of 1, 2, 3/],
    ['hermitian typo', (m) => (m.hermitian = 'yes'), '/hermitian', /implicit/],
    ['onsite not numbers', (m) => (m.onsite = [0, '1']), '/onsite/1', /number/],
  ];
  for (const [what, mutate, where, msg] of cases) {
    it(what, () => {
      const m = tb() as unknown as Record<string, any>;
      mutate(m);
      const e = err(() => validateModel(m));
      expect(e.code).toBe('MODEL_SCHEMA');
      expect(e.where).toBe(where);
      expect(e.message).toMatch(msg);
    });
  }
  it('k·p: matrix name, cutoff, negative power', () => {
    const a = kp() as any;
    a.terms[1].matrix = 'sq';
    expect([err(() => validateModel(a)).code, err(() => validateModel(a)).where]).toEqual(['MODEL_SCHEMA', '/terms/1/matrix']);
    expect(err(() => validateModel(a)).message).toMatch(/Pauli name/);
    const b = kp() as any;
    b.cutoff = -1;
    expect(err(() => validateModel(b)).where).toBe('/cutoff');
    expect(err(() => validateModel(b)).message).toMatch(/positive number/);
    const c = kp() as any;
    c.terms[0].k = [-1, 0];
    expect(err(() => validateModel(c)).where).toBe('/terms/0/k/0');
    const d = kp() as any;
    delete d.cutoff;
    expect(err(() => validateModel(d)).where).toBe('/cutoff');
  });
  it('not an object at all', () => {
    expect(err(() => validateModel(42)).code).toBe('MODEL_SCHEMA');
    expect(err(() => validateModel(null)).code).toBe('MODEL_SCHEMA');
  });
});

describe('PARAM_INVALID: non-finite numbers from the API', () => {
  it('NaN on-site energy', () => {
    const m = tb();
    m.onsite[1] = NaN;
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['PARAM_INVALID', '/onsite/1']);
  });
  it('Infinity in a hopping and in a k·p coefficient and lattice', () => {
    const m = tb();
    m.hoppings[2]!.t = [0, Infinity];
    expect(err(() => validateModel(m)).where).toBe('/hoppings/2/t/1');
    const k = kp();
    k.terms[2]!.coef = -Infinity;
    expect([err(() => validateModel(k)).code, err(() => validateModel(k)).where]).toEqual(['PARAM_INVALID', '/terms/2/coef']);
    const l = tb();
    l.lattice[1]![0] = NaN;
    expect(err(() => validateModel(l)).where).toBe('/lattice/1/0');
  });
});

describe('MODEL_INVALID: semantic checks', () => {
  it('orbital index out of range names the pointer', () => {
    const m = tb();
    m.hoppings[1]!.to = 2;
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['MODEL_INVALID', '/hoppings/1/to']);
    expect(e.message).toMatch(/out of range.*2 orbitals/);
  });
  it('wrong dimensions: lattice, orbitals, R, onsite', () => {
    const a = tb();
    a.lattice[0] = [1, 0, 0];
    expect([err(() => validateModel(a)).code, err(() => validateModel(a)).where]).toEqual(['MODEL_INVALID', '/lattice/0']);
    const b = tb();
    b.lattice.pop();
    expect(err(() => validateModel(b)).where).toBe('/lattice');
    const c = tb();
    c.orbitals[1] = [0.5];
    expect(err(() => validateModel(c)).where).toBe('/orbitals/1');
    const d = tb();
    d.hoppings[0]!.R = [0, 0, 0];
    expect(err(() => validateModel(d)).where).toBe('/hoppings/0/R');
    const e = tb();
    e.onsite.push(0);
    expect(err(() => validateModel(e)).where).toBe('/onsite');
    const f = tb();
    f.dim = 3;
    expect(err(() => validateModel(f)).where).toBe('/lattice');
  });
  it('singular lattice', () => {
    const m = tb();
    m.lattice = [
      [1, 0],
      [2, 0],
    ];
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['MODEL_INVALID', '/lattice']);
    expect(e.message).toMatch(/linearly dependent/);
  });
  it('on-site self-hopping at R = 0 with implicit conjugates, with a hint', () => {
    const m = tb();
    m.hoppings.push({ from: 1, to: 1, R: [0, 0], t: [0.5, 0] });
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['MODEL_INVALID', '/hoppings/3']);
    expect(e.hint).toMatch(/onsite/);
  });
  it('a hopping listed in both directions without "explicit", with the hint', () => {
    const e = err(() => parseModel(fixture('both-directions.json'), 'both-directions.json'));
    expect([e.code, e.where]).toEqual(['MODEL_INVALID', '/hoppings/1']);
    expect(e.hint).toBe('set "hermitian": "explicit" or drop one');
    expect(e.message).toMatch(/^both-directions\.json:11:5 /);
    // the same for a self-hopping listed at R and −R
    const m = tb();
    m.hoppings.push({ from: 0, to: 0, R: [-1, 0], t: [0, -0.15] });
    expect(err(() => validateModel(m)).hint).toBe('set "hermitian": "explicit" or drop one');
  });
  it('the same hopping twice', () => {
    const m = tb();
    m.hoppings.push({ from: 1, to: 0, R: [0, 0], t: [-0.5, 0] });
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['MODEL_INVALID', '/hoppings/3']);
    expect(e.message).toMatch(/listed twice.*\/hoppings\/0/);
  });
  it('k·p: Pauli names need basis 2, explicit matrices basis × basis, powers of length dim', () => {
    const a = kp();
    a.basis = 3;
    expect([err(() => validateModel(a)).code, err(() => validateModel(a)).where]).toEqual(['MODEL_INVALID', '/terms/0/matrix']);
    const b = kp();
    b.terms[0]!.matrix = [[[1, 0]]];
    expect(err(() => validateModel(b)).where).toBe('/terms/0/matrix');
    const c = kp();
    c.terms[0]!.k = [1, 0, 0];
    expect(err(() => validateModel(c)).where).toBe('/terms/0/k');
  });
  it('spin matrices of the wrong size', () => {
    const m = tb();
    m.spin = [[[[1, 0]]], [[[1, 0]]], [[[1, 0]]]];
    expect([err(() => validateModel(m)).code, err(() => validateModel(m)).where]).toEqual(['MODEL_INVALID', '/spin/0']);
  });
});

describe('MODEL_NOT_HERMITIAN', () => {
  it('explicit set with a wrong conjugate amplitude names the hopping', () => {
    const e = err(() => parseModel(fixture('explicit-not-hermitian.json'), 'explicit-not-hermitian.json'));
    expect([e.code, e.where]).toEqual(['MODEL_NOT_HERMITIAN', '/hoppings/0']);
    expect(e.message).toMatch(/must be \[-1, -0\.5\]/);
  });
  it('explicit set with a missing conjugate', () => {
    const m = tb();
    m.hermitian = 'explicit';
    m.hoppings = [
      { from: 1, to: 0, R: [0, 0], t: [-1, 0] },
      { from: 0, to: 1, R: [0, 0], t: [-1, 0] },
      { from: 0, to: 0, R: [1, 0], t: [0, 0.15] },
    ];
    const e = err(() => validateModel(m));
    expect([e.code, e.where]).toEqual(['MODEL_NOT_HERMITIAN', '/hoppings/2']);
    expect(e.message).toMatch(/R = \[-1, 0\]\) is missing/);
  });
  it('explicit imaginary self-hopping at R = 0', () => {
    const m = tb();
    m.hermitian = 'explicit';
    m.hoppings = [{ from: 1, to: 1, R: [0, 0], t: [0, 0.1] }];
    expect(err(() => validateModel(m)).code).toBe('MODEL_NOT_HERMITIAN');
  });
  it('k·p explicit matrix and spin matrix', () => {
    const a = kp();
    a.terms.push({ k: [0, 0], matrix: [[[0, 0], [1, 0.5]], [[1, 0.5], [0, 0]]], coef: 1 });
    const e = err(() => validateModel(a));
    expect([e.code, e.where]).toEqual(['MODEL_NOT_HERMITIAN', '/terms/3/matrix/0/1']);
    const b = kp();
    b.spin = [
      [[[0, 0], [1, 0]], [[1, 0], [0, 0]]],
      [[[0, 0], [0, -1]], [[0, -1], [0, 0]]],
      [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]],
    ];
    expect([err(() => validateModel(b)).code, err(() => validateModel(b)).where]).toEqual(['MODEL_NOT_HERMITIAN', '/spin/1/0/1']);
    const c = kp();
    c.terms.push({ k: [0, 0], matrix: [[[0, 1e-3], [0, 0]], [[0, 0], [0, 0]]], coef: 1 });
    expect(err(() => validateModel(c)).where).toBe('/terms/3/matrix/0/0');
  });
});

describe('parseModel names the line:column of the offending value', () => {
  it('keeps where = JSON pointer and puts file:line:column in the message', () => {
    const e = err(() => parseModel(fixture('both-directions.json'), 'both-directions.json'));
    expect(e.where).toBe('/hoppings/1');
    expect(e.message).toMatch(/^both-directions\.json:11:5 \/hoppings\/1: /);
    const bad = fixture('haldane.json').replace('"R": [0, 0]', '"R": [0, 0.5]');
    expect(err(() => parseModel(bad, 'h.json')).message).toMatch(/^h\.json:10:36 \/hoppings\/0\/R\/1: must be an integer/);
    const kind = fixture('haldane.json').replace('"kind": "tight-binding"', '"kind": "tb"');
    expect(err(() => parseModel(kind)).message).toMatch(/^<input>:3:11 \/kind: /);
    // a missing property points at its parent object
    const missing = fixture('haldane.json').replace(', "t": [-1.0, 0.0]', '');
    const m = err(() => parseModel(missing, 'm.json'));
    expect(m.where).toBe('/hoppings/0/t');
    expect(m.message).toMatch(/^m\.json:10:5 /);
  });
});
