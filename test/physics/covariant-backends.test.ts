/** The per-k physics on BandBatches from the WASM backends vs the TS reference (DESIGN §5: 1e-10). */
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/select.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import type { Backend } from '../../src/backend/backend.js';
import { compileModel } from '../../src/model/compile.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { PER_K_RESPONSES } from '../../src/physics/index.js';
import { randomTightBinding, rng } from '../helpers/models.js';
import { tiltedDirac001 } from './covariant-helpers.js';

describe('WASM vs TS backend input to the per-k responses', () => {
  for (const name of ['wasm-simd', 'wasm'] as const) {
    it(`${name}: every response agrees with the TS backend to 1e-10 (gauge-invariant, eigenvector phases differ)`, async () => {
      let wasm: Backend;
      try {
        wasm = await createBackend(name);
      } catch (e) {
        console.log(`[backends] ${name} unavailable: ${(e as Error).message}`);
        return;
      }
      const ts = createTsBackend();
      const rows: string[] = [];
      for (const [label, model, sc] of [
        ['tilted Dirac', tiltedDirac001(4, 0.01, 0.8), 0.01],
        ['random 4-band 2D', compileModel(randomTightBinding(4, 2, 5)), 3],
        ['random 3-band 3D', compileModel(randomTightBinding(3, 3, 7)), 3],
      ] as const) {
        const r = rng(4);
        const nk = 8;
        const k = new Float64Array(3 * nk).map((_, i) => (model.dim === 2 && i % 3 === 2 ? 0 : sc * (r() - 0.5)));
        const needs = { velocity: true, hessian: true, eigenvectors: true } as const;
        const a = ts.evaluate(model, { nk, k }, needs);
        const ka = Array.from({ length: nk }, (_, i) => kpointFromBatch(a, i));
        const b = wasm.evaluate(model, { nk, k }, needs);
        const kb = Array.from({ length: nk }, (_, i) => kpointFromBatch(b, i));
        // per response: max |difference| / max |value| over all k, β, bands (identically-zero responses skipped)
        const diff = new Map<string, number>(), val = new Map<string, number>();
        const up = (key: string, a: ArrayLike<number>, c: ArrayLike<number>) => {
          for (let j = 0; j < a.length; j++) {
            diff.set(key, Math.max(diff.get(key) ?? 0, Math.abs(a[j]! - c[j]!)));
            val.set(key, Math.max(val.get(key) ?? 0, Math.abs(a[j]!)));
          }
        };
        for (let i = 0; i < nk; i++) {
          const ga = new KGeometry(ka[i]!), gb = new KGeometry(kb[i]!);
          for (const [rn, resp] of Object.entries(PER_K_RESPONSES)) {
            if (rn.startsWith('spin') || (resp.only2D && model.dim !== 2)) continue;
            for (let beta = 0; beta < model.dim; beta++) {
              const x = resp.fn(ga, beta, { tau: 1e-14 }), y = resp.fn(gb, beta, { tau: 1e-14 });
              up(rn, x.sea, y.sea);
              if (x.surface) up(rn + ':surface', x.surface, y.surface!);
            }
          }
        }
        let worst = 0;
        for (const [key, d] of diff) if (val.get(key)! > 1e-20) worst = Math.max(worst, d / val.get(key)!);
        rows.push(`${label}: ${worst.toExponential(2)}`);
        expect(worst).toBeLessThan(1e-10);
      }
      console.log(`[backends] ${name} vs ts, max rel over all responses: ` + rows.join(', '));
      wasm.dispose();
    });
  }
});
