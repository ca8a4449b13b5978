/**
 * Model JSON I/O: `parseModel` (text → validated Model, MODEL_JSON errors with line:column) and
 * `serializeModel` (Model → canonical JSON text; parseModel(serializeModel(m)) reproduces m exactly).
 */
import { OrbitronicsError } from '../errors.js';
import { checkJsonDepth } from '../limits.js';
import type { Model } from './types.js';
import { normalizeModel, validateModel, type ValidateOptions } from './validate.js';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Locates the first JSON syntax error (V8's messages do not always carry a position).
 * A small recursive-descent scanner of RFC 8259; returns null if the text is valid JSON.
 */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | null {
  return scanJson(text).error;
}

/** Character offset of the value at a JSON pointer (`/hoppings/3/R`) in valid JSON text, or null. */
export function locatePointer(text: string, ptr: string): number | null {
  if (ptr === '') return 0;
  const target = ptr
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return scanJson(text, target).found;
}

function scanJson(text: string, target?: string[]): { error: { offset: number; message: string } | null; found: number | null } {
  let found: number | null = null;
  const path: string[] = [];
  const atTarget = () => target !== undefined && found === null && path.length === target.length && path.every((p, k) => p === target[k]);
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const ws = () => {
    while (i < n) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else break;
    }
  };
  const describe = (pos: number) => (pos >= n ? 'end of input' : `'${text[pos]}'`);
  const value = (): void => {
    ws();
    if (atTarget()) found = i;
    if (i >= n) throw new Stop(i, 'unexpected end of input, expected a value');
    const c = text[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    const word = /^[A-Za-z_+.][A-Za-z0-9_+.-]*/.exec(text.slice(i, i + 20))?.[0];
    if (word === 'NaN' || word === 'Infinity' || word === '-Infinity') throw new Stop(i, `${word} is not valid JSON (numbers must be finite)`);
    throw new Stop(i, `unexpected ${word ? `'${word}'` : describe(i)}, expected a value`);
  };
  const object = () => {
    i++; // {
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw new Stop(i, `expected a double-quoted property name, found ${describe(i)}${text[i] === '}' ? ' (trailing comma?)' : ''}`);
      const keyStart = i;
      string();
      const key = target ? (JSON.parse(text.slice(keyStart, i)) as string) : '';
      ws();
      if (text[i] !== ':') throw new Stop(i, `expected ':' after the property name, found ${describe(i)}`);
      i++;
      path.push(key);
      value();
      path.pop();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      throw new Stop(i, `expected ',' or '}' after a property value, found ${describe(i)}`);
    }
  };
  const array = () => {
    i++; // [
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      ws();
      if (text[i] === ']' || text[i] === ',') throw new Stop(i, `expected a value, found ${describe(i)}${text[i] === ']' ? ' (trailing comma?)' : ''}`);
      path.push(String(index));
      value();
      path.pop();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      throw new Stop(i, `expected ',' or ']' after an array element, found ${describe(i)}`);
    }
  };
  const string = () => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'invalid \\u escape in string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, `invalid escape '\\${e ?? ''}' in string`);
        continue;
      }
      if (c < 32) throw new Stop(i, 'control character (e.g. a line break) inside a string');
      i++;
    }
    throw new Stop(start, 'unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0].length === 0) throw new Stop(i, `invalid number`);
    const after = text[i + m[0].length];
    if (after === '.' || after === 'e' || after === 'E' || (after !== undefined && after >= '0' && after <= '9')) throw new Stop(i, `invalid number '${text.slice(i, i + m[0].length + 1)}'`);
    i += m[0].length;
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < n) throw new Stop(i, `unexpected ${describe(i)} after the end of the JSON document`);
    return { error: null, found };
  } catch (e) {
    if (e instanceof Stop) return { error: { offset: e.offset, message: e.message }, found };
    throw e;
  }
}

/** Parses JSON text, throwing MODEL_JSON with `where` = `source:line:column`. */
export function parseJsonText(text: string, source = '<input>'): unknown {
  checkJsonDepth(text, source); // before the recursive scanner and validators: 10⁵ nested '[' overflowed their stacks
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const loc = findJsonSyntaxError(text) ?? { offset: text.length, message: (err as Error).message };
    const { line, column } = lineColumn(text, loc.offset);
    throw new OrbitronicsError('MODEL_JSON', `${source}:${line}:${column}: not valid JSON: ${loc.message}`, { where: `${source}:${line}:${column}`, cause: err });
  }
}

/**
 * JSON text → validated Model (DESIGN §3). Invalid JSON → MODEL_JSON (`where` = `source:line:column`);
 * then validateModel's MODEL_SCHEMA / MODEL_INVALID / MODEL_NOT_HERMITIAN (`where` = JSON pointer).
 */
export function parseModel(text: string, source?: string, options: Omit<ValidateOptions, 'source'> = {}): Model {
  const obj = parseJsonText(text, source ?? '<input>');
  try {
    return validateModel(obj, { ...options, source });
  } catch (e) {
    // Keep `where` = JSON pointer; name the line:column of the offending value in the message.
    if (e instanceof OrbitronicsError && e.where !== undefined && (e.where === '' || e.where.startsWith('/'))) {
      let ptr = e.where;
      let off = locatePointer(text, ptr);
      while (off === null && ptr.includes('/')) {
        ptr = ptr.slice(0, ptr.lastIndexOf('/')); // a missing property: point at its parent
        off = locatePointer(text, ptr);
      }
      if (off !== null) {
        const { line, column } = lineColumn(text, off);
        const label = `${source ?? '<input>'}:${line}:${column}`;
        const msg = source && e.message.startsWith(`${source}: `) ? `${label} ${e.message.slice(source.length + 2)}` : `${label} ${e.message}`;
        throw new OrbitronicsError(e.code, msg, { where: e.where, hint: e.hint, cause: e.cause });
      }
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new OrbitronicsError('PARAM_INVALID', `cannot serialise a non-finite number (${String(x)})`);
  return Object.is(x, -0) ? '-0' : String(x);
};
const inline = (v: unknown): string => {
  if (typeof v === 'number') return num(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{ ${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(v);
};
const block = (items: string[], indent: string): string => (items.length === 0 ? '[]' : `[\n${items.map((s) => indent + '  ' + s).join(',\n')}\n${indent}]`);

/**
 * Model → canonical JSON text (keys in DESIGN §3 order, one hopping/term per line, numbers in the
 * shortest form that round-trips exactly, −0 kept). Validate first: this does not check the model.
 */
export function serializeModel(model: Model): string {
  const m = normalizeModel(model);
  const lines: string[] = [];
  const field = (k: string, v: string) => lines.push(`  ${JSON.stringify(k)}: ${v}`);
  field('format', JSON.stringify(m.format));
  field('kind', JSON.stringify(m.kind));
  field('name', JSON.stringify(m.name));
  field('dim', String(m.dim));
  if (m.kind === 'tight-binding') {
    field('lattice', inline(m.lattice));
    field('orbitals', inline(m.orbitals));
    field('onsite', inline(m.onsite));
    field('hoppings', block(m.hoppings.map(inline), '  '));
    if (m.hermitian !== undefined) field('hermitian', JSON.stringify(m.hermitian));
  } else {
    field('basis', String(m.basis));
    field('terms', block(m.terms.map(inline), '  '));
    field('cutoff', m.cutoff === null ? 'null' : num(m.cutoff));
  }
  if (m.spin !== undefined) field('spin', m.spin === null ? 'null' : block(m.spin.map(inline), '  '));
  if (m.meta !== undefined) field('meta', JSON.stringify(m.meta));
  return `{\n${lines.join(',\n')}\n}\n`;
}
