import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hrGeometryOf, parseCentresXyz, parseHrGeometry, parseWinLattice, readHr, readTb, writeHr, writeTb } from '../../src/io/wannier90.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { validateModel } from '../../src/model/validate.js';
import { hamiltonian, maxAbsDiff, rng, type CMat } from '../model/helpers.js';
import { err } from '../helpers/errors.js';
import { randomOblique3D } from '../helpers/models.js';

const dir = new URL('../fixtures/w90/', import.meta.url);
const fx = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const geometry = parseHrGeometry(fx('chain_geometry.json'), 'chain_geometry.json');

/**
 * The fixture chain by hand (a = 2 Å along x): t₁₁(±a) = 0.2 ± 0.1i (file: 0.4 ± 0.2i with
 * ndegen = 2), t₁₂(0) = −1, t₁₂(+a) = −0.6 (file: −1.2, ndegen 2), on-site ±0.5; τ₂ − τ₁ = d.
 */
function chainH(k: number[], d: number[]): CMat {
  const kx = k[0]!;
  const kd = k[0]! * d[0]! + k[1]! * d[1]! + k[2]! * d[2]!;
  const h11 = 0.5 + 0.4 * Math.cos(2 * kx) - 0.2 * Math.sin(2 * kx);
  const h12: [number, number] = [-Math.cos(kd) - 0.6 * Math.cos(2 * kx + kd), -Math.sin(kd) - 0.6 * Math.sin(2 * kx + kd)];
  return [
    [[h11, 0], h12],
    [[h12[0], -h12[1]], [-0.5, 0]],
  ];
}

describe('seedname_hr.dat', () => {
  it('reads the fixture: ndegen weights, convention-I hoppings, centres, explicit Hermitian set', () => {
    const m = readHr(fx('chain_hr.dat'), geometry, { source: 'chain_hr.dat' });
    expect(m.name).toBe('chain');
    expect(m.hermitian).toBe('explicit');
    expect(m.onsite).toEqual([0.5, -0.5]);
    expect(m.orbitals).toEqual([
      [0, 0, 0],
      [0.5, 0, 0],
    ]);
    const t11 = m.hoppings.find((h) => h.from === 0 && h.to === 0 && h.R[0] === 1)!;
    expect(t11.t).toEqual([0.2, 0.1]); // 0.4 + 0.2i divided by ndegen = 2
    expect(m.hoppings).toHaveLength(6); // zeros dropped, both directions kept
    const c = compileModel(m);
    const r = rng(3);
    for (let i = 0; i < 10; i++) {
      const k = [6 * r() - 3, 6 * r() - 3, 6 * r() - 3];
      expect(maxAbsDiff(hamiltonian(c, k), chainH(k, [1, 0, 0]))).toBeLessThan(1e-14);
    }
  });

  it('threshold drops small hoppings; dim reduces a layered model', () => {
    const m = readHr(fx('chain_hr.dat'), geometry, { threshold: 0.3 });
    expect(m.hoppings.every((h) => Math.hypot(...h.t) > 0.3)).toBe(true);
    const m1 = readHr(fx('chain_hr.dat'), geometry, { dim: 1 });
    expect(m1.dim).toBe(1);
    expect(m1.lattice).toEqual([[2]]);
    expect(m1.orbitals).toEqual([[0], [0.5]]);
  });

  const cases: Array<[string, string, RegExp]> = [
    // the size check runs before anything is allocated: it points at the nrpts line
    ['truncated_hr.dat', 'truncated_hr.dat:2:1', /num_wann = 2 and nrpts = 3 need 12 matrix-element lines, but the file has 8/],
    ['nodegen_hr.dat', 'nodegen_hr.dat:4:4', /missing degeneracy lines: expected 3/],
    ['nonnumeric_hr.dat', 'nonnumeric_hr.dat:10:29', /must be a number, found "-1\.0x0000"/],
    ['nonhermitian_hr.dat', 'nonhermitian_hr.dat:5:1', /non-Hermitian set/],
  ];
  for (const [file, where, msg] of cases) {
    it(`HR_PARSE: ${file}`, () => {
      const e = err(() => readHr(fx(file), geometry, { source: file }));
      expect(e.code).toBe('HR_PARSE');
      expect(e.where).toBe(where);
      expect(e.message).toMatch(msg);
    });
  }

  it('HR_PARSE: wrong counts, columns, indices, duplicates, extra data', () => {
    const text = fx('chain_hr.dat');
    const lines = text.split('\n');
    const edit = (i: number, s: string) => lines.map((l, j) => (j === i ? s : l)).join('\n');
    const run = (t: string) => err(() => readHr(t, geometry, { source: 'x_hr.dat' }));
    // num_wann not an integer
    expect(run(edit(1, '   two')).where).toBe('x_hr.dat:2:4');
    // num_wann too small: R changes inside a block
    const one = { lattice: geometry.lattice, centres: [[0, 0, 0]] };
    expect(err(() => readHr(edit(1, '          1'), one)).message).toMatch(/orbital index m = 2 is out of range 1..1/);
    // nrpts too small → extra data
    expect(run(edit(2, '          2').replace('    2    1    2', '    2    1')).message).toMatch(/unexpected data after the last block/);
    // wrong number of columns
    const e = run(edit(6, '   -1    0    0    1    2    0.000000'));
    expect([e.where, e.message]).toEqual(['x_hr.dat:7:4', expect.stringMatching(/expected 7 columns/)]);
    // orbital index out of range
    expect(run(edit(6, '   -1    0    0    3    2    0.000000    0.000000')).where).toBe('x_hr.dat:7:20');
    // duplicate element in a block
    expect(run(edit(6, '   -1    0    0    2    1    0.000000    0.000000')).message).toMatch(/duplicate H element/);
    // overflowed Fortran field
    expect(run(edit(6, '   -1    0    0    1    2    ********    0.000000')).message).toMatch(/must be a number, found "\*\*\*\*\*\*\*\*"/);
    // zero degeneracy
    expect(run(edit(3, '    2    0    2')).message).toMatch(/degeneracy weight must be ≥ 1/);
    // empty
    expect(run('').code).toBe('HR_PARSE');
    // bad geometry
    expect(err(() => readHr(text, { lattice: [[1, 0, 0]], centres: [] })).code).toBe('ARGUMENT_INVALID');
    expect(err(() => readHr(text, { lattice: geometry.lattice, centres: [[0, 0, 0]] })).message).toMatch(/num_wann = 2/);
  });

  it('dim reduction refuses hoppings along the dropped direction', () => {
    const t = fx('chain_hr.dat').replace(/^ {4}1 {4}0 {4}0/gm, '    1    0    1').replace(/^ {3}-1 {4}0 {4}0/gm, '   -1    0   -1');
    expect(readHr(t, geometry).hoppings.some((h) => h.R[2] === 1)).toBe(true);
    const e = err(() => readHr(t, geometry, { dim: 2 }));
    expect(e.code).toBe('MODEL_INVALID');
    expect(e.message).toMatch(/not 2-dimensional/);
  });
});

describe('seedname_tb.dat', () => {
  it('reads the fixture: lattice, H(R)/ndegen, Wannier centres from the diagonal ⟨n|r|n⟩ at R = 0 only', () => {
    const m = readTb(fx('chain_tb.dat'), { source: 'chain_tb.dat' });
    expect(m.name).toBe('chain');
    expect(m.lattice).toEqual([
      [2, 0, 0],
      [0, 10, 0],
      [0, 0, 10],
    ]);
    expect(m.orbitals[0]![0]).toBeCloseTo(0.1, 15);
    expect(m.orbitals[1]).toEqual([0.6, 0.03, 0.05]);
    const c = compileModel(m);
    const r = rng(4);
    for (let i = 0; i < 10; i++) {
      const k = [6 * r() - 3, 6 * r() - 3, 6 * r() - 3];
      expect(maxAbsDiff(hamiltonian(c, k), chainH(k, [1, 0, 0.5]))).toBeLessThan(1e-14);
    }
  });

  it('TB_PARSE: missing position block, bad lattice line, R mismatch', () => {
    const e = err(() => readTb(fx('nopos_tb.dat'), { source: 'nopos_tb.dat' }));
    expect([e.code, e.where]).toEqual(['TB_PARSE', 'nopos_tb.dat:26:1']);
    expect(e.message).toMatch(/position matrix elements/);
    const lines = fx('chain_tb.dat').split('\n');
    const edit = (i: number, s: string) => lines.map((l, j) => (j === i ? s : l)).join('\n');
    const bad = err(() => readTb(edit(2, '  0.0  10.0'), { source: 'x_tb.dat' }));
    expect([bad.code, bad.where]).toEqual(['TB_PARSE', 'x_tb.dat:3:3']);
    expect(bad.message).toMatch(/lattice vector a2 as 3 numbers/);
    const idx = lines.findIndex((l, i) => i > 30 && l.trim() === '0    0    0');
    expect(err(() => readTb(edit(idx, '    0    1    0'))).message).toMatch(/position block 2 has R = \(0 1 0\)/);
    const h = lines.findIndex((l) => l.startsWith('    2    1   -0.12'));
    expect(err(() => readTb(edit(h, '    2    1   -0.12000000E+01'))).message).toMatch(/expected 4 columns \(m n Re Im\)/);
  });
});

describe('round trips: model → Wannier90 text → model, same H(k)', () => {
  const r = rng(5);
  const randomK = (dim: number) => Array.from({ length: 3 }, (_, i) => (i < dim ? 8 * r() - 4 : 0));

  for (const spec of ['haldane:phi=pi/3,t2=0.1,strain=0.2', 'three-band', 'square-dirac', 'gapped-graphene']) {
    it(`${spec}: writeHr/readHr and writeTb/readTb`, () => {
      const m = buildBuiltin(spec) as TightBindingModel;
      const c0 = compileModel(m);
      const viaHr = readHr(writeHr(m), hrGeometryOf(m), { dim: 2 });
      const viaTb = readTb(writeTb(m), { dim: 2 });
      expect(viaHr.lattice).toEqual(m.lattice);
      for (const back of [viaHr, viaTb]) {
        const c1 = compileModel(back);
        for (let i = 0; i < 8; i++) {
          const k = randomK(2);
          expect(maxAbsDiff(hamiltonian(c0, k), hamiltonian(c1, k))).toBeLessThan(1e-13);
          expect(maxAbsDiff(hamiltonian(c0, k, 0), hamiltonian(c1, k, 0))).toBeLessThan(1e-12);
        }
      }
    });
  }

  it('a random 3D model with an oblique cell and explicit hoppings', () => {
    const m = randomOblique3D(r, 14);
    const c0 = compileModel(m);
    for (const back of [readHr(writeHr(m), hrGeometryOf(m)), readTb(writeTb(m))]) {
      expect(back.hermitian).toBe('explicit');
      const c1 = compileModel(back);
      for (let i = 0; i < 8; i++) {
        const k = randomK(3);
        expect(maxAbsDiff(hamiltonian(c0, k), hamiltonian(c1, k))).toBeLessThan(1e-13);
      }
    }
  });
});

describe('geometry from seedname.win and seedname_centres.xyz', () => {
  it('reads unit_cell_cart (bohr) and the X centres', () => {
    const L = parseWinLattice(fx('chain.win'), 'chain.win');
    expect(L[0]![0]).toBeCloseTo(2, 7);
    expect(L[1]![1]).toBeCloseTo(10, 7);
    expect(parseCentresXyz(fx('chain_centres.xyz'), 2)).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ]);
    expect(err(() => parseCentresXyz(fx('chain_centres.xyz'), 3, 'c.xyz')).code).toBe('HR_PARSE');
    expect(err(() => parseWinLattice('num_wann = 2\n', 'w.win')).message).toMatch(/unit_cell_cart/);
  });
});

describe('writer formatting', () => {
  it('keeps columns separated for the longest doubles, and reads them back exactly', () => {
    const awkward = [-1.2345678901234567e-300, -0.000004822155460715294, -0.38256955286487937, 1.7976931348623157e308 / 1e300, -5e-324];
    const m = validateModel({
      format: 'orbitronics-model/1',
      kind: 'tight-binding',
      name: 'awkward',
      dim: 1,
      lattice: [[1]],
      orbitals: [[0], [0.5]],
      onsite: [awkward[0]!, awkward[4]!],
      hoppings: awkward.slice(1, 4).map((x, i) => ({ from: 1, to: 0, R: [i], t: [x, awkward[(i + 2) % 5]!] })),
    }) as TightBindingModel;
    for (const back of [readHr(writeHr(m), hrGeometryOf(m), { dim: 1 }), readTb(writeTb(m), { dim: 1 })]) {
      expect(back.onsite).toEqual(m.onsite);
      for (const h of m.hoppings) {
        const b = back.hoppings.find((x) => x.to === h.to && x.from === h.from && x.R[0] === h.R[0])!;
        expect(b.t).toEqual(h.t);
      }
    }
  });
});
