/**
 * Models: types, validation, JSON I/O, built-ins, compilation, and `loadModel` for Node, which
 * accepts a built-in spec (`haldane:phi=pi/3`), an `orbitronics-model/1` JSON file, or Wannier90
 * `seedname_tb.dat` / `seedname_hr.dat` files. `modelFromText` is the browser-safe core (no fs).
 */
import { OrbitronicsError } from '../errors.js';
import { checkInputSize } from '../limits.js';
import { hrNumWann, parseCentresXyz, parseHrGeometry, parseWinLattice, readHr, readTb, readWsvec, type HrGeometry, type Wannier90Options, type WsvecData } from '../io/wannier90.js';
import { buildBuiltin, isBuiltinSpec } from './builtins/index.js';
import { parseModel } from './io.js';
import type { Model } from './types.js';

export * from './types.js';
export { compileModel, PAULI, reciprocalOf } from './compile.js';
export { validateModel, normalizeModel, isValidModel, MODEL_JSON_SCHEMA, MODEL_FORMAT, pointer, type ValidateOptions } from './validate.js';
export { parseModel, serializeModel, parseJsonText, lineColumn } from './io.js';
export { BUILTIN_MODELS, builtinNames, getBuiltin, isBuiltinSpec, parseModelSpec, parseParamValue, buildBuiltin, type BuiltinModel, type ParamSpec, type ParamValue } from './builtins/index.js';
export { readHr, readTb, readWsvec, writeHr, writeTb, hrGeometryOf, parseHrGeometry, parseWinLattice, parseCentresXyz, type HrGeometry, type Wannier90Options, type WriteOptions, type WsvecData, type WsvecMeta } from '../io/wannier90.js';

/** Options of {@link loadModel}: Wannier90 reader options plus the geometry of a `seedname_hr.dat`. */
export interface LoadOptions extends Omit<Wannier90Options, 'wsvec'> {
  /**
   * For seedname_hr.dat: the lattice and Wannier centres, as an object or the path of a JSON file
   * `{ "lattice": [[..],[..],[..]], "centres": [[x,y,z], ...] }`. If absent, loadModel looks for
   * `seedname_geometry.json`, then for `seedname.win` (unit_cell_cart) + `seedname_centres.xyz`.
   */
  geometry?: HrGeometry | string;
  /**
   * For seedname_hr.dat / seedname_tb.dat: the MDRS shifts (Wannier90 `use_ws_distance`), as parsed
   * data (`readWsvec`) or the path of a `seedname_wsvec.dat`; `false` reads without them. If absent,
   * loadModelSync uses `seedname_wsvec.dat` next to the model file when it exists, and records it in
   * `model.meta.wsvec` (`auto: true`; the CLI prints a note). An error for other model kinds.
   */
  wsvec?: WsvecData | string | false;
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
export function modelFromText(text: string, filename: string, options: Omit<LoadOptions, 'geometry' | 'wsvec'> & { geometry?: HrGeometry; wsvec?: WsvecData | false } = {}): Model {
  const kind = modelFileKind(filename);
  checkInputSize(text.length, filename);
  const { wsvec, ...rest } = options;
  const w90: Wannier90Options & { geometry?: HrGeometry } = { ...rest, source: options.source ?? filename, ...(wsvec ? { wsvec } : {}) };
  if (wsvec && kind !== 'hr' && kind !== 'tb') {
    throw new OrbitronicsError('ARGUMENT_INVALID', `${filename}: a seedname_wsvec.dat (MDRS shifts) applies to Wannier90 _hr.dat / _tb.dat models only`, { where: wsvec.source });
  }
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
    if (isBuiltinSpec(spec) && !fs.existsSync(spec)) {
      if (options.wsvec) throw new OrbitronicsError('ARGUMENT_INVALID', `a seedname_wsvec.dat (MDRS shifts) applies to Wannier90 _hr.dat / _tb.dat models only, not to the built-in model ${spec}`, { where: typeof options.wsvec === 'string' ? options.wsvec : options.wsvec.source });
      return buildBuiltin(spec);
    }
    if (kind !== null || /[\\/]/.test(spec)) throw new OrbitronicsError('IO_ERROR', `model file not found: ${spec}`, { where: spec });
    return buildBuiltin(spec); // MODEL_UNKNOWN naming the built-ins
  }
  const text = readText(fs, spec);
  const { geometry: _g, wsvec: _w, ...rest } = options;
  const ws = wsvecFor(fs, spec, kind, options.wsvec);
  if (kind === 'hr') return withAuto(modelFromText(text, spec, { ...rest, wsvec: ws.data, geometry: hrGeometry(fs, spec, text, options.geometry) }), ws.auto);
  return withAuto(modelFromText(text, spec, { ...rest, wsvec: ws.data }), ws.auto);
}

/** The wsvec data for a model file: given (data or path), none (`false`), or `seedname_wsvec.dat` next to an hr/tb file. */
function wsvecFor(fs: Fs, spec: string, kind: ModelFileKind, wsvec: LoadOptions['wsvec']): { data?: WsvecData; auto: boolean } {
  if (wsvec === false) return { auto: false };
  const code = kind === 'tb' ? 'TB_PARSE' : 'HR_PARSE';
  if (typeof wsvec === 'string') {
    if (kind === 'json') throw new OrbitronicsError('ARGUMENT_INVALID', `${wsvec}: a seedname_wsvec.dat (MDRS shifts) applies to Wannier90 _hr.dat / _tb.dat models only, not to ${spec}`, { where: wsvec });
    return { data: readWsvec(readText(fs, wsvec), wsvec, code), auto: false };
  }
  if (wsvec) return { data: wsvec, auto: false };
  if (kind === 'json') return { auto: false };
  const auto = spec.replace(/_(hr|tb)\.dat$/i, '_wsvec.dat');
  if (auto === spec || !fs.existsSync(auto)) return { auto: false };
  return { data: readWsvec(readText(fs, auto), auto, code), auto: true };
}

function withAuto(m: Model, auto: boolean): Model {
  const ws = m.meta?.wsvec as Record<string, unknown> | undefined;
  if (ws) ws.auto = auto;
  return m;
}

/** Async form of loadModelSync (same inputs and errors). */
export async function loadModel(spec: string, options: LoadOptions = {}): Promise<Model> {
  return loadModelSync(spec, options);
}
