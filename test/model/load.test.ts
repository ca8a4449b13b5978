import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, loadModelSync, modelFileKind, modelFromText, serializeModel } from '../../src/model/index.js';
import { err } from '../helpers/errors.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'orbitronics-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadModel', () => {
  it('built-in specs', async () => {
    expect(loadModelSync('haldane:t2=0.1').name).toBe('haldane');
    expect((await loadModel('tilted-dirac')).kind).toBe('kp');
    const e = err(() => loadModelSync('haldan'));
    expect(e.code).toBe('MODEL_UNKNOWN');
  });

  it('JSON model files, with errors naming the file', () => {
    const m = loadModelSync(join(fixtures, 'models/haldane.json'));
    expect(m.kind).toBe('tight-binding');
    const e = err(() => loadModelSync(join(fixtures, 'models/trailing-comma.json')));
    expect(e.code).toBe('MODEL_JSON');
    expect(e.where).toMatch(/trailing-comma\.json:11:3$/);
    expect(err(() => loadModelSync(join(fixtures, 'models/nope.json'))).code).toBe('IO_ERROR');
    expect(err(() => loadModelSync('./some/dir/model')).code).toBe('IO_ERROR');
  });

  it('Wannier90: tb.dat; hr.dat with seedname_geometry.json, with .win + _centres.xyz, or with options.geometry', () => {
    const tb = loadModelSync(join(fixtures, 'w90/chain_tb.dat'));
    expect(tb.kind === 'tight-binding' && tb.hermitian).toBe('explicit');
    const hr = loadModelSync(join(fixtures, 'w90/chain_hr.dat'));
    expect(hr.kind === 'tight-binding' && hr.orbitals[1]).toEqual([0.5, 0, 0]);
    // without the JSON sidecar: seedname.win + seedname_centres.xyz
    for (const f of ['chain_hr.dat', 'chain.win', 'chain_centres.xyz']) copyFileSync(join(fixtures, 'w90', f), join(tmp, f));
    const viaWin = loadModelSync(join(tmp, 'chain_hr.dat'));
    expect(viaWin.kind === 'tight-binding' && viaWin.lattice[0]![0]).toBeCloseTo(2, 7);
    // explicit geometry file and object
    const viaPath = loadModelSync(join(tmp, 'chain_hr.dat'), { geometry: join(fixtures, 'w90/chain_geometry.json'), dim: 1 });
    expect(viaPath.dim).toBe(1);
    const viaObj = loadModelSync(join(tmp, 'chain_hr.dat'), { geometry: { lattice: [[2, 0, 0], [0, 10, 0], [0, 0, 10]], orbitals: [[0, 0, 0], [0.5, 0, 0]] } });
    expect(serializeModel(viaObj)).toBe(serializeModel(hr).replace(join(fixtures, 'w90/chain_hr.dat'), join(tmp, 'chain_hr.dat')));
    // nothing to find
    copyFileSync(join(fixtures, 'w90/chain_hr.dat'), join(tmp, 'lonely_hr.dat'));
    const e = err(() => loadModelSync(join(tmp, 'lonely_hr.dat')));
    expect(e.code).toBe('ARGUMENT_INVALID');
    expect(e.hint).toMatch(/tb\.dat/);
  });

  it('modelFromText (browser-safe) and file kinds', () => {
    expect(modelFileKind('a/b_hr.dat')).toBe('hr');
    expect(modelFileKind('x_TB.dat')).toBe('tb');
    expect(modelFileKind('m.json')).toBe('json');
    expect(modelFileKind('m.txt')).toBeNull();
    expect(err(() => modelFromText('', 'm.txt')).code).toBe('ARGUMENT_INVALID');
    expect(err(() => modelFromText('x', 'm_hr.dat')).code).toBe('ARGUMENT_INVALID');
  });
});
