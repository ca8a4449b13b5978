import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

const json = (s: string) => JSON.parse(s) as Record<string, any>;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-'));

describe('compute', () => {
  it('DESIGN §4 shape: σ_xy = +e²/h in the gap of the Haldane model, M with moment/berry parts', async () => {
    const r = await run(['compute', '--model', 'haldane', '--observable', 'ahc,orbital-magnetization', '--grid', '90x90', '--mu', '-0.2:0.2:3', '--T', '0', '--threads', '1', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d).toMatchObject({ model: { name: 'haldane', dim: 2, bands: 2 }, backend: 'ts', grid: [90, 90], T: 0 });
    expect(d.mu).toEqual([-0.2, 0, 0.2]);
    expect(d.results.ahc).toMatchObject({ unit: 'S', components: ['xy'] });
    expect(d.results.ahc.values).toHaveLength(3);
    for (const row of d.results.ahc.values) expect(row[0] * d.results.ahc.conversions['e^2/h']).toBeCloseTo(1, 6);
    const M = d.results['orbital-magnetization'];
    expect(M).toMatchObject({ unit: 'muB/cell', components: ['z'] });
    expect(Object.keys(M.parts).sort()).toEqual(['berry', 'moment']);
    for (let i = 0; i < 3; i++) expect(M.parts.moment[i][0] + M.parts.berry[i][0]).toBeCloseTo(M.values[i][0], 12);
    expect(typeof d.diagnostics.degenerateKpoints).toBe('number');
  });

  it('human table with units and the e²/h conversion; --plot writes an SVG', async () => {
    const dir = tmp();
    const r = await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '60x60', '--mu', '0', '--threads', '1', '--plot', 'ahc.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ahc xy (S)');
    expect(r.stdout).toContain('(e^2/h)');
    const svg = readFileSync(path.join(dir, 'ahc.svg'), 'utf8');
    expect(svg).toContain('μ (eV)');
    expect(svg).toContain('ahc (S)');
  });

  it('shards merge to the unsharded result bit for bit', async () => {
    const dir = tmp();
    const base = ['compute', '--model', 'haldane', '--observable', 'ahc,orbital-magnetization', '--grid', '80x80', '--mu', '-1:1:5', '--threads', '1', '--backend', 'ts'];
    for (const s of ['1/3', '2/3', '3/3']) expect((await run([...base, '--shard', s, '--out', 'parts'], { cwd: dir })).code).toBe(0);
    const files = readdirSync(path.join(dir, 'parts')).map((f) => path.join('parts', f));
    expect(files).toHaveLength(3);
    const merged = json((await run(['merge', ...files, '--json'], { cwd: dir })).stdout);
    const whole = json((await run([...base, '--json'])).stdout);
    expect(merged.results).toEqual(whole.results);
  });

  it('--symmetry integrates the irreducible wedge and agrees with the full grid', async () => {
    const base = ['compute', '--model', 'haldane', '--observable', 'ahc,orbital-magnetization', '--grid', '60x60', '--mu', '-1:1:5', '--threads', '1', '--backend', 'ts', '--json'];
    const full = json((await run(base)).stdout);
    const r = await run([...base, '--symmetry']);
    expect(r.code).toBe(0);
    const sym = json(r.stdout);
    expect(sym.diagnostics.symmetry.mode).toBe('wedge');
    expect(sym.diagnostics.symmetry.kpoints.wedge).toBeLessThan(sym.diagnostics.symmetry.kpoints.full);
    for (const name of ['ahc', 'orbital-magnetization'])
      sym.results[name].values.forEach((row: number[], i: number) => row.forEach((v, c) => expect(v).toBeCloseTo(full.results[name].values[i][c], 12)));
  });

  it('--converge reports the relative change against a 1.5× finer grid', async () => {
    const r = await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '40x40', '--mu', '-1:1:3', '--converge', '--threads', '1', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.grid).toEqual([60, 60]);
    expect(d.convergence).toMatchObject({ grid: [40, 40], fineGrid: [60, 60] });
    expect(d.convergence.relativeChange.ahc).toBeGreaterThan(0);
    expect(d.convergence.relativeChange.ahc).toBeLessThan(0.05);
  });

  it('field-driven observables take --E; without it the error points at --E', async () => {
    const r = await run(['compute', '--model', 'tilted-dirac', '--observable', 'ome,torque', '--E', 'x', '--mu', '-0.05:0.05:3', '--threads', '1', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.results.ome.components).toEqual(['z']);
    expect(d.results.ome.values).toHaveLength(3);
    const p = d.results.ome.parts;
    for (let i = 0; i < 3; i++) {
      const v = d.results.ome.values[i][0];
      expect(v).not.toBe(0);
      const terms = [p.d[i][0], p.ic[i][0], p.lc[i][0]] as number[];
      const scale = Math.max(Math.abs(v), ...terms.map(Math.abs));
      expect(Math.abs(terms.reduce((a, b) => a + b, 0) - v)).toBeLessThanOrEqual(1e-12 * scale);
    }
    expect(d.results.torque.parts).toHaveProperty('eq1');
    const e = await run(['compute', '--model', 'tilted-dirac', '--observable', 'ome', '--mu', '0', '--threads', '1', '--json']);
    expect(e.code).toBe(1);
    expect(json(e.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--E' });
  });

  it('errors: unknown observable lists the valid ones; per-k quantity hints kpoint; bad grid/μ', async () => {
    const u = await run(['compute', '--model', 'haldane', '--observable', 'spinach', '--mu', '0', '--json']);
    expect(u.code).toBe(1);
    const e = json(u.stderr).error;
    expect(e.code).toBe('OBSERVABLE_UNKNOWN');
    expect(e.message).toContain('ahc');
    expect(e.message).toContain('orbital-magnetization');
    const q = json((await run(['compute', '--model', 'haldane', '--observable', 'berry-curvature', '--mu', '0', '--json'])).stderr).error;
    expect(q.code).toBe('OBSERVABLE_UNKNOWN');
    expect(q.hint).toContain('kpoint');
    expect(json((await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '30x', '--mu', '0', '--json'])).stderr).error.code).toBe('GRID_INVALID');
    expect(json((await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '30x30x30', '--mu', '0', '--json'])).stderr).error.code).toBe('GRID_INVALID');
    expect(json((await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--mu', '0:1', '--json'])).stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--mu' });
    expect(json((await run(['compute', '--model', 'haldane', '--observable', 'ahc', '--mu', '0', '--T', '-3', '--json'])).stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--T' });
    const m = await run(['merge', 'nope.json', '--json'], { cwd: tmp() });
    expect(json(m.stderr).error.code).toBe('IO_ERROR');
  });
});

describe('kpoint torque', () => {
  it('per band, axial components, field direction recorded', async () => {
    const r = await run(['kpoint', '--model', 'three-band', '--k', '0.3,0.1', '--quantity', 'torque', '--E', 'y', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const t = json(r.stdout).results.torque;
    expect(t).toMatchObject({ unit: 'eV·Å^3', components: ['z'], field: { direction: 'y' } });
    expect(t.values[0]).toHaveLength(3);
    expect(t.values[0][0]).toHaveLength(1);
  });
});

describe('ribbon', () => {
  it('bands: zigzag Haldane ribbon has in-gap edge states localised at the edges', async () => {
    const r = await run(['ribbon', '--model', 'haldane', '--width', '12', '--observable', 'bands', '--mu', '0', '--nk', '60', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.ribbon).toMatchObject({ width: 12, bands: 24 });
    expect(d.results.energies.values).toHaveLength(60);
    expect(d.results['transverse-position'].unit).toBe('Å');
    // states at μ = 0 (in the bulk gap) sit near the edges
    let found = 0;
    d.results.energies.values.forEach((row: number[], i: number) =>
      row.forEach((e, n) => {
        if (Math.abs(e) < 0.1) {
          found++;
          expect(Math.abs(d.results['transverse-position'].values[i][n])).toBeGreaterThan(0.3 * d.ribbon.physicalWidth);
        }
      }),
    );
    expect(found).toBeGreaterThan(0);
  });

  it('ome-exact: totals for several widths and a converged slope', async () => {
    const r = await run(['ribbon', '--model', 'haldane', '--width', '12', '--observable', 'ome-exact', '--mu', '0.2', '--nk', '60', '--json']);
    expect(r.code).toBe(0);
    const o = json(r.stdout).results['ome-exact'];
    expect(o.components).toEqual(['z']);
    expect(o.totals.values).toHaveLength(3);
    expect(Math.abs(o.convergence)).toBeLessThan(1e-6 * Math.max(1, Math.abs(o.values[0][0])) + 1e-8);
  });

  it('omm-density: per-orbital profile with inter/intra/symmetric/antisymmetric parts, --plot', async () => {
    const dir = tmp();
    // TR-invariant metal, field along a zigzag ribbon: interband ≡ 0, intraband (∝ τ) odd in y (edge accumulation)
    const r = await run(['ribbon', '--model', 'gapped-graphene', '--width', '6', '--observable', 'omm-density', '--mu', '1.5', '--T', '300', '--tau', '1e-14', '--nk', '48', '--plot', 'p.svg', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    const o = d.results['omm-density'];
    expect(o).toMatchObject({ unit: 'Å^2', components: ['z'] });
    const nrow = d.position.length;
    expect(nrow).toBe(12); // zigzag: one orbital per row
    expect(o.values).toHaveLength(nrow);
    expect(o.orbitals.y).toHaveLength(12);
    expect(Object.keys(o.parts).sort()).toEqual(['antisymmetric', 'inter', 'intra', 'symmetric']);
    expect(o.partUnits).toEqual({ inter: 'Å^2', intra: 'Å^2' }); // intra × τ/ħ: per unit eE like inter
    const scale = Math.max(...o.parts.intra.map((v: number[]) => Math.abs(v[0])));
    expect(scale).toBeGreaterThan(1e-3);
    expect(Math.max(...o.parts.inter.map((v: number[]) => Math.abs(v[0])))).toBeLessThan(1e-10 * scale);
    for (let i = 0; i < nrow; i++) {
      expect(o.parts.symmetric[i][0] + o.parts.antisymmetric[i][0]).toBeCloseTo(o.values[i][0], 12);
      expect(o.values[i][0]).toBeCloseTo(o.parts.inter[i][0] + o.parts.intra[i][0], 12);
    }
    // accumulation: the upper and lower edge rows have opposite signs
    expect(Math.sign(o.values[0][0])).toBe(-Math.sign(o.values[nrow - 1][0]));
    expect(readFileSync(path.join(dir, 'p.svg'), 'utf8')).toContain('OMM density');
  });

  it('rejects non-2D or k·p models', async () => {
    const r = await run(['ribbon', '--model', 'massive-dirac', '--width', '8', '--observable', 'bands', '--mu', '0', '--json']);
    expect(json(r.stderr).error).toMatchObject({ code: 'ARGUMENT_INVALID', where: '--model' });
  });
});
