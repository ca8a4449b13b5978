/**
 * The one error type of the package. `code` is public API (stable, documented in
 * docs/reliability.md); `where` is a JSON pointer (`/hoppings/3/R`) for model JSON or
 * `file:line:column` for text formats; `hint` names the usual mistake.
 */
export type ErrorCode =
  | 'MODEL_SCHEMA' // model JSON does not match orbitronics-model/1
  | 'MODEL_JSON' // not valid JSON at all
  | 'MODEL_NOT_HERMITIAN' // a hopping set / matrix that is not Hermitian
  | 'MODEL_INVALID' // schema-valid but physically inconsistent (index out of range, singular lattice, ...)
  | 'MODEL_UNKNOWN' // unknown built-in model name
  | 'PARAM_INVALID' // NaN / infinite / out-of-range parameter
  | 'HR_PARSE' // Wannier90 seedname_hr.dat
  | 'TB_PARSE' // Wannier90 seedname_tb.dat
  | 'KPOINT_INVALID' // wrong dimension, non-finite
  | 'GRID_INVALID' // impossible grid
  | 'PATH_INVALID' // unknown label or malformed k-path
  | 'QUANTITY_UNKNOWN'
  | 'OBSERVABLE_UNKNOWN'
  | 'DEGENERATE_UNDEFINED'
  | 'WASM_UNAVAILABLE'
  | 'ARGUMENT_INVALID' // CLI / API argument
  | 'LIMIT_EXCEEDED' // resource limits (grid × bands, input size)
  | 'IO_ERROR'
  | 'ABORTED'
  | 'WORKER_FAILED'
  | 'INTERNAL';

/** Every error orbitronics throws: a stable `code` (public API, docs/reliability.md), `where` (`file:line:col` or a JSON pointer) and an optional `hint`. */
export class OrbitronicsError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, opts: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'OrbitronicsError';
    this.code = code;
    this.where = opts.where;
    this.hint = opts.hint;
  }

  /** The CLI's `--json` error object `{ code, message, where?, hint? }`. */
  toJSON(): { code: ErrorCode; message: string; where?: string; hint?: string } {
    const o: { code: ErrorCode; message: string; where?: string; hint?: string } = { code: this.code, message: this.message };
    if (this.where !== undefined) o.where = this.where;
    if (this.hint !== undefined) o.hint = this.hint;
    return o;
  }
}

/** Type guard for {@link OrbitronicsError}. */
export const isOrbitronicsError = (e: unknown): e is OrbitronicsError => e instanceof OrbitronicsError;

/** Throws PARAM_INVALID unless `x` is a finite number. */
export function requireFinite(x: number, what: string, where?: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new OrbitronicsError('PARAM_INVALID', `${what} must be a finite number. Value: ${String(x)}.`, { where });
  }
  return x;
}
