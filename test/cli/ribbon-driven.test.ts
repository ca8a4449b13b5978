/**
 * `orbitronics ribbon --observable ome-exact --eta … --band-cuts …`: the metal reference on the command
 * line (src/cli/commands/ribbon-driven.ts → ribbonDrivenOracle, docs/ribbon.md §15). The JSON numbers are
 * those of a direct library call bit for bit; the bulk `ome` comparison (field along the ribbon) agrees
 * with the clean inter-group value to the finite-W/N_k accuracy; option errors carry codes and `where`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { run } from '../../src/cli/main.js';
import { parseGeometricList } from '../../src/cli/parse.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { ribbonDrivenOracle } from '../../src/ribbon/index.js';
import { randomTightBinding } from '../helpers/models.js';

const json = (s: string) => JSON.parse(s) as Record<string, any>;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-'));
/** JSON round trip of a library value (−0 → 0, NaN → null), as the CLI document carries it. */
const viaJson = (x: unknown) => JSON.parse(JSON.stringify(x));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const FLAT = 'square-dirac:m=1,w=0.1,alpha=0.3,vt=0.1';
const mu = 1.15, T = 1000;
const BASE = ['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--along', '1', '--width', '8,12,16', '--nk', '32', '--mu', String(mu), '--T', String(T), '--backend', 'ts', '--grid', '200x200'];

describe('ribbon ome-exact --eta/--band-cuts: the metal reference (flat square-dirac metal, E ∥ ŷ)', () => {
  it('JSON = ribbonDrivenOracle bit for bit; clean value = bulk ome value + fermi-surface (1e-9), ≠ the value d + ic + lc (−5.1 %)', async () => {
    const r = await run([...BASE, '--eta', '0.1414:0.8:6', '--band-cuts', '0', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    const etas = parseGeometricList('0.1414:0.8:6', '--eta');
    expect(etas).toHaveLength(6);
    expect(etas[0]).toBe(0.1414);
    expect(etas[5]).toBe(0.8);
    for (let i = 1; i < 6; i++) expect(etas[i]! / etas[i - 1]!).toBeCloseTo(Math.sqrt(2), 3);
    const tb = buildBuiltin(FLAT) as TightBindingModel;
    const direct = ribbonDrivenOracle(tb, { along: 1, widths: [8, 12, 16], nk: 32, mu, T, etas, bandCuts: [0], backend: createTsBackend() });
    expect(d).toMatchObject({ backend: 'ts', mu, T, ribbon: { widths: [8, 12, 16], physicalWidths: direct.physicalWidths, along: 1, nk: 32, field: 'along', direction: [0, 1] } });
    const o = d.results['ome-exact'];
    expect(o).toMatchObject({ unit: 'Å per eE', components: ['z'], source: 'intrinsic', etaUnit: 'eV', magnetizationPerField: { unit: 'A per V/m' } });
    expect(o.perEta).toEqual(viaJson(direct.perEta));
    expect(o.kinetic.values).toEqual(viaJson(direct.kinetic));
    expect(o.extrapolated).toEqual(viaJson(direct.extrapolated));
    expect(o.intrinsic).toEqual(viaJson(direct.intrinsic));
    expect(o.reason).toBe(direct.reason);
    expect(o.values[0][0]).toBe(direct.intrinsic!.slope);
    expect(o.magnetizationPerField.values[0][0]).toBe(direct.intrinsic!.magnetizationPerField);

    // the bulk comparison: `ome` with --E y on the same grid and backend, its parts
    const bulk = await compute({ model: compileModel(tb), observables: ['ome'], grid: [200, 200], mu: [mu], T, backend: 'ts', threads: 1, params: { E: 1 } });
    const K = bulk.get('ome').to('Å per eE');
    const part = (p: string) => (K.parts![p] as number[][])[0]![0]!;
    const b = d.bulk;
    expect(b).toMatchObject({ observable: 'ome', grid: [200, 200], E: 'y', frame: 'model', unit: 'Å per eE' });
    expect(b.total).toBe(K.at(0) + part('fermi-surface')); // the ribbon ∥ E prediction: value + the reading fermi-surface
    expect(b.fermiSurface).toBe(part('fermi-surface'));
    expect(rel(b.fermiSea, K.at(0))).toBeLessThan(1e-12); // the value = d + ic + lc
    expect(b.fermiSea).toBe(part('d') + part('ic') + part('lc'));
    const M = bulk.get('ome');
    expect(b.magnetizationPerField.total).toBe(M.at(0) + M.partsData['fermi-surface']![0]!);
    expect(b.magnetizationPerField.fermiSurface).toBe(M.partsData['fermi-surface']![0]);
    expect(b.magnetizationPerField.fermiSea).toBe(M.partsData.d![0]! + M.partsData.ic![0]! + M.partsData.lc![0]!);
    expect(rel(b.fermiSea + b.fermiSurface, b.total)).toBeLessThan(1e-12);
    const B = direct.intrinsic!.slope;
    expect(b.relativeDifference.intrinsic.total).toBe((B - b.total) / Math.abs(b.total));
    // measured: clean/total − 1 = 1.8e-11 (W 8/12/16, N_k 32, 200²; the clean value is W-converged to 2e-14 Å);
    // the η → 0 extrapolation from η ≥ 0.14 eV: 1.0e-5 at W 8/12/16 (independent of N_k 32…128: the finite-W error of the
    // small-η slopes, amplified by the fit; W 12/16/20 gives 1.3e-6, W 16/24/32 1.7e-8)
    console.log(
      `[ribbon-driven cli] clean ${B} Å vs bulk ome total ${b.total} (rel ${b.relativeDifference.intrinsic.total.toExponential(2)}), ` +
        `extrapolated ${direct.extrapolated!.value} ± ${direct.extrapolated!.error.toExponential(1)} (rel ${b.relativeDifference.extrapolated.total.toExponential(2)}), ` +
        `vs d+ic+lc ${b.relativeDifference.intrinsic.fermiSea.toFixed(5)}`,
    );
    expect(Math.abs(b.relativeDifference.intrinsic.total)).toBeLessThan(1e-9);
    expect(Math.abs(b.relativeDifference.extrapolated.total)).toBeLessThan(1e-4);
    expect(b.relativeDifference.intrinsic.fermiSea).toBeCloseTo(0.0511, 3); // 003's χ^int misses the fermi-surface term
  });

  it('text: per-η table, extrapolation, clean value and the bulk rows; --plot writes K against η', async () => {
    const dir = tmp();
    const r = await run([...BASE, '--eta', '0.2,0.4', '--band-cuts', '0', '--plot', 'k.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    const t = r.stdout;
    expect(t).toContain('ribbon metal reference (field along the ribbon, bulk --E y)');
    expect(t).toMatch(/η \(eV\)\s+K\(η\) \(Å\)\s+W conv\. \(rel\.\)/);
    expect(t).toContain('η → 0: not available (fewer than three η values)');
    expect(t).toContain('clean inter-group value (η = 0)');
    for (const row of ['bulk ome value + fermi-surface', 'bulk ome value = d + ic + lc (003)', 'bulk fermi-surface (reading)']) expect(t).toContain(row);
    const svg = readFileSync(path.join(dir, 'k.svg'), 'utf8');
    expect(svg).toContain('η = ħ/τ (eV)');
    expect(svg).toContain('bulk ome value + fermi-surface');
  });

  it('band cuts alone at T = 0; one --width W means W/2, 3W/4, W', async () => {
    const r = await run(['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--along', '1', '--width', '16', '--nk', '32', '--mu', '1.15', '--band-cuts', '0', '--backend', 'ts', '--grid', '60x60', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.ribbon.widths).toEqual([8, 12, 16]);
    expect(d.results['ome-exact'].perEta).toEqual([]);
    expect(d.results['ome-exact'].extrapolated).toBeNull();
    expect(d.results['ome-exact'].source).toBe('intrinsic');
  });

  it('a ribbon direction off the Cartesian axes: the bulk in the frame where the field is x (clean = total to 1e-9)', async () => {
    // ribbon along a₁ + a₂ of the square lattice: n̂ = (1, 1)/√2
    const r = await run(['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--supercell', '1,1,-1,1', '--width', '8,10,12', '--nk', '32', '--mu', '1.15', '--T', '1000', '--band-cuts', '0', '--backend', 'ts', '--grid', '100x100', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.bulk).toMatchObject({ E: null, frame: 'rotated' });
    expect(d.bulk.direction[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(d.bulk.direction[1]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(d.notes.join(' ')).toContain('not a Cartesian axis');
    const B = d.results['ome-exact'].intrinsic.slope;
    console.log(`[ribbon-driven cli] ribbon along (1,1)/√2: clean ${B} Å, bulk total (rotated frame) ${d.bulk.total} (rel ${d.bulk.relativeDifference.intrinsic.total.toExponential(2)})`);
    expect(Math.abs(d.bulk.relativeDifference.intrinsic.total)).toBeLessThan(1e-9);
  });

  it('the static oracle says, for μ in a band, that --eta/--band-cuts run the metal reference', async () => {
    const r = await run(['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--width', '8', '--nk', '32', '--mu', '1.15', '--T', '1000', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.results['ome-exact'].totals.values).toHaveLength(3);
    expect(d.notes.join(' ')).toMatch(/μ lies in bulk band 1 \(a metal\).*--eta and\/or --band-cuts run the metal reference/);
    const ins = json((await run(['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--width', '8', '--nk', '32', '--mu', '0', '--json'])).stdout);
    expect(ins.notes).toEqual([]);
  });
});

describe('ribbon ome-exact --eta/--band-cuts: errors', () => {
  const small = ['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--along', '1', '--nk', '16', '--mu', '1.15', '--backend', 'ts', '--grid', '40x40', '--json'];
  const cases: Array<[string, string[], string, string, RegExp]> = [
    ['T = 0 with --eta', ['--width', '4,6', '--eta', '0.2'], 'ARGUMENT_INVALID', '--T', /needs a temperature T > 0/],
    ['η = 0', ['--width', '4,6', '--T', '300', '--eta', '0,0.2'], 'ARGUMENT_INVALID', '--eta', /> 0/],
    ['η < 0', ['--width', '4,6', '--T', '300', '--eta', '-0.1'], 'ARGUMENT_INVALID', '--eta', /> 0/],
    ['a geometric range through 0', ['--width', '4,6', '--T', '300', '--eta', '0:0.8:4'], 'ARGUMENT_INVALID', '--eta', /> 0/],
    ['repeated η', ['--width', '4,6', '--T', '300', '--eta', '0.2,0.2'], 'ARGUMENT_INVALID', '--eta', /distinct/],
    ['a malformed η', ['--width', '4,6', '--T', '300', '--eta', '0.1:0.2'], 'ARGUMENT_INVALID', '--eta', /START:STOP:N/],
    ['one width', ['--width', '1', '--T', '300', '--eta', '0.2'], 'ARGUMENT_INVALID', '--width', /at least two widths/],
    ['repeated widths', ['--width', '6,6', '--T', '300', '--eta', '0.2'], 'ARGUMENT_INVALID', '--width', /distinct/],
    ['a width that is not an integer', ['--width', '4,6.5', '--T', '300', '--eta', '0.2'], 'ARGUMENT_INVALID', '--width', /integer/],
    ['a band cut inside a band', ['--width', '4,6', '--T', '300', '--band-cuts', '1.2'], 'ARGUMENT_INVALID', '--band-cuts', /lies in bulk band 1 .*gaps of the bulk spectrum: \(-0\.97\d*, 0\.97\d*\) eV/],
    ['a band cut outside the spectrum', ['--width', '4,6', '--T', '300', '--band-cuts', '0,3'], 'ARGUMENT_INVALID', '--band-cuts', /outside the spectrum/],
    ['repeated band cuts', ['--width', '4,6', '--T', '300', '--band-cuts', '0,0'], 'ARGUMENT_INVALID', '--band-cuts', /distinct/],
    ['a bad bulk grid', ['--width', '4,6', '--T', '300', '--band-cuts', '0', '--grid', '40x40x40'], 'GRID_INVALID', '--grid', /2 numbers/],
  ];
  for (const [name, extra, code, where, message] of cases)
    it(`rejects ${name}`, async () => {
      const r = await run([...small, ...extra]);
      expect(r.code).not.toBe(0);
      const e = json(r.stderr).error;
      expect(e).toMatchObject({ code, where });
      expect(e.message).toMatch(message);
    });

  it('rejects band cuts crossed by edge states (Chern insulator ribbon), after the ribbons are computed', async () => {
    const r = await run(['ribbon', '--model', 'haldane', '--observable', 'ome-exact', '--width', '6,8', '--nk', '32', '--mu', '1.5', '--T', '1000', '--band-cuts', '0', '--backend', 'ts', '--json']);
    const e = json(r.stderr).error;
    expect(e).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--band-cuts' });
    expect(e.message).toMatch(/edge states fill the gap/);
  });

  it('rejects k·p and 3D models, --eta/--band-cuts with other observables, and a width list for the static oracle', async () => {
    const kp = await run(['ribbon', '--model', 'massive-dirac', '--observable', 'ome-exact', '--width', '4,6', '--mu', '0.5', '--T', '300', '--eta', '0.2', '--json']);
    expect(json(kp.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--model' });
    const dir = tmp();
    writeFileSync(path.join(dir, 'm3.json'), JSON.stringify(randomTightBinding(3, 3, 7)));
    const m3 = await run(['ribbon', '--model', 'm3.json', '--observable', 'ome-exact', '--width', '4,6', '--mu', '0', '--T', '300', '--band-cuts', '0', '--json'], { cwd: dir });
    expect(json(m3.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--model' });
    const bands = await run(['ribbon', '--model', FLAT, '--observable', 'bands', '--width', '4', '--mu', '0', '--band-cuts', '0', '--json']);
    expect(json(bands.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--band-cuts' });
    const list = await run(['ribbon', '--model', FLAT, '--observable', 'ome-exact', '--width', '4,6', '--mu', '0', '--json']);
    expect(json(list.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--width' });
  });
});
