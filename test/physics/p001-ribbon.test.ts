/**
 * The bulk intrinsic OME and dipole (per-k coefficients integrated on a uniform grid) against the
 * exact ribbon oracle (src/ribbon: finite-width ribbons, exact static linear response, bulk = slope
 * vs width) on insulating lattice models, E across the ribbon (∥ ŷ).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { KGeometry } from '../../src/physics/covariant.js';
import { dipole, fTensor004, lambda003Parts, omeIntrinsic } from '../../src/physics/responses.js';
import { ribbonOracle } from '../../src/ribbon/index.js';
import { latticeIntegrate, squareDirac } from './covariant-helpers.js';

const sea = (x: ArrayLike<number>) => ({ sea: x, surface: null });

describe('bulk OME and dipole vs the exact ribbon oracle (insulators, E ∥ ŷ)', () => {
  const cases: Array<[string, TightBindingModel, number]> = [
    ['square tilted Dirac (2 bands)', squareDirac(0.3, 1, 0.4, 0.5), 1],
    ['square tilted Dirac + 3rd orbital (3 bands, 1 filled)', squareDirac(0.3, 1, 0.4, 0.5, { e3: 2.5, g: 0.4 }), 1],
    ['3 bands, 2 filled', squareDirac(0.3, 1, 0.4, 0.5, { e3: -2.5, g: 0.4 }), 2],
  ];
  for (const [name, tb, nfilled] of cases) {
    it(name, () => {
      const model = compileModel(tb);
      let top = -Infinity, bottom = Infinity;
      latticeIntegrate(model, 60, 0, 0, (b) => {
        top = Math.max(top, b.energies[nfilled - 1]!);
        bottom = Math.min(bottom, b.energies[nfilled]!);
        return [];
      });
      expect(bottom - top).toBeGreaterThan(0.1);
      const mu = 0.5 * (top + bottom);
      const bulk = (n: number) =>
        latticeIntegrate(model, n, mu, 0, (b) => {
          const g = new KGeometry(b);
          const o = omeIntrinsic(g, 1);
          return [
            sea(o.total), // 0
            sea(o.paperReading), // 1
            sea(lambda003Parts(g, 1).lambda.map((x) => -2 * x)), // 2
            sea(fTensor004(g, 1, { physical: true }).sea), // 3
            sea(o.parts.d), // 4
            sea(o.parts.ic), // 5
            sea(o.parts.lc3), // 6
            sea(dipole(g, 1).sea.filter((_, i) => i % 2 === 1)), // 7: d^y
            sea(fTensor004(g, 1, { physical: true, reading: 'hermitian' }).sea), // 8
          ];
        });
      const q = bulk(100), q2 = bulk(80);
      const conv = Math.abs(q[0]! - q2[0]!) / Math.abs(q[0]!);
      const nk = tb.orbitals.length === 2 ? 64 : 36;
      const rib = ribbonOracle(tb, { along: 0, widths: [12, 16, 20], nk, mu, T: 0, observable: 'ome' });
      const ribD = ribbonOracle(tb, { along: 0, widths: [12, 16, 20], nk, mu, T: 0, observable: 'dipole' });
      const r = {
        'K/ribbon': q[0]! / rib.slope,
        '(d+IC+LC3)/ribbon (001 reading, sign-flipped)': -q[1]! / rib.slope,
        'K003/ribbon': q[2]! / rib.slope,
        'K004/ribbon': q[3]! / rib.slope,
        'K004(hermitian reading)/ribbon': q[8]! / rib.slope,
        'd^y/ribbon dipole': q[7]! / ribD.slope,
        '(IC+LC3)/L_d': (q[5]! + q[6]!) / q[4]!,
      };
      console.log(
        `[ribbon] ${name} (μ=${mu.toFixed(3)}, gap ${(bottom - top).toFixed(3)}): ` +
          Object.entries(r).map(([k, v]) => `${k} ${v.toPrecision(8)}`).join(', ') +
          `; ribbon slopes ${rib.successiveSlopes.map((x) => x.toExponential(6)).join(', ')}; bulk K grid 80² vs 100² ${conv.toExponential(1)}`,
      );
      const tol = 1e-4; // finite-width / N_k convergence of the ribbon slopes
      expect(Math.abs(r['K/ribbon'] - 1)).toBeLessThan(tol);
      expect(Math.abs(r['K003/ribbon'] - 1)).toBeLessThan(tol);
      expect(Math.abs(r['d^y/ribbon dipole'] - 1)).toBeLessThan(tol);
      expect(Math.abs(r['K004(hermitian reading)/ribbon'] + 1)).toBeLessThan(tol);
      if (tb.orbitals.length === 2) {
        expect(Math.abs(r['(d+IC+LC3)/ribbon (001 reading, sign-flipped)'] - 0.5)).toBeLessThan(tol);
        expect(Math.abs(r['K004/ribbon'] + 1)).toBeLessThan(tol);
      } else {
        // N ≥ 3: IC + LC3 do not integrate to zero and 004 (literal) is not −1× exact
        expect(Math.abs(r['(d+IC+LC3)/ribbon (001 reading, sign-flipped)'] - 0.5)).toBeGreaterThan(0.02);
        expect(Math.abs(r['K004/ribbon'] + 1)).toBeGreaterThan(0.02);
      }
    });
  }
});
