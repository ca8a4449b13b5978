/** Independent reference for tests: Σₖ wₖ Σₙ occ(εₙₖ; μ, T) Xₙ(k) summed directly per μ and T. */
import { createTsBackend } from '../../src/backend/ts/index.js';
import type { BandBatch } from '../../src/backend/backend.js';
import type { CompiledModel } from '../../src/model/types.js';
import type { KSampling } from '../../src/kspace/types.js';
import { occupationAt, type Occupation } from '../../src/integrate/occupations.js';

export function directSum(
  model: CompiledModel,
  sampling: KSampling,
  X: (b: BandBatch) => Float64Array,
  C: number,
  occ: Occupation,
  mu: number[],
  T: number[],
): number[][][] {
  const be = createTsBackend();
  const out = T.map(() => mu.map(() => new Array<number>(C).fill(0)));
  const comp = T.map(() => mu.map(() => new Array<number>(C).fill(0)));
  for (let s = 0; s < sampling.size; s += 2048) {
    const kb = sampling.batch(s, 2048);
    const bb = be.evaluate(model, kb, { geometry: true });
    const x = X(bb);
    for (let k = 0; k < kb.nk; k++)
      for (let n = 0; n < model.nb; n++) {
        const e = bb.energies[k * model.nb + n]!;
        for (let t = 0; t < T.length; t++)
          for (let i = 0; i < mu.length; i++) {
            const w = occupationAt(occ, e, mu[i]!, T[t]!) * kb.w[k]!;
            if (w === 0) continue;
            for (let c = 0; c < C; c++) {
              // Kahan
              const y = w * x[(k * model.nb + n) * C + c]! - comp[t]![i]![c]!;
              const tt = out[t]![i]![c]! + y;
              comp[t]![i]![c] = tt - out[t]![i]![c]! - y;
              out[t]![i]![c] = tt;
            }
          }
      }
  }
  return out;
}
