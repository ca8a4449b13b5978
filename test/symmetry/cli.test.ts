/** `orbitronics symmetry` (DESIGN §4): group, broken candidates with violations, allowed components; --json. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

describe('orbitronics symmetry', () => {
  it('--json: tilted Dirac cone has M_xT; torque only κ_zx, intrinsic OME only E ∥ y', async () => {
    const r = await run(['symmetry', '--model', 'tilted-dirac', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.model).toMatchObject({ name: 'tilted-dirac', dim: 2, bands: 2 });
    const names = d.group.map((g: { name: string }) => g.name);
    expect(names).toEqual(expect.arrayContaining(['E', 'MxT']));
    const MxT = d.group.find((g: { name: string }) => g.name === 'MxT');
    expect(MxT).toMatchObject({ antiunitary: true, R: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]], U: [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]] });
    const st = (obs: string) => Object.fromEntries(d.observables[obs].components.map((c: { tensor: string; status: string }) => [c.tensor, c.status]));
    expect(st('torque')).toEqual({ zx: 'free', zy: 'forbidden' });
    expect(st('ome')).toEqual({ zx: 'forbidden', zy: 'free' });
    expect(st('ahc')).toEqual({ xy: 'free' });
    const T = d.broken.find((b: { name: string }) => b.name === 'T');
    expect(T.violation).toBeGreaterThan(0);
  });

  it('text: Haldane group, T broken with its violation, χ^int forbidden', async () => {
    const r = await run(['symmetry', '--model', 'haldane:t2=0.15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/symmetry group: 12 operations/);
    expect(r.stdout).toMatch(/^C3z\s/m);
    expect(r.stdout).toMatch(/^T\s+0\.78/m);
    expect(r.stdout).toMatch(/chi-int .*forbidden/);
  });

  it('bad model: error with code, no crash', async () => {
    const r = await run(['symmetry', '--model', 'no-such-model', '--json']);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stdout || r.stderr).error.code).toBe('MODEL_UNKNOWN');
  });
});

describe('orbitronics symmetry --ops', () => {
  it('user operations from a JSON file are checked and reported', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'orbitronics-sym-'));
    writeFileSync(path.join(dir, 'ops.json'), JSON.stringify([
      { name: 'my MxT', R: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]], U: [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]], antiunitary: true },
      { name: 'my C4', lattice: [[0, -1], [1, 0]] },
    ]));
    const r = await run(['symmetry', '--model', 'square-dirac', '--ops', 'ops.json', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.group.map((g: { name: string }) => g.name)).toContain('MxT');
    expect(d.notes.join()).toMatch(/my C4 does not hold/);
    const bad = await run(['symmetry', '--model', 'square-dirac', '--ops', 'missing.json', '--json'], { cwd: dir });
    expect(bad.code).not.toBe(0);
    const tol = await run(['symmetry', '--model', 'square-dirac', '--tol', '2', '--json']);
    expect(JSON.parse(tol.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--tol' });
    expect(JSON.parse((await run(['symmetry', '--model', 'square-dirac', '--tol', '1e-6', '--json'])).stdout).group).toHaveLength(4);
  });
});
