/** The batch adapter (src/physics/batch.ts) vs per-k calls, and a timing line. */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compileModel } from '../../src/model/compile.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { evaluateBatch } from '../../src/physics/batch.js';
import { lambda003, omeIntrinsic, torqueXi } from '../../src/physics/responses.js';
import { randomTightBinding, rng } from '../helpers/models.js';
import { tiltedDirac001 } from './covariant-helpers.js';

describe('evaluateBatch', () => {
  for (const [name, model] of [
    ['tilted Dirac', tiltedDirac001(4, 0.01, 0.8)],
    ['random 6-band', compileModel(randomTightBinding(6, 2, 2))],
  ] as const) {
    it(`${name}: same numbers as per-k calls, layout [k][band][component]`, () => {
      const r = rng(1);
      const nk = 2000;
      const sc = model.kind === 'kp' ? 0.01 : 3;
      const k = new Float64Array(3 * nk).map((_, i) => (i % 3 === 2 ? 0 : sc * (r() - 0.5)));
      const b = createTsBackend().evaluate(model, { nk, k }, { velocity: true, hessian: true });
      const nb = model.nb;
      const K = new Float64Array(nk * nb), tS = new Float64Array(nk * nb), tF = new Float64Array(nk * nb), L = new Float64Array(nk * nb);
      const t0 = performance.now();
      evaluateBatch(b, [
        { fn: (g, beta) => ({ ...omeIntrinsic(g, beta), sea: omeIntrinsic(g, beta).total, surface: null }), beta: 1, sea: K },
        { fn: torqueXi, beta: 0, sea: tS, surface: tF },
        { fn: lambda003, beta: 1, sea: L },
      ]);
      const dt = performance.now() - t0;
      console.log(`[batch] ${name} (nb=${nb}): ${((1e3 * dt) / nk).toFixed(1)} µs per k for OME (all parts, twice) + Ξ torque + λ`);
      for (const ik of [0, 17, nk - 1]) {
        const g = new KGeometry(kpointFromBatch(b, ik));
        const ref = omeIntrinsic(g, 1).total, t = torqueXi(g, 0);
        for (let n = 0; n < nb; n++) {
          expect(K[ik * nb + n]).toBe(ref[n]);
          expect(tS[ik * nb + n]).toBe(t.sea[n]);
          expect(tF[ik * nb + n]).toBe(t.surface![n]);
        }
      }
    });
  }
});
