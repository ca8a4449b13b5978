/**
 * Wannier90 MDRS (use_ws_distance) through seedname_wsvec.dat: the parser, the shifts applied by
 * readHr/readTb, an analytic chain, round trips through a Wannier90 stand-in
 * (test/helpers/wannier90-mdrs.ts), errors, and loadModelSync's pickup of seedname_wsvec.dat.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hrGeometryOf, parseHrGeometry, readHr, readTb, readWsvec, writeHr, writeTb, type WsvecMeta } from '../../src/io/wannier90.js';
import { LIMITS } from '../../src/limits.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import { loadModelSync } from '../../src/model/index.js';
import type { CompiledModel, TightBindingModel } from '../../src/model/types.js';
import { foldToWannier90 } from '../helpers/wannier90-mdrs.js';
import { hamiltonian, maxAbsDiff, rng, type CMat } from '../model/helpers.js';
import { err } from '../helpers/errors.js';
import { randomOblique3D } from '../helpers/models.js';

const dir = new URL('../fixtures/w90/', import.meta.url);
const fx = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const HR = fx('mdrs_chain_hr.dat');
const WS = fx('mdrs_chain_wsvec.dat');
const geometry = parseHrGeometry(fx('mdrs_chain_geometry.json'), 'mdrs_chain_geometry.json');

/** Largest |H − H†| at a Cartesian k. */
function antiHermitian(c: CompiledModel, k: number[]): number {
  const H = hamiltonian(c, k);
  let d = 0;
  for (let i = 0; i < H.length; i++) for (let j = 0; j < H.length; j++) d = Math.max(d, Math.hypot(H[i]![j]![0] - H[j]![i]![0], H[i]![j]![1] + H[j]![i]![1]));
  return d;
}

/** Every hopping (to, from, R, t) has the partner (from, to, −R, conj t) bit for bit (explicit Hermitian set). */
function exactlyHermitian(m: TightBindingModel): boolean {
  const key = (to: number, from: number, R: number[]) => `${to}|${from}|${R.map((x) => x + 0).join(',')}`;
  const byKey = new Map(m.hoppings.map((h) => [key(h.to, h.from, h.R), h.t]));
  return m.hoppings.every((h) => {
    const p = byKey.get(key(h.from, h.to, h.R.map((x) => -x)));
    return p !== undefined && p[0] === h.t[0] && p[1] === -h.t[1];
  });
}

/** Eigenvalues of a 2 × 2 Hermitian matrix. */
function eig2(H: CMat): [number, number] {
  const a = H[0]![0]![0];
  const b = H[1]![1]![0];
  const g = Math.hypot(H[0]![1]![0], H[0]![1]![1]);
  const r = Math.hypot((a - b) / 2, g);
  return [(a + b) / 2 - r, (a + b) / 2 + r];
}

/**
 * The fixture chain (a = 1 Å, A at 0, B at d = 0.3 Å) is the Wannier90 mp_grid = 2 sampling of the
 * nearest-neighbour model ε_A = 0.2, ε_B = −0.2, t_AA(±a) = s = 0.1, t_AB(0) = v = −1,
 * t_BA(+a) = w = −0.6 + 0.2i (t_AB(−a) = w*): hr.dat holds R = −1, 0, 1 with ndegen 2, 1, 2 and
 * H(±1) = the sum over the class R mod 2, i.e. H_AB(±1) = w*, H_AA(±1) = 2s.
 *   MDRS: the image of H_AB(+1) is R + T = −1 (|−1 + d| < |1 + d|), so the model is exact:
 *         H_AB(κ) = e^{iκd}(v + w* e^{−iκ}).
 *   without: H_AB(κ) = e^{iκd}(v + w* (e^{−iκ} + e^{iκ})/2) = e^{iκd}(v + w* cos κ).
 * Both give H_AA = 0.2 + 2s cos κ (the tie |±1| is split over ±1 either way), H_BB = −0.2, and agree
 * at the mesh κ = 0, π.
 */
const chain = { eA: 0.2, eB: -0.2, s: 0.1, v: -1, w: [-0.6, 0.2] as [number, number], d: 0.3 };
function chainH(kappa: number, mdrs: boolean): CMat {
  const { eA, eB, s, v, w, d } = chain;
  const hAA = eA + 2 * s * Math.cos(kappa);
  // g = v + w* f(κ), f = e^{−iκ} (MDRS) or cos κ
  const f: [number, number] = mdrs ? [Math.cos(kappa), -Math.sin(kappa)] : [Math.cos(kappa), 0];
  const wc: [number, number] = [w[0], -w[1]];
  const g: [number, number] = [v + wc[0] * f[0] - wc[1] * f[1], wc[0] * f[1] + wc[1] * f[0]];
  const p: [number, number] = [Math.cos(kappa * d), Math.sin(kappa * d)];
  const hAB: [number, number] = [p[0] * g[0] - p[1] * g[1], p[0] * g[1] + p[1] * g[0]];
  return [
    [[hAA, 0], hAB],
    [[hAB[0], -hAB[1]], [eB, 0]],
  ];
}

describe('readWsvec', () => {
  it('reads the fixture: header flag, entries (i = row, j = column), shifts, index', () => {
    const ws = readWsvec(WS, 'mdrs_chain_wsvec.dat');
    expect(ws.useWsDistance).toBe(true);
    expect(ws.ndegenApplied).toBe(false);
    expect(ws.numWann).toBe(2);
    expect(ws.count).toBe(12);
    expect(ws.code).toBe('HR_PARSE');
    const shifts = (R: number[], i: number, j: number) => {
      const e = ws.index.get(R.join(','))![i - 1 + (j - 1) * 2]! - 1;
      return Array.from({ length: ws.start[e + 1]! - ws.start[e]! }, (_, k) => Array.from(ws.T.slice(3 * (ws.start[e]! + k), 3 * (ws.start[e]! + k) + 3)));
    };
    expect(shifts([1, 0, 0], 1, 2)).toEqual([[-2, 0, 0]]);
    expect(shifts([-1, 0, 0], 2, 1)).toEqual([[2, 0, 0]]);
    expect(shifts([1, 0, 0], 1, 1)).toEqual([
      [0, 0, 0],
      [-2, 0, 0],
    ]);
    expect(ws.line[ws.index.get('1,0,0')![2]! - 1]).toBe(ws.line[ws.index.get('1,0,0')![0]! - 1]! + 4); // (1, 2) follows (1, 1) and its 2 shifts
  });

  it('header forms: .true./.false. (Wannier90 ≥ 3.0), T/F, absent, write_ndegen_applied', () => {
    const body = WS.split('\n').slice(1).join('\n');
    expect(readWsvec(`## x with use_ws_distance=T\n${body}`).useWsDistance).toBe(true);
    expect(readWsvec(`## x with use_ws_distance = .TRUE.\n${body}`).useWsDistance).toBe(true);
    expect(readWsvec(`## written by hand\n${body}`).useWsDistance).toBeNull();
    expect(readWsvec(`## x use_ws_distance=.true.  write_ndegen_applied=.true.\n${body}`).ndegenApplied).toBe(true);
    const identity = foldToWannier90(buildBuiltin('gapped-graphene') as TightBindingModel, [2, 2, 1], { useWsDistance: false }).wsvec;
    expect(readWsvec(identity).useWsDistance).toBe(false);
  });

  const lines = WS.split('\n');
  const edit = (i: number, s: string) => lines.map((l, j) => (j === i ? s : l)).join('\n');
  const cases: Array<[string, string, string, RegExp]> = [
    ['empty file', '', 'w:1:1', /empty file/],
    ['header line missing', lines.slice(1).join('\n'), 'w:1:1', /missing header line/],
    ['bad flag', edit(0, '## with use_ws_distance=maybe'), 'w:1:25', /use_ws_distance must be \.true\. or \.false\./],
    ['entry with 4 numbers', edit(1, '   -1    0    0    1'), 'w:2:4', /expected an entry "R1 R2 R3 i j", found 4/],
    ['non-integer index', edit(1, '   -1    0    0    x    1'), 'w:2:20', /Wannier index i must be an integer, found "x"/],
    ['index 0', edit(1, '   -1    0    0    0    1'), 'w:2:20', /Wannier index i must be ≥ 1/],
    ['count 0', edit(2, '    0'), 'w:3:5', /number of shift vectors must be ≥ 1/],
    ['count not an integer', edit(2, '  1.5'), 'w:3:3', /number of shift vectors must be an integer/],
    ['count too large for the entry', edit(6, '    2'), 'w:9:4', /expected shift vector 2 of 2 of the entry on line 6 as "T1 T2 T3", found 5 entries/],
    ['count too small for the entry', edit(2, '    1'), 'w:5:5', /expected an entry "R1 R2 R3 i j", found 3 entries/],
    ['count beyond the lines left', edit(38, '   40'), 'w:39:4', /40 shift vectors announced, but the file has 2 more lines/],
    ['shifts cut off', lines.slice(0, 40).join('\n'), 'w:39:5', /2 shift vectors announced, but the file has 1 more lines/],
    ['shift with 2 numbers', edit(3, '    0    0'), 'w:4:5', /expected shift vector 1 of 2 .* found 2 entries/],
    ['Fortran overflow', edit(3, '*****    0    0'), 'w:4:1', /T1 must be an integer, found "\*\*\*\*\*"/],
    ['integer beyond int32', edit(3, ' 3000000000    0    0'), 'w:4:2', /beyond the integer range/],
    ['truncated after a blank line', [...lines.slice(0, 39), '', '    0    0    0'].join('\n'), 'w:42:1', /truncated file: the entry on line 38 has 1 of its 2 shift vectors/],
    ['entry without count', lines.slice(0, 38).join('\n'), 'w:39:1', /truncated file: the entry on line 38 has no line with its number of shift vectors/],
    ['duplicate entry', edit(5, '   -1    0    0    1    1'), 'w:6:1', /duplicate entry R = \(-1 0 0\), i = 1, j = 1 \(also on line 2\)/],
    ['missing entries', lines.slice(0, 37).join('\n'), 'w:28:1', /R = \(1 0 0\) has 3 entries, but num_wann² = 4 are needed/],
    ['shifts not opposite', edit(10, '    0    0    0'), 'w:9:1', /shifts of \(R = -1 0 0, i = 2, j = 1\) and of \(−R, j, i\) on line 32 are not opposite/],
    ['self entry shifted', edit(17, '    1    0    0'), 'w:17:5', /Wannier function 1 with itself at R = \(0 0 0\).* one zero shift/],
    ['use_ws_distance=.false. with shifts', edit(0, '## with use_ws_distance=.false.'), 'w:3:5', /use_ws_distance=\.false\., but the entry on line 2 has n = 2 shifts/],
  ];
  for (const [name, text, where, msg] of cases) {
    it(`HR_PARSE: ${name}`, () => {
      const e = err(() => readWsvec(text, 'w'));
      expect(e.code).toBe('HR_PARSE');
      expect(e.where).toBe(where);
      expect(e.message).toMatch(msg);
    });
  }

  it('the code of the companion reader (TB_PARSE); LIMIT_EXCEEDED before the shifts are read', () => {
    expect(err(() => readWsvec(edit(2, '    0'), 'w', 'TB_PARSE')).code).toBe('TB_PARSE');
    const big = err(() => readWsvec(edit(2, `    ${LIMITS.maxWsvecImages + 1}`), 'w'));
    expect(big.code).toBe('LIMIT_EXCEEDED');
    expect(big.where).toBe('w:3:5');
    const huge = err(() => readWsvec(edit(1, '   -1    0    0    1  100000'), 'w'));
    expect(huge.code).toBe('LIMIT_EXCEEDED'); // num_wann beyond LIMITS.maxBands, before any index is allocated
  });
});

describe('MDRS on the hand-written chain (mp_grid 2)', () => {
  const ws = readWsvec(WS, 'mdrs_chain_wsvec.dat');
  const mdrs = readHr(HR, geometry, { source: 'mdrs_chain_hr.dat', wsvec: ws });
  const plain = readHr(HR, geometry, { source: 'mdrs_chain_hr.dat' });
  const cM = compileModel(mdrs);
  const cP = compileModel(plain);
  const at = (c: CompiledModel, kappa: number) => hamiltonian(c, [kappa, 0, 0]);
  const r = rng(11);

  it('recovers the nearest-neighbour model: t_AB(−a) = w*, nothing at +a, t_AA(±a) = s', () => {
    const find = (m: TightBindingModel, to: number, from: number, R0: number) => m.hoppings.find((h) => h.to === to && h.from === from && h.R[0] === R0 && h.R[1] === 0 && h.R[2] === 0);
    expect(find(mdrs, 0, 1, -1)!.t[0]).toBeCloseTo(-0.6, 15);
    expect(find(mdrs, 0, 1, -1)!.t[1]).toBeCloseTo(-0.2, 15);
    expect(find(mdrs, 0, 1, 1)).toBeUndefined();
    expect(find(mdrs, 1, 0, 1)!.t).toEqual(find(mdrs, 0, 1, -1)!.t.map((x, i) => (i ? -x : x) + 0));
    expect(find(mdrs, 0, 0, 1)!.t).toEqual([0.1, 0]);
    expect(find(mdrs, 0, 0, -1)!.t).toEqual([0.1, 0]);
    expect(mdrs.onsite).toEqual([0.2, -0.2]);
    // without MDRS the half-weights stay where they are: t_AB(±a) = w*/2
    expect(find(plain, 0, 1, 1)!.t[0]).toBeCloseTo(-0.3, 15);
    expect(mdrs.hoppings).toHaveLength(6);
    expect(plain.hoppings).toHaveLength(8);
    expect(mdrs.meta!.wsvec as WsvecMeta).toMatchObject({ source: 'mdrs_chain_wsvec.dat', applied: true, useWsDistance: true, rVectors: { file: 3, model: 3 } });
    expect(plain.meta!.wsvec).toBeUndefined();
  });

  it('H(k) equals the closed forms, with and without MDRS; the hopping set stays Hermitian to the last bit', () => {
    expect(exactlyHermitian(mdrs)).toBe(true);
    for (let i = 0; i < 20; i++) {
      const kappa = 20 * r() - 10;
      expect(maxAbsDiff(at(cM, kappa), chainH(kappa, true))).toBeLessThan(1e-14);
      expect(maxAbsDiff(at(cP, kappa), chainH(kappa, false))).toBeLessThan(1e-14);
      expect(antiHermitian(cM, [kappa, 3 * r(), r()])).toBeLessThan(1e-15);
    }
  });

  it('bands agree with the plain reading on the mesh (κ = 0, π) and differ between its points', () => {
    for (const kappa of [0, Math.PI, -Math.PI, 2 * Math.PI]) {
      const [a, b] = [eig2(at(cM, kappa)), eig2(at(cP, kappa))];
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBeLessThan(1e-14);
    }
    // between: |v + w* e^{−iκ}| ≠ |v + w* cos κ|; at κ = π/2: |v − iw*| = |−1.2 + 0.6i| vs |v| = 1
    const gap = (e: [number, number]) => e[1] - e[0];
    const q = Math.PI / 2;
    const hAA = chain.eA; // cos(π/2) = 0
    expect(gap(eig2(at(cM, q)))).toBeCloseTo(2 * Math.hypot((hAA - chain.eB) / 2, Math.hypot(chain.v - chain.w[1], -chain.w[0])), 12);
    expect(gap(eig2(at(cP, q)))).toBeCloseTo(2 * Math.hypot((hAA - chain.eB) / 2, 1), 12);
    for (let i = 0; i < 10; i++) {
      const kappa = 0.2 + 2.7 * r(); // inside (0, π)
      expect(Math.abs(gap(eig2(at(cM, kappa))) - gap(eig2(at(cP, kappa))))).toBeGreaterThan(1e-3);
    }
  });

  it('readTb applies it the same way (TB_PARSE companion); dim = 1', () => {
    const tb = writeTb(plain, { vacuum: 10 }); // the same R set and t(R) = H(R)/ndegen, ndegen = 1
    const viaTb = readTb(tb, { source: 'mdrs_chain_tb.dat', wsvec: readWsvec(WS, 'mdrs_chain_wsvec.dat', 'TB_PARSE') });
    const c = compileModel(viaTb);
    for (let i = 0; i < 5; i++) {
      const k = [10 * r() - 5, 3 * r(), r()];
      expect(maxAbsDiff(hamiltonian(c, k), hamiltonian(cM, k))).toBeLessThan(1e-14);
    }
    const m1 = readHr(HR, geometry, { dim: 1, wsvec: ws });
    expect(m1.dim).toBe(1);
    const c1 = compileModel(m1);
    expect(maxAbsDiff(hamiltonian(c1, [1.3]), chainH(1.3, true))).toBeLessThan(1e-14);
  });

  it('threshold applies to t_mn(R) before the split (the same matrix elements are kept with or without MDRS)', () => {
    // |w*|/2 = 0.316 and 2s/2 = 0.1 are below 0.35: dropped before they would merge into |w*| = 0.632
    const m = readHr(HR, geometry, { wsvec: ws, threshold: 0.35 });
    expect(m.hoppings.map((h) => h.R[0])).toEqual([0, 0]);
    expect(readHr(HR, geometry, { threshold: 0.35 }).hoppings).toHaveLength(2);
  });

  it('write_ndegen_applied=.true.: the file already holds the images, nothing is applied (noted in meta)', () => {
    const m = readHr(HR, geometry, { wsvec: readWsvec(WS.replace('use_ws_distance=.true.', 'use_ws_distance=.true.  write_ndegen_applied=.true.'), 'w') });
    expect(m.hoppings).toEqual(plain.hoppings);
    expect(m.meta!.wsvec).toMatchObject({ applied: false });
    expect((m.meta!.wsvec as WsvecMeta).note).toMatch(/write_ndegen_applied/);
  });

  it('errors when the wsvec does not belong to the hamiltonian', () => {
    // another num_wann
    const three = foldToWannier90(buildBuiltin('kagome') as TightBindingModel, [2, 2, 1]).wsvec;
    let e = err(() => readHr(HR, geometry, { source: 'c_hr.dat', wsvec: readWsvec(three, 'k_wsvec.dat') }));
    expect(e.code).toBe('HR_PARSE');
    expect(e.where).toMatch(/^k_wsvec\.dat:\d+:1$/);
    expect(e.message).toMatch(/Wannier index 3 is out of range 1\.\.2/);
    expect(e.hint).toMatch(/same Wannier90 run/);
    // a wsvec for fewer Wannier functions
    const one = '## use_ws_distance=.true.\n 0 0 0 1 1\n 1\n 0 0 0\n';
    e = err(() => readHr(HR, geometry, { wsvec: readWsvec(one, 'one') }));
    expect(e.message).toMatch(/the file is for num_wann = 1 Wannier functions, <hr\.dat> has num_wann = 2/);
    expect(e.where).toBe('one:2:1');
    // an R block without entries: drop R = −1 and +1 from the wsvec (still a consistent file by itself)
    const only0 = ['## use_ws_distance=.true.', ...lines0()].join('\n');
    e = err(() => readHr(HR, geometry, { source: 'c_hr.dat', wsvec: readWsvec(only0, 'w') }));
    expect(e.where).toBe('c_hr.dat:5:1');
    expect(e.message).toMatch(/w has no entries for R = \(-1 0 0\)/);
    // entries for an R the hamiltonian does not have
    const hr0 = HR.split('\n');
    const hrOnly0 = [hr0[0], hr0[1], '          1', '    1', ...hr0.slice(8, 12)].join('\n');
    e = err(() => readHr(hrOnly0, geometry, { source: 'c_hr.dat', wsvec: ws }));
    expect(e.where).toBe('mdrs_chain_wsvec.dat:2:1');
    expect(e.message).toMatch(/entry for R = \(-1 0 0\), which c_hr\.dat does not have/);
    function lines0(): string[] {
      const l = WS.split('\n');
      const i = l.findIndex((x) => /^\s+0\s+0\s+0\s+1\s+1$/.test(x));
      return l.slice(i, i + 12);
    }
  });
});

describe('round trips through a Wannier90 stand-in (model → hr.dat + wsvec.dat → model)', () => {
  const r = rng(23);
  const read = (m: TightBindingModel, mp: [number, number, number], dim?: 1 | 2 | 3) => {
    const f = foldToWannier90(m, mp);
    return {
      f,
      mdrs: readHr(f.hr, f.geometry, { dim, wsvec: readWsvec(f.wsvec, 'x_wsvec.dat') }),
      plain: readHr(f.hr, f.geometry, { dim }),
    };
  };
  /** The model's full Hermitian set as `to|from|R → t` (implicit conjugates expanded, on-site excluded). */
  const hopSet = (m: TightBindingModel) => {
    const s = new Map<string, [number, number]>();
    for (const h of m.hoppings) {
      s.set(`${h.to}|${h.from}|${h.R.join(',')}`, h.t);
      if (m.hermitian !== 'explicit') s.set(`${h.from}|${h.to}|${h.R.map((x) => -x + 0).join(',')}`, [h.t[0], -h.t[1] + 0]);
    }
    return s;
  };
  const sameHoppings = (a: TightBindingModel, b: TightBindingModel) => {
    const A = hopSet(a);
    const B = hopSet(b);
    expect([...B.keys()].sort()).toEqual([...A.keys()].sort());
    for (const [k, t] of A) expect(Math.hypot(t[0] - B.get(k)![0], t[1] - B.get(k)![1])).toBeLessThan(1e-14);
  };

  it('gapped graphene on a 2×2 mesh: MDRS gives the model back; the plain reading only agrees on the mesh', () => {
    const m = buildBuiltin('gapped-graphene') as TightBindingModel;
    const { f, mdrs, plain } = read(m, [2, 2, 1], 2);
    expect(f.rvecs.some((x) => x.ndegen > 1)).toBe(true); // the NN bonds at −a₁, −a₂ sit on the supercell boundary
    sameHoppings(m, mdrs);
    expect(mdrs.onsite).toEqual(m.onsite);
    const [c0, cM, cP] = [m, mdrs, plain].map(compileModel);
    const cart = (kr: number[]) => [0, 1].map((a) => kr[0]! * c0.reciprocal[a]! + kr[1]! * c0.reciprocal[3 + a]!);
    for (const kr of [[0, 0], [0.5, 0], [0, 0.5], [0.5, 0.5], [1, -0.5]]) {
      expect(maxAbsDiff(hamiltonian(cM, cart(kr)), hamiltonian(cP, cart(kr)))).toBeLessThan(1e-14);
    }
    for (let i = 0; i < 10; i++) {
      const k = cart([r(), r()]);
      expect(maxAbsDiff(hamiltonian(cM, k), hamiltonian(c0, k))).toBeLessThan(1e-14);
      expect(antiHermitian(cM, k)).toBeLessThan(1e-15);
    }
    expect(exactlyHermitian(mdrs)).toBe(true);
    expect(maxAbsDiff(hamiltonian(cP, cart([1 / 3, 1 / 3])), hamiltonian(c0, cart([1 / 3, 1 / 3])))).toBeGreaterThan(0.5);
  });

  it('Haldane (3×3 mesh) and a random oblique 3D model (6×6×6): MDRS gives the model back', () => {
    const h = buildBuiltin('haldane:phi=pi/3,t2=0.1,strain=0.2') as TightBindingModel;
    sameHoppings(h, read(h, [3, 3, 1], 2).mdrs);
    const m = randomOblique3D(r, 16);
    const back = read(m, [6, 6, 6]).mdrs;
    sameHoppings(m, back);
    const [c0, c1] = [m, back].map(compileModel);
    for (let i = 0; i < 5; i++) {
      const k = [4 * r() - 2, 4 * r() - 2, 4 * r() - 2];
      expect(maxAbsDiff(hamiltonian(c0, k), hamiltonian(c1, k))).toBeLessThan(1e-13);
      expect(antiHermitian(c1, k)).toBeLessThan(1e-15);
    }
    expect(exactlyHermitian(back)).toBe(true);
  });

  it('use_ws_distance=.false.: every shift is zero, the same model as without the file', () => {
    const m = buildBuiltin('gapped-graphene') as TightBindingModel;
    const f = foldToWannier90(m, [2, 2, 1], { useWsDistance: false });
    const withF = readHr(f.hr, f.geometry, { dim: 2, wsvec: readWsvec(f.wsvec, 'f_wsvec.dat') });
    expect(withF.hoppings).toEqual(readHr(f.hr, f.geometry, { dim: 2 }).hoppings);
    expect((withF.meta!.wsvec as WsvecMeta).note).toMatch(/use_ws_distance=\.false\.: every shift is zero/);
  });

  it('writeHr output (ndegen 1) with an identity wsvec reads back unchanged', () => {
    const m = buildBuiltin('three-band') as TightBindingModel;
    const hr = writeHr(m);
    const hrLines = hr.split('\n').filter((l) => l.length > 60); // the matrix-element lines
    const ws = ['## identity use_ws_distance=.true.'];
    for (const l of hrLines) {
      const [a, b, c, mm, n] = l.trim().split(/\s+/);
      ws.push(`${a} ${b} ${c} ${mm} ${n}`, '1', '0 0 0');
    }
    const back = readHr(hr, hrGeometryOf(m), { dim: 2, wsvec: readWsvec(ws.join('\n'), 'id') });
    const plain = readHr(hr, hrGeometryOf(m), { dim: 2 });
    const [c0, c1] = [plain, back].map(compileModel);
    for (let i = 0; i < 5; i++) {
      const k = [8 * r() - 4, 8 * r() - 4];
      expect(maxAbsDiff(hamiltonian(c0, k), hamiltonian(c1, k))).toBeLessThan(1e-15);
    }
  });
});

describe('loadModelSync: seedname_wsvec.dat next to the model, or given, or refused', () => {
  const d = mkdtempSync(path.join(tmpdir(), 'orbitronics-wsvec-'));
  writeFileSync(path.join(d, 'chain_hr.dat'), HR);
  writeFileSync(path.join(d, 'chain_geometry.json'), fx('mdrs_chain_geometry.json'));
  writeFileSync(path.join(d, 'chain_wsvec.dat'), WS);
  writeFileSync(path.join(d, 'other_wsvec.dat'), WS);
  writeFileSync(path.join(d, 'plain_hr.dat'), HR);
  writeFileSync(path.join(d, 'plain_geometry.json'), fx('mdrs_chain_geometry.json'));
  writeFileSync(path.join(d, 'model.json'), JSON.stringify(buildBuiltin('haldane')));
  const hop = (m: ReturnType<typeof loadModelSync>) => (m as TightBindingModel).hoppings.some((h) => h.to === 0 && h.from === 1 && h.R[0] === 1);

  it('picks up seedname_wsvec.dat (meta.wsvec.auto), wsvec: false reads without it, a path is used as given', () => {
    const auto = loadModelSync(path.join(d, 'chain_hr.dat'));
    expect(auto.meta!.wsvec).toMatchObject({ applied: true, auto: true, source: path.join(d, 'chain_wsvec.dat') });
    expect(hop(auto)).toBe(false);
    const off = loadModelSync(path.join(d, 'chain_hr.dat'), { wsvec: false });
    expect(off.meta!.wsvec).toBeUndefined();
    expect(hop(off)).toBe(true);
    const given = loadModelSync(path.join(d, 'plain_hr.dat'), { wsvec: path.join(d, 'other_wsvec.dat') });
    expect(given.meta!.wsvec).toMatchObject({ applied: true, auto: false });
    expect(loadModelSync(path.join(d, 'plain_hr.dat')).meta!.wsvec).toBeUndefined(); // no plain_wsvec.dat
    // tb.dat: the same rule, errors coded TB_PARSE
    writeFileSync(path.join(d, 'tchain_tb.dat'), writeTb(off as TightBindingModel, { vacuum: 10 }));
    writeFileSync(path.join(d, 'tchain_wsvec.dat'), WS.replace('    2    0    0\n', '    3    0    0\n'));
    const e = err(() => loadModelSync(path.join(d, 'tchain_tb.dat')));
    expect(e.code).toBe('TB_PARSE');
    expect(e.where).toBe(`${path.join(d, 'tchain_wsvec.dat')}:2:1`);
  });

  it('a wsvec with a JSON or built-in model is ARGUMENT_INVALID; a missing file IO_ERROR', () => {
    expect(err(() => loadModelSync(path.join(d, 'model.json'), { wsvec: path.join(d, 'chain_wsvec.dat') })).code).toBe('ARGUMENT_INVALID');
    expect(err(() => loadModelSync('haldane', { wsvec: path.join(d, 'chain_wsvec.dat') })).code).toBe('ARGUMENT_INVALID');
    expect(loadModelSync('haldane', { wsvec: false }).name).toBe('haldane');
    expect(err(() => loadModelSync(path.join(d, 'chain_hr.dat'), { wsvec: path.join(d, 'nope_wsvec.dat') })).code).toBe('IO_ERROR');
  });
});
