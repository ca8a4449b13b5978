/**
 * CLI: the geometry of a Wannier90 seedname_hr.dat (`--geometry FILE`, else seedname_geometry.json
 * next to it) and the dimension of a Wannier90 model (`--dim`), on every command that takes --model.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, run } from '../../src/cli/main.js';

const fixtures = new URL('../fixtures/w90/', import.meta.url);
const json = (s: string) => JSON.parse(s) as Record<string, any>;

function workdir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-geometry-'));
  copyFileSync(new URL('chain_hr.dat', fixtures), path.join(d, 'chain_hr.dat'));
  copyFileSync(new URL('chain_hr.dat', fixtures), path.join(d, 'lonely_hr.dat'));
  copyFileSync(new URL('chain_tb.dat', fixtures), path.join(d, 'chain_tb.dat'));
  copyFileSync(new URL('chain_geometry.json', fixtures), path.join(d, 'chain_geometry.json'));
  // the same chain with a lattice constant of 4 Å instead of 2 Å (centres 0 and 2 Å)
  writeFileSync(path.join(d, 'stretched.json'), JSON.stringify({ lattice: [[4, 0, 0], [0, 10, 0], [0, 0, 10]], centres: [[0, 0, 0], [2, 0, 0]] }));
  return d;
}

describe('--geometry and --dim for Wannier90 files', () => {
  const cwd = workdir();
  const kpoint = (model: string, ...extra: string[]) =>
    run(['kpoint', '--model', model, ...extra, '--k', '0.25,0,0', '--quantity', 'energies,velocity', '--backend', 'ts', '--json'], { cwd });

  it('an hr.dat without geometry fails with a hint naming --geometry; with --geometry it loads', async () => {
    const bad = await kpoint('lonely_hr.dat');
    expect(bad.code).toBe(1);
    const e = json(bad.stderr).error;
    expect(e.code).toBe('ARGUMENT_INVALID');
    expect(e.message).toMatch(/lonely_geometry\.json/);
    expect(bad.stderr).toMatch(/--geometry FILE\.json/);
    const good = await kpoint('lonely_hr.dat', '--geometry', 'chain_geometry.json');
    expect(good.code).toBe(0);
    const auto = await kpoint('chain_hr.dat');
    expect(json(good.stdout).results.energies.values).toEqual(json(auto.stdout).results.energies.values);
  });

  it('--geometry replaces seedname_geometry.json: at the same reduced k the energies are equal, the velocities scale with the lattice constant', async () => {
    const a2 = json((await kpoint('chain_hr.dat')).stdout).results;
    const a4r = await kpoint('chain_hr.dat', '--geometry', 'stretched.json');
    expect(a4r.code).toBe(0);
    const a4 = a4r.stdout ? json(a4r.stdout).results : null;
    expect(a4.energies.values).toEqual(a2.energies.values);
    const v2 = a2.velocity.values[0].flat(3).map(Math.abs);
    const v4 = a4.velocity.values[0].flat(3).map(Math.abs);
    const big = v2.findIndex((x: number) => x > 1e-3);
    expect(big).toBeGreaterThanOrEqual(0);
    expect(v4[big] / v2[big]).toBeCloseTo(2, 10);
  });

  it('--dim 1 reads the chain as a 1D model; the wrong dimension of --k is then an error', async () => {
    const one = await run(['kpoint', '--model', 'chain_tb.dat', '--dim', '1', '--k', '0.25', '--quantity', 'energies', '--backend', 'ts', '--json'], { cwd });
    expect(one.code).toBe(0);
    const three = await run(['kpoint', '--model', 'chain_tb.dat', '--k', '0.25,0,0', '--quantity', 'energies', '--backend', 'ts', '--json'], { cwd });
    expect(json(one.stdout).results.energies.values).toEqual(json(three.stdout).results.energies.values);
    const wrong = await run(['kpoint', '--model', 'chain_tb.dat', '--dim', '1', '--k', '0.25,0,0', '--quantity', 'energies', '--json'], { cwd });
    expect(wrong.code).toBe(1);
    expect(json(wrong.stderr).error.where).toMatch(/^--k/);
  });

  it('misuse is an error naming the option: --geometry with a tb.dat or a built-in, --dim with a built-in, --dim 4', async () => {
    for (const [args, where] of [
      [['--model', 'chain_tb.dat', '--geometry', 'chain_geometry.json'], '--geometry'],
      [['--model', 'haldane', '--geometry', 'chain_geometry.json'], '--geometry'],
      [['--model', 'haldane', '--dim', '2'], '--dim'],
    ] as const) {
      const r = await run(['kpoint', ...args, '--k', '0,0', '--quantity', 'energies', '--json'], { cwd });
      expect(r.code, args.join(' ')).toBe(1);
      expect(json(r.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where });
    }
    const r = await run(['kpoint', '--model', 'chain_tb.dat', '--dim', '4', '--k', '0,0', '--quantity', 'energies', '--json'], { cwd });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--dim/);
  });

  it('every command that takes --model has --geometry and --dim', async () => {
    for (const c of COMMANDS) {
      const help = (await run([c, '--help'])).stdout;
      if (!help.includes('--model')) continue;
      expect(help, c).toContain('--geometry <FILE>');
      expect(help, c).toContain('--dim <N>');
    }
  });
});
