/**
 * Tight-binding phase factorisation (docs/kernel.md): every term's δ = R + τ_from − τ_to is split
 * back into ρ = δ − τ_from + τ_to, and equal ρ (up to the rounding of that subtraction) share one
 * entry. The kernel then needs nρ + nb sin/cos per k-point instead of one per term, and forms
 * e^{ik·δ} = e^{ik·ρ} e^{ik·τ_from} e^{−ik·τ_to} with two complex products. ρ is a lattice
 * vector for compiled models, so nρ is the number of distinct hopping vectors (≈ 5–30).
 */
import type { CompiledModel } from '../../model/types.js';

export interface PhaseFactorisation {
  /** Number of distinct ρ; 0 = do not factorise (one sin/cos per term). */
  readonly nrho: number;
  /** [nterm] index of each term's ρ. */
  readonly rhoIdx: Int32Array;
  /** [nrho × 3] Cartesian Å. */
  readonly rho: Float64Array;
  /**
   * [nrho × 3] the integer coordinates n of ρ = Σₐ nₐaₐ when every ρ is a lattice vector with
   * |nₐ| ≤ MAX_LATTICE_POWER; then e^{ik·ρ} = Πₐ (e^{ik·aₐ})^{nₐ} needs only dim sin/cos per k.
   * Null otherwise (one sin/cos per ρ).
   */
  readonly rhoN: Int32Array | null;
  /** max |nₐ| over all ρ (0 when rhoN is null). */
  readonly maxPower: number;
}

/** Largest |nₐ| for the power recurrence (its rounding error grows like |nₐ|·ε). */
export const MAX_LATTICE_POWER = 64;

const EPS = 2.220446049250313e-16;
const cache = new WeakMap<CompiledModel, PhaseFactorisation>();

export function factorisePhases(model: CompiledModel): PhaseFactorisation {
  const hit = cache.get(model);
  if (hit) return hit;
  const { nterm, termDelta: d, termFrom, termTo, positions: pos } = model;
  const none: PhaseFactorisation = { nrho: 0, rhoIdx: new Int32Array(0), rho: new Float64Array(0), rhoN: null, maxPower: 0 };
  if (model.kind !== 'tight-binding' || nterm === 0) {
    cache.set(model, none);
    return none;
  }
  const rhoIdx = new Int32Array(nterm);
  const rho: number[] = [];
  const buckets = new Map<string, number[]>();
  for (let t = 0; t < nterm; t++) {
    const f = termFrom[t]!, o = termTo[t]!;
    const r = [0, 0, 0];
    let scale = 0;
    for (let c = 0; c < 3; c++) {
      r[c] = d[3 * t + c]! - pos[3 * f + c]! + pos[3 * o + c]!;
      scale = Math.max(scale, Math.abs(d[3 * t + c]!) + Math.abs(pos[3 * f + c]!) + Math.abs(pos[3 * o + c]!));
    }
    // tolerance: the rounding of δ's construction and of this subtraction, nothing more
    const tol = 64 * EPS * scale;
    const key = `${Math.round(r[0]! * 1e6)},${Math.round(r[1]! * 1e6)},${Math.round(r[2]! * 1e6)}`;
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    let found = -1;
    for (const j of list) {
      if (Math.abs(rho[3 * j]! - r[0]!) <= tol && Math.abs(rho[3 * j + 1]! - r[1]!) <= tol && Math.abs(rho[3 * j + 2]! - r[2]!) <= tol) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      found = rho.length / 3;
      rho.push(r[0]!, r[1]!, r[2]!);
      list.push(found);
    }
    rhoIdx[t] = found;
  }
  const nrho = rho.length / 3;
  // factorising costs nρ + nb sin/cos and two complex products per term: worth it when it saves sin/cos
  const { rhoN, maxPower } = latticeCoordinates(model, rho);
  const out = nrho + model.nb < nterm ? { nrho, rhoIdx, rho: Float64Array.from(rho), rhoN, maxPower } : none;
  cache.set(model, out);
  return out;
}

/** Integer coordinates of every ρ in the lattice basis, or null if one is not a lattice vector. */
function latticeCoordinates(model: CompiledModel, rho: number[]): { rhoN: Int32Array | null; maxPower: number } {
  const { dim, reciprocal: b, lattice: a } = model;
  const nrho = rho.length / 3;
  const rhoN = new Int32Array(3 * nrho);
  let maxPower = 0;
  for (let r = 0; r < nrho; r++) {
    let scale = 0;
    for (let c = 0; c < 3; c++) scale = Math.max(scale, Math.abs(rho[3 * r + c]!));
    for (let i = 0; i < dim; i++) {
      let x = 0;
      for (let c = 0; c < 3; c++) x += rho[3 * r + c]! * b[3 * i + c]!;
      x /= 2 * Math.PI;
      const n = Math.round(x);
      if (Math.abs(x - n) > 1e-9 || Math.abs(n) > MAX_LATTICE_POWER) return { rhoN: null, maxPower: 0 };
      rhoN[3 * r + i] = n;
      maxPower = Math.max(maxPower, Math.abs(n));
    }
    // ρ must be Σ nₐ aₐ to rounding (a non-lattice component, e.g. along z in 2D, fails here)
    for (let c = 0; c < 3; c++) {
      let y = 0;
      for (let i = 0; i < dim; i++) y += rhoN[3 * r + i]! * a[3 * i + c]!;
      if (Math.abs(y - rho[3 * r + c]!) > 1e-12 * Math.max(1, scale)) return { rhoN: null, maxPower: 0 };
    }
  }
  return { rhoN, maxPower };
}

/** Use dense assembly when at least this fraction of the nρ·nb² matrix elements are terms. */
export const DENSE_FILL = 0.3;
/** …and when the T_ρ matrices take at most this many bytes. */
export const DENSE_MAX_BYTES = 64 * 1024 * 1024;

const denseCache = new WeakMap<CompiledModel, Float64Array | null>();

/**
 * T_ρ[to][from] = Σ of the coefficients of the terms with that ρ, as f64[nρ][2][nb·nb] (re plane,
 * im plane): the kernel then assembles H'(k) = Σ_ρ e^{ik·ρ}T_ρ with vector axpys instead of a
 * scatter per term. Null when the model is too sparse for that to pay, or not factorised.
 */
export function denseBlocks(model: CompiledModel): Float64Array | null {
  if (denseCache.has(model)) return denseCache.get(model)!;
  const fac = factorisePhases(model);
  const nb = model.nb, n2 = nb * nb;
  let out: Float64Array | null = null;
  if (fac.nrho > 0 && model.nterm >= DENSE_FILL * fac.nrho * n2 && 16 * fac.nrho * n2 <= DENSE_MAX_BYTES) {
    out = new Float64Array(2 * fac.nrho * n2);
    for (let t = 0; t < model.nterm; t++) {
      const base = 2 * fac.rhoIdx[t]! * n2 + model.termTo[t]! * nb + model.termFrom[t]!;
      out[base] += model.termRe[t]!;
      out[base + n2] += model.termIm[t]!;
    }
  }
  denseCache.set(model, out);
  return out;
}
