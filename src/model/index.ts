/**
 * Models: types, validation, JSON I/O, built-ins, compilation, and `loadModel` for Node, which
 * accepts a built-in spec (`haldane:phi=pi/3`), an `orbitronics-model/1` JSON file, or Wannier90
 * `seedname_tb.dat` / `seedname_hr.dat` files. `modelFromText` is the browser-safe core (no fs).
 */
import { OrbitronicsError } from '../errors.js';
import { checkInputSize } from '../limits.js';
import { hrNumWann, parseCentresXyz, parseHrGeometry, parseWinLattice, readHr, readTb, type HrGeometry, type Wannier90Options } from '../io/wannier90.js';
import { buildBuiltin, isBuiltinSpec } from './builtins/index.js';
import { parseModel } from './io.js';
import type { Model } from './types.js';

export * from './types.js';
export { compileModel, PAULI, reciprocalOf } from './compile.js';
export { validateModel, normalizeModel, isValidModel, MODEL_JSON_SCHEMA, MODEL_FORMAT, pointer, type ValidateOptions } from './validate.js';
export { parseModel, serializeModel, parseJsonText, lineColumn } from './io.js';
export { BUILTIN_MODELS, builtinNames, getBuiltin, isBuiltinSpec, parseModelSpec, parseParamValue, buildBuiltin, type BuiltinModel, type ParamSpec, type ParamValue } from './builtins/index.js';
export { readHr, readTb, writeHr, writeTb, hrGeometryOf, parseHrGeometry, parseWinLattice, parseCentresXyz, type HrGeometry, type Wannier90Options, type WriteOptions } from '../io/wannier90.js';

/** Options of {@link loadModel}: Wannier90 reader options plus the geometry of a `seedname_hr.dat`. */
export interface LoadOptions extends Wannier90Options {
  /**
   * For seedname_hr.dat: the lattice and Wannier centres, as an object or the path of a JSON file
   * `{ "lattice": [[..],[..],[..]], "centres": [[x,y,z], ...] }`. If absent, loadModel looks for
   * `seedname_geometry.json`, then for `seedname.win` (unit_cell_cart) + `seedname_centres.xyz`.
   */
  geometry?: HrGeometry | string;
}

/** Model file kinds, from the file name: `.json`, `_hr.dat`, `_tb.dat`. */
export type ModelFileKind = 'json' | 'hr' | 'tb';

/** The kind of model file from its name, or null. */
export function modelFileKind(path: string): ModelFileKind | null {
  if (/\.json$/i.test(path)) return 'json';
  if (/_hr\.dat$/i.test(path)) return 'hr';
  if (/_tb\.dat$/i.test(path)) return 'tb';
  return null;
}

/**
 * Model from file contents (browser-safe): `.json` → parseModel, `_tb.dat` → readTb,
 * `_hr.dat` → readHr (needs `options.geometry` as an object).
 */
export function modelFromText(text: string, filename: string, options: Omit<LoadOptions, 'geometry'> & { geometry?: HrGeometry } = {}): Model {
  const kind = modelFileKind(filename);
  checkInputSize(text.length, filename);
  const w90 = { ...options, source: options.source ?? filename };
  if (kind === 'json') return parseModel(text, filename);
  if (kind === 'tb') return readTb(text, w90);
  if (kind === 'hr') {
    if (!options.geometry) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `${filename}: a seedname_hr.dat has no lattice or Wannier centres; give them as options.geometry { lattice, centres }`, {
        where: filename,
        hint: 'or use seedname_tb.dat, which contains both',
      });
    }
    return readHr(text, options.geometry, w90);
  }
  throw new OrbitronicsError('ARGUMENT_INVALID', `${filename}: unknown model file type (expected .json, _hr.dat or _tb.dat)`, { where: filename });
}

type Fs = { readFileSync(p: string, enc: 'utf8'): string; existsSync(p: string): boolean };

function nodeFs(): Fs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as Fs | undefined;
  if (!fs) throw new OrbitronicsError('IO_ERROR', 'loading model files needs Node ≥ 20.16 (process.getBuiltinModule); in a browser use modelFromText() or a built-in name');
  return fs;
}

function readText(fs: Fs, path: string): string {
  try {
    // LIMIT_EXCEEDED before a huge file is read into memory
    const st = (fs as Fs & { statSync?: (p: string) => { size: number } }).statSync?.(path);
    if (st) checkInputSize(st.size, path);
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof OrbitronicsError) throw e;
    throw new OrbitronicsError('IO_ERROR', `cannot read ${path}: ${(e as Error).message}`, { where: path, cause: e });
  }
}

function hrGeometry(fs: Fs, path: string, hrText: string, geometry: HrGeometry | string | undefined): HrGeometry {
  if (geometry && typeof geometry === 'object') return geometry;
  if (typeof geometry === 'string') return parseHrGeometry(readText(fs, geometry), geometry);
  const seed = path.replace(/_hr\.dat$/i, '');
  if (fs.existsSync(`${seed}_geometry.json`)) return parseHrGeometry(readText(fs, `${seed}_geometry.json`), `${seed}_geometry.json`);
  if (fs.existsSync(`${seed}.win`) && fs.existsSync(`${seed}_centres.xyz`)) {
    const nw = hrNumWann(hrText);
    const lattice = parseWinLattice(readText(fs, `${seed}.win`), `${seed}.win`);
    if (!Number.isFinite(nw)) return { lattice, centres: [] }; // readHr reports the bad num_wann line
    return { lattice, centres: parseCentresXyz(readText(fs, `${seed}_centres.xyz`), nw, `${seed}_centres.xyz`) };
  }
  throw new OrbitronicsError('ARGUMENT_INVALID', `${path}: a seedname_hr.dat has no lattice or Wannier centres, and none of ${seed}_geometry.json, ${seed}.win + ${seed}_centres.xyz exists`, {
    where: path,
    hint: 'pass --geometry FILE.json ({ "lattice": 3×3 Å, "centres": num_wann×3 Å }), or use seedname_tb.dat',
  });
}

/**
 * Loads a model (Node): a built-in spec (`haldane`, `haldane:t2=0.1,phi=pi/3`), a `.json` model
 * file, or Wannier90 `seedname_tb.dat` / `seedname_hr.dat` (see LoadOptions.geometry). Every
 * model returned is validated. Errors: MODEL_UNKNOWN, IO_ERROR, MODEL_*, HR_PARSE, TB_PARSE, ...
 */
export function loadModelSync(spec: string, options: LoadOptions = {}): Model {
  const fs = nodeFs();
  const kind = modelFileKind(spec);
  if (kind === null || !fs.existsSync(spec)) {
    if (isBuiltinSpec(spec) && !fs.existsSync(spec)) return buildBuiltin(spec);
    if (kind !== null || /[\\/]/.test(spec)) throw new OrbitronicsError('IO_ERROR', `model file not found: ${spec}`, { where: spec });
    return buildBuiltin(spec); // MODEL_UNKNOWN naming the built-ins
  }
  const text = readText(fs, spec);
  if (kind === 'hr') return modelFromText(text, spec, { ...options, geometry: hrGeometry(fs, spec, text, options.geometry) });
  const { geometry: _g, ...rest } = options;
  return modelFromText(text, spec, rest);
}

/** Async form of loadModelSync (same inputs and errors). */
export async function loadModel(spec: string, options: LoadOptions = {}): Promise<Model> {
  return loadModelSync(spec, options);
}
