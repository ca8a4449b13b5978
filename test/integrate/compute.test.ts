/**
 * compute(): bit-identical results for any thread count, batch size and sharding; progress and
 * abort; convergence report; wasm vs ts; errors; the JSON shape of DESIGN §4.
 */
import { describe, expect, it } from 'vitest';
import { availableBackends } from '../../src/backend/select.js';
import { OrbitronicsError } from '../../src/errors.js';
import { compute, mergePartials, type PartialResult } from '../../src/integrate/index.js';
import type { ComputeResult } from '../../src/result.js';
import { compileModel } from '../../src/model/compile.js';
import { monkhorstPack } from '../../src/kspace/grid.js';
import { pythtbHaldane, randomTightBinding, massiveDirac } from '../helpers/models.js';

const sameBits = (a: ComputeResult, b: ComputeResult) => {
  for (const [name, r] of Object.entries(a.results)) {
    const s = b.results[name]!;
    expect(Array.from(s.data)).toEqual(Array.from(r.data));
    for (const [p, d] of Object.entries(r.partsData)) expect(Array.from(s.partsData[p]!)).toEqual(Array.from(d));
  }
  expect(b.diagnostics).toEqual(a.diagnostics);
};

const base = {
  model: randomTightBinding(3, 2, 21),
  observables: ['ahc', 'orbital-magnetization', 'chern'],
  grid: [200, 200],
  mu: { start: -1.5, stop: 1.5, n: 31 },
  T: [0, 300],
  backend: 'ts' as const,
};

describe('reproducible sums', () => {
  it('threads 1 and 2 (worker_threads) give the same bits; so do other batch sizes', async () => {
    const one = await compute({ ...base, threads: 1 });
    const two = await compute({ ...base, threads: 2 });
    const odd = await compute({ ...base, threads: 1, batchSize: 333 });
    sameBits(one, two);
    sameBits(one, odd);
    expect(one.diagnostics.kpoints).toBe(200 * 200);
  });

  it('shards 1/3, 2/3, 3/3 merge into the unsharded result bit for bit (through JSON)', async () => {
    const full = await compute({ ...base, threads: 1 });
    const parts: PartialResult[] = [];
    for (const i of [3, 1, 2]) {
      const p = await compute({ ...base, threads: 1, shard: `${i}/3` });
      parts.push(JSON.parse(JSON.stringify(p)) as PartialResult);
    }
    const merged = mergePartials(parts);
    sameBits(full, merged);
    expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(full.toJSON()));
    expect(() => mergePartials(parts.slice(0, 2))).toThrow(/missing chunks/);
  });

  it('k·p polar grids: threads and shards give the same bits too', async () => {
    const kp = { model: massiveDirac(), observables: ['ahc', 'orbital-magnetization'], grid: [64, 16], mu: { start: -0.6, stop: 0.6, n: 25 }, T: [0, 150], backend: 'ts' as const };
    const one = await compute({ ...kp, threads: 1 });
    expect(one.diagnostics.kpoints).toBeGreaterThan(2 * 16384);
    sameBits(one, await compute({ ...kp, threads: 2 }));
    const parts = [await compute({ ...kp, threads: 1, shard: '2/2' }), await compute({ ...kp, threads: 1, shard: { index: 1, count: 2 } })];
    sameBits(one, mergePartials(parts));
    const other = await compute({ ...kp, grid: [32, 16], threads: 1, shard: '1/2' });
    expect(() => mergePartials([parts[0]!, other])).toThrow(/different jobs/);
  });
});

describe('progress and abort', () => {
  it('reports progress up to all k-points', async () => {
    const seen: number[] = [];
    await compute({ ...base, grid: [100, 100], threads: 1, batchSize: 512, onProgress: (p) => seen.push(p.done) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[seen.length - 1]).toBe(10000);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
  });

  it('abort → ABORTED within a batch (in-process and with workers)', async () => {
    for (const threads of [1, 2]) {
      const ac = new AbortController();
      let calls = 0;
      const t0 = Date.now();
      const p = compute({ ...base, grid: [400, 400], threads, batchSize: 256, signal: ac.signal, onProgress: () => { if (++calls === 2) ac.abort(); } });
      await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
      expect(Date.now() - t0).toBeLessThan(20_000);
    }
    const ac = new AbortController();
    ac.abort();
    await expect(compute({ ...base, threads: 1, signal: ac.signal })).rejects.toBeInstanceOf(OrbitronicsError);
  });
});

describe('options', () => {
  it('converge reports the relative change between the grid and a 1.5× finer one', async () => {
    const r = await compute({ model: pythtbHaldane(), observables: ['ahc', 'orbital-magnetization'], grid: [40, 40], mu: [-0.3, 0.3, 2.0], T: 0, backend: 'ts', threads: 1, converge: true });
    expect(r.convergence!.grid).toEqual([40, 40]);
    expect(r.convergence!.fineGrid).toEqual([60, 60]);
    expect(r.grid).toEqual([60, 60]);
    expect(r.convergence!.relativeChange['ahc']).toBeGreaterThan(0);
    expect(r.convergence!.relativeChange['ahc']).toBeLessThan(0.2);
  });

  it('an explicit sampling gives the same bits as the equivalent grid (workers rebuild it from its spec)', async () => {
    const model = compileModel(pythtbHaldane());
    const opts = { model, observables: ['ahc'], mu: [-0.5, 0.5], T: [0, 300], backend: 'ts' as const };
    const a = await compute({ ...opts, grid: [200, 200], threads: 1 });
    const b = await compute({ ...opts, sampling: monkhorstPack(model, [200, 200]), threads: 2 });
    sameBits(a, b);
    await expect(compute({ ...opts, sampling: monkhorstPack(model, [20, 20]), converge: true })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
  });

  it('JSON in the DESIGN §4 shape', async () => {
    const r = await compute({ model: pythtbHaldane(), observables: ['ahc', 'orbitalMagnetization'], grid: [30, 30], mu: [-0.1, 0, 0.1], T: 0, backend: 'ts', threads: 1 });
    const j = JSON.parse(JSON.stringify(r)) as Record<string, any>;
    expect(Object.keys(j)).toEqual(['orbitronics', 'model', 'backend', 'grid', 'T', 'mu', 'results', 'diagnostics']);
    expect(j.model).toEqual({ name: 'pythtb-haldane', dim: 2, bands: 2 });
    expect(j.backend).toBe('ts');
    expect(j.grid).toEqual([30, 30]);
    expect(j.T).toBe(0);
    expect(j.results.ahc.unit).toBe('S');
    expect(j.results.ahc.components).toEqual(['xy']);
    expect(j.results.ahc.values).toHaveLength(3);
    expect(j.results.ahc.values[0]).toHaveLength(1);
    expect(j.results.ahc.values[0][0]).toBeCloseTo(3.874e-5, 8);
    expect(j.results['orbital-magnetization'].unit).toBe('muB/cell');
    expect(Object.keys(j.results['orbital-magnetization'].parts)).toEqual(['moment', 'berry']);
    expect(j.diagnostics.degenerateKpoints).toBe(0);
  });

  it('degenerate k-points are counted (graphene Dirac points on the grid)', async () => {
    const r = await compute({ model: pythtbHaldane(0, -1, 0), observables: ['ahc'], grid: [30, 30], mu: [0.5], T: 0, backend: 'ts', threads: 1 });
    expect(r.diagnostics.degenerateKpoints).toBe(2); // K and K' are grid points of a 30×30 grid
  });

  it('argument errors carry stable codes', async () => {
    const m = pythtbHaldane();
    await expect(compute({ model: m, observables: ['nope'], mu: [0], T: 0, backend: 'ts' })).rejects.toMatchObject({ code: 'OBSERVABLE_UNKNOWN' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10], mu: [0], T: 0, backend: 'ts' })).rejects.toMatchObject({ code: 'GRID_INVALID' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10, 10], mu: [], T: 0, backend: 'ts' })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10, 10], mu: [0], T: -1, backend: 'ts' })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10, 10], mu: [0], T: 0, backend: 'ts', shard: '4/3' })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    await expect(compute({ model: randomTightBinding(2, 1, 1), observables: ['ahc'], mu: [0], T: 0, backend: 'ts' })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10, 10], mu: [0], T: 10, backend: 'ts', binsPerKT: 0 })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
    await expect(compute({ model: m, observables: ['ahc'], grid: [10, 10], mu: [0], T: 0, backend: 'ts', surfaceSmearing: -1 })).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
  });
});

describe('backends', () => {
  it('wasm backends agree with ts to 1e-10 (relative to the largest value)', async () => {
    const names = (await availableBackends()).filter((n) => n !== 'ts');
    const opts = { model: randomTightBinding(4, 2, 9), observables: ['ahc', 'orbital-magnetization'], grid: [60, 60], mu: { start: -1, stop: 1, n: 11 }, T: [0, 300], threads: 1 };
    const ref = await compute({ ...opts, backend: 'ts' });
    const kp = { model: massiveDirac(), observables: ['ahc', 'orbital-magnetization'], grid: [24, 12], mu: [-0.5, 0, 0.5], T: [0, 300], threads: 1 };
    const refKp = await compute({ ...kp, backend: 'ts' });
    for (const name of names) {
      for (const [o, rr] of [[opts, ref], [kp, refKp]] as const) {
        const r = await compute({ ...o, backend: name });
        expect(r.backend).toBe(name);
        for (const [obs, res] of Object.entries(rr.results)) {
          const scale = Math.max(...Array.from(res.data).map(Math.abs));
          r.results[obs]!.data.forEach((x, i) => expect(Math.abs(x - res.data[i]!) / scale).toBeLessThan(1e-10));
        }
      }
    }
    console.log(`compared ts with: ${names.join(', ') || '(no wasm backend available)'}`);
  });
});
