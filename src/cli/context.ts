/** What a command gets to talk to the outside world: output sinks, TTY facts, the working directory. */
import { isOrbitronicsError, OrbitronicsError } from '../errors.js';

export interface CliIO {
  /** Standard output (a JSON document with --json, tables otherwise). */
  out(text: string): void;
  /** Standard error (notices, human error messages). */
  err(text: string): void;
  /** Stream for interactive progress bars; set only when stderr is a TTY. */
  progressStream?: NodeJS.WriteStream;
  /** Base directory for relative paths (default process.cwd()). */
  cwd: string;
  /** Aborts long computations (SIGINT in the binary). */
  signal?: AbortSignal;
}

/** Serialises with 2-space indentation but keeps arrays of numbers/strings/null on one line. NaN/±∞ → null. */
export function toJson(value: unknown): string {
  const inner = (v: unknown, indent: string): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return inner(Array.from(v as unknown as ArrayLike<number>), indent);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const flat = v.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')));
      if (flat) return `[${v.map((x) => inner(x, indent)).join(', ')}]`;
      const ni = indent + '  ';
      return `[\n${v.map((x) => ni + inner(x, ni)).join(',\n')}\n${indent}]`;
    }
    if (typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return inner((obj as { toJSON(): unknown }).toJSON(), indent);
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
      if (keys.length === 0) return '{}';
      const ni = indent + '  ';
      return `{\n${keys.map((k) => `${ni}${JSON.stringify(k)}: ${inner(obj[k], ni)}`).join(',\n')}\n${indent}}`;
    }
    return 'null';
  };
  return inner(value, '') + '\n';
}

/** The `{ error: { code, message, where } }` document of DESIGN §4 (plus `hint` when there is one). */
export function errorDocument(e: OrbitronicsError): { error: { code: string; message: string; where: string | null; hint?: string } } {
  const error: { code: string; message: string; where: string | null; hint?: string } = { code: e.code, message: e.message, where: e.where ?? null };
  if (e.hint !== undefined) error.hint = e.hint;
  return { error };
}

/** Human form: `orbitronics: error KPOINT_INVALID: message (at --k #1)` + hint line. */
export function errorText(e: OrbitronicsError): string {
  let s = `orbitronics: error ${e.code}: ${e.message}${e.where ? ` (at ${e.where})` : ''}\n`;
  if (e.hint) s += `  hint: ${e.hint}\n`;
  return s;
}

/** Any thrown value as an OrbitronicsError (unknown errors become INTERNAL, keeping the message). */
export function asOrbitronicsError(e: unknown): OrbitronicsError {
  if (isOrbitronicsError(e)) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && typeof (e as { code: unknown }).code === 'string' && (e as { name?: string }).name === 'OrbitronicsError') {
    const o = e as { code: string; message: string; where?: string; hint?: string };
    return new OrbitronicsError(o.code as never, o.message, { where: o.where, hint: o.hint });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new OrbitronicsError('INTERNAL', msg, { cause: e, hint: 'this is a bug in orbitronics; set ORBITRONICS_DEBUG=1 for a stack trace' });
}
