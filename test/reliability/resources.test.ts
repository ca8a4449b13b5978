/**
 * Resources and faults: limits fail with LIMIT_EXCEEDED before allocating; memory is bounded by the
 * batch, not the grid; AbortSignal cancels within one batch and releases every worker; a crashing
 * worker gives WORKER_FAILED (not a hang) and the next run works; output files are written
 * atomically (temp file + rename), never half-written.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { OrbitronicsError } from '../../src/errors.js';
import { compute } from '../../src/integrate/index.js';
import { terminateWorkers } from '../../src/integrate/pool.js';
import { readHr, readTb } from '../../src/io/wannier90.js';
import { batchSizeForBudget, LIMITS } from '../../src/limits.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { modelFromText } from '../../src/model/index.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixture = (p: string) => readFileSync(path.join(root, 'test/fixtures', p), 'utf8');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'orbitronics-res-'));
const workerPorts = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

const saved = { ...LIMITS };
afterEach(() => Object.assign(LIMITS, saved));
afterAll(() => terminateWorkers());

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(OrbitronicsError);
    return (e as OrbitronicsError).code;
  }
  return 'none';
}

describe('limits: LIMIT_EXCEEDED before allocation', () => {
  it('compute(): a 100000² grid is refused at once, without allocating', async () => {
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    expect(await codeOf(compute({ model: buildBuiltin('haldane'), observables: ['ahc'], grid: [100000, 100000], mu: [0], T: 0, threads: 1, backend: 'ts' }))).toBe('LIMIT_EXCEEDED');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(32 * 2 ** 20);
  });

  it('CLI: grid, μ count, path points and ribbon size limits, with where', async () => {
    const cases: Array<[string[], string]> = [
      [['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '40000x40000', '--mu', '0'], '--grid'],
      [['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '10x10', '--mu', '0:1:99999999999'], '--mu'],
      [['bands', '--model', 'haldane', '--n', '2000000'], '--n'],
      [['ribbon', '--model', 'haldane', '--width', '5000', '--observable', 'bands', '--mu', '0'], '--width'],
    ];
    for (const [argv, where] of cases) {
      const r = await run([...argv, '--json']);
      expect(r.code, r.stderr).toBe(1);
      const e = JSON.parse(r.stderr).error;
      expect(e.code).toBe('LIMIT_EXCEEDED');
      expect(e.where).toBe(where);
    }
  });

  it('Wannier90: header counts are checked against the file (no RangeError) and against the limits', async () => {
    const geo = JSON.parse(fixture('w90/chain_geometry.json'));
    const text = fixture('w90/chain_hr.dat').split('\n');
    text[1] = '  3037000500';
    expect(await codeOf(() => readHr(text.join('\n'), geo, { source: 'x_hr.dat' }))).toBe('HR_PARSE');
    LIMITS.maxWannierElements = 10; // the chain has 2² × 3 = 12
    expect(await codeOf(() => readHr(fixture('w90/chain_hr.dat'), geo, { source: 'x_hr.dat' }))).toBe('LIMIT_EXCEEDED');
  });

  it('Wannier90 readers run in time linear in the number of R blocks (duplicate-R checks were quadratic)', () => {
    const tb = (n: number) => {
      const L = ['hdr', '1 0 0', '0 1 0', '0 0 1', '1', String(n)];
      for (let i = 0; i < n; i += 15) L.push(Array(Math.min(15, n - i)).fill('1').join(' '));
      const Rs = Array.from({ length: n }, (_, i) => i - (n >> 1));
      for (const R of Rs) L.push('', `${R} 0 0`, `1 1 ${R === 0 ? 0.5 : 0.001} 0`);
      for (const R of Rs) L.push('', `${R} 0 0`, '1 1 0 0 0 0 0 0');
      return L.join('\n');
    };
    const time = (n: number) => {
      const text = tb(n);
      const t0 = performance.now();
      readTb(text, { source: 'big_tb.dat' });
      return performance.now() - t0;
    };
    time(2001); // warm-up
    const t1 = time(10001), t4 = time(40001);
    expect(t4 / t1).toBeLessThan(9); // linear: ~4; quadratic: ~16
  });

  it('input size: model text and files larger than LIMITS.maxInputBytes', async () => {
    LIMITS.maxInputBytes = 100;
    expect(await codeOf(() => modelFromText(fixture('models/haldane.json'), 'haldane.json'))).toBe('LIMIT_EXCEEDED');
    const r = await run(['kpoint', '--model', path.join(root, 'test/fixtures/models/haldane.json'), '--k', '0,0', '--quantity', 'energies', '--json']);
    expect(JSON.parse(r.stderr).error.code).toBe('LIMIT_EXCEEDED');
  });

  it('the default batch keeps the per-batch backend outputs within the memory budget for large models', () => {
    for (const nb of [2, 50, 200, 1000]) {
      const b = batchSizeForBudget(nb, 3, { geometry: true, velocity: true, hessian: true }, 1024);
      expect(b).toBeGreaterThanOrEqual(1);
      expect(b * 16 * nb * nb * (1 + 1 + 3 + 6)).toBeLessThanOrEqual(Math.max(32 * 2 ** 20, 16 * nb * nb * 11));
    }
    expect(batchSizeForBudget(2, 2, { geometry: true })).toBe(1024);
  });
});

describe('memory is bounded by the batch, not by the grid', () => {
  it('AHC on Haldane, one thread, under --max-old-space-size=96: peak RSS at 1500² is within 40 MB of 300²', async () => {
    const exec = promisify(execFile);
    const runChild = async (n: number) => {
      const { stdout } = await exec(process.execPath, ['--max-old-space-size=96', '--import', 'tsx', path.join(here, 'memory-child.mts'), String(n)], { cwd: root, timeout: 60_000 });
      return JSON.parse(stdout.trim().split('\n').pop()!) as { n: number; maxRssMB: number; ahc: number; kpoints: number };
    };
    const small = await runChild(300);
    const large = await runChild(1500);
    expect(large.kpoints).toBe(1500 * 1500);
    expect(large.ahc).toBeCloseTo(small.ahc, 12); // σ_xy = e²/h in the gap either way
    // 25× more k-points; storing even 3 doubles per k-point would add 51 MB
    expect(large.maxRssMB - small.maxRssMB).toBeLessThan(40);
  }, 90_000);
});

describe('cancellation and worker faults', () => {
  it('AbortSignal: ABORTED within one batch, every worker released', async () => {
    for (const threads of [1, 2]) {
      const ac = new AbortController();
      let after = 0;
      let abortedAt = -1;
      const t0 = Date.now();
      const p = compute({
        model: buildBuiltin('haldane'), observables: ['ahc', 'orbital-magnetization'], grid: [600, 600], mu: [0], T: 0, threads, batchSize: 512, signal: ac.signal,
        onProgress: (q) => {
          if (abortedAt < 0 && q.done > 0) {
            abortedAt = q.done;
            ac.abort();
          } else if (abortedAt >= 0) after++;
        },
      });
      expect(await codeOf(p)).toBe('ABORTED');
      expect(Date.now() - t0).toBeLessThan(20_000);
      if (threads === 1) expect(after).toBe(0); // no further batch after the abort
      expect(workerPorts()).toBe(0);
    }
  });

  it('a worker that dies or throws → WORKER_FAILED (no hang), workers released, the next run works', async () => {
    const model = buildBuiltin('haldane');
    const opts = { model, observables: ['ahc'], grid: [200, 200], mu: [0], T: 0, threads: 2 };
    try {
      for (const fault of ['exit', 'throw']) {
        await terminateWorkers(); // workers read the fault when they start
        process.env.ORBITRONICS_TEST_WORKER_FAULT = fault;
        const t0 = Date.now();
        let err: unknown;
        try {
          await compute(opts);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(OrbitronicsError);
        expect((err as OrbitronicsError).code).toBe('WORKER_FAILED');
        expect((err as OrbitronicsError).message).not.toContain('\n');
        expect(Date.now() - t0).toBeLessThan(30_000);
        expect(workerPorts()).toBe(0);
      }
    } finally {
      delete process.env.ORBITRONICS_TEST_WORKER_FAULT;
      await terminateWorkers();
    }
    const r = await compute(opts);
    expect(r.get('ahc').data[0]).toBeCloseTo(3.874e-5, 8);
  });

  it('an input error raised inside a worker keeps its code (not WORKER_FAILED)', async () => {
    // ome-extrinsic without τ: the integrand throws ARGUMENT_INVALID in the worker thread
    const opts = { model: buildBuiltin('square-dirac'), observables: ['ome-extrinsic'], grid: [200, 200], mu: [0.5], T: 0, params: { E: 0 as const }, threads: 2 };
    let err: unknown;
    try {
      await compute(opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrbitronicsError);
    expect((err as OrbitronicsError).code).toBe('ARGUMENT_INVALID');
    expect((err as OrbitronicsError).message).toMatch(/relaxation time/);
    await terminateWorkers();
  });
});

describe('atomic output files', () => {
  it('a failure before the rename leaves the old file intact and no temporary file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'out.json');
    writeFileSync(file, 'old');
    await expect(writeFileAtomic(file, 'x'.repeat(1 << 20), { beforeRename: () => { throw new Error('disk full'); } })).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('a process killed in the middle of a write never leaves a half-written target', async () => {
    const dir = tmp();
    const file = path.join(dir, 'result.json');
    writeFileSync(file, JSON.stringify({ old: true }));
    const script = `import { writeFileAtomic } from ${JSON.stringify(path.join(root, 'src/util/atomic-write.ts'))};
      await writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ big: 'y'.repeat(1 << 22) }), { beforeRename: () => { process.stdout.write('written\\n'); return new Promise(() => setInterval(() => {}, 1000)); } });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('written') && resolve()));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ old: true });
  }, 60_000);

  it('every file the CLI writes goes through writeFileAtomic (no direct writeFile in src/cli)', () => {
    const dir = path.join(root, 'src/cli');
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') && files.push(path.join(d, e.name))));
    walk(dir);
    const offenders = files.filter((f) => /\b(writeFile|writeFileSync|appendFile|createWriteStream)\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('CLI writers: compute --out writes complete JSON and no temporaries; an unwritable target is IO_ERROR, not a crash', async () => {
    const dir = tmp();
    const base = ['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '12x12', '--mu', '0', '--threads', '1'];
    const ok = await run([...base, '--out', 'res', '--json'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    const files = readdirSync(path.join(dir, 'res'));
    expect(files).toEqual(['haldane-ahc.json']);
    expect(JSON.parse(readFileSync(path.join(dir, 'res', files[0]!), 'utf8')).results.ahc.unit).toBe('S');
    writeFileSync(path.join(dir, 'blocker'), 'a file, not a directory');
    const bad = await run([...base, '--out', 'blocker/sub', '--json'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.code).toBe('IO_ERROR');
    expect(existsSync(path.join(dir, 'blocker'))).toBe(true);
  });
});
