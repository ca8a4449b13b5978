/** k-space samplings: Monkhorst–Pack weights and points, polar grids (quadrature, Fermi-crossing splits, tail map), k-paths. */
import { describe, expect, it } from 'vitest';
import { evaluateTs } from '../../src/backend/ts/index.js';
import { compileModel } from '../../src/model/compile.js';
import { fromSpec, gaussLegendre, highSymmetryPoints, kPath, monkhorstPack, polarGrid } from '../../src/kspace/index.js';
import { massiveDirac, pythtbHaldane, randomTightBinding } from '../helpers/models.js';

const energiesOf = (model: ReturnType<typeof compileModel>) => (k: Float64Array, nk: number) => evaluateTs(model, { nk, k }, {}).energies.slice();

describe('Gauss–Legendre', () => {
  it('integrates polynomials of degree 2n−1 exactly', () => {
    for (const n of [1, 2, 5, 16, 24]) {
      const { x, w } = gaussLegendre(n);
      for (let p = 0; p <= 2 * n - 1; p++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i]! * x[i]! ** p;
        expect(s).toBeCloseTo(p % 2 ? 0 : 2 / (p + 1), 13);
      }
    }
  });
});

describe('Monkhorst–Pack', () => {
  it('Γ-centred points, weights summing to 1/V_cell, batches covering the grid', () => {
    for (const dim of [1, 2, 3] as const) {
      const m = compileModel(randomTightBinding(2, dim, 3));
      const n = [5, 4, 3].slice(0, dim);
      const g = monkhorstPack(m, n);
      expect(g.size).toBe(n.reduce((a, b) => a * b, 1));
      let wsum = 0;
      const seen = new Set<string>();
      for (let s = 0; s < g.size; s += 7) {
        const b = g.batch(s, 7);
        for (let i = 0; i < b.nk; i++) {
          wsum += b.w[i]!;
          // reduced coordinates j/N
          const red = [0, 1, 2].slice(0, dim).map((a) => {
            let x = 0;
            for (let c = 0; c < 3; c++) x += (b.k[3 * i + c]! * m.lattice[3 * a + c]!) / (2 * Math.PI);
            return Math.round(x * n[a]!);
          });
          seen.add(red.join(','));
        }
      }
      expect(seen.size).toBe(g.size);
      expect(seen.has([0, 0, 0].slice(0, dim).join(','))).toBe(true);
      expect(wsum * m.cellMeasure).toBeCloseTo(1, 13);
      // rebuilt from its plain-data spec (as in a worker)
      const g2 = fromSpec(JSON.parse(JSON.stringify(g.spec)));
      expect(Array.from(g2.batch(3, 5).k)).toEqual(Array.from(g.batch(3, 5).k));
    }
  });
});

describe('polar grids for k·p models', () => {
  it('integrate e^{−k²} over the plane and the disc, in 1D/2D/3D', () => {
    const f = (k: Float64Array, i: number) => Math.exp(-(k[3 * i]! ** 2 + k[3 * i + 1]! ** 2 + k[3 * i + 2]! ** 2));
    const exact: Record<number, number> = { 1: Math.sqrt(Math.PI) / (2 * Math.PI), 2: Math.PI / (4 * Math.PI ** 2), 3: Math.PI ** 1.5 / (8 * Math.PI ** 3) };
    for (const dim of [1, 2, 3] as const) {
      const m = compileModel({ ...massiveDirac(), dim, terms: [{ k: [1, 0, 0].slice(0, dim), matrix: 'sx', coef: 1 }, { k: [0, 0, 0].slice(0, dim), matrix: 'sz', coef: 0.5 }] });
      const g = polarGrid(m, energiesOf(m), { grid: [24, 40], mu: [] });
      const b = g.batch(0, g.size);
      let s = 0;
      for (let i = 0; i < b.nk; i++) s += b.w[i]! * f(b.k, i);
      expect(Math.abs(s / exact[dim]! - 1)).toBeLessThan(1e-9);
      // finite cutoff: measure of the disc πΛ²/(2π)²
      if (dim === 2) {
        const mc = compileModel({ ...massiveDirac(), cutoff: 0.8 });
        const gc = polarGrid(mc, energiesOf(mc), { grid: [8, 4], mu: [0.9] });
        const bc = gc.batch(0, gc.size);
        const area = bc.w.reduce((a, x) => a + x, 0);
        expect(area).toBeCloseTo((Math.PI * 0.64) / (4 * Math.PI ** 2), 14);
      }
    }
  });

  it('splits every ray at the Fermi crossings εₙ(k) = μ', () => {
    const v = 1.5, mm = 0.3;
    const m = compileModel(massiveDirac(v, mm));
    const mu = [-0.7, 0.5, 0.1];
    const g = polarGrid(m, energiesOf(m), { grid: [8, 4], mu });
    const spec = g.spec as Extract<typeof g.spec, { type: 'polar' }>;
    const ray0 = spec.bp.slice(spec.bpOff[0], spec.bpOff[1]);
    for (const x of [0.7, 0.5]) {
      const kF = Math.sqrt(x * x - mm * mm) / v;
      expect(Math.min(...ray0.map((r) => Math.abs(r - kF)))).toBeLessThan(1e-14);
    }
    expect(ray0[0]).toBe(0);
    expect(spec.tail).not.toBeNull();
  });
});

describe('k-paths', () => {
  it('hexagonal labels (K = (2/3, 1/3) for PythTB’s Haldane lattice) and point counts', () => {
    const m = compileModel(pythtbHaldane());
    expect(highSymmetryPoints(m).K).toEqual([2 / 3, 1 / 3]);
    const p = kPath(m, 'G-K-M-G', 100);
    expect(p.sampling.size).toBe(100);
    expect(p.ticks.map((t) => t.label)).toEqual(['G', 'K', 'M', 'G']);
    const K = p.ticks[1]!.index;
    expect(Math.hypot(p.k[3 * K]!, p.k[3 * K + 1]!)).toBeCloseTo((4 * Math.PI) / 3, 12);
    // at K the lower band has Ω_z < 0 (DESIGN §4 calibration)
    const bb = evaluateTs(m, { nk: 1, k: p.k.slice(3 * K, 3 * K + 3) }, { geometry: true });
    expect(bb.berryCurvature![0]!).toBeLessThan(0);
    expect(p.distance[99]).toBeCloseTo(4 * Math.PI / 3 + 2 * Math.PI / 3 + 2 * Math.PI / Math.sqrt(3), 10);
  });

  it('square labels, explicit points, and errors', () => {
    const m = compileModel({ ...randomTightBinding(2, 2, 1), lattice: [[1, 0], [0, 1]] });
    expect(highSymmetryPoints(m).M).toEqual([0.5, 0.5]);
    const p = kPath(m, ['G', [0.25, 0.25], 'X'], 11);
    expect(p.sampling.size).toBe(11);
    expect(() => kPath(m, 'G-Q', 10)).toThrow(expect.objectContaining({ code: 'PATH_INVALID' }));
    expect(() => kPath(m, 'G', 10)).toThrow(expect.objectContaining({ code: 'PATH_INVALID' }));
  });
});
