/**
 * Validation of `orbitronics-model/1` (DESIGN §3): the JSON Schema in schema/ (shapes and types),
 * then the semantic checks the schema cannot express (dimensions, index ranges, Hermiticity,
 * finiteness). `validateModel` is the gate between user input and `compileModel`, which trusts it.
 *
 * Error codes (src/errors.ts): MODEL_SCHEMA (shape/type; `where` = JSON pointer), PARAM_INVALID
 * (NaN/±Infinity, which JSON cannot hold but the API can), MODEL_INVALID (dimensions, indices,
 * singular lattice, duplicated hoppings), MODEL_NOT_HERMITIAN (explicit hopping sets, k·p and spin
 * matrices).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schema/orbitronics-model-1.schema.json';
import { OrbitronicsError } from '../errors.js';
import type { Complex, ComplexMatrix, Hopping, KpModel, KpTerm, Model, TightBindingModel } from './types.js';

/** The model file format tag, `orbitronics-model/1` (DESIGN §3). */
export const MODEL_FORMAT = 'orbitronics-model/1' as const;
/** The JSON Schema of `orbitronics-model/1` (draft 2020-12), as shipped in schema/. */
export const MODEL_JSON_SCHEMA = schema as Readonly<Record<string, unknown>>;

/** Options of `validateModel`: Hermiticity tolerance and the source name used in error locations. */
export interface ValidateOptions {
  /**
   * Relative tolerance of the Hermiticity checks (explicit hopping sets, k·p and spin matrices),
   * relative to max(1, largest |amplitude|). Default 1e-9.
   */
  hermitianTolerance?: number;
  /** Prefixed to error messages (a file name), so that the user knows which input is meant. */
  source?: string;
}

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // Ajv ships as CommonJS with `module.exports = Ajv2020`; bundlers may hand back either form.
    const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as typeof Ajv2020;
    const ajv = new AjvCtor({ allErrors: false, strict: true, strictTuples: false });
    compiled = ajv.compile(schema as object);
  }
  return compiled;
}

/** JSON pointer from path segments (RFC 6901 escaping). */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const prefix = (source: string | undefined) => (source ? `${source}: ` : '');

function fail(code: 'MODEL_INVALID' | 'MODEL_NOT_HERMITIAN' | 'PARAM_INVALID' | 'MODEL_SCHEMA', where: string, message: string, opts: { source?: string; hint?: string } = {}): never {
  throw new OrbitronicsError(code, `${prefix(opts.source)}${where || '(root)'}: ${message}`, { where: where || '', hint: opts.hint });
}

// ---------------------------------------------------------------------------------------------
// 1. Finiteness (NaN / Infinity from the API; JSON cannot hold them)

/**
 * Largest magnitude of any number in a model (eV, Å, reduced coordinates, integers): beyond it sums
 * and products in H(k), its derivatives and the geometry overflow to ±Infinity.
 */
export const MAX_MODEL_MAGNITUDE = 1e30;
/** Largest total power of k in a k·p term. */
export const MAX_KP_DEGREE = 32;

function checkFinite(x: unknown, path: Array<string | number>, source?: string): void {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) fail('PARAM_INVALID', pointer(...path), `must be a finite number. Value: ${String(x)}.`, { source });
    if (Math.abs(x) > MAX_MODEL_MAGNITUDE) fail('PARAM_INVALID', pointer(...path), `|${x}| is beyond the supported range ±${MAX_MODEL_MAGNITUDE} (H(k) and its derivatives would overflow).`, { source, hint: 'energies are in eV and lengths in Å' });
    return;
  }
  if (path.length > 64) fail('MODEL_SCHEMA', pointer(...path), 'is nested too deeply (an orbitronics-model/1 document needs 6 levels)', { source }); // before the stack overflows
  if (Array.isArray(x)) {
    x.forEach((v, i) => checkFinite(v, [...path, i], source));
    return;
  }
  if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (path.length === 0 && k === 'meta') continue; // free-form
      checkFinite(v, [...path, k], source);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Schema errors → one clear MODEL_SCHEMA error

const ONE_OF_MESSAGES: Record<string, string> = {
  matrix: 'must be a Pauli name ("s0", "sx", "sy", "sz") or an explicit complex matrix [[[re, im], ...], ...]',
  cutoff: 'must be a positive number (Å⁻¹) or null (all of k-space)',
  spin: 'must be null or [S_x, S_y, S_z], three complex matrices [[[re, im], ...], ...]',
};

function describeSchemaError(e: ErrorObject): { where: string; message: string; hint?: string } {
  const p = e.params as Record<string, unknown>;
  const last = e.instancePath.split('/').pop() ?? '';
  switch (e.keyword) {
    case 'required':
      return { where: e.instancePath + pointer(String(p.missingProperty)), message: `missing required property "${String(p.missingProperty)}"` };
    case 'additionalProperties':
      return {
        where: e.instancePath + pointer(String(p.additionalProperty)),
        message: `unknown property "${String(p.additionalProperty)}"`,
        hint: 'check the spelling against DESIGN §3 (format, kind, name, dim, lattice, orbitals, onsite, hoppings, hermitian, spin, meta; k·p: basis, terms, cutoff)',
      };
    case 'type':
      return { where: e.instancePath, message: `must be ${p.type === 'integer' ? 'an integer' : p.type === 'array' ? 'an array' : p.type === 'object' ? 'an object' : `a ${String(p.type)}`}` };
    case 'const':
      return { where: e.instancePath, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return { where: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'minItems':
      return { where: e.instancePath, message: `must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}` };
    case 'maxItems':
      return { where: e.instancePath, message: `must have at most ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}` };
    case 'minimum':
      return { where: e.instancePath, message: `must be ≥ ${String(p.limit)}` };
    case 'exclusiveMinimum':
      return { where: e.instancePath, message: `must be > ${String(p.limit)}` };
    case 'minLength':
      return { where: e.instancePath, message: 'must not be empty' };
    case 'oneOf':
      return { where: e.instancePath, message: ONE_OF_MESSAGES[last] ?? 'does not match any allowed form' };
    default:
      return { where: e.instancePath, message: e.message ?? 'is invalid' };
  }
}

function pickSchemaError(errors: ErrorObject[]): ErrorObject {
  const candidates = errors.filter((e) => e.keyword !== 'if');
  const list = candidates.length ? candidates : errors;
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1) + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0);
  let best = list[0]!;
  for (const e of list) {
    const d = depth(e);
    const bd = depth(best);
    if (d > bd || (d === bd && e.keyword === 'oneOf' && best.keyword !== 'oneOf')) best = e;
  }
  // A oneOf whose branches failed deeper than itself: the deeper branch error is more useful.
  return best;
}

function checkSchema(obj: unknown, source?: string): void {
  const v = schemaValidator();
  if (v(obj)) return;
  const e = pickSchemaError(v.errors ?? []);
  const d = describeSchemaError(e);
  fail('MODEL_SCHEMA', d.where, d.message, { source, hint: d.hint });
}

// ---------------------------------------------------------------------------------------------
// 3. Semantic checks

const cabs = (z: Complex) => Math.hypot(z[0], z[1]);

function checkMatrixShape(m: ComplexMatrix, n: number, path: Array<string | number>, what: string, source?: string): void {
  if (m.length !== n) fail('MODEL_INVALID', pointer(...path), `${what} must have ${n} rows (got ${m.length})`, { source });
  m.forEach((row, i) => {
    if (row.length !== n) fail('MODEL_INVALID', pointer(...path, i), `${what} must have ${n} columns (row ${i} has ${row.length})`, { source });
  });
}

function checkMatrixHermitian(m: ComplexMatrix, path: Array<string | number>, what: string, rtol: number, source?: string): void {
  let scale = 1;
  for (const row of m) for (const z of row) scale = Math.max(scale, cabs(z));
  const tol = rtol * scale;
  for (let i = 0; i < m.length; i++)
    for (let j = i; j < m.length; j++) {
      const a = m[i]![j]!;
      const b = m[j]![i]!;
      if (Math.abs(a[0] - b[0]) > tol || Math.abs(a[1] + b[1]) > tol) {
        fail('MODEL_NOT_HERMITIAN', pointer(...path, i, j), `${what} is not Hermitian: element [${i}][${j}] = [${a[0]}, ${a[1]}] but [${j}][${i}] = [${b[0]}, ${b[1]}] (must be its complex conjugate)`, { source });
      }
    }
}

function checkSpin(spin: unknown, n: number, rtol: number, source?: string): void {
  if (spin === null || spin === undefined) return;
  const s = spin as ComplexMatrix[];
  const names = ['S_x', 'S_y', 'S_z'];
  s.forEach((m, c) => {
    checkMatrixShape(m, n, ['spin', c], `spin matrix ${names[c]}`, source);
    checkMatrixHermitian(m, ['spin', c], `spin matrix ${names[c]}`, rtol, source);
  });
}

function determinant(a: number[][], dim: number): number {
  if (dim === 1) return a[0]![0]!;
  if (dim === 2) return a[0]![0]! * a[1]![1]! - a[0]![1]! * a[1]![0]!;
  const [r0, r1, r2] = a as [number[], number[], number[]];
  return (
    r0[0]! * (r1[1]! * r2[2]! - r1[2]! * r2[1]!) - r0[1]! * (r1[0]! * r2[2]! - r1[2]! * r2[0]!) + r0[2]! * (r1[0]! * r2[1]! - r1[1]! * r2[0]!)
  );
}

const hopKey = (to: number, from: number, R: number[]) => `${to}|${from}|${R.join(',')}`;

function checkTightBinding(m: TightBindingModel, rtol: number, source?: string): TightBindingModel {
  const dim = m.dim;
  if (m.lattice.length !== dim) fail('MODEL_INVALID', '/lattice', `must have dim = ${dim} lattice vectors (got ${m.lattice.length})`, { source });
  m.lattice.forEach((row, i) => {
    if (row.length !== dim) fail('MODEL_INVALID', pointer('lattice', i), `lattice vector ${i} must have dim = ${dim} components (got ${row.length})`, { source });
  });
  const det = determinant(m.lattice, dim);
  const norms = m.lattice.reduce((p, row) => p * Math.hypot(...row), 1);
  if (!(Math.abs(det) > 1e-10 * norms)) {
    fail('MODEL_INVALID', '/lattice', `the lattice vectors are linearly dependent (cell ${dim === 1 ? 'length' : dim === 2 ? 'area' : 'volume'} ${det})`, { source, hint: 'rows of "lattice" are the lattice vectors a_i in Å' });
  }
  const norb = m.orbitals.length;
  m.orbitals.forEach((o, i) => {
    if (o.length !== dim) fail('MODEL_INVALID', pointer('orbitals', i), `orbital position ${i} must have dim = ${dim} reduced coordinates (got ${o.length})`, { source });
  });
  if (m.onsite.length !== norb) {
    fail('MODEL_INVALID', '/onsite', `must have one energy per orbital: ${norb} orbitals, ${m.onsite.length} on-site energies`, { source });
  }
  const explicit = m.hermitian === 'explicit';
  const seen = new Map<string, number>();
  let scale = 1;
  m.hoppings.forEach((h, i) => {
    for (const key of ['from', 'to'] as const) {
      if (h[key] >= norb) {
        fail('MODEL_INVALID', pointer('hoppings', i, key), `orbital index ${h[key]} is out of range (the model has ${norb} orbitals, indices 0..${norb - 1})`, { source });
      }
    }
    if (h.R.length !== dim) fail('MODEL_INVALID', pointer('hoppings', i, 'R'), `R must have dim = ${dim} integer components (got ${h.R.length})`, { source });
    scale = Math.max(scale, cabs(h.t));
    const isZeroR = h.R.every((r) => r === 0);
    if (!explicit && h.from === h.to && isZeroR) {
      fail('MODEL_INVALID', pointer('hoppings', i), `hopping from orbital ${h.from} to itself with R = 0 is an on-site term`, {
        source,
        hint: 'put on-site energies in "onsite" (with implicit Hermitian conjugates this term would be counted twice)',
      });
    }
    const key = hopKey(h.to, h.from, h.R);
    const prev = seen.get(key);
    if (prev !== undefined) {
      fail('MODEL_INVALID', pointer('hoppings', i), `hopping to ${h.to} from ${h.from} at R = [${h.R.join(', ')}] is listed twice (also /hoppings/${prev})`, { source, hint: 'merge the two amplitudes into one entry' });
    }
    if (!explicit) {
      const rev = hopKey(h.from, h.to, h.R.map((r) => -r));
      const p2 = seen.get(rev);
      if (p2 !== undefined) {
        fail('MODEL_INVALID', pointer('hoppings', i), `hopping to ${h.to} from ${h.from} at R = [${h.R.join(', ')}] is the Hermitian conjugate of /hoppings/${p2}, which is added automatically`, {
          source,
          hint: 'set "hermitian": "explicit" or drop one',
        });
      }
    }
    seen.set(key, i);
  });
  if (explicit) {
    const tol = rtol * scale;
    m.hoppings.forEach((h, i) => {
      const j = seen.get(hopKey(h.from, h.to, h.R.map((r) => -r)));
      const Rm = `[${h.R.map((r) => -r || 0).join(', ')}]`;
      if (j === undefined) {
        fail('MODEL_NOT_HERMITIAN', pointer('hoppings', i), `with "hermitian": "explicit" the list must be Hermitian, but the conjugate of this hopping (to ${h.from} from ${h.to} at R = ${Rm}) is missing`, {
          source,
          hint: 'add the conjugate hopping, or remove "hermitian": "explicit" to have conjugates added automatically',
        });
      }
      const c = m.hoppings[j]!.t;
      if (Math.abs(h.t[0] - c[0]) > tol || Math.abs(h.t[1] + c[1]) > tol) {
        fail('MODEL_NOT_HERMITIAN', pointer('hoppings', i), `t = [${h.t[0]}, ${h.t[1]}] but its conjugate partner /hoppings/${j} (to ${h.from} from ${h.to} at R = ${Rm}) has t = [${c[0]}, ${c[1]}]; it must be [${h.t[0]}, ${-h.t[1]}]`, { source });
      }
    });
  }
  checkSpin(m.spin, norb, rtol, source);
  return m;
}

function checkKp(m: KpModel, rtol: number, source?: string): KpModel {
  const n = m.basis;
  m.terms.forEach((t, i) => {
    if (t.k.reduce((a, b) => a + b, 0) > MAX_KP_DEGREE) fail('MODEL_INVALID', pointer('terms', i, 'k'), `total power of k ${t.k.reduce((a, b) => a + b, 0)} is above ${MAX_KP_DEGREE}`, { source });
    if (t.k.length !== m.dim) fail('MODEL_INVALID', pointer('terms', i, 'k'), `k powers must have dim = ${m.dim} entries (got ${t.k.length})`, { source });
    if (typeof t.matrix === 'string') {
      if (n !== 2) fail('MODEL_INVALID', pointer('terms', i, 'matrix'), `Pauli name "${t.matrix}" needs basis = 2 (basis is ${n})`, { source, hint: 'give an explicit basis × basis complex matrix' });
    } else {
      checkMatrixShape(t.matrix, n, ['terms', i, 'matrix'], 'matrix', source);
      checkMatrixHermitian(t.matrix, ['terms', i, 'matrix'], 'matrix', rtol, source);
    }
  });
  checkSpin(m.spin, n, rtol, source);
  return m;
}

// ---------------------------------------------------------------------------------------------
// 4. Normalised copy (canonical key order, fresh arrays)

const copyC = (z: Complex): Complex => [z[0], z[1]];
const copyM = (m: ComplexMatrix): ComplexMatrix => m.map((r) => r.map(copyC));
const copySpin = (s: Model['spin']) => (s ? (s.map(copyM) as [ComplexMatrix, ComplexMatrix, ComplexMatrix]) : s);

/** A fresh copy with the keys in canonical order; optional keys only if present. */
export function normalizeModel<M extends Model>(m: M): M {
  if (m.kind === 'tight-binding') {
    const out: TightBindingModel = {
      format: MODEL_FORMAT,
      kind: 'tight-binding',
      name: m.name,
      dim: m.dim,
      lattice: m.lattice.map((r) => [...r]),
      orbitals: m.orbitals.map((r) => [...r]),
      onsite: [...m.onsite],
      hoppings: m.hoppings.map((h): Hopping => ({ from: h.from, to: h.to, R: [...h.R], t: copyC(h.t) })),
    };
    if (m.hermitian !== undefined) out.hermitian = m.hermitian;
    if (m.spin !== undefined) out.spin = copySpin(m.spin);
    if (m.meta !== undefined) out.meta = structuredClone(m.meta);
    return out as M;
  }
  const out: KpModel = {
    format: MODEL_FORMAT,
    kind: 'kp',
    name: m.name,
    dim: m.dim,
    basis: m.basis,
    terms: m.terms.map((t): KpTerm => ({ k: [...t.k], matrix: typeof t.matrix === 'string' ? t.matrix : copyM(t.matrix), coef: t.coef })),
    cutoff: m.cutoff,
  };
  if (m.spin !== undefined) out.spin = copySpin(m.spin);
  if (m.meta !== undefined) out.meta = structuredClone(m.meta);
  return out as M;
}

/**
 * Checks an object against `orbitronics-model/1` (schema, then semantics) and returns a validated
 * fresh copy (canonical key order). Throws OrbitronicsError: PARAM_INVALID (non-finite number),
 * MODEL_SCHEMA, MODEL_INVALID, MODEL_NOT_HERMITIAN; `where` is a JSON pointer.
 */
export function validateModel(obj: unknown, options: ValidateOptions = {}): Model {
  const rtol = options.hermitianTolerance ?? 1e-9;
  const source = options.source;
  checkFinite(obj, [], source);
  checkSchema(obj, source);
  const m = obj as Model;
  return normalizeModel(m.kind === 'tight-binding' ? checkTightBinding(m, rtol, source) : checkKp(m, rtol, source));
}

/** True if validateModel accepts `obj`. */
export function isValidModel(obj: unknown): boolean {
  try {
    validateModel(obj);
    return true;
  } catch {
    return false;
  }
}
