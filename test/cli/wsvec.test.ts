/**
 * CLI: Wannier90 MDRS shifts — seedname_wsvec.dat next to the model is used with a note on stderr,
 * `--wsvec FILE` names one, `--no-wsvec` reads without; the option exists on every command with --model.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, run } from '../../src/cli/main.js';

const fixtures = new URL('../fixtures/w90/', import.meta.url);
const json = (s: string) => JSON.parse(s) as Record<string, any>;

function workdir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-wsvec-'));
  for (const [from, to] of [
    ['mdrs_chain_hr.dat', 'chain_hr.dat'],
    ['mdrs_chain_geometry.json', 'chain_geometry.json'],
    ['mdrs_chain_wsvec.dat', 'chain_wsvec.dat'],
    ['mdrs_chain_hr.dat', 'bare_hr.dat'],
    ['mdrs_chain_geometry.json', 'bare_geometry.json'],
  ])
    copyFileSync(new URL(from!, fixtures), path.join(d, to!));
  return d;
}

/** Closed-form gaps of the fixture chain at κ = π/2 (test/io/wsvec.test.ts): MDRS and without. */
const GAP_MDRS = 2 * Math.hypot(0.2, Math.hypot(-1.2, 0.6));
const GAP_PLAIN = 2 * Math.hypot(0.2, 1);

describe('--wsvec / --no-wsvec', () => {
  const cwd = workdir();
  const gap = (stdout: string) => {
    const e = json(stdout).results.energies.values[0];
    return e[1] - e[0];
  };
  const kpoint = (...extra: string[]) => run(['kpoint', '--model', ...extra, '--k', '0.25,0,0', '--quantity', 'energies', '--backend', 'ts', '--json'], { cwd });

  it('seedname_wsvec.dat next to the model is used, with a note on stderr (stdout stays one JSON document)', async () => {
    const r = await kpoint('chain_hr.dat');
    expect(r.code).toBe(0);
    expect(gap(r.stdout)).toBeCloseTo(GAP_MDRS, 12);
    expect(r.stderr).toMatch(/^orbitronics: note: MDRS shifts from .*chain_wsvec\.dat applied to .*chain_hr\.dat \(3 lattice vectors → 3 with matrix elements after the shifts\) \(seedname_wsvec\.dat found next to the model; --no-wsvec reads without it\)\n$/);
  });

  it('--no-wsvec reads without it; --wsvec FILE names one (relative to the working directory)', async () => {
    const off = await kpoint('chain_hr.dat', '--no-wsvec');
    expect(off.code).toBe(0);
    expect(off.stderr).toBe('');
    expect(gap(off.stdout)).toBeCloseTo(GAP_PLAIN, 12);
    const bare = await kpoint('bare_hr.dat');
    expect(bare.stderr).toBe('');
    expect(gap(bare.stdout)).toBeCloseTo(GAP_PLAIN, 12);
    const given = await kpoint('bare_hr.dat', '--wsvec', 'chain_wsvec.dat');
    expect(given.code).toBe(0);
    expect(gap(given.stdout)).toBeCloseTo(GAP_MDRS, 12);
    expect(given.stderr).toMatch(/^orbitronics: note: MDRS shifts from .*chain_wsvec\.dat applied to .*bare_hr\.dat .*after the shifts\)\n$/);
  });

  it('errors: a wsvec with a built-in model, a missing file, a wsvec that does not fit', async () => {
    let r = await run(['kpoint', '--model', 'haldane', '--wsvec', 'chain_wsvec.dat', '--k', '0,0', '--quantity', 'energies', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(json(r.stderr).error.code).toBe('ARGUMENT_INVALID');
    r = await kpoint('chain_hr.dat', '--wsvec', 'nope_wsvec.dat');
    expect(json(r.stderr).error).toMatchObject({ code: 'IO_ERROR' });
    r = await run(['bands', '--model', 'chain_hr.dat', '--wsvec', 'chain_geometry.json', '--n', '5', '--path', '(0,0,0)-(0.5,0,0)', '--json'], { cwd });
    expect(r.code).toBe(1);
    const e = json(r.stderr).error;
    expect(e.code).toBe('HR_PARSE');
    expect(e.where).toMatch(/chain_geometry\.json:\d+:\d+$/);
  });

  it('every command that takes --model has --wsvec and --no-wsvec', async () => {
    const withModel: string[] = [];
    for (const c of COMMANDS) {
      const help = (await run([c, '--help'])).stdout;
      if (!help.includes('--model')) continue;
      withModel.push(c);
      expect(help, c).toContain('--wsvec <FILE>');
      expect(help, c).toContain('--no-wsvec');
    }
    expect(withModel).toEqual(['kpoint', 'bands', 'compute', 'ribbon', 'compare-ome', 'symmetry']);
  });

  it('bands and compute read the same MDRS model (the note once per run)', async () => {
    const b = await run(['bands', '--model', 'chain_hr.dat', '--path', '(0,0,0)-(0.5,0,0)', '--n', '3', '--backend', 'ts', '--json'], { cwd });
    expect(b.code).toBe(0);
    const e = json(b.stdout).results.energies.values[1]; // κ = π/2
    expect(e[1] - e[0]).toBeCloseTo(GAP_MDRS, 12);
    expect(b.stderr.match(/note: MDRS shifts/g)).toHaveLength(1);
    const s = await run(['symmetry', '--model', 'chain_hr.dat', '--no-wsvec', '--json'], { cwd });
    expect(s.code).toBe(0);
  });
});
