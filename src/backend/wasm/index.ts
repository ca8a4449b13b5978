/**
 * The WebAssembly backends 'wasm-simd' and 'wasm' (one AssemblyScript source, two builds; see
 * docs/kernel.md). The arena in WASM linear memory is laid out here:
 *
 *   [model terms | k-points | outputs (canonical BandBatch layout) | kernel workspace]
 *
 * Memory grows only in `reserve()` (the kernel's `reserve` export). Typed-array views are
 * re-created whenever `memory.buffer` changes identity, and no view is held across a call that
 * can grow memory. The BandBatch returned by `evaluate` holds copies by default (safe to keep
 * across later calls); with `aliasOutputs = true` it holds views onto the arena instead, valid
 * only until the next `evaluate`/`reserve`/`eigh` on the same backend (what backend.ts allows).
 */
import { OrbitronicsError } from '../../errors.js';
import type { CompiledModel } from '../../model/types.js';
import {
  DEFAULT_DEGENERACY_THRESHOLD,
  RESPONSE_KINDS,
  axialCount,
  pairCount,
  responseComponents,
  responseNeedsHessian,
  responseNeedsSpin,
  responseNeedsTau,
  responseOnly2D,
  type Backend,
  type BandBatch,
  type EvaluateOptions,
  type KBatch,
  type Needs,
  type ResponseRequest,
} from '../backend.js';
import {
  KIND_KP,
  KIND_TIGHT_BINDING,
  NEED_EIGENVECTORS,
  NEED_GEOMETRY,
  NEED_HESSIAN,
  NEED_VELOCITY,
  NO_KLANES,
  type KernelExports,
} from './abi.js';
import { instantiateKernel, type WasmBuild } from './load.js';
import { HBAR_EV_S } from '../../units/constants.js';
import { denseBlocks, factorisePhases } from './phases.js';

const align16 = (x: number): number => (x + 15) & ~15;

/** Byte offsets (relative to the arena base) of one evaluate call. */
interface Layout {
  to: number; from: number; re: number; im: number; geo: number;
  nrho: number; rhoIdx: number; rho: number; pos: number; ph: number;
  rhoN: number; lat: number; maxPow: number; tr: number; z: number; modelEnd: number;
  k: number; e: number; u: number; vel: number; hess: number; om: number; g: number; x: number; deg: number;
  ws: number; end: number;
}

/** Kernel flags. Geometry implies velocity (returned too, as by the ts backend). */
function needFlags(needs: Needs): number {
  let f = 0;
  if (needs.eigenvectors) f |= NEED_EIGENVECTORS;
  if (needs.velocity || needs.geometry) f |= NEED_VELOCITY;
  if (needs.hessian) f |= NEED_HESSIAN;
  if (needs.geometry) f |= NEED_GEOMETRY;
  return f;
}

export class WasmBackend implements Backend {
  readonly name: 'wasm-simd' | 'wasm';
  private ex: KernelExports;
  private base: number;
  private buffer: ArrayBuffer | null = null;
  private f64!: Float64Array;
  private i32!: Int32Array;
  private model: CompiledModel | null = null;
  private modelEnd = 0;
  private modelDense = -1;
  private lastEnd = 0;
  /** The BandBatch last returned by `evaluate` and its layout: `responses` reads it from the arena. */
  private lastBatch: BandBatch | null = null;
  private lastLay: Layout | null = null;
  private disposed = false;
  /**
   * false (default): evaluate returns fresh arrays. true: views onto WASM memory (no copy; valid
   * until the next call on this backend, and detached if memory grows).
   */
  aliasOutputs = false;
  /** Dense tight-binding assembly for dense models (docs/kernel.md); false forces the term scatter. */
  denseEnabled = true;
  /** Sparse derivative products for sparse tight-binding models (docs/kernel.md); false: dense. */
  sparseEnabled = true;
  /**
   * k-lanes (SIMD build, nb ≤ 2): two k-points per f64x2 through eigensolver, rotation and
   * geometry (assembly/klanes.ts, docs/kernel.md); false forces the per-k path.
   */
  kLanesEnabled = true;

  constructor(exports: KernelExports, name: 'wasm-simd' | 'wasm') {
    this.ex = exports;
    this.name = name;
    this.base = exports.arenaBase();
  }

  /** Views onto memory, re-created when memory.buffer changed identity (after a grow). */
  private views(): void {
    const buf = this.ex.memory.buffer as ArrayBuffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.f64 = new Float64Array(buf);
      this.i32 = new Int32Array(buf);
    }
  }

  private layout(model: CompiledModel, nk: number, flags: number): Layout {
    const { nb, dim, nterm } = model;
    const n2 = nb * nb;
    const P = pairCount(dim);
    const C = axialCount(dim);
    let o = 0;
    const take = (bytes: number): number => {
      const at = o;
      o = align16(o + bytes);
      return at;
    };
    const to = take(4 * nterm);
    const from = take(4 * nterm);
    const re = take(8 * nterm);
    const im = take(8 * nterm);
    const geo = take(model.kind === 'kp' ? 4 * 3 * nterm : 8 * 3 * nterm);
    const fac = factorisePhases(model);
    const nrho = fac.nrho;
    const useLattice = nrho > 0 && fac.rhoN !== null;
    const maxPow = useLattice ? fac.maxPower : 0;
    const rhoIdx = take(nrho > 0 ? 4 * nterm : 0);
    const rho = take(8 * 3 * nrho);
    const pos = take(nrho > 0 ? 8 * 3 * nb : 0);
    // k-lanes (assembly/klanes.ts): a second phase table for the second k-point of a lane pair
    const ph = take(nrho > 0 ? (this.ex.kLanes(nb) ? 2 : 1) * 16 * (nrho + nb + 3 * (maxPow + 1)) : 0);
    const rhoN = useLattice ? take(4 * 3 * nrho) : -1;
    const lat = useLattice ? take(8 * 9) : -1;
    const blocks = this.denseEnabled ? denseBlocks(model) : null;
    const tr = blocks ? take(8 * blocks.length) : -1;
    // sparse tight-binding models: derivative products from the terms (scratch z_t per term)
    const sparse = this.sparseEnabled && model.kind === 'tight-binding' && !blocks && model.nterm * 2 <= nb * nb &&
      (flags & (NEED_VELOCITY | NEED_GEOMETRY | NEED_HESSIAN)) !== 0;
    const z = sparse ? take(16 * nterm) : -1;
    const modelEnd = o;
    const geoOn = (flags & NEED_GEOMETRY) !== 0;
    const k = take(8 * 3 * nk);
    const e = take(8 * nk * nb);
    const u = take(flags & NEED_EIGENVECTORS ? 16 * nk * n2 : 0);
    const vel = take(flags & NEED_VELOCITY ? 16 * nk * dim * n2 : 0);
    const hess = take(flags & NEED_HESSIAN ? 16 * nk * P * n2 : 0);
    const om = take(geoOn ? 8 * nk * nb * C : 0);
    const g = take(geoOn ? 8 * nk * nb * P : 0);
    const x = take(geoOn ? 8 * nk * nb * C : 0);
    const deg = take(4 * nk);
    const ws = take(8 * this.ex.workDoubles(nb, dim, flags));
    return { to, from, re, im, geo, nrho, rhoIdx, rho, pos, ph, rhoN, lat, maxPow, tr, z, modelEnd, k, e, u, vel, hess, om, g, x, deg, ws, end: o };
  }

  /**
   * Sizes the arena for (model, batch size, needs). The only place memory grows; `evaluate`
   * calls it itself, so calling it up front only avoids a grow on the first batch.
   */
  reserve(model: CompiledModel, batchSize: number, needs: Needs): void {
    this.check();
    this.ensure(this.layout(model, batchSize, needFlags(needs)), model.nb, batchSize);
  }

  /** Grows memory (kernel export `reserve`) to hold `lay`, then refreshes the views. */
  private ensure(lay: Layout, nb: number, nk: number): void {
    if (!this.ex.reserve(lay.end)) {
      throw new OrbitronicsError('LIMIT_EXCEEDED', `WebAssembly memory cannot grow to ${lay.end} bytes (nb = ${nb}, batch = ${nk}).`, {
        hint: 'use a smaller batch size',
      });
    }
    this.views();
  }

  private loadModel(model: CompiledModel, lay: Layout): void {
    if (this.model === model && this.modelEnd === lay.modelEnd && this.modelDense === lay.tr) return;
    const b = this.base;
    const { nterm } = model;
    this.i32.set(model.termTo.subarray(0, nterm), (b + lay.to) >> 2);
    this.i32.set(model.termFrom.subarray(0, nterm), (b + lay.from) >> 2);
    this.f64.set(model.termRe.subarray(0, nterm), (b + lay.re) >> 3);
    this.f64.set(model.termIm.subarray(0, nterm), (b + lay.im) >> 3);
    if (model.kind === 'kp') this.i32.set(model.termPow.subarray(0, 3 * nterm), (b + lay.geo) >> 2);
    else this.f64.set(model.termDelta.subarray(0, 3 * nterm), (b + lay.geo) >> 3);
    if (lay.nrho > 0) {
      const fac = factorisePhases(model);
      this.i32.set(fac.rhoIdx, (b + lay.rhoIdx) >> 2);
      this.f64.set(fac.rho, (b + lay.rho) >> 3);
      this.f64.set(model.positions.subarray(0, 3 * model.nb), (b + lay.pos) >> 3);
      if (lay.tr >= 0) this.f64.set(denseBlocks(model)!, (b + lay.tr) >> 3);
      if (lay.rhoN >= 0) {
        this.i32.set(fac.rhoN!, (b + lay.rhoN) >> 2);
        this.f64.set(model.lattice.subarray(0, 9), (b + lay.lat) >> 3);
      }
    }
    this.model = model;
    this.modelEnd = lay.modelEnd;
    this.modelDense = lay.tr;
  }

  evaluate(model: CompiledModel, batch: KBatch, needs: Needs, options: EvaluateOptions = {}): BandBatch {
    this.check();
    const threshold = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
    const { nb, dim, nterm } = model;
    const nk = batch.nk;
    if (!(Number.isInteger(nk) && nk >= 0) || batch.k.length < 3 * nk) {
      throw new OrbitronicsError('KPOINT_INVALID', `k batch holds ${batch.k.length} numbers for nk = ${nk} (need 3·nk).`);
    }
    for (let i = 0; i < 3 * nk; i++) {
      if (!Number.isFinite(batch.k[i]!)) {
        throw new OrbitronicsError('KPOINT_INVALID', `k-point ${Math.floor(i / 3)} has a non-finite component: ${batch.k[i]}.`);
      }
    }
    const flags = needFlags(needs) | (this.kLanesEnabled ? 0 : NO_KLANES);
    const lay = this.layout(model, nk, flags);
    this.ensure(lay, nb, nk); // may grow memory: views are refreshed inside
    this.lastEnd = this.base + lay.end;
    this.loadModel(model, lay);
    const b = this.base;
    this.f64.set(batch.k.subarray(0, 3 * nk), (b + lay.k) >> 3);
    const failed = this.ex.evaluate(
      nb, dim, model.kind === 'kp' ? KIND_KP : KIND_TIGHT_BINDING, nterm,
      b + lay.to, b + lay.from, b + lay.re, b + lay.im, b + lay.geo,
      lay.nrho, b + lay.rhoIdx, b + lay.rho, b + lay.pos, b + lay.ph,
      lay.rhoN >= 0 ? b + lay.rhoN : 0, lay.lat >= 0 ? b + lay.lat : 0, lay.maxPow, lay.tr >= 0 ? b + lay.tr : 0,
      lay.z >= 0 ? b + lay.z : 0,
      nk, b + lay.k, flags, threshold,
      b + lay.e, b + lay.u, b + lay.vel, b + lay.hess, b + lay.om, b + lay.g, b + lay.x, b + lay.deg,
      b + lay.ws,
    );
    this.views(); // evaluate cannot grow memory; this is a no-op kept for safety
    if (failed > 0) {
      throw new OrbitronicsError('INTERNAL', `the eigensolver did not converge for ${failed} eigenvalue(s) in this batch (${this.name}, nb = ${nb}).`, {
        hint: 'check the model for non-finite coefficients',
      });
    }
    const alias = this.aliasOutputs;
    const f = (at: number, count: number): Float64Array =>
      alias ? this.f64.subarray((b + at) >> 3, ((b + at) >> 3) + count) : this.f64.slice((b + at) >> 3, ((b + at) >> 3) + count);
    const n2x2 = nb * nb * 2;
    const P = pairCount(dim);
    const C = axialCount(dim);
    const geo = !!needs.geometry;
    const out: BandBatch = {
      nk,
      nb,
      dim,
      energies: f(lay.e, nk * nb),
      eigenvectors: needs.eigenvectors ? f(lay.u, nk * n2x2) : undefined,
      velocity: needs.velocity || geo ? f(lay.vel, nk * dim * n2x2) : undefined,
      hessian: needs.hessian ? f(lay.hess, nk * P * n2x2) : undefined,
      berryCurvature: geo ? f(lay.om, nk * nb * C) : undefined,
      quantumMetric: geo ? f(lay.g, nk * nb * P) : undefined,
      orbitalMoment: geo ? f(lay.x, nk * nb * C) : undefined,
      degeneratePairs: alias
        ? this.i32.subarray((b + lay.deg) >> 2, ((b + lay.deg) >> 2) + nk)
        : this.i32.slice((b + lay.deg) >> 2, ((b + lay.deg) >> 2) + nk),
    };
    this.lastBatch = out;
    this.lastLay = lay;
    return out;
  }

  /**
   * Backend.responses in WebAssembly (assembly/xi.ts). When `batch` is the one the last `evaluate`
   * returned, its energies, velocity and Hessian are read where the kernel wrote them (no copy);
   * otherwise they are copied into the arena first. The outputs and the workspace go after the
   * evaluate arena (memory may grow here, through `reserve`); only the final coefficients are copied out.
   */
  responses(model: CompiledModel, batch: BandBatch, requests: ResponseRequest[], options: EvaluateOptions = {}): void {
    this.check();
    const { nk, nb, dim } = batch;
    if (requests.length === 0 || nk === 0) return;
    if (model.nb !== nb || model.dim !== dim) throw new OrbitronicsError('INTERNAL', `responses: the batch (nb = ${nb}, dim = ${dim}) is not of this model`);
    if (dim < 1 || dim > 3) throw new OrbitronicsError('INTERNAL', `responses: dimension ${dim}`);
    if (!batch.velocity) throw new OrbitronicsError('INTERNAL', 'responses: the batch has no velocity matrices (Needs.velocity)');
    const needH = requests.some((r) => responseNeedsHessian(r.kind));
    if (needH && !batch.hessian) throw new OrbitronicsError('INTERNAL', 'responses: the batch has no Hessian (Needs.hessian)');
    // spin kinds: the eigenvectors (read from the arena or copied in) and the model's spin matrices (copied in)
    const needU = requests.some((r) => responseNeedsSpin(r.kind));
    if (needU && !batch.eigenvectors) throw new OrbitronicsError('INTERNAL', 'responses: spin responses need the eigenvectors (Needs.eigenvectors)');
    if (needU && !model.spin) throw new OrbitronicsError('INTERNAL', "responses: spin responses need the model's spin matrices (CompiledModel.spin)");
    const threshold = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
    const P = pairCount(dim);
    const n2x2 = nb * nb * 2;
    const inArena = batch === this.lastBatch && this.lastLay !== null;
    const b = this.base;
    let o = this.lastEnd > 0 ? align16(this.lastEnd - b) : 0;
    const take = (bytes: number): number => {
      const at = o;
      o = align16(o + bytes);
      return at;
    };
    let pE: number, pVel: number, pHess: number, pU: number;
    if (inArena) {
      const lay = this.lastLay!;
      pE = lay.e;
      pVel = lay.vel;
      pHess = needH ? lay.hess : -1;
      pU = needU ? lay.u : -1;
    } else {
      pE = take(8 * nk * nb);
      pVel = take(8 * nk * dim * n2x2);
      pHess = needH ? take(8 * nk * P * n2x2) : -1;
      pU = needU ? take(8 * nk * n2x2) : -1;
    }
    const pSpin = needU ? take(8 * 3 * n2x2) : -1;
    const pReq = take(12 * requests.length);
    const outs = requests.map((r) => {
      if (!(Number.isInteger(r.beta) && r.beta >= 0 && r.beta < dim)) throw new OrbitronicsError('INTERNAL', `responses: field direction ${r.beta}`);
      if (responseOnly2D(r.kind) && dim !== 2) throw new OrbitronicsError('INTERNAL', `responses: ${r.kind.startsWith('lambda') ? 'λ' : 'the F tensor'} is defined for 2D models`);
      if (responseNeedsTau(r.kind) && !(typeof r.tau === 'number' && Number.isFinite(r.tau)))
        throw new OrbitronicsError('INTERNAL', `responses: ${r.kind} needs the relaxation time (request.tau, s)`);
      const len = nk * nb * responseComponents(r.kind, dim);
      if (r.out.length < len) throw new OrbitronicsError('INTERNAL', `responses: output for ${r.kind} holds ${r.out.length} numbers, needs ${len}`);
      return { at: take(8 * len), len };
    });
    const ws = take(8 * this.ex.responsesWorkDoubles(nb, dim));
    if (!this.ex.reserve(o)) {
      throw new OrbitronicsError('LIMIT_EXCEEDED', `WebAssembly memory cannot grow to ${o} bytes (responses, nb = ${nb}, batch = ${nk}).`, { hint: 'use a smaller batch size' });
    }
    this.views(); // memory may have grown: the arena's content is kept, views are re-created
    if (!inArena) {
      this.f64.set(batch.energies.subarray(0, nk * nb), (b + pE) >> 3);
      this.f64.set(batch.velocity.subarray(0, nk * dim * n2x2), (b + pVel) >> 3);
      if (needH) this.f64.set(batch.hessian!.subarray(0, nk * P * n2x2), (b + pHess) >> 3);
      if (needU) this.f64.set(batch.eigenvectors!.subarray(0, nk * n2x2), (b + pU) >> 3);
    }
    if (needU) this.f64.set(model.spin!.subarray(0, 3 * n2x2), (b + pSpin) >> 3);
    requests.forEach((r, q) => {
      const t = (b + pReq) >> 2;
      this.i32[t + 3 * q] = RESPONSE_KINDS.indexOf(r.kind);
      this.i32[t + 3 * q + 1] = r.beta;
      this.i32[t + 3 * q + 2] = b + outs[q]!.at;
    });
    this.ex.responsesEx(
      nb, dim, nk, b + pE, b + pVel, pHess >= 0 ? b + pHess : 0, pU >= 0 ? b + pU : 0, pSpin >= 0 ? b + pSpin : 0,
      threshold, requests.length, b + pReq, b + ws,
    );
    this.views(); // responses cannot grow memory; kept for safety
    requests.forEach((r, q) => {
      const at = (b + outs[q]!.at) >> 3;
      r.out.set(this.f64.subarray(at, at + outs[q]!.len));
      // the kernel computes the kinds ∝ τ per unit τ/ħ
      if (responseNeedsTau(r.kind)) {
        const t = r.tau! / HBAR_EV_S;
        for (let i = 0; i < outs[q]!.len; i++) r.out[i] = t * r.out[i]!;
      }
    });
  }

  /**
   * Backend.zgemm in WebAssembly (assembly/blas.ts zgemm): A and B are copied into the arena after
   * the last `evaluate` (memory may grow here, through `reserve`), C is copied out.
   */
  zgemm(
    m: number, k: number, n: number,
    ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array,
    cr: Float64Array, ci: Float64Array,
    hermitian = false,
  ): void {
    this.check();
    if (hermitian && m !== n) throw new OrbitronicsError('INTERNAL', `zgemm: a Hermitian product must be square (got ${m}×${n})`);
    const b = this.base;
    let o = this.lastEnd > 0 ? align16(this.lastEnd - b) : 0;
    const take = (doubles: number): number => {
      const at = o;
      o = align16(o + 8 * doubles);
      return at;
    };
    const pAr = take(m * k), pAi = take(m * k), pBr = take(k * n), pBi = take(k * n), pCr = take(m * n), pCi = take(m * n);
    if (!this.ex.reserve(o)) throw new OrbitronicsError('LIMIT_EXCEEDED', `WebAssembly memory cannot grow to ${o} bytes (zgemm ${m}×${k}×${n}).`);
    this.views();
    const f = this.f64;
    f.set(ar.subarray(0, m * k), (b + pAr) >> 3);
    f.set(ai.subarray(0, m * k), (b + pAi) >> 3);
    f.set(br.subarray(0, k * n), (b + pBr) >> 3);
    f.set(bi.subarray(0, k * n), (b + pBi) >> 3);
    this.ex.zgemm(b + pCr, b + pCi, b + pAr, b + pAi, b + pBr, b + pBi, m, k, n, hermitian ? 1 : 0);
    cr.set(f.subarray((b + pCr) >> 3, ((b + pCr) >> 3) + m * n));
    ci.set(f.subarray((b + pCi) >> 3, ((b + pCi) >> 3) + m * n));
  }

  /**
   * Test/benchmark entry: diagonalises `count` Hermitian n×n matrices (interleaved re/im,
   * row-major, a[t][i][j][2]). Returns copies: values [count][n] ascending and, if asked,
   * vectors [count][n][n][2] with eigenvectors as columns.
   */
  eigh(n: number, count: number, a: Float64Array, vectors = true): { values: Float64Array; vectors?: Float64Array } {
    this.check();
    this.model = null; // the arena is reused from the start
    this.lastBatch = null;
    this.lastLay = null;
    const n2x2 = n * n * 2;
    const pA = 0;
    const pW = align16(pA + 8 * count * n2x2);
    const pU = align16(pW + 8 * count * n);
    const ws = align16(pU + (vectors ? 8 * count * n2x2 : 0));
    const end = ws + 8 * this.ex.eighDenseWorkDoubles(n);
    if (!this.ex.reserve(end)) throw new OrbitronicsError('LIMIT_EXCEEDED', `cannot grow WebAssembly memory to ${end} bytes`);
    this.views();
    const b = this.base;
    this.f64.set(a.subarray(0, count * n2x2), (b + pA) >> 3);
    const failed = this.ex.eighDense(n, count, b + pA, b + pW, b + pU, vectors ? 1 : 0, b + ws);
    if (failed > 0) throw new OrbitronicsError('INTERNAL', `the eigensolver did not converge for ${failed} eigenvalue(s)`);
    const values = this.f64.slice((b + pW) >> 3, ((b + pW) >> 3) + count * n);
    const vecs = vectors ? this.f64.slice((b + pU) >> 3, ((b + pU) >> 3) + count * n2x2) : undefined;
    return { values, vectors: vecs };
  }

  /**
   * Test entry of the k-lane eigensolver (assembly/klanes.ts): `count` Hermitian n×n matrices
   * (n ≤ 2, interleaved re/im as in `eigh`), two per f64x2. Same outputs as `eigh`; null when this
   * build has no k-lane path for n (the scalar build).
   */
  eighLanes(n: number, count: number, a: Float64Array): { values: Float64Array; vectors: Float64Array } | null {
    this.check();
    if (!this.ex.kLanes(n)) return null;
    this.model = null; // the arena is reused from the start
    this.lastBatch = null;
    this.lastLay = null;
    const n2 = n * n;
    const pA = 0;
    const pW = align16(pA + 16 * count * n2);
    const pU = align16(pW + 8 * count * n);
    const end = align16(pU + 16 * count * n2);
    if (!this.ex.reserve(end)) throw new OrbitronicsError('LIMIT_EXCEEDED', `cannot grow WebAssembly memory to ${end} bytes`);
    this.views();
    const b = this.base;
    // split re/im planes per matrix
    const at = (b + pA) >> 3;
    for (let t = 0; t < count; t++)
      for (let j = 0; j < n2; j++) {
        this.f64[at + 2 * t * n2 + j] = a[2 * (t * n2 + j)]!;
        this.f64[at + 2 * t * n2 + n2 + j] = a[2 * (t * n2 + j) + 1]!;
      }
    if (this.ex.eighLanes(n, count, b + pA, b + pW, b + pU) < 0) return null;
    return {
      values: this.f64.slice((b + pW) >> 3, ((b + pW) >> 3) + count * n),
      vectors: this.f64.slice((b + pU) >> 3, ((b + pU) >> 3) + 2 * count * n2),
    };
  }

  /** First byte after the arena of the last `evaluate` (tests check nothing is written beyond it). */
  get arenaEnd(): number {
    return this.lastEnd;
  }

  /** Current linear-memory size in bytes (diagnostics, tests). */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  private check(): void {
    if (this.disposed) throw new OrbitronicsError('INTERNAL', `backend ${this.name} was disposed`);
  }

  dispose(): void {
    this.disposed = true;
    this.model = null;
    this.lastBatch = null;
    this.lastLay = null;
    this.buffer = null;
    this.f64 = new Float64Array(0);
    this.i32 = new Int32Array(0);
  }
}

/** A new WebAssembly backend of one build ('simd' → 'wasm-simd', 'scalar' → 'wasm'). */
export async function createWasmBackend(build: WasmBuild = 'simd'): Promise<WasmBackend> {
  const ex = await instantiateKernel(build);
  return new WasmBackend(ex, build === 'simd' ? 'wasm-simd' : 'wasm');
}

export { wasmSupported, type WasmBuild } from './load.js';
