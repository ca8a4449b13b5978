/**
 * Wannier90 tight-binding files → TightBindingModel (DESIGN §3), and writers for round trips.
 *
 * Formats (Wannier90 `hamiltonian_write_hr` / `hamiltonian_write_tb`):
 *   seedname_hr.dat: header; num_wann; nrpts; ndegen(1..nrpts) 15 per line; then for each R,
 *     num_wann² lines `R1 R2 R3 m n Re Im` with m (row) fastest: H_mn(R) = ⟨m,0|H|n,R⟩ (eV).
 *   seedname_tb.dat: header; a₁; a₂; a₃ (Å, Cartesian); num_wann; nrpts; ndegen lines; then for
 *     each R a blank line, `R1 R2 R3`, and num_wann² lines `m n Re Im` (H); then the same blocks for
 *     the position operator, `m n Re x Im x Re y Im y Re z Im z` = ⟨m,0|r|n,R⟩ (Å).
 *
 * Conversion: Wannier90 interpolates H(k) = Σ_R e^{ik·R} H(R)/ndegen(R) (phases without orbital
 * positions, "convention II"). Our convention I, H_ij(k) = Σ_R t_ij(R) e^{ik·(R+τ_j−τ_i)}, differs by
 * the k-dependent unitary diag(e^{ik·τ}) only, so t_{to=m,from=n}(R) = H_mn(R)/ndegen(R) and the
 * orbital positions τ_n are the Wannier centres ⟨n,0|r|n,0⟩ (diagonal of the position operator
 * at R = 0; for hr.dat they must be supplied). Both directions are in the file: the model is
 * `hermitian: "explicit"`; the on-site terms H_nn(0) go to `onsite`.
 *
 * Minimal-distance replica selection (MDRS, Wannier90 `use_ws_distance = .true.`, the default since
 * 3.0): seedname_wsvec.dat (`ws_write_vec` in ws_distance.F90) lists for every (R, m, n) of the
 * hr/tb file the n_mn(R) ≥ 1 supercell shifts T for which R + T + τ_n − τ_m is shortest. postw90
 * (`pw90common_fourier_R_to_k`) then interpolates H_mn(k) = Σ_R Σ_T e^{ik·(R+T)} H_mn(R)/(ndegen(R)
 * n_mn(R)); with `options.wsvec` the readers do the same, as more R vectors of the model:
 * t_mn(R + T) += t_mn(R)/n_mn(R) (m = row = `to`, n = column = `from`), with the same centres τ.
 */
import { OrbitronicsError } from '../errors.js';
import type { Complex, Hopping, TightBindingModel } from '../model/types.js';
import { parseJsonText } from '../model/io.js';
import { MAX_MODEL_MAGNITUDE, validateModel } from '../model/validate.js';
import { checkBands, checkWannier, LIMITS } from '../limits.js';

/** Options of the Wannier90 readers `readHr` / `readTb` (docs/models.md, "Wannier90 files"). */
export interface Wannier90Options {
  /** Model name (default: the file name without `_hr.dat` / `_tb.dat`, or `wannier90`). */
  name?: string;
  /** File name used in error locations (`file:line:column`). */
  source?: string;
  /**
   * Dimension of the model (default 3). With 1 or 2, the lattice vectors beyond `dim` must be
   * orthogonal to the first ones and every hopping kept must have R = 0 along them.
   */
  dim?: 1 | 2 | 3;
  /** Largest allowed |H_mn(R) − conj H_nm(−R)| in eV (default 1e-5, above hr.dat's 6 printed decimals). */
  hermitianTolerance?: number;
  /** Hoppings with |t| ≤ threshold (eV) are dropped (default 0: only exact zeros). */
  threshold?: number;
  /**
   * The parsed seedname_wsvec.dat of the same Wannier90 run (`readWsvec`): the MDRS shifts are
   * applied (docs/models.md, "MDRS"). Default: none, every H(R) stays at its R.
   */
  wsvec?: WsvecData;
}

/**
 * A parsed Wannier90 seedname_wsvec.dat (`readWsvec`). Entry e is the line `R1 R2 R3 i j`
 * (i = row m, j = column n of H(R), 1-based) and its shifts: R = R[3e..3e+2], i = ij[2e],
 * j = ij[2e+1], shift k (start[e] ≤ k < start[e+1]) is T[3k..3k+2]; line[e] is its 1-based line.
 * `index` maps `R1,R2,R3` → Int32Array(numWann²) of entry numbers + 1 at (i − 1) + (j − 1)·numWann:
 * every (R, i, j) of the file's R vectors has exactly one entry.
 */
export interface WsvecData {
  source: string;
  /** Error code for problems found when it is applied (HR_PARSE or TB_PARSE). */
  code: 'HR_PARSE' | 'TB_PARSE';
  /** First line of the file. */
  header: string;
  /** `use_ws_distance=…` in the header (Wannier90 writes `.true.`/`.false.`; `T`/`F` are accepted); null if absent. */
  useWsDistance: boolean | null;
  /** `write_ndegen_applied=.true.` in the header: the hr/tb file already holds the MDRS images, the shifts are informational. */
  ndegenApplied: boolean;
  /** Largest Wannier index in the file (= num_wann of a complete file). */
  numWann: number;
  /** Number of (R, i, j) entries. */
  count: number;
  /** R of entry e: R[3e], R[3e + 1], R[3e + 2]. */
  R: Int32Array;
  /** i = ij[2e] (row), j = ij[2e + 1] (column), 1-based. */
  ij: Int32Array;
  /** Shifts of entry e: k from start[e] to start[e + 1] − 1 (count + 1 entries). */
  start: Int32Array;
  /** Shift k: T[3k], T[3k + 1], T[3k + 2] (lattice vectors, reduced). */
  T: Int32Array;
  /** 1-based line of the `R1 R2 R3 i j` line of entry e. */
  line: Int32Array;
  /** `R1,R2,R3` → entry numbers + 1 at (i − 1) + (j − 1)·numWann. */
  index: Map<string, Int32Array>;
}

/** Lattice and Wannier centres for a seedname_hr.dat, which has neither. */
export interface HrGeometry {
  /** Rows a₁, a₂, a₃ in Å (3 × 3, Cartesian). */
  lattice: number[][];
  /** Wannier centres ⟨n|r|n⟩ in Å, Cartesian (num_wann × 3). Give this or `orbitals`. */
  centres?: number[][];
  /** Wannier centres in reduced coordinates of `lattice` (num_wann × 3). */
  orbitals?: number[][];
}

type Code = 'HR_PARSE' | 'TB_PARSE';

interface Token {
  text: string;
  line: number;
  col: number;
}

class Reader {
  readonly lines: string[];
  pos = 0; // index of the next line
  constructor(
    text: string,
    readonly source: string,
    readonly code: Code,
  ) {
    this.lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    // a final newline yields an empty last "line"
    while (this.lines.length > 0 && this.lines[this.lines.length - 1]!.trim() === '') this.lines.pop();
  }
  fail(line: number, col: number, message: string, hint?: string): never {
    const where = `${this.source}:${line}:${col}`;
    throw new OrbitronicsError(this.code, `${where}: ${message}`, { where, hint });
  }
  tokens(index: number): Token[] {
    const out: Token[] = [];
    const re = /\S+/g;
    const s = this.lines[index] ?? '';
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) out.push({ text: m[0], line: index + 1, col: m.index + 1 });
    return out;
  }
  /** Next non-blank line's tokens, or null at the end of the file. */
  nextNonBlank(): Token[] | null {
    while (this.pos < this.lines.length) {
      const t = this.tokens(this.pos++);
      if (t.length > 0) return t;
    }
    return null;
  }
  endPosition(): { line: number; col: number } {
    return { line: this.lines.length + 1, col: 1 };
  }
  int(t: Token, what: string): number {
    if (!/^[+-]?\d+$/.test(t.text)) this.fail(t.line, t.col, `${what} must be an integer, found "${t.text}"`);
    return Number(t.text);
  }
  real(t: Token, what: string): number {
    const s = t.text.replace(/[dD]/, 'e');
    const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(x)) this.fail(t.line, t.col, `${what} must be a number, found "${t.text}"`);
    if (Math.abs(x) > MAX_MODEL_MAGNITUDE) this.fail(t.line, t.col, `${what} ${t.text} is beyond the supported range ±${MAX_MODEL_MAGNITUDE}`);
    return x;
  }
}

function readCount(r: Reader, what: string): number {
  const t = r.nextNonBlank();
  if (!t) {
    const e = r.endPosition();
    r.fail(e.line, e.col, `truncated file: expected ${what}`);
  }
  if (t.length !== 1) r.fail(t[0]!.line, t[0]!.col, `expected ${what} alone on its line, found ${t.length} entries`);
  const n = r.int(t[0]!, what);
  if (n < 1) r.fail(t[0]!.line, t[0]!.col, `${what} must be positive, found ${n}`);
  return n;
}

/**
 * num_wann² × nrpts matrix elements are allocated from the header counts: check them against the
 * lines the file really has (HR_PARSE / TB_PARSE) and the limits (LIMIT_EXCEEDED) first.
 */
function checkCounts(r: Reader, nw: number, nrpts: number, nwLine: number, linesPerElement: number): void {
  const need = nw * nw * nrpts * linesPerElement;
  if (need > r.lines.length) {
    r.fail(nwLine, 1, `num_wann = ${nw} and nrpts = ${nrpts} need ${need} matrix-element lines, but the file has ${r.lines.length} lines`, 'num_wann or nrpts is wrong, or the file is truncated');
  }
  checkWannier(nw, nrpts, `${r.source}:${nwLine}:1`);
}

function readDegeneracies(r: Reader, nrpts: number): number[] {
  const out: number[] = [];
  while (out.length < nrpts) {
    const start = r.pos;
    const t = r.nextNonBlank();
    if (!t) {
      const e = r.endPosition();
      r.fail(e.line, e.col, `truncated file: expected ${nrpts} degeneracy weights (ndegen), found ${out.length}`);
    }
    const allInts = t.every((x) => /^[+-]?\d+$/.test(x.text));
    if (!allInts || out.length + t.length > nrpts) {
      r.pos = start;
      r.fail(t[0]!.line, t[0]!.col, `missing degeneracy lines: expected ${nrpts} integer weights ndegen(R) (15 per line) before the matrix elements, found ${out.length}`, 'nrpts on line 3 must equal the number of R vectors');
    }
    for (const x of t) {
      const d = r.int(x, 'degeneracy weight');
      if (d < 1) r.fail(x.line, x.col, `degeneracy weight must be ≥ 1, found ${d}`);
      out.push(d);
    }
  }
  return out;
}

/** One R block of matrix elements, stored flat: element (m, n) (1-based) at (m − 1) + (n − 1)·num_wann. */
interface Block {
  R: [number, number, number];
  re: Float64Array;
  im: Float64Array;
  /** 1-based source line of each element. */
  line: Int32Array;
}

const newBlock = (R: [number, number, number], nw: number): Block => ({ R, re: new Float64Array(nw * nw), im: new Float64Array(nw * nw), line: new Int32Array(nw * nw) });

const rKey = (R: readonly number[]) => R.join(',');

/** Reads one R block header `R1 R2 R3` (tb.dat). */
function readRHeader(r: Reader, what: string): { R: [number, number, number]; line: number } {
  const t = r.nextNonBlank();
  if (!t) {
    const e = r.endPosition();
    r.fail(e.line, e.col, `truncated file: expected the lattice vector R of the next ${what} block`);
  }
  if (t.length !== 3) r.fail(t[0]!.line, t[0]!.col, `expected a lattice vector "R1 R2 R3" starting a ${what} block, found ${t.length} entries`);
  return { R: [r.int(t[0]!, 'R1'), r.int(t[1]!, 'R2'), r.int(t[2]!, 'R3')], line: t[0]!.line };
}

const negR = (R: readonly number[]): [number, number, number] => [-R[0]! || 0, -R[1]! || 0, -R[2]! || 0];

/**
 * Hermiticity check with tolerance, then exact symmetrisation in place, pair by pair:
 * t_mn(R) = (H_mn(R) + conj H_nm(−R))/2 and t_nm(−R) = conj t_mn(R) (an absent −R block counts as zeros).
 */
function symmetrise(r: Reader, blocks: Block[], nw: number, tol: number): void {
  const byR = new Map<string, Block>();
  for (const b of blocks) byR.set(rKey(b.R), b);
  const done = new Set<Block>();
  for (const b of blocks) {
    if (done.has(b)) continue;
    const Rm = negR(b.R);
    const p = byR.get(rKey(Rm));
    for (let n = 1; n <= nw; n++)
      for (let m = 1; m <= nw; m++) {
        const i = m - 1 + (n - 1) * nw;
        const j = n - 1 + (m - 1) * nw; // element (n, m) of the −R block
        const tr = b.re[i]!;
        const ti = b.im[i]!;
        const pr = p ? p.re[j]! : 0;
        const pi = p ? p.im[j]! : 0;
        const d = Math.hypot(tr - pr, ti + pi);
        if (d > tol) {
          const other = p ? `H_${n}${m}(−R) (line ${p.line[j]}) = ${pr} + ${pi}i` : `there is no block for −R = (${Rm.join(' ')})`;
          r.fail(b.line[i]!, 1, `non-Hermitian set: H_${m}${n}(R = ${b.R.join(' ')}) = ${tr} + ${ti}i but ${other}; H_mn(R) and H_nm(−R) must be complex conjugates (difference ${d.toExponential(2)} eV > tolerance ${tol})`);
        }
        const ar = (tr + pr) / 2 + 0;
        const ai = (ti - pi) / 2 + 0;
        b.re[i] = ar;
        b.im[i] = ai;
        if (p) {
          p.re[j] = ar;
          p.im[j] = -ai + 0;
        }
      }
    done.add(b);
    if (p) done.add(p);
  }
}

/** What `meta.wsvec` of a model read with `options.wsvec` records. */
export interface WsvecMeta {
  source: string;
  /** Whether the shifts were applied (false with write_ndegen_applied=.true.). */
  applied: boolean;
  useWsDistance: boolean | null;
  /** Lattice vectors of the hr/tb file, and those with nonzero matrix elements after the shifts. */
  rVectors: { file: number; model: number };
  note: string;
}

function wsFail(code: Code, where: string, message: string, hint?: string): never {
  throw new OrbitronicsError(code, `${where}: ${message}`, { where, hint });
}

const WSVEC_HINT = 'seedname_wsvec.dat must come from the same Wannier90 run as the hr/tb file; read without it (option wsvec absent, CLI --no-wsvec) to use H(R) as written';

/** One element H_mn(R) = t of the model's Hermitian set (1-based m, n), from `line` of the hr/tb file. */
type EmitElement = (R: readonly number[], m: number, n: number, re: number, im: number, line: number) => void;

/**
 * MDRS: every symmetrised t_mn(R) (already divided by ndegen(R)) is split equally over its
 * n_mn(R) images R + T (Wannier90 ws_distance.F90, postw90 pw90common_fourier_R_to_k), and the
 * elements of the shifted set are passed to `emit`, R vectors in lexicographic order.
 *
 * Exactly Hermitian by construction: of each pair (R, m, n) / (−R, n, m) only one element is read
 * (they are exact conjugates after `symmetrise`, and readWsvec checked that their shifts are
 * opposite); every piece a = t/n goes to (R + T, m, n) and conj a to (−R − T, n, m) one after the
 * other, so an element and its partner sum the same pieces in the same order. Memory and work are
 * proportional to the pieces (≤ 2 × the shift lines of the file), not to num_wann² × images.
 * `threshold` applies to t_mn(R) before the split.
 */
function applyWsvec(r: Reader, ws: WsvecData, blocks: Block[], nw: number, threshold: number, emit: EmitElement): WsvecMeta {
  const base = { source: ws.source, useWsDistance: ws.useWsDistance };
  if (ws.ndegenApplied) {
    return { ...base, applied: false, rVectors: { file: blocks.length, model: blocks.length }, note: `${ws.source}: write_ndegen_applied=.true.: ${r.source} already holds the MDRS images, the shifts were not applied again` };
  }
  const at = (e: number) => `${ws.source}:${ws.line[e]}:1`;
  if (ws.numWann !== nw) {
    let e = 0;
    while (e < ws.count && ws.ij[2 * e]! <= nw && ws.ij[2 * e + 1]! <= nw) e++;
    if (e < ws.count) wsFail(r.code, at(e), `Wannier index ${Math.max(ws.ij[2 * e]!, ws.ij[2 * e + 1]!)} is out of range 1..${nw} (num_wann of ${r.source})`, WSVEC_HINT);
    wsFail(r.code, at(0), `the file is for num_wann = ${ws.numWann} Wannier functions, ${r.source} has num_wann = ${nw}`, WSVEC_HINT);
  }
  const byR = new Map<string, Block>();
  for (const b of blocks) byR.set(rKey(b.R), b);
  for (const b of blocks) {
    if (!ws.index.has(rKey(b.R))) {
      wsFail(r.code, `${r.source}:${b.line[0]}:1`, `${ws.source} has no entries for R = (${b.R.join(' ')}) (the H block on line ${b.line[0]} of ${r.source})`, WSVEC_HINT);
    }
  }
  if (ws.index.size !== blocks.length) {
    let e = 0;
    while (byR.has(`${ws.R[3 * e]},${ws.R[3 * e + 1]},${ws.R[3 * e + 2]}`)) e++;
    wsFail(r.code, at(e), `entry for R = (${ws.R[3 * e]} ${ws.R[3 * e + 1]} ${ws.R[3 * e + 2]}), which ${r.source} does not have`, WSVEC_HINT);
  }

  // the elements read: one of each pair (R, m, n) / (−R, n, m), nonzero and above the threshold
  const nw2 = nw * nw;
  const visit = (f: (b: Block, s: number, e: number, self: boolean, partner: Block | undefined) => void) => {
    for (const b of blocks) {
      const idx = ws.index.get(rKey(b.R))!;
      const partner = byR.get(rKey(negR(b.R)));
      const [x, y, z] = b.R;
      const sign = x !== 0 ? x : y !== 0 ? y : z;
      for (let s = 0; s < nw2; s++) {
        const m = s % nw;
        const n = (s - m) / nw;
        if (partner && (sign < 0 || (sign === 0 && m > n))) continue; // read from the other side
        const self = sign === 0 && m === n; // the on-site energy: one zero shift (readWsvec)
        if (!self && Math.hypot(b.re[s]!, b.im[s]!) <= threshold) continue;
        f(b, s, idx[s]! - 1, self, partner);
      }
    }
  };
  let pieces = 0;
  visit((_b, _s, e, self) => (pieces += (self ? 1 : 2) * (ws.start[e + 1]! - ws.start[e]!)));
  if (pieces > LIMITS.maxWannierElements) {
    const where = `${ws.source}:1:1`;
    throw new OrbitronicsError('LIMIT_EXCEEDED', `${where}: the MDRS shifts make ${pieces} matrix elements, more than the limit of ${LIMITS.maxWannierElements.toExponential(0)}.`, { where });
  }
  const tgt = new Int32Array(pieces);
  const slot = new Int32Array(pieces);
  const pre = new Float64Array(pieces);
  const pim = new Float64Array(pieces);
  const pline = new Int32Array(pieces);
  const targets = new Map<string, number>();
  const tR: number[] = [];
  const target = (R0: number, R1: number, R2: number): number => {
    const key = `${R0 + 0},${R1 + 0},${R2 + 0}`;
    let t = targets.get(key);
    if (t === undefined) {
      targets.set(key, (t = targets.size));
      tR.push(R0 + 0, R1 + 0, R2 + 0);
    }
    return t;
  };
  let c = 0;
  visit((b, s, e, self, partner) => {
    const m = s % nw;
    const n = (s - m) / nw;
    const sp = n + m * nw; // (n, m)
    const k0 = ws.start[e]!;
    const cnt = ws.start[e + 1]! - k0;
    const ar = b.re[s]! / cnt;
    const ai = b.im[s]! / cnt;
    for (let k = k0; k < k0 + cnt; k++) {
      const R0 = b.R[0] + ws.T[3 * k]!;
      const R1 = b.R[1] + ws.T[3 * k + 1]!;
      const R2 = b.R[2] + ws.T[3 * k + 2]!;
      tgt[c] = target(R0, R1, R2);
      slot[c] = s;
      pre[c] = ar;
      pim[c] = ai;
      pline[c++] = b.line[s]!;
      if (self) continue;
      tgt[c] = target(-R0, -R1, -R2);
      slot[c] = sp;
      pre[c] = ar;
      pim[c] = -ai;
      pline[c++] = partner ? partner.line[sp]! : b.line[s]!;
    }
  });
  // stable bucket sort of the pieces by image vector, then the sums per element in that order
  const nt = targets.size;
  const first = new Int32Array(nt + 1);
  for (let i = 0; i < pieces; i++) first[tgt[i]! + 1]++;
  for (let t = 0; t < nt; t++) first[t + 1] += first[t]!;
  const fill = first.slice(0, nt);
  const order = new Int32Array(pieces);
  for (let i = 0; i < pieces; i++) order[fill[tgt[i]!]!++] = i;
  const byVector = Array.from({ length: nt }, (_, t) => t).sort((a, b) => tR[3 * a]! - tR[3 * b]! || tR[3 * a + 1]! - tR[3 * b + 1]! || tR[3 * a + 2]! - tR[3 * b + 2]!);
  const sre = new Float64Array(nw2);
  const sim = new Float64Array(nw2);
  const sline = new Int32Array(nw2);
  const seen = new Uint8Array(nw2);
  const touched: number[] = [];
  for (const t of byVector) {
    for (let q = first[t]!; q < first[t + 1]!; q++) {
      const i = order[q]!;
      const s = slot[i]!;
      if (!seen[s]) {
        seen[s] = 1;
        touched.push(s);
        sre[s] = 0;
        sim[s] = 0;
        sline[s] = pline[i]!;
      }
      sre[s] += pre[i]!;
      sim[s] += pim[i]!;
    }
    touched.sort((a, b) => a - b);
    const R = tR.slice(3 * t, 3 * t + 3);
    for (const s of touched) {
      const m = s % nw;
      emit(R, m + 1, (s - m) / nw + 1, sre[s]! + 0, sim[s]! + 0, sline[s]!);
      seen[s] = 0;
    }
    touched.length = 0;
  }
  return {
    ...base,
    applied: true,
    rVectors: { file: blocks.length, model: nt },
    note:
      ws.useWsDistance === false
        ? `${ws.source}: use_ws_distance=.false.: every shift is zero, H(R) stays at its R`
        : `MDRS shifts from ${ws.source} applied to ${r.source} (${blocks.length} lattice vectors → ${nt} with matrix elements after the shifts)`,
  };
}

/** Hermiticity check with tolerance, then exact symmetrisation, the MDRS shifts (options.wsvec), then the model. */
function assemble(
  r: Reader,
  blocks: Block[],
  num_wann: number,
  lattice: number[][],
  centresReduced: number[][],
  options: Wannier90Options,
  defaultName: string,
): TightBindingModel {
  const nw = num_wann;
  const dim = options.dim ?? 3;
  let threshold = options.threshold ?? 0;
  symmetrise(r, blocks, nw, options.hermitianTolerance ?? 1e-5);
  const onsite = new Array<number>(nw).fill(0);
  const hoppings: Hopping[] = [];
  const emit: EmitElement = (R, m, n, re, im, line) => {
    if (R[0] === 0 && R[1] === 0 && R[2] === 0 && m === n) {
      onsite[m - 1] += re;
      return;
    }
    if (Math.hypot(re, im) <= threshold) return;
    for (let a = dim; a < 3; a++) {
      if (R[a] !== 0) {
        throw new OrbitronicsError('MODEL_INVALID', `${r.source}:${line}:1: the model is not ${dim}-dimensional: hopping H_${m}${n} at R = (${R.join(', ')}) has |t| = ${Math.hypot(re, im).toExponential(3)} eV`, {
          where: `${r.source}:${line}:1`,
          hint: 'read it as a 3D model, or raise `threshold` to drop negligible interlayer hoppings',
        });
      }
    }
    hoppings.push({ from: n - 1, to: m - 1, R: R.slice(0, dim), t: [re, im] });
  };
  let wsMeta: WsvecMeta | undefined;
  if (options.wsvec) {
    const t = threshold;
    threshold = 0; // applied to t_mn(R) before the split: only exact zeros are dropped after it
    wsMeta = applyWsvec(r, options.wsvec, blocks, nw, t, emit);
    if (!wsMeta.applied) threshold = t;
  }
  if (!wsMeta?.applied) {
    for (const b of blocks)
      for (let n = 1; n <= nw; n++)
        for (let m = 1; m <= nw; m++) {
          const i = m - 1 + (n - 1) * nw;
          emit(b.R, m, n, b.re[i]!, b.im[i]!, b.line[i]!);
        }
  }

  if (dim < 3) {
    for (let i = 0; i < 3; i++)
      for (let c = 0; c < 3; c++) {
        const inPlane = i < dim;
        const offBlock = inPlane ? c >= dim : c < dim;
        if (offBlock && Math.abs(lattice[i]![c]!) > 1e-9 * Math.hypot(...lattice[i]!)) {
          throw new OrbitronicsError('MODEL_INVALID', `${r.source}: cannot reduce to dim = ${dim}: lattice vector a${i + 1} = (${lattice[i]!.join(', ')}) ${inPlane ? 'has a component out of the model\'s plane' : 'is not orthogonal to the model\'s plane'}`, {
            where: r.source,
            hint: `for dim = ${dim} the first ${dim} lattice vectors must lie in the first ${dim} Cartesian directions and the others be perpendicular`,
          });
        }
      }
  }

  const meta: Record<string, unknown> = { source: r.source, format: r.code === 'HR_PARSE' ? 'wannier90 hr.dat' : 'wannier90 tb.dat', orbitalPositions: 'Wannier centres ⟨n|r|n⟩' };
  if (wsMeta) meta.wsvec = wsMeta;
  const model: TightBindingModel = {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: options.name ?? defaultName,
    dim,
    lattice: lattice.slice(0, dim).map((row) => row.slice(0, dim)),
    orbitals: centresReduced.map((c) => c.slice(0, dim)),
    onsite,
    hoppings,
    hermitian: 'explicit',
    spin: null,
    meta,
  };
  return validateModel(model, { source: r.source, hermitianTolerance: 1e-12 }) as TightBindingModel;
}

function inverse3(A: number[][]): number[][] {
  const [a, b, c] = A[0]!;
  const [d, e, f] = A[1]!;
  const [g, h, i] = A[2]!;
  const det = a! * (e! * i! - f! * h!) - b! * (d! * i! - f! * g!) + c! * (d! * h! - e! * g!);
  if (!(Math.abs(det) > 1e-12 * Math.hypot(a!, b!, c!) * Math.hypot(d!, e!, f!) * Math.hypot(g!, h!, i!))) return [];
  return [
    [(e! * i! - f! * h!) / det, (c! * h! - b! * i!) / det, (b! * f! - c! * e!) / det],
    [(f! * g! - d! * i!) / det, (a! * i! - c! * g!) / det, (c! * d! - a! * f!) / det],
    [(d! * h! - e! * g!) / det, (b! * g! - a! * h!) / det, (a! * e! - b! * d!) / det],
  ];
}

/** Cartesian r (Å) → reduced f with r = Σ f_i a_i (rows a_i). */
function toReduced(r: number[], lattice: number[][]): number[] {
  const inv = inverse3(lattice); // A⁻¹, A rows a_i: r = f A → f = r A⁻¹
  return [0, 1, 2].map((j) => r[0]! * inv[0]![j]! + r[1]! * inv[1]![j]! + r[2]! * inv[2]![j]!);
}

const seedName = (source: string | undefined, suffix: RegExp) => (source ? source.replace(/^.*[\\/]/, '').replace(suffix, '') || 'wannier90' : 'wannier90');

/**
 * Reads num_wann² matrix-element lines of one block (hr: 7 columns with R; tb: `ncol` columns
 * without), calling `put(index, values, line)` with index = (m − 1) + (n − 1)·num_wann.
 */
function readMatrixBlock(r: Reader, nw: number, Rblock: [number, number, number] | null, ncol: number, what: string, put: (R: [number, number, number], index: number, vals: number[], line: number) => void): [number, number, number] {
  let R: [number, number, number] | null = Rblock;
  const filled = new Uint8Array(nw * nw);
  const layout = ncol === 7 ? 'R1 R2 R3 m n Re Im' : ncol === 4 ? 'm n Re Im' : 'm n ReX ImX ReY ImY ReZ ImZ';
  for (let e = 0; e < nw * nw; e++) {
    const t = r.nextNonBlank();
    if (!t) {
      const end = r.endPosition();
      r.fail(end.line, end.col, `truncated file: the ${what} block${R ? ` of R = (${R.join(' ')})` : ''} has ${e} of num_wann² = ${nw * nw} lines`);
    }
    if (t.length !== ncol) {
      r.fail(t[0]!.line, t[0]!.col, `expected ${ncol} columns (${layout}), found ${t.length}`, ncol !== 7 && t.length === 3 ? `line ${e + 1} of a block of ${nw * nw}: num_wann may be wrong` : undefined);
    }
    let k = 0;
    if (ncol === 7) {
      const lineR: [number, number, number] = [r.int(t[0]!, 'R1'), r.int(t[1]!, 'R2'), r.int(t[2]!, 'R3')];
      k = 3;
      if (!R) R = lineR;
      else if (lineR[0] !== R[0] || lineR[1] !== R[1] || lineR[2] !== R[2]) {
        r.fail(t[0]!.line, t[0]!.col, `R = (${lineR.join(' ')}) changes inside the block of R = (${R.join(' ')}): each R must have num_wann² = ${nw * nw} consecutive lines (found ${e})`, 'num_wann on line 2 may be wrong');
      }
    }
    const m = r.int(t[k]!, 'orbital index m');
    const n = r.int(t[k + 1]!, 'orbital index n');
    if (m < 1 || m > nw) r.fail(t[k]!.line, t[k]!.col, `orbital index m = ${m} is out of range 1..${nw}`);
    if (n < 1 || n > nw) r.fail(t[k + 1]!.line, t[k + 1]!.col, `orbital index n = ${n} is out of range 1..${nw}`);
    const vals = t.slice(k + 2).map((x) => r.real(x, 'matrix element'));
    const idx = m - 1 + (n - 1) * nw;
    if (filled[idx]) r.fail(t[0]!.line, t[0]!.col, `duplicate ${what} element m = ${m}, n = ${n} at R = (${R!.join(' ')})`);
    filled[idx] = 1;
    put(R!, idx, vals, t[0]!.line);
  }
  return R!;
}

function expectEnd(r: Reader): void {
  const t = r.nextNonBlank();
  if (t) r.fail(t[0]!.line, t[0]!.col, `unexpected data after the last block ("${t.map((x) => x.text).join(' ')}"); nrpts may be too small`);
}

/**
 * Parses a Wannier90 `seedname_hr.dat` with the lattice and Wannier centres given separately.
 * Errors: HR_PARSE with `where` = `file:line:column`.
 */
export function readHr(text: string, geometry: HrGeometry, options: Wannier90Options = {}): TightBindingModel {
  const source = options.source ?? '<hr.dat>';
  const r: Reader = new Reader(text, source, 'HR_PARSE');
  if (r.lines.length === 0) r.fail(1, 1, 'empty file');
  r.pos = 1; // header line
  const nw = readCount(r, 'the number of Wannier functions num_wann (line 2)');
  const nwLine = r.pos;
  const nrpts = readCount(r, 'the number of R vectors nrpts (line 3)');
  checkCounts(r, nw, nrpts, nwLine, 1);
  const ndegen = readDegeneracies(r, nrpts);
  const { lattice, reduced } = checkGeometry(geometry, nw, source);
  const blocks: Block[] = [];
  const Rseen = new Map<string, number>();
  for (let ir = 0; ir < nrpts; ir++) {
    const firstLine = r.pos + 1;
    let block: Block | null = null;
    const w = ndegen[ir]!;
    const R = readMatrixBlock(r, nw, null, 7, 'H', (R, idx, v, line) => {
      block ??= newBlock(R, nw);
      block.re[idx] = v[0]! / w;
      block.im[idx] = v[1]! / w;
      block.line[idx] = line;
    });
    if (Rseen.has(rKey(R))) r.fail(firstLine, 1, `R = (${R.join(' ')}) appears in two blocks (also the block starting on line ${Rseen.get(rKey(R))})`);
    Rseen.set(rKey(R), firstLine);
    blocks.push(block!);
  }
  expectEnd(r);
  return assemble(r, blocks, nw, lattice, reduced, options, seedName(options.source, /_hr\.dat$/i));
}

function checkGeometry(g: HrGeometry, nw: number, source: string): { lattice: number[][]; reduced: number[][] } {
  const bad: (where: string, msg: string) => never = (where, msg) => {
    throw new OrbitronicsError('ARGUMENT_INVALID', `${source}: geometry ${where}: ${msg}`, { where, hint: 'hr.dat has no lattice or Wannier centres: give { lattice: 3×3 Å, centres: num_wann×3 Å } (or orbitals in reduced coordinates)' });
  };
  const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= MAX_MODEL_MAGNITUDE;
  if (!g || !Array.isArray(g.lattice) || g.lattice.length !== 3 || !g.lattice.every((row) => Array.isArray(row) && row.length === 3 && row.every(isNum))) {
    bad('/lattice', 'must be 3 rows of 3 finite numbers (Å)');
  }
  const inv = inverse3(g.lattice);
  if (inv.length === 0) bad('/lattice', 'the lattice vectors are linearly dependent');
  const list = g.centres ?? g.orbitals;
  const key = g.centres ? 'centres' : 'orbitals';
  if (!Array.isArray(list)) bad('/centres', `missing: need the ${nw} Wannier centres`);
  if (list.length !== nw) bad(`/${key}`, `must have num_wann = ${nw} entries, found ${list.length}`);
  list.forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== 3 || !c.every(isNum)) bad(`/${key}/${i}`, 'must be 3 finite numbers');
  });
  const reduced = g.centres ? g.centres.map((c) => toReduced(c, g.lattice)) : list.map((c) => [...c]);
  return { lattice: g.lattice.map((row) => [...row]), reduced };
}

/** Parses the small JSON giving an hr.dat's geometry: `{ "lattice": [[..],[..],[..]], "centres": [[x,y,z], ...] }` (or `"orbitals"`, reduced). */
export function parseHrGeometry(text: string, source = '<geometry.json>'): HrGeometry {
  const obj = parseJsonText(text, source) as Record<string, unknown>;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `${source}: the geometry must be a JSON object { "lattice": ..., "centres": ... }`, { where: source });
  }
  for (const k of Object.keys(obj)) {
    if (!['lattice', 'centres', 'orbitals', 'format', 'comment'].includes(k)) {
      throw new OrbitronicsError('ARGUMENT_INVALID', `${source}: unknown property "${k}" in the geometry (expected lattice, centres or orbitals)`, { where: `/${k}` });
    }
  }
  return obj as unknown as HrGeometry;
}

/**
 * Parses a Wannier90 `seedname_tb.dat` (lattice, H(R), position matrix elements); the orbital
 * positions are the Wannier centres ⟨n,0|r|n,0⟩. Errors: TB_PARSE with `where` = `file:line:column`.
 */
export function readTb(text: string, options: Wannier90Options = {}): TightBindingModel {
  const source = options.source ?? '<tb.dat>';
  const r: Reader = new Reader(text, source, 'TB_PARSE');
  if (r.lines.length === 0) r.fail(1, 1, 'empty file');
  r.pos = 1; // header
  const lattice: number[][] = [];
  for (let i = 0; i < 3; i++) {
    const t = r.nextNonBlank();
    if (!t) {
      const e = r.endPosition();
      r.fail(e.line, e.col, `truncated file: expected lattice vector a${i + 1}`);
    }
    if (t.length !== 3) r.fail(t[0]!.line, t[0]!.col, `expected lattice vector a${i + 1} as 3 numbers (Å), found ${t.length} entries`);
    lattice.push(t.map((x) => r.real(x, `a${i + 1}`)));
  }
  if (inverse3(lattice).length === 0) r.fail(2, 1, 'the lattice vectors a1, a2, a3 are linearly dependent');
  const nw = readCount(r, 'the number of Wannier functions num_wann');
  const nwLine = r.pos;
  const nrpts = readCount(r, 'the number of R vectors nrpts');
  checkCounts(r, nw, nrpts, nwLine, 2);
  const ndegen = readDegeneracies(r, nrpts);
  const blocks: Block[] = [];
  const Rlist: string[] = [];
  const Rset = new Set<string>(); // membership in O(1): Rlist.includes made large files quadratic
  for (let ir = 0; ir < nrpts; ir++) {
    const { R, line } = readRHeader(r, 'Hamiltonian');
    if (Rset.has(rKey(R))) r.fail(line, 1, `R = (${R.join(' ')}) appears in two Hamiltonian blocks`);
    Rlist.push(rKey(R));
    Rset.add(rKey(R));
    const block = newBlock(R, nw);
    const w = ndegen[ir]!;
    readMatrixBlock(r, nw, R, 4, 'H', (_R, idx, v, l) => {
      block.re[idx] = v[0]! / w;
      block.im[idx] = v[1]! / w;
      block.line[idx] = l;
    });
    blocks.push(block);
  }
  const centres: number[][] = Array.from({ length: nw }, () => [NaN, NaN, NaN]);
  const firstPos = r.pos;
  if (r.nextNonBlank() === null) {
    const e = r.endPosition();
    r.fail(e.line, e.col, 'truncated file: the position matrix elements ⟨m,0|r|n,R⟩ (needed for the Wannier centres) are missing');
  }
  r.pos = firstPos;
  for (let ir = 0; ir < nrpts; ir++) {
    const { R, line } = readRHeader(r, 'position');
    if (rKey(R) !== Rlist[ir]) r.fail(line, 1, `position block ${ir + 1} has R = (${R.join(' ')}) but Hamiltonian block ${ir + 1} has R = (${Rlist[ir]!.replace(/,/g, ' ')})`);
    const isZero = R[0] === 0 && R[1] === 0 && R[2] === 0;
    readMatrixBlock(r, nw, R, 8, 'r', (_R, idx, v) => {
      const m = idx % nw;
      if (isZero && m === (idx - m) / nw) centres[m] = [v[0]! / ndegen[ir]!, v[2]! / ndegen[ir]!, v[4]! / ndegen[ir]!];
    });
  }
  expectEnd(r);
  if (!Rlist.includes('0,0,0')) r.fail(7, 1, 'no R = (0 0 0) block: cannot read the on-site energies and Wannier centres');
  const reduced = centres.map((c) => toReduced(c, lattice));
  return assemble(r, blocks, nw, lattice, reduced, options, seedName(options.source, /_tb\.dat$/i));
}

// ---------------------------------------------------------------------------------------------
// seedname_wsvec.dat (MDRS shifts)

/** A growable Int32 buffer (the entries of a wsvec file are not counted in its header). */
class IntBuf {
  a = new Int32Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  take(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

const INT32_MAX = 2147483647;

/**
 * Parses a Wannier90 `seedname_wsvec.dat` (ws_distance.F90 `ws_write_vec`): a header line
 * (`… use_ws_distance=.true.`), then for every (R, i, j) of the hr/tb file a line `R1 R2 R3 i j`,
 * a line with the number n ≥ 1 of shift vectors, and n lines `T1 T2 T3` (the image R + T of H_ij(R)).
 * Checks: integers in range, n ≥ 1 and ≤ LIMITS.maxWsvecImages (LIMIT_EXCEEDED) and within the
 * lines left, exactly one entry per (R, i, j) for every R of the file and i, j ≤ the largest index,
 * a single zero shift for i = j at R = 0, only zero shifts with use_ws_distance=.false., and
 * opposite shifts for (R, i, j) and (−R, j, i) (else H(k) would not stay Hermitian).
 * Errors: `code` (HR_PARSE by default; TB_PARSE for the companion of a tb.dat) at `file:line:column`.
 * Apply it with `readHr(…, { wsvec })` / `readTb(…, { wsvec })`.
 */
export function readWsvec(text: string, source = '<wsvec.dat>', code: 'HR_PARSE' | 'TB_PARSE' = 'HR_PARSE'): WsvecData {
  const r: Reader = new Reader(text, source, code);
  if (r.lines.length === 0) r.fail(1, 1, 'empty file');
  const header = r.lines[0]!.replace(/^\uFEFF/, '');
  const head = r.tokens(0);
  if (head.length > 0 && head.every((t) => /^[+-]?\d+$/.test(t.text))) {
    r.fail(1, 1, 'missing header line: a seedname_wsvec.dat starts with a comment ("## written on … with use_ws_distance=.true."), found numbers', 'the first line of the file may have been cut');
  }
  let useWsDistance: boolean | null = null;
  const flag = /use_ws_distance\s*=\s*(\S*)/i.exec(header);
  if (flag) {
    const v = flag[1]!.toLowerCase();
    if (/^\.?(t|true)\.?$/.test(v)) useWsDistance = true;
    else if (/^\.?(f|false)\.?$/.test(v)) useWsDistance = false;
    else r.fail(1, flag.index + flag[0].length - flag[1]!.length + 1, `use_ws_distance must be .true. or .false. (T or F), found "${flag[1]}"`);
  }
  const ndegenApplied = /write_ndegen_applied\s*=\s*\.?(t|true)\.?(\s|$)/i.test(header);

  const int32 = (t: Token, what: string): number => {
    const x = r.int(t, what);
    if (Math.abs(x) > INT32_MAX) r.fail(t.line, t.col, `${what} ${t.text} is beyond the integer range of Wannier90 (±${INT32_MAX})`);
    return x;
  };
  const Rb = new IntBuf();
  const ijb = new IntBuf();
  const startb = new IntBuf();
  const Tb = new IntBuf();
  const lineb = new IntBuf();
  let numWann = 0;
  r.pos = 1;
  for (;;) {
    const t = r.nextNonBlank();
    if (!t) break;
    if (t.length !== 5) {
      r.fail(t[0]!.line, t[0]!.col, `expected an entry "R1 R2 R3 i j", found ${t.length} entries`, t.length === 3 && lineb.n > 0 ? `the count n of the entry on line ${lineb.a[lineb.n - 1]} may be too small` : undefined);
    }
    const line = t[0]!.line;
    const R = [int32(t[0]!, 'R1'), int32(t[1]!, 'R2'), int32(t[2]!, 'R3')];
    const ij = [t[3]!, t[4]!].map((x, k) => {
      const v = int32(x, `Wannier index ${k === 0 ? 'i' : 'j'}`);
      if (v < 1) r.fail(x.line, x.col, `Wannier index ${k === 0 ? 'i' : 'j'} must be ≥ 1, found ${v}`);
      checkBands(v, `${source}:${x.line}:${x.col}`);
      return v;
    });
    numWann = Math.max(numWann, ij[0]!, ij[1]!);
    const ct = r.nextNonBlank();
    if (!ct) {
      const e = r.endPosition();
      r.fail(e.line, e.col, `truncated file: the entry on line ${line} has no line with its number of shift vectors`);
    }
    if (ct.length !== 1) r.fail(ct[0]!.line, ct[0]!.col, `expected the number of shift vectors of the entry on line ${line} alone on its line, found ${ct.length} entries`);
    const n = r.int(ct[0]!, 'number of shift vectors');
    if (n < 1) r.fail(ct[0]!.line, ct[0]!.col, `number of shift vectors must be ≥ 1, found ${n}`);
    if (n > LIMITS.maxWsvecImages) {
      const where = `${source}:${ct[0]!.line}:${ct[0]!.col}`;
      throw new OrbitronicsError('LIMIT_EXCEEDED', `${where}: ${n} shift vectors for one (R, i, j) is more than the limit of ${LIMITS.maxWsvecImages} (Wannier90 writes at most 8).`, { where });
    }
    if (n > r.lines.length - r.pos) r.fail(ct[0]!.line, ct[0]!.col, `${n} shift vectors announced, but the file has ${r.lines.length - r.pos} more lines`, 'the count is wrong, or the file is truncated');
    const isSelf = R[0] === 0 && R[1] === 0 && R[2] === 0 && ij[0] === ij[1];
    startb.push(Tb.n / 3);
    for (let k = 0; k < n; k++) {
      const st = r.nextNonBlank();
      if (!st) {
        const e = r.endPosition();
        r.fail(e.line, e.col, `truncated file: the entry on line ${line} has ${k} of its ${n} shift vectors`);
      }
      if (st.length !== 3) r.fail(st[0]!.line, st[0]!.col, `expected shift vector ${k + 1} of ${n} of the entry on line ${line} as "T1 T2 T3", found ${st.length} entries`, st.length === 5 ? `the count n = ${n} on line ${ct[0]!.line} may be too large` : undefined);
      const T = st.map((x, a) => int32(x, `T${a + 1}`));
      if ((useWsDistance === false || isSelf) && (n !== 1 || T.some((x) => x !== 0))) {
        r.fail(ct[0]!.line, ct[0]!.col, isSelf
          ? `the entry of Wannier function ${ij[0]} with itself at R = (0 0 0) (line ${line}) must have one zero shift (n = 1, T = 0 0 0), found n = ${n}${n === 1 ? `, T = ${T.join(' ')}` : ''}`
          : `the header says use_ws_distance=.false., but the entry on line ${line} has ${n === 1 ? `the shift T = ${T.join(' ')}` : `n = ${n} shifts`} (Wannier90 then writes n = 1, T = 0 0 0)`);
      }
      if (R.some((x, a) => Math.abs(x + T[a]!) > INT32_MAX)) r.fail(st[0]!.line, st[0]!.col, `R + T is beyond the integer range of Wannier90 (±${INT32_MAX})`);
      for (const x of T) Tb.push(x);
    }
    for (const x of R) Rb.push(x);
    ijb.push(ij[0]!);
    ijb.push(ij[1]!);
    lineb.push(line);
  }
  const count = lineb.n;
  if (count === 0) {
    const e = r.endPosition();
    r.fail(e.line, e.col, 'no entries after the header line');
  }
  startb.push(Tb.n / 3);
  const data: WsvecData = {
    source,
    code,
    header,
    useWsDistance,
    ndegenApplied,
    numWann,
    count,
    R: Rb.take(),
    ij: ijb.take(),
    start: startb.take(),
    T: Tb.take(),
    line: lineb.take(),
    index: new Map(),
  };
  // one entry per (R, i, j): counts per R first, so that the index (nR × numWann²) is allocated
  // only when it is no larger than the entries read
  const nw2 = numWann * numWann;
  const perR = new Map<string, { n: number; first: number }>();
  for (let e = 0; e < count; e++) {
    const key = `${data.R[3 * e]},${data.R[3 * e + 1]},${data.R[3 * e + 2]}`;
    const c = perR.get(key);
    if (c) c.n++;
    else perR.set(key, { n: 1, first: e });
  }
  for (const [key, c] of perR) {
    if (c.n < nw2) {
      r.fail(data.line[c.first]!, 1, `R = (${key.replace(/,/g, ' ')}) has ${c.n} entries, but num_wann² = ${nw2} are needed (num_wann = ${numWann}, the largest Wannier index in the file)`, 'every (R, i, j) of the hr/tb file has an entry; the file may be truncated');
    }
  }
  for (let e = 0; e < count; e++) {
    const key = `${data.R[3 * e]},${data.R[3 * e + 1]},${data.R[3 * e + 2]}`;
    let idx = data.index.get(key);
    if (!idx) data.index.set(key, (idx = new Int32Array(nw2)));
    const s = data.ij[2 * e]! - 1 + (data.ij[2 * e + 1]! - 1) * numWann;
    if (idx[s] !== 0) r.fail(data.line[e]!, 1, `duplicate entry R = (${key.replace(/,/g, ' ')}), i = ${data.ij[2 * e]}, j = ${data.ij[2 * e + 1]} (also on line ${data.line[idx[s]! - 1]})`);
    idx[s] = e + 1;
  }
  // (R, i, j) and (−R, j, i) must have opposite shifts: the two halves of one Hermitian pair
  const shiftKeys = (e: number, sign: number) => {
    const out: string[] = [];
    for (let k = data.start[e]!; k < data.start[e + 1]!; k++) out.push(`${sign * data.T[3 * k]! + 0},${sign * data.T[3 * k + 1]! + 0},${sign * data.T[3 * k + 2]! + 0}`);
    return out.sort().join(';');
  };
  for (let e = 0; e < count; e++) {
    const partner = data.index.get(rKey(negR([data.R[3 * e]!, data.R[3 * e + 1]!, data.R[3 * e + 2]!])));
    if (!partner) continue;
    const p = partner[data.ij[2 * e + 1]! - 1 + (data.ij[2 * e]! - 1) * numWann]! - 1;
    if (p < e) continue; // checked from the other side
    if (shiftKeys(e, 1) !== shiftKeys(p, -1)) {
      r.fail(data.line[e]!, 1, `the shifts of (R = ${data.R.slice(3 * e, 3 * e + 3).join(' ')}, i = ${data.ij[2 * e]}, j = ${data.ij[2 * e + 1]}) and of (−R, j, i) on line ${data.line[p]} are not opposite: H_ij(R) and H_ji(−R) = conj H_ij(R) would be moved apart and H(k) would not be Hermitian`);
    }
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Writers

/** Options of the Wannier90 writers `writeHr` / `writeTb`. */
export interface WriteOptions {
  /** First line (default: `written by orbitronics`). */
  header?: string;
  /** Length (Å) of the padding lattice vectors added for 1D/2D models (default 20). */
  vacuum?: number;
}

/** The model's lattice padded to 3×3 (vacuum vectors along the missing Cartesian axes). */
function padLattice(m: TightBindingModel, vacuum: number): number[][] {
  const L = [0, 1, 2].map((i) => [0, 1, 2].map((c) => (i < m.dim ? (c < m.dim ? m.lattice[i]![c]! : 0) : c === i ? vacuum : 0)));
  return L;
}

/** Lattice (3×3) and Cartesian Wannier centres of a model, as needed with an hr.dat written by writeHr. */
export function hrGeometryOf(m: TightBindingModel, options: WriteOptions = {}): HrGeometry {
  const L = padLattice(m, options.vacuum ?? 20);
  const centres = m.orbitals.map((o) => [0, 1, 2].map((c) => o.reduce((s, f, i) => s + f * L[i]![c]!, 0)));
  return { lattice: L, centres };
}

/** The full Hermitian set H_mn(R) (1-based m, n; R padded to 3), sorted by R. */
function fullSet(m: TightBindingModel): Array<{ R: number[]; H: Complex[][] }> {
  const nw = m.orbitals.length;
  const blocks = new Map<string, { R: number[]; H: Complex[][] }>();
  const get = (R: number[]) => {
    const R3 = [0, 1, 2].map((i) => (R[i] ?? 0) + 0);
    const k = rKey(R3);
    let b = blocks.get(k);
    if (!b) {
      b = { R: R3, H: Array.from({ length: nw }, () => Array.from({ length: nw }, (): Complex => [0, 0])) };
      blocks.set(k, b);
    }
    return b;
  };
  const zero = get([0, 0, 0]);
  m.onsite.forEach((e, i) => (zero.H[i]![i]![0] += e));
  for (const h of m.hoppings) {
    const b = get(h.R);
    b.H[h.to]![h.from]![0] += h.t[0];
    b.H[h.to]![h.from]![1] += h.t[1];
    if (m.hermitian !== 'explicit') {
      const c = get(h.R.map((x) => -x));
      c.H[h.from]![h.to]![0] += h.t[0];
      c.H[h.from]![h.to]![1] -= h.t[1];
    }
  }
  for (const b of [...blocks.values()]) get(b.R.map((x) => -x)); // both R and −R present
  return [...blocks.values()].sort((a, b) => a.R[0]! - b.R[0]! || a.R[1]! - b.R[1]! || a.R[2]! - b.R[2]!);
}

const i5 = (x: number) => String(x).padStart(5);
const fnum = (x: number) => ' ' + (Object.is(x, -0) ? '0' : String(x)).padStart(24);

function degeneracyLines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i += 15) out.push(Array.from({ length: Math.min(15, n - i) }, () => i5(1)).join(''));
  return out;
}

/**
 * A model as Wannier90 `seedname_hr.dat` text (all ndegen = 1, amplitudes in full precision
 * instead of F12.6 so that a round trip is exact). The lattice and centres go separately:
 * `hrGeometryOf(model)`.
 */
export function writeHr(m: TightBindingModel, options: WriteOptions = {}): string {
  const blocks = fullSet(m);
  const nw = m.orbitals.length;
  const lines = [options.header ?? `written by orbitronics (${m.name})`, String(nw).padStart(12), String(blocks.length).padStart(12), ...degeneracyLines(blocks.length)];
  for (const b of blocks)
    for (let n = 0; n < nw; n++)
      for (let mm = 0; mm < nw; mm++) {
        const z = b.H[mm]![n]!;
        lines.push(`${b.R.map(i5).join('')}${i5(mm + 1)}${i5(n + 1)}${fnum(z[0])}${fnum(z[1])}`);
      }
  return lines.join('\n') + '\n';
}

/**
 * A model as Wannier90 `seedname_tb.dat` text: lattice (padded to 3D with `vacuum`), H(R), and
 * the position operator with the orbital positions on the diagonal at R = 0 (zero elsewhere).
 */
export function writeTb(m: TightBindingModel, options: WriteOptions = {}): string {
  const blocks = fullSet(m);
  const nw = m.orbitals.length;
  const geo = hrGeometryOf(m, options);
  const lines = [options.header ?? `written by orbitronics (${m.name})`, ...geo.lattice.map((row) => row.map(fnum).join('')), String(nw).padStart(12), String(blocks.length).padStart(12), ...degeneracyLines(blocks.length)];
  for (const b of blocks) {
    lines.push('', b.R.map(i5).join(''));
    for (let n = 0; n < nw; n++)
      for (let mm = 0; mm < nw; mm++) {
        const z = b.H[mm]![n]!;
        lines.push(`${i5(mm + 1)}${i5(n + 1)}   ${fnum(z[0])}${fnum(z[1])}`);
      }
  }
  for (const b of blocks) {
    lines.push('', b.R.map(i5).join(''));
    const isZero = b.R.every((x) => x === 0);
    for (let n = 0; n < nw; n++)
      for (let mm = 0; mm < nw; mm++) {
        const c = isZero && mm === n ? geo.centres![n]! : [0, 0, 0];
        lines.push(`${i5(mm + 1)}${i5(n + 1)}   ${c.map((x) => `${fnum(x)}${fnum(0)}`).join('')}`);
      }
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Geometry from Wannier90's own inputs/outputs: seedname.win (unit_cell_cart) and seedname_centres.xyz

/** Bohr radius in Å (CODATA 2018), for `unit_cell_cart` given in bohr. */
export const BOHR_ANGSTROM = 0.529177210903;

/** The `unit_cell_cart` block of a seedname.win (rows a₁, a₂, a₃ in Å). Errors: HR_PARSE at file:line:column. */
export function parseWinLattice(text: string, source = '<seedname.win>'): number[][] {
  const r: Reader = new Reader(text, source, 'HR_PARSE');
  const clean = (s: string) => s.replace(/[!#].*$/, '').trim();
  const start = r.lines.findIndex((l) => /^begin\s+unit_cell_cart\b/i.test(clean(l)));
  if (start < 0) r.fail(1, 1, 'no "begin unit_cell_cart" block (the lattice vectors)');
  let scale = 1;
  const rows: number[][] = [];
  for (let i = start + 1; i < r.lines.length; i++) {
    const s = clean(r.lines[i]!);
    if (s === '') continue;
    if (/^end\s+unit_cell_cart\b/i.test(s)) break;
    if (/^(ang|bohr)$/i.test(s)) {
      scale = /^bohr$/i.test(s) ? BOHR_ANGSTROM : 1;
      continue;
    }
    const t = r.tokens(i).filter((x) => !/^[!#]/.test(x.text)).slice(0, 3);
    if (t.length !== 3) r.fail(i + 1, 1, `expected a lattice vector as 3 numbers, found "${s}"`);
    rows.push(t.map((x) => r.real(x, 'lattice vector component') * scale));
  }
  if (rows.length !== 3) r.fail(start + 1, 1, `unit_cell_cart must hold 3 lattice vectors, found ${rows.length}`);
  return rows;
}

/** The first `num_wann` Wannier centres (symbol X) of a seedname_centres.xyz (Å, Cartesian). */
export function parseCentresXyz(text: string, numWann: number, source = '<seedname_centres.xyz>'): number[][] {
  const r: Reader = new Reader(text, source, 'HR_PARSE');
  const out: number[][] = [];
  for (let i = 2; i < r.lines.length && out.length < numWann; i++) {
    const t = r.tokens(i);
    if (t.length === 0) continue;
    if (t[0]!.text !== 'X') break;
    if (t.length < 4) r.fail(i + 1, 1, `expected "X x y z", found ${t.length} entries`);
    out.push(t.slice(1, 4).map((x) => r.real(x, 'centre coordinate')));
  }
  if (out.length !== numWann) r.fail(Math.min(out.length + 3, r.lines.length + 1), 1, `expected ${numWann} Wannier centres (lines "X x y z"), found ${out.length}`);
  return out;
}

/** num_wann from the second line of an hr.dat (for locating its centres), or NaN. */
export function hrNumWann(text: string): number {
  const line = text.split(/\r?\n/, 3)[1] ?? '';
  return /^\s*\d+\s*$/.test(line) ? Number(line) : NaN;
}
