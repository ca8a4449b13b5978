import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { pythtbHaldane } from '../helpers/models.js';

const K = '0.6666666666666666,0.3333333333333333';
const json = (s: string) => JSON.parse(s) as Record<string, any>;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'orbitronics-cli-'));

describe('kpoint', () => {
  it('reproduces the Haldane calibration at K (DESIGN §4) with the documented JSON shape', async () => {
    for (const backend of ['ts', 'auto']) {
      const r = await run(['kpoint', '--model', 'haldane:t=-1,t2=0.15,phi=1.5707963267948966,delta=0.2', '--k', K, '--quantity', 'energies,berry-curvature,orbital-moment,quantum-metric', '--backend', backend, '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const d = json(r.stdout);
      expect(d.orbitronics).toMatch(/^\d+\.\d+\.\d+/);
      expect(d.model).toMatchObject({ name: 'haldane', dim: 2, bands: 2 });
      expect(typeof d.backend).toBe('string');
      if (backend === 'ts') expect(d.backend).toBe('ts');
      expect(d.kUnit).toBe('reduced');
      const { energies, 'berry-curvature': omega, 'orbital-moment': m, 'quantum-metric': g } = d.results;
      expect(energies.unit).toBe('eV');
      expect(energies.values).toHaveLength(1);
      expect(energies.values[0]).toHaveLength(2);
      expect(typeof energies.values[0][0]).toBe('number');
      expect(omega).toMatchObject({ unit: 'Å^2', components: ['z'] });
      expect(m).toMatchObject({ unit: 'muB', components: ['z'] });
      expect(g).toMatchObject({ unit: 'Å^2', components: ['xx', 'xy', 'yy'] });
      expect(omega.values[0][0][0]).toBeCloseTo(-1.117, 3);
      expect(omega.values[0][1][0]).toBeCloseTo(1.117, 3);
      expect(m.values[0][0][0]).toBeCloseTo(0.17, 3);
      expect(g.values[0][0]).toHaveLength(3);
      expect(d.diagnostics.degeneratePairs).toEqual([]);
    }
  });

  it('qgt is complex with Re Q = g and −2 Im Q^xy = Ω_z; velocity and berry-connection layouts', async () => {
    const r = await run(['kpoint', '--model', 'haldane', '--k', '0.1,0.2', '--k', K, '--quantity', 'qgt,quantum-metric,berry-curvature,velocity,berry-connection', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout).results;
    expect(d.qgt.complex).toBe(true);
    expect(d.qgt.components).toEqual(['xx', 'xy', 'yy']);
    for (let k = 0; k < 2; k++)
      for (let n = 0; n < 2; n++) {
        const Q = d.qgt.values[k][n];
        d['quantum-metric'].values[k][n].forEach((gv: number, c: number) => expect(Q[c][0]).toBeCloseTo(gv, 10));
        expect(-2 * Q[1][1]).toBeCloseTo(d['berry-curvature'].values[k][n][0], 10);
      }
    expect(d.velocity).toMatchObject({ unit: 'eV·Å', components: ['x', 'y'] });
    expect(d.velocity.values[0]).toHaveLength(2);
    expect(d.velocity.values[0][0]).toHaveLength(2);
    const A = d['berry-connection'];
    expect(A).toMatchObject({ unit: 'Å', components: ['x', 'y'], complex: true });
    expect(A.values[0][0][0][0]).toBeNull(); // diagonal: gauge dependent, not reported
    const a01 = A.values[0][0][0][1];
    const a10 = A.values[0][1][0][0];
    // Hermitian: 𝓡_10 = conj(𝓡_01)
    expect(a10[0]).toBeCloseTo(a01[0], 12);
    expect(a10[1]).toBeCloseTo(-a01[1], 12);
  });

  it('k·p model: k in Å⁻¹, massive Dirac Ω_+ = −mv²/(2d³) (paper 004)', async () => {
    const r = await run(['kpoint', '--model', 'massive-dirac:v=1.5,m=0.3', '--k', '0.1,-0.05', '--quantity', 'berry-curvature', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.kUnit).toBe('Å^-1');
    const dd = Math.sqrt(1.5 ** 2 * (0.1 ** 2 + 0.05 ** 2) + 0.3 ** 2);
    expect(d.results['berry-curvature'].values[0][1][0]).toBeCloseTo((-0.3 * 1.5 ** 2) / (2 * dd ** 3), 10);
  });

  it('reads a model JSON file relative to the working directory', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'h.json'), JSON.stringify(pythtbHaldane()));
    const r = await run(['kpoint', '--model', 'h.json', '--k', K, '--quantity', 'berry-curvature', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).results['berry-curvature'].values[0][0][0]).toBeCloseTo(-1.117, 3);
  });

  it('reports degenerate pairs and gives null band geometry there (gapless graphene at K)', async () => {
    const r = await run(['kpoint', '--model', 'haldane:t2=0,delta=0', '--k', K, '--quantity', 'energies,berry-curvature', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.diagnostics.degeneratePairs).toHaveLength(1);
    expect(d.diagnostics.degeneratePairs[0]).toMatchObject({ k: 0, bands: [0, 1] });
    expect(d.results['berry-curvature'].values[0]).toEqual([[null], [null]]);
  });

  it('human output is an aligned table with units', async () => {
    const r = await run(['kpoint', '--model', 'haldane', '--k', K, '--quantity', 'energies,berry-curvature,orbital-moment', '--backend', 'ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ω_z (Å^2)');
    expect(r.stdout).toContain('m_z (muB)');
    expect(r.stdout).toContain('-1.11697');
    expect(r.stdout).toContain('0.169868');
  });
});

describe('errors', () => {
  const cases: Array<[string, string[], string, number]> = [
    ['unknown model', ['kpoint', '--model', 'nosuchmodel', '--k', '0,0', '--quantity', 'energies', '--json'], 'MODEL_UNKNOWN', 1],
    ['missing model file', ['kpoint', '--model', 'missing/file.json', '--k', '0,0', '--quantity', 'energies', '--json'], 'IO_ERROR', 1],
    ['bad parameter', ['kpoint', '--model', 'haldane:t2=abc', '--k', '0,0', '--quantity', 'energies', '--json'], 'PARAM_INVALID', 1],
    ['wrong k dimension', ['kpoint', '--model', 'haldane', '--k', '0.1,0.2,0.3', '--quantity', 'energies', '--json'], 'KPOINT_INVALID', 1],
    ['non-numeric k', ['kpoint', '--model', 'haldane', '--k', '0.1,x', '--quantity', 'energies', '--json'], 'KPOINT_INVALID', 1],
    ['unknown quantity', ['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'energies,spinach', '--json'], 'QUANTITY_UNKNOWN', 1],
    ['integrated observable as quantity', ['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'ahc', '--json'], 'QUANTITY_UNKNOWN', 1],
    ['unknown option', ['kpoint', '--model', 'haldane', '--kk', '0,0', '--json'], 'ARGUMENT_INVALID', 2],
    ['bad backend', ['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'energies', '--backend', 'gpu', '--json'], 'ARGUMENT_INVALID', 2],
    ['unknown command', ['frobnicate', '--json'], 'ARGUMENT_INVALID', 2],
    ['bad path label', ['bands', '--model', 'haldane', '--path', 'G-Q', '--json'], 'PATH_INVALID', 1],
  ];
  it.each(cases)('%s → JSON error on stderr, no stack, non-zero exit', async (_name, argv, code, exit) => {
    const r = await run(argv);
    expect(r.code).toBe(exit);
    expect(r.stdout).toBe('');
    const e = json(r.stderr).error;
    expect(e.code).toBe(code);
    expect(typeof e.message).toBe('string');
    expect('where' in e).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('messages list the valid choices', async () => {
    const q = json((await run(['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'spinach', '--json'])).stderr).error;
    expect(q.message).toContain('berry-curvature');
    expect(q.message).toContain('orbital-moment');
    const o = json((await run(['kpoint', '--model', 'haldane', '--kk', '0,0', '--json'])).stderr).error;
    expect(o.message).toContain('--quantity');
    const b = json((await run(['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'energies', '--backend', 'gpu', '--json'])).stderr).error;
    expect(b.message).toContain('wasm-simd');
  });

  it('without --json the error is one readable line on stderr', async () => {
    const r = await run(['kpoint', '--model', 'haldane', '--k', '1,2,3', '--quantity', 'energies']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^orbitronics: error KPOINT_INVALID: .*2D.* \(at --k #1\)\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help and --version exit 0', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['kpoint', '--help'])).stdout).toContain('--quantity');
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('bands', () => {
  it('JSON: energies along G-K-M-G with labelled ticks; Berry-curvature colouring', async () => {
    const r = await run(['bands', '--model', 'haldane', '--path', 'G-K-M-G', '--n', '61', '--color', 'berry-curvature', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.model).toMatchObject({ name: 'haldane', dim: 2, bands: 2 });
    expect(d.n).toBe(61);
    expect(d.distance).toHaveLength(61);
    expect(d.ticks.map((t: any) => t.label)).toEqual(['G', 'K', 'M', 'G']);
    expect(d.results.energies.unit).toBe('eV');
    expect(d.results.energies.values).toHaveLength(61);
    const iK = d.ticks[1].index;
    expect(d.results['berry-curvature'].values[iK][0][0]).toBeCloseTo(-1.117, 3);
    expect(d.results.energies.values[iK][1] - d.results.energies.values[iK][0]).toBeCloseTo(2 * Math.abs(0.2 - 3 * Math.sqrt(3) * 0.15), 10);
  });

  it('explicit points in parentheses (k·p in Å⁻¹), with negative components', async () => {
    const r = await run(['bands', '--model', 'massive-dirac:v=1,m=0.1', '--path', '(-0.2,0)-G-(0,0.2)', '--n', '5', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.ticks.map((t: any) => t.label)).toEqual(['(-0.2,0)', 'G', '(0,0.2)']);
    expect(d.results.energies.values[0][1]).toBeCloseTo(Math.hypot(0.2, 0.1), 12);
    expect(d.results.energies.values[2][1]).toBeCloseTo(0.1, 12);
    const bad = await run(['bands', '--model', 'massive-dirac', '--n', '5', '--json']);
    expect(json(bad.stderr).error).toMatchObject({ code: 'PATH_INVALID', where: '--path' });
  });

  it('--plot writes an SVG with the high-symmetry labels', async () => {
    const dir = tmp();
    const r = await run(['bands', '--model', 'haldane', '--n', '40', '--plot', 'b.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    const svg = readFileSync(path.join(dir, 'b.svg'), 'utf8');
    for (const t of ['Γ', 'K', 'M', 'Energy (eV)']) expect(svg).toContain(t);
  });
});

describe('demo', () => {
  it('writes one SVG and one JSON per figure and reports headline numbers', async () => {
    const dir = tmp();
    const r = await run(['demo', '--out', 'out', '--figures', 'haldane-berry-curvature-map,haldane-orbital-moment-map', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.figures).toHaveLength(2);
    for (const f of d.figures) {
      expect(existsSync(f.svg)).toBe(true);
      expect(existsSync(f.json)).toBe(true);
      expect(readFileSync(f.svg, 'utf8').startsWith('<svg')).toBe(true);
    }
    const h = Object.fromEntries(d.headlines.map((x: any) => [x.quantity, x]));
    expect(h['Ω_z at K, lower band'].value).toBeCloseTo(-1.117, 3);
    expect(h['Ω_z at K, lower band'].unit).toBe('Å^2');
    expect(h['m_z at K, lower band'].value).toBeCloseTo(0.17, 3);
    expect(h['Chern number, lower band'].value).toBeCloseTo(-1, 2);
  });
});

describe('every DESIGN §4 command is registered', () => {
  it.each(['demo', 'kpoint', 'bands', 'compute', 'merge', 'ribbon', 'compare-ome', 'symmetry'])('%s has help', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: orbitronics ' + cmd);
  });
});
