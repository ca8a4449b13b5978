/** SymmetryOp conventions and checkModel (docs/symmetry.md §1). */
import { describe, expect, it } from 'vitest';
import { buildBuiltin, compileModel } from '../../src/model/index.js';
import { checkModel, hamiltonianAt, randomK } from '../../src/symmetry/check.js';
import { detectSymmetries } from '../../src/symmetry/detect.js';
import { apply3, csandwich, cmaxAbsDiff } from '../../src/symmetry/linalg.js';
import { fromLattice, kMap, mirrorR, opName, pointName, rotationR, symmetryOp, toLattice } from '../../src/symmetry/ops.js';

const sz = [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]] as Array<Array<[number, number]>>;

describe('SymmetryOp', () => {
  it('names: rotations, mirrors, improper ops, × T', () => {
    expect(pointName(rotationR(3))).toBe('C3z');
    expect(pointName(rotationR(3, -1))).toBe('C3z^-1');
    expect(pointName(rotationR(6, 1))).toBe('C6z');
    expect(pointName(rotationR(12, 5))).toBe('C12z^5');
    expect(pointName(mirrorR([1, 0, 0]))).toBe('Mx');
    expect(pointName(mirrorR([0, 0, 1]))).toBe('Mz');
    expect(pointName(mirrorR([Math.cos(Math.PI / 3), Math.sin(Math.PI / 3), 0]))).toBe('M(60°)');
    expect(pointName([-1, 0, 0, 0, -1, 0, 0, 0, -1])).toBe('P');
    expect(pointName(rotationR(2, 1, [1, 0, 0]))).toBe('C2x');
    expect(opName([1, 0, 0, 0, 1, 0, 0, 0, 1], true)).toBe('T');
    expect(opName([-1, 0, 0, 0, -1, 0, 0, 0, -1], true)).toBe('PT');
    expect(opName(mirrorR([1, 0, 0]), true)).toBe('MxT');
  });

  it('lattice coordinates ↔ Cartesian: C3 of the triangular lattice is (a₁, a₂) → (a₂ − a₁, −a₁)', () => {
    const m = compileModel(buildBuiltin('haldane'));
    const R = fromLattice(m, [[-1, -1], [1, 0]]);
    expect(pointName(R)).toMatch(/^C3z/);
    const M = toLattice(m, R);
    expect(M.slice(0, 2).map(Math.round)).toEqual([-1, -1]);
    expect(() => symmetryOp(m, { R: [[1, 1, 0], [0, 1, 0], [0, 0, 1]] })).toThrow(/orthogonal/);
  });

  it('antiunitary convention: H(−Rk) = U H(k)* U† holds for M_xT of the tilted Dirac cone with U = σ_z, and the unitary reading does not', () => {
    const m = compileModel(buildBuiltin('tilted-dirac'));
    const MxT = symmetryOp(m, { name: 'MxT', R: mirrorR([1, 0, 0]), U: sz, antiunitary: true });
    const rep = checkModel(m, [MxT])[0]!;
    expect(rep.holds).toBe(true);
    expect(rep.relative).toBeLessThan(1e-14);
    // same U, but the wrong k-map (R instead of −R): violated, reported, no throw
    const wrong = checkModel(m, [{ ...MxT, name: 'Mx·K with k→Rk', antiunitary: false }])[0]!;
    expect(wrong.holds).toBe(false);
    expect(wrong.violation).toBeGreaterThan(1e-3);
    // U = 1 is not the representation
    expect(checkModel(m, [symmetryOp(m, { R: mirrorR([1, 0, 0]), antiunitary: true })])[0]!.holds).toBe(false);
    // malformed U: a report with an error, never a throw
    const bad = checkModel(m, [{ ...MxT, U: new Float64Array(2) }])[0]!;
    expect(bad).toMatchObject({ holds: false, violation: Infinity });
    expect(bad.error).toMatch(/2×2/);
  });

  it('convention I: operations that move orbitals into other cells need no k-dependent phases in U', () => {
    // Haldane C3 about the hexagon centre sends A(⅓,⅓) to A − a₁ and B to B − 2a₁; U is the identity
    const m = compileModel(buildBuiltin('haldane'));
    const a = detectSymmetries(m);
    const c3 = a.group.find((g) => g.name === 'C3z')!;
    expect(c3.shift!.some((L) => L.some((x) => x !== 0))).toBe(true);
    expect(Array.from(c3.U)).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    for (const k of randomK(m, 5, 3)) {
      const lhs = hamiltonianAt(m, apply3(kMap(c3), k));
      expect(cmaxAbsDiff(lhs, csandwich(2, c3.U, hamiltonianAt(m, k)))).toBeLessThan(1e-13);
    }
    // kagome: C3 about the up-triangle centre permutes A → B → C
    const kg = detectSymmetries(buildBuiltin('kagome'));
    const k3 = kg.group.find((g) => g.name === 'C3z')!;
    expect(k3.perm).toEqual([1, 2, 0]);
  });
});

describe('user operations: orbital map', () => {
  it('symmetryOp computes the orbital permutation and lattice shifts of a tight-binding model', () => {
    const m = compileModel(buildBuiltin('haldane'));
    const c3 = symmetryOp(m, { lattice: [[-1, -1], [1, 0]] }); // C₃ about the hexagon centre (origin)
    expect(c3.perm).toEqual([0, 1]);
    expect(c3.shift!.some((L) => L.some((x) => x !== 0))).toBe(true);
    expect(checkModel(m, [c3])[0]!.holds).toBe(true);
    // inversion about the bond centre ½(τ_A + τ_B) = (½, ½) reduced swaps A and B
    const t = [0, 1, 2].map((c) => m.positions[c]! + m.positions[3 + c]!);
    const P = symmetryOp(m, { R: [[-1, 0, 0], [0, -1, 0], [0, 0, -1]], t, U: [[0, 1], [1, 0]] });
    expect(P.perm).toEqual([1, 0]);
    // with Δ ≠ 0 inversion is broken by 2Δ
    expect(checkModel(m, [P])[0]!.violation).toBeCloseTo(0.4, 12);
    expect(checkModel(compileModel(buildBuiltin('haldane:delta=0')), [P])[0]!.holds).toBe(true);
    // a rotation that sends an orbital where none sits: no orbital map
    expect(symmetryOp(m, { R: rotationR(4) }).perm).toBeUndefined();
  });
});
