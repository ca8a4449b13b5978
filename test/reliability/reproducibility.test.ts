/**
 * Reproducibility beyond test/integrate (threads/batch/in-process shards, wasm vs ts): repeated
 * runs give the same bits, and the CLI path — compute --shard I/3 --out (atomic writes) → merge —
 * gives the unsharded document bit for bit for any thread count, with a grid large enough that
 * every shard holds real chunks (3 chunks of ≥ 16384 k-points), including the degenerate-k diagnostics.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { compute } from '../../src/integrate/index.js';
import { terminateWorkers } from '../../src/integrate/pool.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';

afterAll(() => terminateWorkers());

const doc = (s: string) => JSON.parse(s) as { results: unknown; diagnostics: Record<string, unknown>; grid: number[] };

describe('reproducibility', () => {
  it('repeated in-process runs (default backend) give the same bits', async () => {
    const opts = { model: buildBuiltin('kagome'), observables: ['ahc', 'orbital-magnetization'], grid: [90, 90], mu: { start: -2, stop: 2, n: 21 }, T: [0, 200], threads: 1 };
    const a = await compute(opts);
    const b = await compute(opts);
    const c = await compute({ ...opts, threads: 2 });
    for (const r of [b, c]) {
      for (const [name, o] of Object.entries(a.results)) expect(Array.from(r.results[name]!.data)).toEqual(Array.from(o.data));
      expect(JSON.stringify(r.toJSON())).toBe(JSON.stringify(a.toJSON()));
    }
  });

  it('CLI: 3 shards (threads 1 and 2) → merge equals the unsharded run (threads 1 and 2) and a repeated run, bit for bit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'orbitronics-repro-'));
    // 201² = 40401 k-points = 3 chunks; K and K′ lie on the grid (Dirac points: degenerate diagnostics)
    const base = ['compute', '--model', 'gapped-graphene:delta=0.0', '--observable', 'ahc,orbital-magnetization', '--grid', '201x201', '--mu', '-1:1:5', '--T', '0'];
    const shardThreads = { '1/3': '2', '2/3': '1', '3/3': '2' } as Record<string, string>;
    for (const s of ['3/3', '1/3', '2/3']) {
      const r = await run([...base, '--threads', shardThreads[s]!, '--shard', s, '--out', 'parts', '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    }
    const files = readdirSync(path.join(dir, 'parts'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]); // atomic writes leave no temporaries
    expect(files).toHaveLength(3);
    const merged = await run(['merge', ...files.reverse().map((f) => path.join('parts', f)), '--json'], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(0);
    const whole1 = await run([...base, '--threads', '1', '--json']);
    const whole2 = await run([...base, '--threads', '2', '--json']);
    const again = await run([...base, '--threads', '1', '--json']);
    const m = doc(merged.stdout);
    for (const w of [whole1, whole2, again]) {
      expect(w.code, w.stderr).toBe(0);
      const d = doc(w.stdout);
      expect(JSON.stringify(m.results)).toBe(JSON.stringify(d.results));
      expect(m.diagnostics).toEqual(d.diagnostics);
    }
    expect(whole1.stdout).toBe(again.stdout);
    expect(m.diagnostics.degenerateKpoints).toBe(2);
    expect((m.diagnostics.degenerateSamples as unknown[]).length).toBe(2);
  });
});
