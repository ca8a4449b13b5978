/**
 * Registry of built-in models and the `NAME:key=value,...` spec parser (DESIGN §4), e.g.
 * `haldane:t=-1,t2=0.15,phi=1.5708,delta=0.2` or `haldane:phi=pi/3,strain=0.2`.
 */
import { OrbitronicsError } from '../../errors.js';
import type { Model } from '../types.js';
import { validateModel } from '../validate.js';
import type { BuiltinModel, ParamSpec, ParamValue } from './define.js';
import gappedGraphene from './gapped-graphene.js';
import haldane from './haldane.js';
import kagome from './kagome.js';
import massiveDirac from './massive-dirac.js';
import rashba from './rashba.js';
import squareDirac from './square-dirac.js';
import threeBand from './three-band.js';
import tiltedDirac from './tilted-dirac.js';
import tiltedDirac000 from './tilted-dirac-000.js';

export type { BuiltinModel, ParamSpec, ParamValue } from './define.js';

/** All built-in models, by name. */
export const BUILTIN_MODELS: Readonly<Record<string, BuiltinModel>> = Object.freeze(
  Object.fromEntries([massiveDirac, tiltedDirac, tiltedDirac000, haldane, gappedGraphene, rashba, squareDirac, threeBand, kagome].map((b) => [b.name, b])),
);

/** Names of the built-in models. */
export const builtinNames = (): string[] => Object.keys(BUILTIN_MODELS);

/** The built-in of that name, or MODEL_UNKNOWN naming the known ones. */
export function getBuiltin(name: string): BuiltinModel {
  const b = Object.hasOwn(BUILTIN_MODELS, name) ? BUILTIN_MODELS[name] : undefined;
  if (!b) {
    throw new OrbitronicsError('MODEL_UNKNOWN', `unknown built-in model "${name}". Known models: ${builtinNames().join(', ')}.`, {
      where: name,
      hint: 'a model file must end in .json, _hr.dat or _tb.dat',
    });
  }
  return b;
}

/** True if `spec` names a built-in (with or without parameters): `haldane`, `haldane:t2=0.1`. */
export function isBuiltinSpec(spec: string): boolean {
  const name = spec.split(':', 1)[0]!.trim();
  return Object.hasOwn(BUILTIN_MODELS, name);
}

/**
 * A parameter value: a number (`-1`, `1.5e-3`), `pi` products and quotients (`pi/2`, `2*pi/3`,
 * `-pi`), or for nullable parameters `null`/`none`/`inf`. Returns NaN for anything else.
 */
export function parseParamValue(text: string, nullable = false): ParamValue {
  const s = text.trim().toLowerCase();
  if (nullable && (s === 'null' || s === 'none' || s === 'inf' || s === 'infinity')) return null;
  if (s === '') return NaN;
  let sign = 1;
  let body = s;
  if (body.startsWith('-')) {
    sign = -1;
    body = body.slice(1);
  } else if (body.startsWith('+')) body = body.slice(1);
  const tokens = body.split(/([*/])/);
  let value = NaN;
  for (let i = 0; i < tokens.length; i += 2) {
    const tok = tokens[i]!.trim();
    const x = tok === 'pi' || tok === 'π' ? Math.PI : /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(tok) ? Number(tok) : NaN;
    if (i === 0) value = x;
    else value = tokens[i - 1] === '*' ? value * x : value / x;
  }
  return sign * value;
}

/**
 * `NAME[:key=value,...]` → name and the complete parameter set (defaults filled in).
 * Unknown model → MODEL_UNKNOWN; unknown or repeated key, missing `=` → ARGUMENT_INVALID naming
 * the known keys; value not a finite number → PARAM_INVALID.
 */
export function parseModelSpec(spec: string): { name: string; params: Record<string, ParamValue> } {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const b = getBuiltin(name);
  const known = Object.keys(b.params);
  const params: Record<string, ParamValue> = Object.fromEntries(Object.entries(b.params).map(([k, v]) => [k, v.default]));
  if (colon < 0) return { name, params };
  const rest = spec.slice(colon + 1).trim();
  if (rest === '') return { name, params };
  const given = new Set<string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `model spec "${spec}": "${part.trim()}" is not key=value. Parameters of ${name}: ${known.join(', ')}.`, { where: `${name}:${part.trim()}` });
    }
    const key = part.slice(0, eq).trim();
    const ps: ParamSpec | undefined = Object.hasOwn(b.params, key) ? b.params[key] : undefined;
    if (!ps) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `model spec "${spec}": unknown parameter "${key}" for ${name}. Known parameters: ${known.join(', ')}.`, { where: `${name}:${key}` });
    }
    if (given.has(key)) throw new OrbitronicsError('ARGUMENT_INVALID', `model spec "${spec}": parameter "${key}" is given twice.`, { where: `${name}:${key}` });
    given.add(key);
    const raw = part.slice(eq + 1);
    const v = parseParamValue(raw, ps.nullable);
    if (v !== null && !Number.isFinite(v)) {
      throw new OrbitronicsError('PARAM_INVALID', `model spec "${spec}": parameter ${key} must be a finite number${ps.nullable ? ' or null' : ''} (${ps.unit}). Value: "${raw.trim()}".`, {
        where: `${name}:${key}`,
        hint: 'numbers like -1, 1.5e-3, pi/2, 2*pi/3',
      });
    }
    params[key] = v;
  }
  return { name, params };
}

/**
 * Builds and validates a built-in model from a spec string (`haldane:phi=pi/3`) and/or explicit
 * parameter overrides (which win over the spec). Parameters are checked as in parseModelSpec.
 */
export function buildBuiltin(spec: string, overrides: Record<string, ParamValue> = {}): Model {
  const { name, params } = parseModelSpec(spec);
  const b = getBuiltin(name);
  for (const [k, v] of Object.entries(overrides)) {
    const ps = Object.hasOwn(b.params, k) ? b.params[k] : undefined;
    if (!ps) throw new OrbitronicsError('ARGUMENT_INVALID', `unknown parameter "${k}" for ${name}. Known parameters: ${Object.keys(b.params).join(', ')}.`, { where: `${name}:${k}` });
    if (v === null ? !ps.nullable : typeof v !== 'number' || !Number.isFinite(v)) {
      throw new OrbitronicsError('PARAM_INVALID', `parameter ${k} of ${name} must be a finite number${ps.nullable ? ' or null' : ''}. Value: ${String(v)}.`, { where: `${name}:${k}` });
    }
    params[k] = v;
  }
  return validateModel(b.build(params), { source: name });
}
