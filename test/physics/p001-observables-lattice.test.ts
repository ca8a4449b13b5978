/**
 * Continuum vs lattice: the built-in `square-dirac` model (a = 1 Å, Wilson mass w) reduces near Γ to
 * the `tilted-dirac` k·p model with the same α, v_t, m. (1) At small k the per-k coefficients built from
 * ∂H agree to O(w|k|/α) (the Wilson-mass gradient); those with the Hessian (K's IC part, τ_Ξ) also differ
 * ∝ |k| but with a ~25× larger coefficient (1.2e-5 and 3e-4 at |k| ≈ 2e-5 Å⁻¹; 1.2e-3 and 2.3e-2 at 2e-3); (2) integrated over the BZ
 * (`compute`, Monkhorst–Pack grid) versus over the plane (`compute`, polar grid), the dipole and the
 * OME in the gap approach the continuum values as m → 0: the lattice adds an O(1) contribution from
 * the rest of the BZ to the Dirac-point O(1/m) value, so the relative difference is ∝ m (halves when
 * m halves). Two MP grids agree, so the difference is the model's, not the quadrature's.
 */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { dipole, omeExtrinsic, omeIntrinsic, torqueEq1, torqueXiByParts } from '../../src/physics/responses.js';

const ALPHA = 1, VT = 0.05;

describe('square-dirac (lattice) vs tilted-dirac (continuum) with matched α, v_t, m', () => {
  it('per k at small k (|k| ≈ 2e-5 Å⁻¹): dipole, L_d, extrinsic, Eq. 1 torque agree to 1e-4; Hessian terms (K, τ_Ξ) to 1e-3', () => {
    const m = 0.1;
    const lat = compileModel(buildBuiltin('square-dirac', { alpha: ALPHA, m, vt: VT, w: 1 }));
    const con = compileModel(buildBuiltin('tilted-dirac', { alpha: ALPHA, m, vt: VT }));
    const be = createTsBackend();
    const ks = [[1e-5, 2e-5], [-1.5e-5, 0.5e-5], [0.7e-5, -1.9e-5]];
    const worst = [0, 0];
    for (const [kx, ky] of ks) {
      const k = new Float64Array([kx!, ky!, 0]);
      const needs = { velocity: true, hessian: true };
      const gl = new KGeometry(kpointFromBatch(be.evaluate(lat, { nk: 1, k }, needs), 0));
      const gc = new KGeometry(kpointFromBatch(be.evaluate(con, { nk: 1, k }, needs), 0));
      for (const beta of [0, 1]) {
        // first derivatives of H only
        const f1 = (g: KGeometry) => [...dipole(g, beta).sea, ...omeIntrinsic(g, beta).parts.d, ...omeExtrinsic(g, beta, { tau: 1e-14 }).surface!, ...torqueEq1(g, beta).sea];
        // with the Hessian w^{ab} (the Wilson mass adds w σ_z to it): also ∝ |k|, larger coefficient
        const f2 = (g: KGeometry) => [...omeIntrinsic(g, beta).total, ...torqueXiByParts(g, beta).sea];
        for (const [f, slot] of [[f1, 0], [f2, 1]] as const) {
          const a = f(gl), b = f(gc);
          const scale = Math.max(...b.map(Math.abs));
          a.forEach((x, i) => (worst[slot] = Math.max(worst[slot]!, Math.abs(x - b[i]!) / scale)));
        }
      }
    }
    console.log(`[p001 lattice] per-k max rel diff at |k| ≈ 2e-5: first-derivative coefficients ${worst[0]!.toExponential(2)}, Hessian ones (K, τ_Ξ) ${worst[1]!.toExponential(2)}`);
    expect(worst[0]!).toBeLessThan(1e-4);
    expect(worst[1]!).toBeLessThan(1e-3);
  });

  it('BZ vs plane integral in the gap: relative difference ∝ m (m = 0.1, 0.05 eV), MP grids converged', async () => {
    const rel: Record<string, number[]> = { dipole: [], ome: [] };
    let gridConv = 0;
    for (const [m, grids] of [[0.1, [200, 240]], [0.05, [360]]] as const) {
      const con = compileModel(buildBuiltin('tilted-dirac', { alpha: ALPHA, m, vt: VT }));
      const rc = await compute({ model: con, observables: ['dipole', 'ome'], mu: [0], T: 0, backend: 'ts', threads: 1, params: { E: 1 } });
      const vals: number[][] = [];
      for (const N of grids) {
        const lat = compileModel(buildBuiltin('square-dirac', { alpha: ALPHA, m, vt: VT, w: 1 }));
        const rl = await compute({ model: lat, observables: ['dipole', 'ome'], grid: [N, N], mu: [0], T: 0, backend: 'wasm-simd', threads: 1, params: { E: 1 } });
        vals.push([rl.get('dipole').at(0, 1), rl.get('ome').at(0)]);
      }
      if (vals.length > 1) gridConv = Math.max(Math.abs(vals[0]![0]! / vals[1]![0]! - 1), Math.abs(vals[0]![1]! / vals[1]![1]! - 1));
      rel.dipole!.push(vals.at(-1)![0]! / rc.get('dipole').at(0, 1) - 1);
      rel.ome!.push(vals.at(-1)![1]! / rc.get('ome').at(0) - 1);
    }
    console.log(`[p001 lattice] lattice/continuum − 1 at m = 0.1, 0.05 eV: dipole ${rel.dipole!.map((x) => x.toFixed(5)).join(', ')}; ome ${rel.ome!.map((x) => x.toFixed(5)).join(', ')}; MP 200² vs 240²: ${gridConv.toExponential(1)}`);
    expect(gridConv).toBeLessThan(1e-6);
    for (const r of Object.values(rel)) {
      const q = r[0]! / r[1]!;
      expect(q).toBeGreaterThan(1.6);
      expect(q).toBeLessThan(2.1);
      expect(Math.abs(r[1]!)).toBeLessThan(0.12);
    }
  });
});
