/**
 * The error contract (docs/reliability.md §1): every ErrorCode is documented; the CLI maps every
 * error to a non-zero exit and, with --json, to { error: { code, message, where } } on stderr,
 * never with a stack trace for an input error; each reader's errors carry the documented `where`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { asOrbitronicsError, errorDocument } from '../../src/cli/context.js';
import { OrbitronicsError } from '../../src/errors.js';
import { readHr, readTb } from '../../src/io/wannier90.js';
import { parseModel } from '../../src/model/io.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const codes = [...readFileSync(path.join(root, 'src/errors.ts'), 'utf8').matchAll(/\|\s*'([A-Z_]+)'/g)].map((m) => m[1]!);

describe('error codes', () => {
  it('every ErrorCode of src/errors.ts has a row in the docs/reliability.md table', () => {
    const doc = readFileSync(path.join(root, 'docs/reliability.md'), 'utf8');
    expect(codes.length).toBeGreaterThan(15);
    for (const c of codes) expect(doc, c).toMatch(new RegExp(`^\\| \`${c}\` \\|`, 'm'));
  });

  it('where: file:line:column for text formats and JSON syntax, a JSON pointer for model content', () => {
    const where = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as OrbitronicsError).where;
      }
      return 'no error';
    };
    expect(where(() => parseModel('{"format": "orbitronics-model/1",\n  "kind": }', 'm.json'))).toBe('m.json:2:11');
    expect(where(() => parseModel('{"format": "orbitronics-model/1", "kind": "kp", "name": "x", "dim": 2, "basis": 2, "terms": [{"k": [0, 0], "matrix": "sq", "coef": 1}], "cutoff": null}', 'm.json'))).toBe('/terms/0/matrix');
    expect(where(() => readHr('header\n  2\n  1\n  1\n 0 0 0 1 1 x 0\n', { lattice: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], centres: [[0, 0, 0], [0, 0, 0]] }, { source: 'a_hr.dat' }))).toMatch(/^a_hr\.dat:\d+:\d+$/);
    expect(where(() => readTb('header\n1 0 0\n0 1 0\n', { source: 'a_tb.dat' }))).toMatch(/^a_tb\.dat:\d+:\d+$/);
  });

  it('CLI: non-zero exit, one JSON error document with code/message/where, no stack trace — for input errors and for an escaped TypeError', async () => {
    const cases: Array<[string[], string, number]> = [
      [['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '0x3', '--mu', '0'], 'GRID_INVALID', 1],
      [['kpoint', '--model', 'nosuch', '--k', '0,0', '--quantity', 'energies'], 'MODEL_UNKNOWN', 1],
      [['kpoint', '--model', 'haldane', '--k', '0,0', '--quantity', 'energies', '--bogus'], 'ARGUMENT_INVALID', 2],
      [['merge', 'does-not-exist.json'], 'IO_ERROR', 1],
    ];
    for (const [argv, code, exit] of cases) {
      for (const json of [true, false]) {
        const r = await run(json ? [...argv, '--json'] : argv);
        expect(r.code, r.stderr).toBe(exit);
        expect(r.stdout).toBe('');
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (json) {
          const e = JSON.parse(r.stderr).error;
          expect(e.code).toBe(code);
          expect(typeof e.message).toBe('string');
          expect('where' in e).toBe(true);
        } else expect(r.stderr).toMatch(new RegExp(`^orbitronics: error ${code}: `));
      }
    }
    // an escaped non-Orbitronics error becomes INTERNAL with a hint, its stack only with ORBITRONICS_DEBUG
    const e = asOrbitronicsError(new TypeError('x is not iterable'));
    expect(e.code).toBe('INTERNAL');
    expect(errorDocument(e).error).toMatchObject({ code: 'INTERNAL', message: 'x is not iterable', where: null });
  });
});
