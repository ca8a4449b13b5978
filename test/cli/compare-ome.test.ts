import { describe, expect, it } from 'vitest';
import { ribbonForField, ribbonK } from '../../src/cli/commands/compare-ome.js';
import { loadModelArg, type LoadedModel } from '../../src/cli/lib.js';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { KGeometry } from '../../src/physics/covariant.js';
import { omeIntrinsic } from '../../src/physics/responses.js';
import { latticeIntegrate } from '../physics/covariant-helpers.js';

/** The same model rotated by +90° about z (lattice rows rotated; reduced data unchanged). */
function rotated(l: LoadedModel): LoadedModel {
  const m = structuredClone(l.model) as TightBindingModel;
  m.lattice = m.lattice.map(([x, y]) => [-y!, x!]);
  return { model: m, compiled: compileModel(m), spec: 'rotated' };
}

describe('compare-ome ribbon geometry (field across the ribbon)', () => {
  it('orientation: E ∥ y on a₁ ∥ x (sign +), E ∥ x on the hexagonal lattice via a unimodular supercell along (0, √3)', async () => {
    const sq = await loadModelArg('square-dirac', '.');
    expect(ribbonForField(sq.compiled, 1)).toEqual({ along: 0, sign: 1, vector: [1, 0] });
    expect(ribbonForField(sq.compiled, 0)).toEqual({ along: 1, sign: -1, vector: [0, 1] });
    const hx = await loadModelArg('haldane', '.');
    const g = ribbonForField(hx.compiled, 0);
    expect(g.vector).toEqual([1, -2]); // a₁ − 2a₂ = (0, −√3)
    expect(Math.abs(g.supercell![0]![0]! * g.supercell![1]![1]! - g.supercell![0]![1]! * g.supercell![1]![0]!)).toBe(1);
  });

  it('K from the ribbon matches the bulk intrinsic OME for E ∥ y and, on the rotated model, E ∥ x (K_zx(rot) = −K_zy)', async () => {
    const sq = await loadModelArg('square-dirac', '.');
    const rot = rotated(sq);
    const [ky] = ribbonK(sq, 1, [0], 16, 64);
    const [kx] = ribbonK(rot, 0, [0], 16, 64);
    expect(Math.abs(ky!)).toBeGreaterThan(1e-2);
    expect(kx).toBeCloseTo(-ky!, 10);
    const bulk = (l: LoadedModel, E: 0 | 1) => latticeIntegrate(l.compiled, 90, 0, 0, (b) => [{ sea: omeIntrinsic(new KGeometry(b), E).total, surface: null }])[0]!;
    // same sign and size (ribbon W ≤ 16 cells and a 90² bulk grid agree to a few per cent; 0.3 % at W = 24, 120²)
    expect(Math.abs(bulk(sq, 1) / ky! - 1)).toBeLessThan(0.05);
    expect(Math.abs(bulk(rot, 0) / kx! - 1)).toBeLessThan(0.05);
  });

  it('compare-ome: ribbon vs bulk ome with its parts', async () => {
    const { run } = await import('../../src/cli/main.js');
    const r = await run(['compare-ome', '--model', 'square-dirac', '--E', 'y', '--mu', '0', '--width', '16', '--nk', '64', '--grid', '80x80', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.unit).toBe('Å');
    expect(d.ribbon.values).toHaveLength(1);
    expect(Object.keys(d.bulk.parts)).toEqual(expect.arrayContaining(['d', 'ic', 'lc']));
    // small sizes: same sign and size; the parts add up to the total
    expect(Math.abs(d.ratios.total[0] - 1)).toBeLessThan(0.05);
    expect(d.bulk.parts.d[0][0] + d.bulk.parts.ic[0][0] + d.bulk.parts.lc[0][0]).toBeCloseTo(d.bulk.values[0][0], 10);
  });
});
