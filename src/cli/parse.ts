/** Parsers for command-line values; each failure is an OrbitronicsError naming the option. */
import { parseParamValue } from '../model/builtins/index.js';
import { OrbitronicsError, type ErrorCode } from '../errors.js';
import { checkCount, LIMITS } from '../limits.js';

const bad = (option: string, message: string, code: ErrorCode = 'ARGUMENT_INVALID', hint?: string) =>
  new OrbitronicsError(code, message, { where: option, hint });

/** commander collector for repeated options (`--k a --k b`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A strict decimal number (rejects '', '1e', '0x10', trailing garbage). */
export function parseNumber(text: string, option: string, code: ErrorCode = 'ARGUMENT_INVALID'): number {
  const s = text.trim();
  const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isFinite(x)) throw bad(option, `${option} must be a finite number. Value: '${text}'.`, code);
  return x;
}

/** Comma-separated list → trimmed non-empty items (also accepts repeated options joined). */
export function parseList(text: string | string[], option: string): string[] {
  const parts = (Array.isArray(text) ? text : [text]).flatMap((t) => t.split(','));
  const items = parts.map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw bad(option, `${option} needs at least one name.`);
  return items;
}

/** `kx,ky[,kz]` → numbers. */
export function parseVector(text: string, option: string, code: ErrorCode = 'KPOINT_INVALID'): number[] {
  const parts = text.split(',');
  return parts.map((p, i) => {
    const s = p.trim();
    // numbers, fractions and multiples of π, as in model parameters: 2/3, -1/3, pi/2
    const x = parseParamValue(s) as number;
    if (!Number.isFinite(x)) throw bad(option, `component ${i + 1} of '${text}' is not a finite number.`, code, 'write k as comma-separated numbers or fractions without spaces, e.g. --k 2/3,1/3');
    return x;
  });
}

/** `START:STOP:N` (N points including both ends) or a single value → the μ list in eV. */
export function parseRange(text: string, option: string): number[] {
  const parts = text.split(':');
  if (parts.length === 1) return [parseNumber(parts[0]!, option)];
  if (parts.length !== 3) throw bad(option, `${option} must be VALUE or START:STOP:N. Value: '${text}'.`);
  const a = parseNumber(parts[0]!, option);
  const b = parseNumber(parts[1]!, option);
  const n = parseInteger(parts[2]!, option, 1);
  checkCount(n, LIMITS.maxMuT, option); // before the list is allocated
  if (n === 1) {
    if (a !== b) throw bad(option, `${option} with N = 1 needs START = STOP. Value: '${text}'.`);
    return [a];
  }
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) * i) / (n - 1)));
}

/** Comma-separated integers ≥ min (`16,24,32`); a single value gives a one-element list. */
export function parseIntegerList(text: string, option: string, min = 1): number[] {
  const items = text.split(',');
  return items.map((s) => parseInteger(s, option, min));
}

/**
 * Comma-separated positive values, each VALUE or START:STOP:N — N values in geometric progression
 * from START to STOP (both ends included, ratio (STOP/START)^(1/(N−1)); e.g. 0.1414:0.8:6 gives ratio √2).
 */
export function parseGeometricList(text: string, option: string): number[] {
  const out: number[] = [];
  for (const item of text.split(',')) {
    const parts = item.split(':');
    if (parts.length !== 1 && parts.length !== 3) throw bad(option, `${option} must be a list of values and/or START:STOP:N ranges. Value: '${text}'.`);
    const a = parseNumber(parts[0]!, option);
    if (!(a > 0)) throw bad(option, `${option} values must be > 0. Value: '${text}'.`);
    if (parts.length === 1) {
      out.push(a);
      continue;
    }
    const b = parseNumber(parts[1]!, option);
    if (!(b > 0)) throw bad(option, `${option} values must be > 0. Value: '${text}'.`);
    const n = parseInteger(parts[2]!, option, 1);
    checkCount(n, LIMITS.maxMuT, option); // before the list is allocated
    if (n === 1) {
      if (a !== b) throw bad(option, `${option} with N = 1 needs START = STOP. Value: '${text}'.`);
      out.push(a);
      continue;
    }
    for (let i = 0; i < n; i++) out.push(i === 0 ? a : i === n - 1 ? b : a * (b / a) ** (i / (n - 1)));
  }
  return out;
}

/** A positive integer (≥ min). */
export function parseInteger(text: string, option: string, min = 1, code: ErrorCode = 'ARGUMENT_INVALID'): number {
  const s = text.trim();
  if (!/^\d+$/.test(s)) throw bad(option, `${option} must be an integer ≥ ${min}. Value: '${text}'.`, code);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min) throw bad(option, `${option} must be an integer ≥ ${min}. Value: '${text}'.`, code);
  return n;
}

/** `300x300` (or `40x40x40`) → [n1, n2(, n3)]. */
export function parseGrid(text: string, option = '--grid'): number[] {
  const parts = text.toLowerCase().split('x');
  if (parts.length < 1 || parts.length > 3) throw bad(option, `${option} must look like 300x300. Value: '${text}'.`, 'GRID_INVALID');
  return parts.map((p) => parseInteger(p, option, 1, 'GRID_INVALID'));
}

/** `I/N` with 0 ≤ I < N. */
export function parseShard(text: string, option = '--shard'): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw bad(option, `${option} must be I/N (0 ≤ I < N). Value: '${text}'.`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw bad(option, `${option} must be I/N with 0 ≤ I < N. Value: '${text}'.`);
  return { index, count };
}

/** The list of valid names, for messages. */
export const choices = (names: readonly string[]): string => names.join(', ');

/** kebab-case → camelCase (`berry-curvature` → `berryCurvature`). */
export const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** camelCase → kebab-case. */
export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
