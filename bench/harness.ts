/**
 * A thin wrapper over tinybench (deliberately not vitest bench): warm-up, median latency, machine
 * information, and results written as data to bench/results/<date>-<host>.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { rng } from '../src/util/random.js';

export { rng };

export interface Timing {
  /** Median time of one call (ms). */
  medianMs: number;
  /** Relative margin of error of the mean (%). */
  rme: number;
  samples: number;
}

export interface MeasureOptions {
  /** Time budget of the measured phase (ms). */
  time?: number;
  /** Warm-up budget (ms): V8 runs new wasm code in a baseline tier first. */
  warmupTime?: number;
}

/** Median latency of `fn` after a warm-up. */
export async function measure(name: string, fn: () => void, opts: MeasureOptions = {}): Promise<Timing> {
  const bench = new Bench({ name, time: opts.time ?? 400, warmupTime: opts.warmupTime ?? 200, warmup: true, iterations: 5 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`benchmark ${name}: ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
  return { medianMs: r.latency.p50, rme: r.latency.rme, samples: r.latency.samplesCount };
}

export interface MachineInfo {
  date: string;
  host: string;
  cpu: string;
  cores: number;
  node: string;
  v8: string;
  platform: string;
  commit: string;
  dirty: boolean;
  /** 1-minute load average at the start (other processes compete for the cores when ≳ cores). */
  loadavg: number;
}

export function machineInfo(): MachineInfo {
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execSync('git rev-parse HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    dirty = execSync('git status --porcelain -- assembly src/backend', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    /* not a git checkout */
  }
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    commit,
    dirty,
    loadavg: os.loadavg()[0]!,
  };
}

/**
 * Interleaved rounds: every task is measured `rounds` times, alternating between tasks, and the
 * smallest median is kept. On a shared machine this removes most of the bias that a burst of load
 * during one task's turn would put into the ratios.
 */
export async function measureInterleaved(
  tasks: Array<{ name: string; fn: () => void }>, rounds: number, opts: MeasureOptions = {},
): Promise<number[]> {
  const best = tasks.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < tasks.length; i++) {
      const t = await measure(tasks[i]!.name, tasks[i]!.fn, opts);
      best[i] = Math.min(best[i]!, t.medianMs);
    }
  }
  return best;
}

/**
 * CPU time (user + system, ms) of one call: best of `rounds` loops of at least `minMs` CPU each,
 * after a warm-up. On a loaded machine CPU time is far less perturbed than wall time (the process
 * is only charged while it runs), so the kernel benchmark reports both.
 */
export function measureCpu(fn: () => void, opts: { rounds?: number; minMs?: number; warmupMs?: number } = {}): number {
  const cpuMs = (t0: NodeJS.CpuUsage): number => {
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000;
  };
  const w0 = process.cpuUsage();
  while (cpuMs(w0) < (opts.warmupMs ?? 100)) fn();
  let best = Infinity;
  for (let r = 0; r < (opts.rounds ?? 5); r++) {
    const t0 = process.cpuUsage();
    let calls = 0;
    let ms = 0;
    do {
      fn();
      calls++;
      ms = cpuMs(t0);
    } while (ms < (opts.minMs ?? 100));
    best = Math.min(best, ms / calls);
  }
  return best;
}

/** Writes bench/results/<YYYY-MM-DD>-<host>.json and returns its path. */
export function writeResults(data: { machine: MachineInfo } & Record<string, unknown>): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const host = data.machine.host.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = join(dir, `${data.machine.date.slice(0, 10)}-${host}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** A fixed-width text table. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(cells[0]!), line(w.map((x) => '-'.repeat(x))), ...cells.slice(1).map(line)].join('\n');
}

