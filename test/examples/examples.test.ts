/**
 * examples/*.ts run on tiny grids (architecture B6 "docs"): each example's main() is called, its printed
 * output is captured, and the key numbers are asserted (the ones docs/ quote). One child-process run
 * checks that an example also runs stand-alone under tsx, as the docs tell users to run it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

async function capture<T>(main: () => Promise<T>): Promise<{ out: string; value: T }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const value = await main();
    return { out: lines.join('\n'), value };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('examples', () => {
  it('quickstart: Haldane geometry at K, σ_xy = e²/h in the gap, Streda slope of M', async () => {
    const { main } = await import('../../examples/quickstart.js');
    const { out, value } = await capture(main);
    expect(out).toContain('σ_xy (e²/h)');
    expect(out).toContain('M_z (muB/cell)');
    // DESIGN §4 calibration: lower band Ω_z = −1.117 Å², m_z = +0.170 μ_B at K
    expect(value.omegaK[0]).toBeCloseTo(-1.11697, 5);
    expect(value.momentK[0]).toBeCloseTo(0.16987, 5);
    for (const i of [2, 3, 4]) expect(value.ahcE2h[i]).toBeCloseTo(1, 6);
    expect(value.M[3]).toBeCloseTo(0, 12); // μ = 0: particle-hole symmetric point of this model
    expect(value.dMdmu / value.streda).toBeCloseTo(1, 6);
  });

  it('wannier90: hr.dat + geometry reproduces the built-in Haldane model; C = −1, σ_xy = e²/h', async () => {
    const { main } = await import('../../examples/wannier90.js');
    const { out, value } = await capture(main);
    expect(out).toContain('haldane_hr.dat: 2 Wannier functions');
    expect(value.gapAtK).toBeCloseTo(2 * 0.579423, 5);
    expect(value.maxDiffVsBuiltin).toBeLessThan(1e-12);
    expect(value.chern).toBeCloseTo(-1, 8);
    expect(value.ahcE2h).toBeCloseTo(1, 8);
  });

  it('custom-observable: registerObservable; G ≥ |C|; direct sum agrees', async () => {
    const { main } = await import('../../examples/custom-observable.js');
    const { out, value } = await capture(main);
    expect(out).toContain('G = (1/2π)∫Σf Tr g');
    expect(out).not.toContain('false');
    value.G.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(Math.abs(value.C[i]!) - 1e-9));
    expect(value.G[1]).toBeCloseTo(1.098877, 5);
    expect(value.C[1]).toBeCloseTo(-1, 8);
    expect(Math.abs(value.direct - value.G[1]!) / value.G[1]!).toBeLessThan(1e-12);
    expect(value.G[4]).toBeCloseTo(2 * value.G[1]!, 10); // both bands filled: twice the lower band (equal here)
  });

  it('ome-comparison: K = v_t/(6πm) in the gap, small-tilt metal form, d + ic + lc = value', async () => {
    const { main } = await import('../../examples/ome-comparison.js');
    const { out, value } = await capture(main);
    expect(out).toContain('K/closed');
    for (const r of value.ratio) expect(r).toBeCloseTo(1, 6);
    value.sumOfParts.forEach((s, i) => expect(s).toBeCloseTo(value.value[i]!, 15));
  });

  it('runs stand-alone under tsx (as documented)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/wannier90.ts'], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain('σ_xy = 3.874046e-5 S = 1.000000 e²/h');
  }, 60_000);
});
