import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/cli/context.js';
import { table } from '../../src/cli/format.js';
import { parsePathSpec } from '../../src/cli/lib.js';
import { run } from '../../src/cli/main.js';
import { parseRange } from '../../src/cli/parse.js';
import { createProgress } from '../../src/cli/progress.js';
import { randomTightBinding } from '../helpers/models.js';

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('3D models', () => {
  it('kpoint components: axial x,y,z and six metric components', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-'));
    writeFileSync(path.join(dir, 'm3.json'), JSON.stringify(randomTightBinding(3, 3, 7)));
    const r = await run(['kpoint', '--model', 'm3.json', '--k', '0.1,0.2,0.3', '--quantity', 'berry-curvature,quantum-metric,orbital-moment,velocity', '--backend', 'ts', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.model).toEqual({ name: 'random-3-3d-7', dim: 3, bands: 3 });
    expect(d.results['berry-curvature'].components).toEqual(['x', 'y', 'z']);
    expect(d.results['orbital-moment'].components).toEqual(['x', 'y', 'z']);
    expect(d.results['quantum-metric'].components).toEqual(['xx', 'xy', 'xz', 'yy', 'yz', 'zz']);
    expect(d.results.velocity.components).toEqual(['x', 'y', 'z']);
    expect(d.results['quantum-metric'].values[0][0]).toHaveLength(6);
    // Σₙ Ωₙ = 0 at every k
    for (let c = 0; c < 3; c++) expect(d.results['berry-curvature'].values[0].reduce((s: number, b: number[]) => s + b[c]!, 0)).toBeCloseTo(0, 10);
    const bad = await run(['kpoint', '--model', 'm3.json', '--k', '0.1,0.2', '--quantity', 'energies', '--json'], { cwd: dir });
    expect(json(bad.stderr).error.code).toBe('KPOINT_INVALID');
  });
});

describe('helpers', () => {
  it('toJson keeps number rows on one line, maps NaN/∞ to null and stays valid JSON', () => {
    const s = toJson({ a: [[1, 2], [3, NaN]], b: Infinity, c: 'x', d: undefined });
    expect(JSON.parse(s)).toEqual({ a: [[1, 2], [3, null]], b: null, c: 'x' });
    expect(s).toContain('[1, 2]');
  });

  it('table: numeric columns right-aligned, text left-aligned', () => {
    const t = table(['name', 'value'], [['a', '1'], ['bbb', '-22.5']]);
    const lines = t.split('\n');
    expect(lines[2]).toBe('a         1');
    expect(lines[3]).toBe('bbb   -22.5');
  });

  it('parseRange and parsePathSpec', () => {
    expect(parseRange('-1:1:5', '--mu')).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(parseRange('0.3', '--mu')).toEqual([0.3]);
    expect(() => parseRange('0:1:0', '--mu')).toThrow(/integer/);
    expect(parsePathSpec("G-K'-(0.5,-0.25)-M")).toEqual(['G', "K'", [0.5, -0.25], 'M']);
    expect(() => parsePathSpec('G-(a,b)')).toThrow(/numbers/);
  });

  it('progress bar: only on a TTY, not with --json, after the delay', () => {
    let written = '';
    const stream = { isTTY: true, columns: 80, write: (s: string) => ((written += s), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => stream, removeListener: () => stream } as unknown as NodeJS.WriteStream;
    const io = { out: () => {}, err: () => {}, cwd: '.', progressStream: stream };
    const p = createProgress(io, 'compute', { delayMs: 0 });
    p.update(0.1, 'grid');
    p.update(0.5, 'grid');
    p.stop();
    expect(written).toContain('compute');
    written = '';
    const q = createProgress(io, 'compute', { delayMs: 0, json: true });
    q.update(0.5);
    q.stop();
    expect(written).toBe('');
    const r = createProgress({ ...io, progressStream: undefined }, 'compute', { delayMs: 0 });
    r.update(0.5);
    r.stop();
    expect(written).toBe('');
  });
});

describe('symmetry', () => {
  it('Haldane: T broken, AHC allowed; φ = 0: T holds and AHC/M/Chern are forbidden', async () => {
    const r = await run(['symmetry', '--model', 'haldane', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.model).toMatchObject({ name: 'haldane', dim: 2, bands: 2 });
    const names = d.group.map((g: any) => g.name);
    expect(names).toContain('E');
    expect(names).not.toContain('T');
    expect(d.observables.ahc.components[0]).toMatchObject({ component: 'xy', status: 'free' });
    const t = json((await run(['symmetry', '--model', 'haldane:phi=0', '--json'])).stdout);
    expect(t.group.map((g: any) => g.name)).toContain('T');
    for (const o of ['ahc', 'chern', 'orbital-magnetization']) expect(t.observables[o].components.every((c: any) => c.status === 'forbidden')).toBe(true);
    const h = await run(['symmetry', '--model', 'haldane']);
    expect(h.stdout).toContain('ahc');
  });
});
