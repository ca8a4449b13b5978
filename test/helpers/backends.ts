/** The backends every engine test runs on. The WASM ones must load here (a silent fallback is a failure). */
import type { Backend } from '../../src/backend/backend.js';
import { createTsBackend } from '../../src/backend/ts/index.js';

export async function backendsUnderTest(): Promise<Backend[]> {
  const list: Backend[] = [createTsBackend()];
  const select = await import('../../src/backend/select.js').catch(() => null);
  if (select) {
    for (const name of ['wasm-simd', 'wasm'] as const) {
      const b = await select.createBackend(name);
      if (b.name !== name) throw new Error(`backend ${name} fell back to ${b.name}`);
      list.push(b);
    }
  }
  return list;
}

/** Cartesian k (padded to 3) from reduced coordinates and reciprocal rows. */
export function toCartesian(kred: number[], reciprocal: Float64Array): Float64Array {
  const k = new Float64Array(3);
  for (let i = 0; i < kred.length; i++) for (let c = 0; c < 3; c++) k[c] += kred[i]! * reciprocal[3 * i + c]!;
  return k;
}
