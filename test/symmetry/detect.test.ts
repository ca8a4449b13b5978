/** Symmetry detection on the built-ins (docs/symmetry.md §2). */
import { describe, expect, it } from 'vitest';
import { buildBuiltin, validateModel, type TightBindingModel } from '../../src/model/index.js';
import { detectSymmetries, type SymmetryAnalysis } from '../../src/symmetry/detect.js';

const names = (a: SymmetryAnalysis) => a.group.map((g) => g.name);
const report = (a: SymmetryAnalysis, n: string) => a.reports.find((r) => r.name === n)!;

describe('detectSymmetries', () => {
  it('tilted Dirac cone (paper 001 Eq. 8, paper 000 Eq. 12): M_xT with U = σ_z; T, P, M_x broken', () => {
    for (const spec of ['tilted-dirac', 'tilted-dirac-000']) {
      const a = detectSymmetries(buildBuiltin(spec));
      expect(names(a)).toEqual(expect.arrayContaining(['E', 'MxT', 'Mz', 'C2yT']));
      expect(names(a)).toHaveLength(4);
      for (const n of ['T', 'P', 'PT', 'Mx', 'My', 'C2z']) expect(report(a, n).holds).toBe(false);
      const MxT = a.group.find((g) => g.name === 'MxT')!;
      // U = σ_z (up to phase) for both forms of the cone
      expect(Math.abs(MxT.U[0]!) + Math.abs(MxT.U[6]!)).toBeCloseTo(2, 12);
    }
    // untilted: the rotations come back (continuous in the k·p model; C₁₂ is the finest candidate), M_x only without the mass
    expect(names(detectSymmetries(buildBuiltin('tilted-dirac:vt=0')))).toEqual(expect.arrayContaining(['C3z', 'C4z', 'C12z', 'MxT', 'MyT']));
    expect(names(detectSymmetries(buildBuiltin('tilted-dirac:vt=0')))).not.toContain('Mx');
    expect(names(detectSymmetries(buildBuiltin('tilted-dirac:vt=0,m=0')))).toContain('Mx');
  });

  it('square-lattice regularisation keeps M_xT; the 3-band model too', () => {
    for (const spec of ['square-dirac', 'three-band']) {
      const a = detectSymmetries(buildBuiltin(spec));
      expect(names(a).sort()).toEqual(['C2yT', 'E', 'Mz', 'MxT'].sort());
    }
  });

  it('Haldane: C₃ and the mirror × T operations of paper 002; T, P, C₂ broken', () => {
    const a = detectSymmetries(buildBuiltin('haldane'));
    expect(names(a)).toEqual(expect.arrayContaining(['C3z', 'C3z^-1', 'MxT', 'M(60°)T', 'M(120°)T', 'Mz']));
    expect(names(a)).toHaveLength(12);
    for (const n of ['T', 'P', 'C2z', 'Mx', 'C6z']) expect(report(a, n).holds).toBe(false);
    expect(report(a, 'C4z').error).toMatch(/lattice/);
  });

  it('restored symmetries: t₂ = 0 gives T (and the full D₃h × T); Δ = 0 gives P, C₆ and PT', () => {
    const t = detectSymmetries(buildBuiltin('haldane:t2=0'));
    expect(names(t)).toEqual(expect.arrayContaining(['T', 'Mx', 'C3z', 'MxT']));
    expect(names(t)).not.toContain('P');
    const p = detectSymmetries(buildBuiltin('haldane:delta=0'));
    expect(names(p)).toEqual(expect.arrayContaining(['P', 'C6z', 'C2z', 'C3z', 'MxT', 'MyT']));
    expect(names(p)).not.toContain('T');
    expect(names(p)).not.toContain('PT');
    const gg = detectSymmetries(buildBuiltin('gapped-graphene'));
    expect(names(gg)).toContain('T');
  });

  it('bond-strained Haldane: C₃ is lost, M_xT survives', () => {
    const a = detectSymmetries(buildBuiltin('haldane:strain=0.2,phi=pi/3'));
    expect(names(a).sort()).toEqual(['C2yT', 'E', 'Mz', 'MxT'].sort());
    expect(report(a, 'C3z').holds).toBe(false);
  });

  it('broken T of the Haldane model is reported with a violation ∝ |t₂ sin φ|', () => {
    const v = (spec: string) => report(detectSymmetries(buildBuiltin(spec)), 'T');
    const a = v('haldane:t2=0.15,phi=pi/2');
    const b = v('haldane:t2=0.075,phi=pi/2');
    const c = v('haldane:t2=0.15,phi=pi/6');
    expect(a.holds).toBe(false);
    // H(−k) − H(k)* = 4 t₂ sin φ Σₙ sin(k·lₙ) σ_z: at most 4·(3√3/2)|t₂ sin φ| = 6√3 |t₂ sin φ|
    for (const [r, s] of [[a, 0.15], [b, 0.075], [c, 0.075]] as const) {
      expect(r.violation / s).toBeGreaterThan(1);
      expect(r.violation / s).toBeLessThanOrEqual(6 * Math.sqrt(3) + 1e-12);
    }
    expect(a.violation / b.violation).toBeCloseTo(2, 10);
    expect(a.violation / c.violation).toBeCloseTo(2, 10);
    // and for the staggered potential, P is broken by 2Δ exactly at any k (H(−k) vs σ_x H σ_x differ by 2Δσ_z)
    expect(report(detectSymmetries(buildBuiltin('haldane:delta=0.2')), 'P').violation).toBeCloseTo(0.4, 12);
  });

  it('spinful Rashba gas: T = iσ_y K built from the spin matrices, M_z broken, continuous rotations', () => {
    const a = detectSymmetries(buildBuiltin('rashba'));
    const T = a.group.find((g) => g.name === 'T')!;
    expect(Array.from(T.U)).toEqual([0, 0, 1, 0, -1, 0, 0, 0]);
    expect(names(a)).toEqual(expect.arrayContaining(['Mx', 'My', 'C4z', 'C3z', 'C6z']));
    expect(names(a)).not.toContain('Mz');
    expect(names(a)).not.toContain('P');
  });

  it('user operations are checked and added; failing ones are reported, not thrown', () => {
    const a = detectSymmetries(buildBuiltin('tilted-dirac'), {
      extra: [
        { name: 'mine: MxT', R: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]], U: [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]], antiunitary: true },
        { name: 'wrong', R: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]] },
      ],
    });
    expect(report(a, 'mine: MxT').holds).toBe(true);
    expect(report(a, 'wrong').holds).toBe(false);
    expect(a.notes.join()).toMatch(/wrong/);
  });

  it('spinful square-lattice Rashba tight-binding model: T = iσ_yK, C₄ᵥ with spin rotations, M_z and P broken', () => {
    // H = −2t(cos k_x + cos k_y) + λ(sin k_x σ_y − sin k_y σ_x), orbitals (↑, ↓) at the origin
    const t = 1, l = 0.3;
    const m: TightBindingModel = {
      format: 'orbitronics-model/1', kind: 'tight-binding', name: 'rashba-tb', dim: 2,
      lattice: [[1, 0], [0, 1]], orbitals: [[0, 0], [0, 0]], onsite: [0, 0],
      hoppings: [
        // T(+x) = −t 𝟙 − (iλ/2) σ_y ; T(+y) = −t 𝟙 + (iλ/2) σ_x   (sin k = (e^{ik} − e^{−ik})/2i)
        { from: 0, to: 0, R: [1, 0], t: [-t, 0] }, { from: 1, to: 1, R: [1, 0], t: [-t, 0] },
        { from: 1, to: 0, R: [1, 0], t: [-l / 2, 0] }, { from: 0, to: 1, R: [1, 0], t: [l / 2, 0] },
        { from: 0, to: 0, R: [0, 1], t: [-t, 0] }, { from: 1, to: 1, R: [0, 1], t: [-t, 0] },
        { from: 1, to: 0, R: [0, 1], t: [0, l / 2] }, { from: 0, to: 1, R: [0, 1], t: [0, l / 2] },
      ],
      spin: [[[[0, 0], [1, 0]], [[1, 0], [0, 0]]], [[[0, 0], [0, -1]], [[0, 1], [0, 0]]], [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]]],
    };
    const a = detectSymmetries(validateModel(m));
    expect(names(a)).toEqual(expect.arrayContaining(['T', 'Mx', 'My', 'C4z', 'C2z', 'M(45°)']));
    for (const n of ['Mz', 'P', 'PT', 'C2x']) expect(report(a, n).holds).toBe(false);
    const T = a.group.find((g) => g.name === 'T')!;
    expect(Array.from(T.U)).toEqual([0, 0, 1, 0, -1, 0, 0, 0]);
    expect(names(a)).toHaveLength(16); // C₄ᵥ × {E, T}
  });
});
