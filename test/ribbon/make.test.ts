import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { makeRibbon, makeSupercell, ribbonBands, ribbonMeta } from '../../src/ribbon/index.js';
import { pythtbHaldane, randomTightBinding } from '../helpers/models.js';

const be = createTsBackend();

/** Bulk eigenvalues of a 2D model at reduced coordinates (s1, s2). */
function bulkAt(model: TightBindingModel, s1: number, s2: number): number[] {
  const cm = compileModel(model);
  const b = cm.reciprocal;
  const k = new Float64Array([s1 * b[0]! + s2 * b[3]!, s1 * b[1]! + s2 * b[4]!, 0]);
  return Array.from(be.evaluate(cm, { nk: 1, k }, {}).energies);
}

function ribbonAt(ribbon: TightBindingModel, k: number): number[] {
  const cm = compileModel(ribbon);
  return Array.from(be.evaluate(cm, { nk: 1, k: new Float64Array([k, 0, 0]) }, {}).energies);
}

const sortNum = (a: number[]) => [...a].sort((x, y) => x - y);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

describe('makeRibbon: construction', () => {
  it('is a 1D model along the rotated a_along with transverse positions, cells and orbitals in meta', () => {
    const m = randomTightBinding(3, 2, 7);
    const r = makeRibbon(m, { along: 1, width: 5 });
    expect(r.dim).toBe(1);
    expect(r.orbitals.length).toBe(15);
    const meta = ribbonMeta(r);
    expect(meta.width).toBe(5);
    expect(r.lattice[0]![0]).toBeCloseTo(Math.hypot(m.lattice[1]![0]!, m.lattice[1]![1]!), 14);
    expect(meta.cellOf).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(meta.orbitalOf.slice(0, 4)).toEqual([0, 1, 2, 0]);
    // centred, and successive cells shifted by cellWidth
    expect(Math.max(...meta.transverse) + Math.min(...meta.transverse)).toBeCloseTo(0, 12);
    for (let i = 0; i < 12; i++) expect(meta.transverse[i + 3]! - meta.transverse[i]!).toBeCloseTo(meta.cellWidth, 12);
    expect(Math.abs(meta.cellWidth) * meta.length).toBeCloseTo(meta.cellArea, 12);
    // compiles and the phases are Hermitian
    const cm = compileModel(r);
    const out = be.evaluate(cm, { nk: 1, k: new Float64Array([0.37, 0, 0]) }, { eigenvectors: true });
    expect(out.energies.every(Number.isFinite)).toBe(true);
  });

  it('closed (cylinder) ribbons have exactly the bulk spectrum at k_⊥ = 2πj/W (Haldane and a random model, both directions)', () => {
    const models = [pythtbHaldane(0.3, -1, 0.15, 1.1), randomTightBinding(3, 2, 11)];
    for (const m of models)
      for (const along of [0, 1] as const) {
        const W = 4;
        const r = makeRibbon(m, { along, width: W, closed: true });
        const a = ribbonMeta(r).length;
        for (const s of [0.13, 0.61]) {
          const k = (2 * Math.PI * s) / a;
          const expected: number[] = [];
          for (let j = 0; j < W; j++) expected.push(...(along === 0 ? bulkAt(m, s, j / W) : bulkAt(m, j / W, s)));
          expect(maxDiff(ribbonAt(r, k), sortNum(expected))).toBeLessThan(1e-10);
        }
      }
  });

  it('supercells fold the bulk bands (armchair honeycomb supercell [[1,1],[-1,1]]) and cylinders of them too', () => {
    const m = pythtbHaldane(0.3, -1, 0.15, 1.1);
    const M = [[1, 1], [-1, 1]];
    const sc = makeSupercell(m, M);
    expect(sc.orbitals.length).toBe(4);
    // supercell eigenvalues at reduced K' = original at the two folded points
    const cm = compileModel(m), cs = compileModel(sc);
    const Kc = [0.31, -0.47];
    const at = (c: ReturnType<typeof compileModel>, K: number[]) => Array.from(be.evaluate(c, { nk: 1, k: new Float64Array([K[0]!, K[1]!, 0]) }, {}).energies);
    const bs = cs.reciprocal;
    const exp = sortNum([...at(cm, Kc), ...at(cm, [Kc[0]! + bs[0]!, Kc[1]! + bs[1]!])]);
    expect(maxDiff(at(cs, Kc), exp)).toBeLessThan(1e-10);
    // armchair cylinder ≡ bulk of the supercell model
    const W = 3;
    const r = makeRibbon(m, { along: 0, width: W, supercell: M, closed: true });
    const a = ribbonMeta(r).length;
    expect(a).toBeCloseTo(Math.sqrt(3), 12);
    const expected: number[] = [];
    for (let j = 0; j < W; j++) expected.push(...bulkAt(sc, 0.27, j / W));
    expect(maxDiff(ribbonAt(r, (2 * Math.PI * 0.27) / a), sortNum(expected))).toBeLessThan(1e-10);
  });

  it('open ribbons reproduce the projected bulk bands as W grows', () => {
    const m = randomTightBinding(2, 2, 3);
    const s = 0.23;
    const samples: number[] = [];
    for (let j = 0; j < 200; j++) samples.push(...bulkAt(m, s, j / 200));
    const coverage = (W: number) => {
      const r = makeRibbon(m, { along: 0, width: W });
      const ev = ribbonAt(r, (2 * Math.PI * s) / ribbonMeta(r).length);
      // every bulk energy on the projected line is close to a ribbon level
      return Math.max(...samples.map((E) => Math.min(...ev.map((x) => Math.abs(x - E)))));
    };
    const c8 = coverage(8), c32 = coverage(32);
    expect(c32).toBeLessThan(c8 / 3);
    expect(c32).toBeLessThan(0.05);
  });
});

describe('ribbonBands: edge states', () => {
  it('Chern-phase Haldane (C = −1): the in-gap states sit at ⟨y⟩ ≈ ±w/2 and counter-propagate', () => {
    const m = pythtbHaldane(0.2, -1, 0.15, Math.PI / 2);
    const r = makeRibbon(m, { along: 0, width: 20 });
    const meta = ribbonMeta(r);
    const half = meta.physicalWidth / 2;
    const bands = ribbonBands(r, { nk: 40 });
    let found = 0;
    const ys: number[] = [];
    bands.energies.forEach((E, ik) =>
      E.forEach((e, n) => {
        if (Math.abs(e) < 0.3) {
          found++;
          ys.push(bands.y[ik]![n]!);
          expect(Math.abs(bands.y[ik]![n]!)).toBeGreaterThan(0.75 * half);
        }
      }),
    );
    expect(found).toBeGreaterThan(4);
    expect(ys.some((y) => y > 0) && ys.some((y) => y < 0)).toBe(true);
    // group velocity from neighbouring k: edge states on opposite edges move in opposite directions
    const slopeAt = (sign: number) => {
      for (let ik = 0; ik + 1 < bands.k.length; ik++)
        for (let n = 0; n < bands.energies[ik]!.length; n++) {
          const e = bands.energies[ik]![n]!;
          if (Math.abs(e) < 0.1 && Math.sign(bands.y[ik]![n]!) === sign) return (bands.energies[ik + 1]![n]! - e) / (bands.k[ik + 1]! - bands.k[ik]!);
        }
      return NaN;
    };
    expect(slopeAt(1) * slopeAt(-1)).toBeLessThan(0);
    // trivial insulator: no states deep in the gap
    const tr = ribbonBands(makeRibbon(pythtbHaldane(1.5, -1, 0.1, Math.PI / 3), { along: 0, width: 12 }), { nk: 40 });
    expect(tr.energies.flat().filter((e) => Math.abs(e + 0.15) < 0.3).length).toBe(0);
  });
});
