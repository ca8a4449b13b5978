/**
 * The CLI's seam to the library: model loading (relative files from the working directory),
 * backend selection, k-paths, integration, error locations. (While the libraries were being
 * written, this was the one place that answered "not available yet".)
 */
import path from 'node:path';
import { Option } from 'commander';
import type { Backend } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { compute as computeImpl, mergePartials as mergeImpl } from '../integrate/index.js';
import { highSymmetryPoints as hsp, kPath } from '../kspace/index.js';
import { OBSERVABLES } from '../observables/registry.js';
import { compileModel, isBuiltinSpec, loadModel, modelFileKind } from '../model/index.js';
import type { CompiledModel, Model } from '../model/types.js';
import type { WsvecMeta } from '../io/wannier90.js';
import { OrbitronicsError } from '../errors.js';

/** Runs `f`; an OrbitronicsError without a location gets `where` (the option it came from). */
export async function withWhere<T>(f: () => T | Promise<T>, where: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof OrbitronicsError && e.where === undefined) throw new OrbitronicsError(e.code, e.message, { where, hint: e.hint, cause: e.cause });
    throw e;
  }
}

export interface LoadedModel {
  model: Model;
  compiled: CompiledModel;
  /** The spec as given on the command line. */
  spec: string;
}

/** The Wannier90 options of every command that takes `--model`: `--geometry`, `--dim`, `--wsvec` / `--no-wsvec`. */
export interface ModelFileArgs {
  /** Path of a seedname_wsvec.dat, or false (`--no-wsvec`); absent: seedname_wsvec.dat next to the model file if it exists. */
  wsvec?: string | false;
  /** Path of a JSON `{ "lattice", "centres" }` for a seedname_hr.dat; absent: seedname_geometry.json or seedname.win + seedname_centres.xyz next to it. */
  geometry?: string;
  /** Dimension of a Wannier90 model ('1' | '2' | '3'; default 3). */
  dim?: string;
}

// The Wannier90 options of every command that takes `--model` (chained after `--model`).
/** Commander flags and help of `--geometry`. */
export const GEOMETRY_OPTION = ['--geometry <FILE>', 'lattice and Wannier centres of a Wannier90 _hr.dat: JSON { "lattice": 3×3 Å, "centres": num_wann×3 Å } (default: seedname_geometry.json, or seedname.win + seedname_centres.xyz, next to the model)'] as const;
/** `--dim` (a new Option per command). */
export const dimOption = (): Option =>
  new Option('--dim <N>', 'dimension of a Wannier90 _hr.dat/_tb.dat model (2 for a 2D material: the lattice vectors beyond N must be orthogonal to the others and carry no hopping)').choices(['1', '2', '3']);
/** Commander flags and help of `--wsvec`. */
export const WSVEC_OPTION = ['--wsvec <FILE>', 'Wannier90 seedname_wsvec.dat: MDRS shifts (use_ws_distance) for an _hr.dat/_tb.dat model (default: seedname_wsvec.dat next to the model file, if present)'] as const;
/** Commander flags and help of `--no-wsvec`. */
export const NO_WSVEC_OPTION = ['--no-wsvec', 'read a Wannier90 _hr.dat/_tb.dat without the MDRS shifts, even if seedname_wsvec.dat is present'] as const;

/**
 * `--model FILE|NAME[:k=v,...]` → validated model and its compiled form (relative files from `cwd`).
 * A Wannier90 model read with MDRS shifts gets one note line through `note` (stderr).
 */
export async function loadModelArg(spec: string, cwd: string, file: ModelFileArgs & { note?: (line: string) => void } = {}): Promise<LoadedModel> {
  const looksLikeFile = !isBuiltinSpec(spec) && (modelFileKind(spec) !== null || /[\\/]/.test(spec));
  const arg = looksLikeFile && !path.isAbsolute(spec) ? path.resolve(cwd, spec) : spec;
  const kind = looksLikeFile ? modelFileKind(spec) : null;
  if (file.geometry !== undefined && kind !== 'hr')
    throw new OrbitronicsError('ARGUMENT_INVALID', `--geometry applies to a Wannier90 seedname_hr.dat only (a _tb.dat or JSON model carries its own lattice and centres), not to ${spec}`, { where: '--geometry' });
  if (file.dim !== undefined && kind !== 'hr' && kind !== 'tb')
    throw new OrbitronicsError('ARGUMENT_INVALID', `--dim applies to Wannier90 _hr.dat / _tb.dat models only (JSON and built-in models state their dimension), not to ${spec}`, { where: '--dim' });
  const wsvec = typeof file.wsvec === 'string' ? path.resolve(cwd, file.wsvec) : file.wsvec;
  const options = {
    ...(wsvec === undefined ? {} : { wsvec }),
    ...(file.geometry === undefined ? {} : { geometry: path.resolve(cwd, file.geometry) }),
    ...(file.dim === undefined ? {} : { dim: Number(file.dim) as 1 | 2 | 3 }),
  };
  const model = await withWhere(() => loadModel(arg, options), '--model');
  const ws = model.meta?.wsvec as (WsvecMeta & { auto?: boolean }) | undefined;
  if (ws && file.note) file.note(`orbitronics: note: ${ws.note}${ws.auto ? ' (seedname_wsvec.dat found next to the model; --no-wsvec reads without it)' : ''}\n`);
  return { model, compiled: compileModel(model), spec };
}

export const BACKEND_CHOICES = ['auto', 'wasm-simd', 'wasm', 'ts'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** A backend by name ('auto' picks the fastest that loads, with a one-line notice on fallback). */
export async function getBackend(name: BackendChoice): Promise<Backend> {
  return createBackend(name);
}



export interface PathResult {
  /** Cartesian k-points [n × 3] (Å⁻¹). */
  k: Float64Array;
  /** Cumulative path length (Å⁻¹). */
  distance: Float64Array;
  ticks: Array<{ index: number; label: string }>;
}

/**
 * `--path` → the points of kPath: labels separated by '-' ("G-K-M-G"), and explicit points in
 * parentheses, reduced (tight-binding) or Å⁻¹ (k·p): "(-0.1,0)-G-(0.1,0)".
 */
export function parsePathSpec(path: string): Array<string | number[]> {
  const out: Array<string | number[]> = [];
  const re = /\s*(?:\(([^)]*)\)|([^-()\s][^-()]*?))\s*(?:-|$)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < path.length && (m = re.exec(path)) !== null) {
    if (m[0].length === 0) break;
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      const v = m[1].split(',').map((x) => Number(x.trim()));
      if (v.some((x, i) => !Number.isFinite(x) || m![1]!.split(',')[i]!.trim() === ''))
        throw new OrbitronicsError('PATH_INVALID', `k-point '(${m[1]})' in the path is not a list of numbers.`, { where: '--path' });
      out.push(v);
    } else out.push(m[2]!.trim());
  }
  if (pos < path.length) throw new OrbitronicsError('PATH_INVALID', `cannot read the k-path '${path}' at character ${pos + 1}.`, { where: '--path', hint: 'labels joined by -, e.g. G-K-M-G, or points in parentheses, e.g. (0,0)-(0.5,0)' });
  return out;
}

/** A k-path through labelled points (src/kspace). */
export async function kPathArg(compiled: CompiledModel, path: string, n: number): Promise<PathResult> {
  const points = path.includes('(') ? parsePathSpec(path) : path;
  return withWhere(() => kPath(compiled, points, n), '--path');
}

/** High-symmetry points (reduced coordinates) of the model's lattice (src/kspace). */
export async function highSymmetryPoints(compiled: CompiledModel): Promise<Record<string, number[]>> {
  return hsp(compiled);
}

/** The integration library (src/integrate + src/observables), loaded on first use. */
export interface IntegrateLib {
  compute(opts: Record<string, unknown>): Promise<unknown>;
  mergePartials(parts: unknown[]): unknown;
}
export interface ObservablesLib {
  OBSERVABLES: ReadonlyArray<{ id: string; name: string; title: string; symbol: string; dims: ReadonlyArray<number>; source: { paper: string; eq: string } }>;
}

export async function integrateLib(_command: string): Promise<IntegrateLib> {
  return { compute: computeImpl as unknown as IntegrateLib['compute'], mergePartials: mergeImpl as unknown as IntegrateLib['mergePartials'] };
}
export async function observablesLib(_command: string): Promise<ObservablesLib> {
  return { OBSERVABLES };
}
