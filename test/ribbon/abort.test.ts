/** AbortSignal in the ribbon functions: ABORTED before starting and between k-points (as compute). */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import {
  chi,
  forEachK,
  makeRibbon,
  ribbonBands,
  ribbonDrivenOracle,
  ribbonKGrid,
  ribbonMeta,
  ribbonOmmDensity,
  ribbonOracle,
  type ResponseOperator,
} from '../../src/ribbon/index.js';
import { err } from '../helpers/errors.js';
import { pythtbHaldane } from '../helpers/models.js';

const model = pythtbHaldane();
const ribbon = makeRibbon(model, { along: 0, width: 3 });

function abortedSignal(): AbortSignal {
  const c = new AbortController();
  c.abort();
  return c.signal;
}

/** The TS backend, aborting `controller` on its first `evaluate` and counting the calls. */
function abortingBackend(controller: AbortController): { backend: Backend; calls: () => number } {
  const inner = createTsBackend();
  let n = 0;
  const backend: Backend = Object.create(inner) as Backend;
  backend.evaluate = (...a: Parameters<Backend['evaluate']>) => {
    n++;
    controller.abort();
    return inner.evaluate(...a);
  };
  return { backend, calls: () => n };
}

describe('ribbon functions: signal', () => {
  it('an already-aborted signal throws ABORTED (ribbonOmmDensity, ribbonOracle, ribbonDrivenOracle, ribbonBands, chi)', () => {
    const signal = abortedSignal();
    const cases: Array<() => unknown> = [
      () => ribbonOmmDensity(ribbon, { nk: 8, mu: 0, T: 0, signal }),
      () => ribbonOracle(model, { along: 0, widths: [2, 3], nk: 8, mu: 0, T: 0, observable: 'ome', signal }),
      () => ribbonDrivenOracle(model, { along: 0, widths: [2, 3], nk: 8, mu: 0, T: 300, etas: [0.1], signal }),
      () => ribbonBands(ribbon, { nk: 8, signal }),
      () => chi(ribbon, 'y', 'y', { nk: 8, mu: 0, T: 0, signal }),
    ];
    for (const f of cases) {
      const e = err(f);
      expect(e.code).toBe('ABORTED');
      expect(e.message).toBe('the computation was aborted.');
    }
  });

  it('a signal aborted during the loop stops it at the next k-point (forEachK)', () => {
    const c = new AbortController();
    let visited = 0;
    const e = err(() =>
      forEachK(ribbon, ribbonKGrid(ribbonMeta(ribbon).length, 64), () => {
        visited++;
        c.abort();
      }, { signal: c.signal, batch: 32 }),
    );
    expect(e.code).toBe('ABORTED');
    expect(visited).toBe(1);
  });

  it('chi: an operator that aborts on its first call stops the k-loop after one k-point', () => {
    const c = new AbortController();
    const nb = ribbon.onsite.length;
    let calls = 0;
    const op: ResponseOperator = {
      name: 'aborting-density',
      lambda: 1,
      unit: '1',
      orbital: () => {
        calls++;
        c.abort();
        const M = new Float64Array(2 * nb * nb);
        M[0] = 1;
        return M;
      },
    };
    const e = err(() => chi(ribbon, op, 'y', { nk: 64, mu: 0, T: 0, signal: c.signal }));
    expect(e.code).toBe('ABORTED');
    expect(calls).toBe(1);
  });

  it('ribbonOracle and ribbonDrivenOracle stop inside the first width (aborted during the first backend call)', () => {
    for (const run of [
      (backend: Backend, signal: AbortSignal) => ribbonOracle(model, { along: 0, widths: [2, 3, 4], nk: 64, mu: 0, T: 0, observable: 'ome', backend, signal }),
      (backend: Backend, signal: AbortSignal) => ribbonDrivenOracle(model, { along: 0, widths: [2, 3, 4], nk: 64, mu: 0, T: 300, etas: [0.1], backend, signal }),
    ]) {
      const c = new AbortController();
      const b = abortingBackend(c);
      const e = err(() => run(b.backend, c.signal));
      expect(e.code).toBe('ABORTED');
      expect(b.calls()).toBe(1);
    }
  });
});
