/**
 * Structured input generators for the fuzz campaign (docs/reliability.md): mutations of VALID
 * inputs — deleted / duplicated / swapped tokens and lines, replaced numbers (huge, NaN, negative
 * counts, fractions, −0, Fortran exponents), truncations, encodings (BOM, CRLF) — plus a share of
 * structure-level mutations of the parsed JSON and a small share of random text.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MODELS, buildBuiltin } from '../../src/model/builtins/index.js';
import { serializeModel } from '../../src/model/io.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { hrGeometryOf, writeHr, writeTb } from '../../src/io/wannier90.js';
import { foldToWannier90 } from '../helpers/wannier90-mdrs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../fixtures');
const fixture = (p: string) => readFileSync(path.join(FIXTURES, p), 'utf8');

// ---------------------------------------------------------------------------------------------
// Seeds (valid inputs)

const builtinModels = () => Object.keys(BUILTIN_MODELS).map((name) => buildBuiltin(name));

export function jsonSeeds(): string[] {
  const out = [fixture('models/haldane.json'), fixture('models/tilted-dirac.json')];
  for (const m of builtinModels()) out.push(serializeModel(m));
  // compact JSON.stringify forms too (one line: token mutations there shift columns, not lines)
  out.push(JSON.stringify(JSON.parse(out[0]!)));
  return out;
}

/** Small tight-binding models (≤ 3 orbitals) written as hr.dat / tb.dat, with their geometry. */
export function w90Models(): TightBindingModel[] {
  return builtinModels().filter((m): m is TightBindingModel => m.kind === 'tight-binding' && m.orbitals.length <= 4);
}

export function hrSeeds(): Array<{ text: string; geometry: ReturnType<typeof hrGeometryOf> }> {
  const out = w90Models().map((m) => ({ text: writeHr(m), geometry: hrGeometryOf(m) }));
  out.push({ text: fixture('w90/chain_hr.dat'), geometry: JSON.parse(fixture('w90/chain_geometry.json')) });
  return out;
}

export function tbSeeds(): string[] {
  return [...w90Models().map((m) => writeTb(m)), fixture('w90/chain_tb.dat')];
}

/** A seedname_wsvec.dat with the hr.dat and geometry it belongs to. */
export interface WsvecSeed {
  hr: string;
  geometry: ReturnType<typeof hrGeometryOf>;
  wsvec: string;
}

/** The hand-written MDRS chain, and small built-ins through the Wannier90 stand-in on a 2×2 mesh. */
export function wsvecSeeds(): WsvecSeed[] {
  const out: WsvecSeed[] = [{ hr: fixture('w90/mdrs_chain_hr.dat'), geometry: JSON.parse(fixture('w90/mdrs_chain_geometry.json')), wsvec: fixture('w90/mdrs_chain_wsvec.dat') }];
  for (const spec of ['gapped-graphene', 'three-band', 'kagome']) {
    const f = foldToWannier90(buildBuiltin(spec) as TightBindingModel, [2, 2, 1]);
    out.push({ hr: f.hr, geometry: f.geometry, wsvec: f.wsvec });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Replacement values

/** Numbers and number-like tokens that break naive readers. */
export const WEIRD_NUMBERS = [
  '0', '-0', '1', '-1', '2', '3', '-7', '0.5', '-0.5', '1e-320', '4.9e-324', '1e308', '-1e308', '1e309', '-1e309', '1.7976931348623157e308',
  '9007199254740993', '99999999999', '4294967297', '2147483648', '65536', '1000000', '1e6', '1E+2', '1d5', '1.0D-3', '0x10', '0b1', '1_000',
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '+', '-', '.', '1.', '.5', '+.5e-3', '1e', 'e5', '1e+', '--1', '١٢', '1,5', '', ' ',
  '00', '007', '1.2.3', '3i', 'true', 'null', '"1"', '[]', '{}',
];

const weirdToken = fc.constantFrom(...WEIRD_NUMBERS);
const junkChar = fc.constantFrom('\0', '\t', '\r', '\n', '\u00a0', '\ufeff', '\u2028', '"', "'", '\\', '#', '!', ',', ':', '[', ']', '{', '}', 'é', '😀', 'x');

// ---------------------------------------------------------------------------------------------
// Text mutations

type Mut = (text: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length) % xs.length]!;

function splitLines(text: string): string[] {
  return text.split('\n');
}

const lineMutations: Mut[] = [
  // delete a line
  (t, r) => { const l = splitLines(t); l.splice(Math.floor(r() * l.length), 1); return l.join('\n'); },
  // duplicate a line
  (t, r) => { const l = splitLines(t); const i = Math.floor(r() * l.length); l.splice(i, 0, l[i]!); return l.join('\n'); },
  // swap two lines
  (t, r) => { const l = splitLines(t); const i = Math.floor(r() * l.length), j = Math.floor(r() * l.length); [l[i], l[j]] = [l[j]!, l[i]!]; return l.join('\n'); },
  // insert a blank line
  (t, r) => { const l = splitLines(t); l.splice(Math.floor(r() * l.length), 0, ''); return l.join('\n'); },
  // delete a block of lines
  (t, r) => { const l = splitLines(t); const i = Math.floor(r() * l.length); l.splice(i, 1 + Math.floor(r() * 8)); return l.join('\n'); },
];

/** Tokens with their offsets (whitespace-separated, and JSON punctuation split off). */
function tokens(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /"(?:[^"\\\n]|\\.)*"|[-+0-9.eEdD]+|[A-Za-z_]+|[^\s]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const tokenMutations: Mut[] = [
  // delete a token
  (t, r) => { const ts = tokens(t); if (!ts.length) return t; const k = pick(ts, r); return t.slice(0, k.start) + t.slice(k.end); },
  // duplicate a token
  (t, r) => { const ts = tokens(t); if (!ts.length) return t; const k = pick(ts, r); return t.slice(0, k.end) + ' ' + t.slice(k.start, k.end) + t.slice(k.end); },
  // swap two tokens
  (t, r) => {
    const ts = tokens(t);
    if (ts.length < 2) return t;
    let a = pick(ts, r), b = pick(ts, r);
    if (a.start > b.start) [a, b] = [b, a];
    if (a.start === b.start) return t;
    return t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end);
  },
  // replace a number with a weird one
  (t, r) => {
    const ts = tokens(t).filter((k) => /^[-+0-9.]/.test(t.slice(k.start, k.end)));
    if (!ts.length) return t;
    const k = pick(ts, r);
    return t.slice(0, k.start) + pick(WEIRD_NUMBERS, r) + t.slice(k.end);
  },
  // replace any token with a weird one
  (t, r) => { const ts = tokens(t); if (!ts.length) return t; const k = pick(ts, r); return t.slice(0, k.start) + pick(WEIRD_NUMBERS, r) + t.slice(k.end); },
];

const textMutations: Mut[] = [
  // truncate
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  // insert a junk character
  (t, r) => { const i = Math.floor(r() * (t.length + 1)); return t.slice(0, i) + pick(['\0', '\t', '\r', '\u00a0', '\ufeff', '"', '\\', '#', ',', ':', '[', ']', '{', '}', 'é', '😀', '\ud800'], r) + t.slice(i); },
  // delete a character
  (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + t.slice(i + 1); },
  // CRLF / BOM / tabs
  (t) => t.replace(/\n/g, '\r\n'),
  (t) => '\ufeff' + t,
  (t) => t.replace(/ +/g, '\t'),
  // deep nesting (recursive parsers and validators must not overflow the stack)
  (t, r) => '['.repeat(1 + Math.floor(r() * 20000)) + t,
  (t, r) => { const n = 1 + Math.floor(r() * 5000); return '{"meta":'.repeat(n) + t + '}'.repeat(n); },
  // append garbage / a copy
  (t, r) => t + pick(['\n', '\n0\n', ' x', '\n\n1 2 3\n', t.slice(0, 200)], r),
];

const ALL: Mut[] = [...lineMutations, ...tokenMutations, ...tokenMutations, ...textMutations];

/** 1–4 stacked text mutations of one of the seeds. */
export function mutatedText(seeds: string[], extra: Mut[] = []): fc.Arbitrary<string> {
  const muts = [...ALL, ...extra];
  return fc
    .record({ seed: fc.nat(seeds.length - 1), ops: fc.array(fc.tuple(fc.nat(muts.length - 1), fc.integer()), { minLength: 1, maxLength: 4 }) })
    .map(({ seed, ops }) => {
      let t = seeds[seed]!;
      for (const [m, s] of ops) {
        let x = s >>> 0;
        const r = () => {
          x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
          x ^= x >>> 12;
          return (x >>> 0) / 4294967296;
        };
        t = muts[m]!(t, r);
      }
      return t;
    });
}

// ---------------------------------------------------------------------------------------------
// Structure-level JSON mutations (parse → mutate a random node → stringify)

const jsonLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2, 3, 0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 2, 1e15, -7, 1.5, null, true, false, '', 'x', 's0', 'sz', 'tight-binding', 'kp', 'explicit', 'orbitronics-model/1'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 5 }),
  fc.string({ maxLength: 6 }),
);
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jsonLeaf },
  { weight: 1, arbitrary: fc.array(jsonLeaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(jsonLeaf, { maxLength: 3 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('from', 'to', 'R', 't', 'k', 'matrix', 'coef', 'x', '__proto__', 'constructor'), jsonLeaf, { maxKeys: 4 }) },
);

function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (prefix.length > 12) return out; // do not descend into deeply wrapped nodes
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

export function mutatedJsonStructure(seeds: string[]): fc.Arbitrary<string> {
  const objs = seeds.map((s) => JSON.parse(s) as unknown);
  return fc
    .record({
      seed: fc.nat(objs.length - 1),
      ops: fc.array(fc.record({ at: fc.nat(), kind: fc.nat(5), value: jsonValue, key: fc.constantFrom('format', 'kind', 'name', 'dim', 'lattice', 'orbitals', 'onsite', 'hoppings', 'hermitian', 'spin', 'meta', 'basis', 'terms', 'cutoff', 'extra', '__proto__') }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ seed, ops }) => {
      const root = structuredClone(objs[seed]) as Record<string, unknown>;
      let doc: unknown = root;
      for (const op of ops) {
        const ps = paths(doc);
        const p = ps[op.at % ps.length]!;
        if (p.length === 0) {
          if (op.kind === 5) doc = op.value;
          else if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
            if (op.kind % 2 === 0) delete (doc as Record<string, unknown>)[op.key];
            else (doc as Record<string, unknown>)[op.key] = op.value;
          }
          continue;
        }
        const parent = p.slice(0, -1).reduce<any>((o, k) => o[k], doc);
        const last = p[p.length - 1]!;
        switch (op.kind) {
          case 0: // delete
            if (Array.isArray(parent)) parent.splice(last as number, 1);
            else delete parent[last];
            break;
          case 1: // duplicate (arrays) / replace
            if (Array.isArray(parent)) parent.splice(last as number, 0, structuredClone(parent[last as number]));
            else parent[last] = op.value;
            break;
          case 2: // replace with a value
          case 3:
            parent[last] = op.value;
            break;
          case 4: // numbers: scale / negate / non-integer
            if (typeof parent[last] === 'number') parent[last] = [parent[last] * 1e300, -parent[last], parent[last] + 0.5, -1, 0, 1e6][op.at % 6];
            else parent[last] = op.value;
            break;
          default: { // wrap in 1 or many arrays
            let v = parent[last];
            for (let d = op.at % 3 === 0 ? 100 + (op.at % 2000) : 1; d > 0; d--) v = [v];
            parent[last] = v;
          }
        }
      }
      return JSON.stringify(doc, null, op0(ops) ? 2 : undefined);
    });
}
const op0 = (ops: Array<{ at: number }>) => ops[0]!.at % 2 === 0;

/** Random printable text (a small share of the campaign). */
export const randomText = fc.string({ unit: fc.oneof(fc.constantFrom(...'0123456789 .-+eE\n\t{}[]",:abcdtrufnl'.split('')), fc.string({ maxLength: 1 })), maxLength: 300 });

// ---------------------------------------------------------------------------------------------
// Generators per reader

export function modelJsonInput(): fc.Arbitrary<string> {
  const seeds = jsonSeeds();
  return fc.oneof({ weight: 6, arbitrary: mutatedText(seeds) }, { weight: 5, arbitrary: mutatedJsonStructure(seeds) }, { weight: 1, arbitrary: randomText }, { weight: 1, arbitrary: fc.constantFrom(...seeds) });
}

/** Header-count mutations specific to Wannier90 files (num_wann / nrpts / ndegen lines). */
function headerMutations(firstCountLine: number): Mut[] {
  const setLine = (t: string, i: number, v: string) => { const l = splitLines(t); if (i < l.length) l[i] = v; return l.join('\n'); };
  return [
    (t, r) => setLine(t, firstCountLine, `  ${pick(WEIRD_NUMBERS, r)}`),
    (t, r) => setLine(t, firstCountLine + 1, `  ${pick(WEIRD_NUMBERS, r)}`),
    (t, r) => setLine(t, firstCountLine + 2, pick(['    1    1', '    0', '   -1    1    1', '    2 x', '', '    1    1    1    1    1    1    1    1    1    1    1    1    1    1    1    1'], r)),
    (t, r) => setLine(t, firstCountLine, `  ${pick(['100000', '65536', '3037000500', '1000', '0', '-2'], r)}`),
  ];
}

export function hrInput(): fc.Arbitrary<{ text: string; geometry: ReturnType<typeof hrGeometryOf> }> {
  const seeds = hrSeeds();
  const texts = seeds.map((s) => s.text);
  const geo = fc.oneof(
    { weight: 8, arbitrary: fc.constant<null>(null) },
    { weight: 1, arbitrary: fc.record({ lattice: fc.constantFrom([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [2, 0, 0], [0, 0, 1]], [[NaN, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0], [0, 1]]), centres: fc.array(fc.constantFrom([0, 0, 0], [0.5, 0.5, 0], [1e308, 0, 0], [0, 0]), { maxLength: 5 }) }) },
  );
  return fc
    .tuple(fc.nat(seeds.length - 1), fc.oneof({ weight: 12, arbitrary: mutatedText(texts, headerMutations(1)) }, { weight: 1, arbitrary: randomText }), geo)
    .map(([i, text, g]) => {
      // use the geometry of the seed the text came from when the num_wann line still matches
      const nw = Number(text.split(/\r?\n/)[1]?.trim());
      const match = seeds.find((s) => Number(s.text.split('\n')[1]!.trim()) === nw) ?? seeds[i]!;
      return { text, geometry: (g as ReturnType<typeof hrGeometryOf> | null) ?? match.geometry };
    });
}

/** wsvec-specific mutations: counts, header flags, a shift negated. */
const wsvecMutations: Mut[] = [
  (t, r) => {
    const l = splitLines(t);
    const counts = l.map((x, i) => (/^\s*\d+\s*$/.test(x) ? i : -1)).filter((i) => i >= 0);
    if (counts.length) l[pick(counts, r)] = `    ${pick(['0', '-1', '2', '3', '8', '64', '65', '1000000', '4294967297'], r)}`;
    return l.join('\n');
  },
  (t, r) => {
    const l = splitLines(t);
    l[0] = pick(['## use_ws_distance=.false.', '## use_ws_distance=T  write_ndegen_applied=.true.', '## use_ws_distance=maybe', '', '    0    0    0    1    1', '## no flag'], r);
    return l.join('\n');
  },
  (t, r) => {
    const l = splitLines(t);
    const shifts = l.map((x, i) => (/^\s*-?\d+\s+-?\d+\s+-?\d+\s*$/.test(x) ? i : -1)).filter((i) => i >= 0);
    if (shifts.length) {
      const i = pick(shifts, r);
      l[i] = l[i]!.trim().split(/\s+/).map((x) => String(-Number(x))).join(' ');
    }
    return l.join('\n');
  },
];

/** A (mutated) wsvec with its hr.dat — mostly the matching one, sometimes another model's. */
export function wsvecInput(): fc.Arbitrary<WsvecSeed> {
  const seeds = wsvecSeeds();
  return fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...seeds.map((s) => mutatedText([s.wsvec], wsvecMutations).map((wsvec) => ({ ...s, wsvec })))) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(seeds.length - 1), fc.nat(seeds.length - 1)).map(([i, j]) => ({ ...seeds[i]!, wsvec: seeds[j]!.wsvec })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(seeds.length - 1), randomText).map(([i, wsvec]) => ({ ...seeds[i]!, wsvec })) },
  );
}

export function tbInput(): fc.Arbitrary<string> {
  const seeds = tbSeeds();
  return fc.oneof({ weight: 12, arbitrary: mutatedText(seeds, headerMutations(4)) }, { weight: 1, arbitrary: randomText });
}

// ---------------------------------------------------------------------------------------------
// CLI argv

export const CLI_TEMPLATES: string[][] = [
  ['kpoint', '--model', 'haldane', '--k', '0.6667,0.3333', '--quantity', 'berry-curvature,orbital-moment', '--json'],
  ['kpoint', '--model', 'massive-dirac', '--k', '0.1,0', '--k', '0,0', '--quantity', 'energies,qgt', '--backend', 'ts'],
  ['kpoint', '--model', 'gapped-graphene:delta=0', '--k', '0.6667,0.3333', '--quantity', 'berry-curvature', '--json'],
  ['kpoint', '--model', 'MODELFILE', '--k', '0.1,0.2', '--quantity', 'energies,torque', '--E', 'y', '--json'],
  ['bands', '--model', 'haldane:t2=0.1,phi=pi/2', '--path', 'G-K-M-G', '--n', '12', '--json'],
  ['bands', '--model', 'kagome', '--n', '8', '--color', 'berry-curvature'],
  ['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '12x12', '--mu', '-1:1:3', '--T', '0', '--threads', '1', '--json'],
  ['compute', '--model', 'haldane', '--observable', 'orbital-magnetization,chern', '--grid', '8x8', '--mu', '0', '--T', '300', '--threads', '1', '--backend', 'ts'],
  ['compute', '--model', 'massive-dirac', '--observable', 'ahc', '--grid', '8x6', '--mu', '0:0.1:2', '--threads', '1', '--json'],
  ['compute', '--model', 'haldane', '--observable', 'ahc', '--grid', '8x8', '--mu', '0', '--threads', '1', '--shard', '1/2', '--json'],
  ['ribbon', '--model', 'haldane', '--width', '3', '--observable', 'bands', '--mu', '0', '--nk', '6', '--json'],
  ['merge', 'PARTIALFILE', '--json'],
  ['merge', 'PARTIAL_A', 'PARTIAL_B', '--json'],
  ['ribbon', '--model', 'haldane', '--width', '2', '--observable', 'bands', '--mu', '0', '--nk', '4', '--supercell', '1,1,-1,1', '--json'],
  ['ribbon', '--model', 'haldane', '--width', '3', '--observable', 'omm-density', '--mu', '0', '--nk', '6', '--json'],
  ['compare-ome', '--model', 'haldane', '--E', 'x', '--mu', '0:0.1:2', '--width', '4', '--nk', '12', '--grid', '30x30', '--json'],
  ['nosuchcommand', '--json'],
];

const OPTION_NAMES = ['--supercell', '--field', '--model', '--k', '--quantity', '--backend', '--json', '--grid', '--mu', '--T', '--E', '--tau', '--threads', '--shard', '--n', '--path', '--color', '--width', '--nk', '--along', '--observable', '--out', '--plot', '--converge', '--symmetry', '--help', '-V', '--', '-', '--unknown', '--json=1', '--grid=3x3'];
const VALUE_POOL = [
  ...WEIRD_NUMBERS, '3x3', '0x0', '1x1x1x1', 'x', '3x', '99999999999x2', '100000x100000', '3x-1', '2x2x2', '0:1:0', '1:0:2', '0:1:99999999999', '0:1:2:3', '1:1:1', 'NaN:1:2',
  '0.5,0.5', '0.5,0.5,0.5', ',', '1,', 'a,b', '1/2', '0/2', '3/2', '2/0', '-1/2', 'x', 'y', 'z', 'w', 'ts', 'wasm', 'auto', 'gpu',
  'PARTIAL_A', 'PARTIAL_B', 'PARTIAL_BAD_CHUNKS', 'PARTIAL_BAD_MODEL', 'PARTIAL_BAD_DATA', 'PARTIAL_BAD_INDEX', 'PARTIAL_BAD_PLAN', '1,1,1,1', '1,1,-1,1', '2,0,0,1', '1,0,0', '1.5,0,0,1', 'haldane', 'haldane:t=NaN', 'haldane:t2=1e400', 'haldane:phi=pi/0', 'haldane:nosuch=1', 'haldane:t', 'haldane:', ':', 'kagome:delta=-1', 'rashba', 'three-band', 'nosuchmodel', 'missing.json', 'missing_hr.dat', 'missing_tb.dat', './dir/', 'MODELFILE', 'BADMODELFILE', 'HRFILE', 'PARTIALFILE',
  'G-K-M-G', 'G', 'G-Q', '', '--', 'G--K', 'G-X-M-G', '(0.1,0.2)-G', '(x)-G', 'ahc', 'chern', 'berry-curvature', 'energies', 'ome', 'torque', 'nosuch', 'bands', 'ome-exact', 'omm-density', 'out.svg', 'sub/dir', '/dev/null/x',
];

/** Values that look right for an option (so that mutations reach the deeper checks). */
const OPTION_VALUES: Record<string, string[]> = {
  '--grid': ['99999999999x2', '100000x100000', '40000x40000', '1000000x1000000x1000000', '3x3', '1x1', '0x3', '3x0', '2x2x2', '7', '4x5', '9007199254740993x1', '1e3x1e3', '3X3'],
  '--mu': ['0:1:99999999999', '0:1:1000001', '0:1:1000000000', '-1e308:1e308:3', '1e308', '0:0:1', '0:1:1', '1:0:5', '0:1:0', 'NaN', '-0', '0:1e-320:3', '0::3'],
  '--T': ['0', '300', '-1', '1e308', '1e-320', 'NaN', '0.0001', '1e6'],
  '--k': ['0.5,0.5', '1e308,1e308', '-1e308,0', '1e-320,0', '0.6667,0.3333', '0,0,0', '0', '1,2,3,4', '4.9e-324,4.9e-324', '1e15,1e15'],
  '--n': ['2', '1', '0', '1000001', '99999999999', '3', '-5'],
  '--width': ['1', '2', '0', '5000', '99999999999', '3000', '-1'],
  '--nk': ['2', '1', '1000000', '99999999999', '3'],
  '--shard': ['1/2', '2/2', '0/2', '3/2', '1/1', '1/0', '99999999999/99999999999', '1/99999999999'],
  '--threads': ['1', '0', '-1', '99999999999', 'x'],
  '--model': ['haldane:t=1e308', 'haldane:t2=1e-320', 'haldane:delta=NaN', 'gapped-graphene:delta=0', 'haldane:phi=1e308', 'kagome:t=0', 'massive-dirac:m=0', 'rashba:alpha=1e308', 'MODELFILE', 'BADMODELFILE', 'HRFILE', 'haldane:t=0,t2=0,delta=0'],
  '--tau': ['1e-14', '0', '-1', '1e308', 'NaN'],
  '--supercell': ['1,1,1,1', '1,1,-1,1', '0,0,0,0', '1000,0,0,1000', '99999999999,0,0,1', '1,0,0,-1', '1,2', 'a,b,c,d', '1.5,0,0,1'],
  'merge': ['PARTIAL_A', 'PARTIAL_B', 'PARTIAL_BAD_CHUNKS', 'PARTIAL_BAD_MODEL', 'PARTIAL_BAD_DATA', 'PARTIAL_BAD_INDEX', 'PARTIAL_BAD_PLAN'],
};

export function cliArgv(): fc.Arbitrary<string[]> {
  const op = fc.record({ kind: fc.nat(7), at: fc.nat(), other: fc.nat(), value: fc.constantFrom(...VALUE_POOL), option: fc.constantFrom(...OPTION_NAMES) });
  return fc.tuple(fc.nat(CLI_TEMPLATES.length - 1), fc.array(op, { minLength: 0, maxLength: 3 })).map(([t, ops]) => {
    const a = [...CLI_TEMPLATES[t]!];
    for (const o of ops) {
      const i = a.length ? o.at % a.length : 0;
      switch (o.kind) {
        case 0: a.splice(i, 1); break; // delete
        case 1: a.splice(i, 0, a[i] ?? o.value); break; // duplicate
        case 2: { const j = a.length ? o.other % a.length : 0; [a[i], a[j]] = [a[j]!, a[i]!]; break; } // swap
        case 3: // replace a value (not the command)
        case 4: if (i > 0) a[i] = o.value; break;
        case 5: a.splice(i, 0, o.option, o.value); break; // insert an option with a value
        case 6: { // replace an option's value by one of the right shape
          const opts = a.map((x, j) => [x, j] as const).filter(([x]) => OPTION_VALUES[x] !== undefined && true);
          if (opts.length) {
            const [name, j] = opts[o.other % opts.length]!;
            const pool = OPTION_VALUES[name]!;
            a[j + 1] = pool[o.at % pool.length]!;
          }
          break;
        }
        default: a.splice(i, 0, o.option); // insert a bare option
      }
    }
    return a.filter((x) => x !== undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// Built-in model specs

export function builtinSpec(): fc.Arbitrary<string> {
  const names = Object.keys(BUILTIN_MODELS);
  const keys = [...new Set(Object.values(BUILTIN_MODELS).flatMap((b) => Object.keys(b.params)))];
  const values = [...WEIRD_NUMBERS, 'pi', '-pi', 'pi/2', '2*pi/3', 'pi/0', '0/0', 'pi*pi*pi*1e300', '1e300*1e300', 'null', 'none', 'inf', '1e-300/1e300', '*', '/', 'pi//2', '2**3'];
  const param = fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.constantFrom('', 'x', 'T', '=', 'constructor', '__proto__', 'toString')), fc.constantFrom(...values), fc.constantFrom('=', '=', '=', '', '==', ' = '));
  return fc
    .tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('', ' haldane', 'Haldane', 'constructor', '__proto__', 'nosuch') }), fc.array(param, { maxLength: 5 }), fc.constantFrom(':', ':', ':', '::', ''), fc.constantFrom(',', ',', ';', ', '))
    .map(([name, ps, colon, sep]) => (ps.length ? `${name}${colon}${ps.map(([k, v, eq]) => `${k}${eq}${v}`).join(sep)}` : name));
}
