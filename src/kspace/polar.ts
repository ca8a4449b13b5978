/**
 * Polar (2D), spherical (3D) and two-ray (1D) grids for k·p models. Each ray from k = 0 is cut into
 * radial segments at the Fermi crossings εₙ(k) = μᵢ of every band and every requested μ, and each
 * segment gets `nr` Gauss–Legendre nodes, so that T = 0 Fermi-sea integrals of metals converge
 * exponentially. With `cutoff: null` the last segment is the tail k = k_last + c·s/(1−s), s ∈ [0, 1),
 * c = max(model scale, k_last).
 * Angles: 2D trapezoid in θ (exponentially convergent for periodic integrands), 3D Gauss–Legendre in
 * cos θ × trapezoid in φ (2·NTHETA values), 1D the two rays ±x.
 */
import type { CompiledModel } from '../model/types.js';
import { OrbitronicsError } from '../errors.js';
import { gaussLegendre } from './gauss.js';
import type { KPointBatch, KSampling, KSamplingSpec } from './types.js';

/** Default polar grid [NTHETA, NR] (NR Gauss–Legendre nodes per radial segment). */
export const DEFAULT_KP_GRID: Record<number, number[]> = { 1: [1, 24], 2: [64, 16], 3: [16, 16] };

/** Energies of a list of Cartesian k-points [nk × 3] → [nk × nb], ascending per k. */
export type EnergyFn = (k: Float64Array, nk: number) => Float64Array;

/** Options of the polar k·p grid: [NTHETA, NR] and the energies whose Fermi crossings split the radial segments. */
export interface PolarOptions {
  /** [NTHETA, NR]; in 1D NTHETA is ignored. */
  grid: number[];
  /** Chemical potentials whose Fermi crossings become radial breakpoints. */
  mu: number[];
  /** Coarse samples per ray used to bracket the crossings (default 256). */
  samples?: number;
}

/** A k scale of the model: |order-0 coefficients| / |order-1 coefficients| (or the square root for order 2). */
export function kpScale(model: CompiledModel): number {
  let c0 = 0, c1 = 0, c2 = 0;
  for (let t = 0; t < model.nterm; t++) {
    const p = model.termPow[3 * t]! + model.termPow[3 * t + 1]! + model.termPow[3 * t + 2]!;
    const a = Math.hypot(model.termRe[t]!, model.termIm[t]!);
    if (p === 0) c0 = Math.max(c0, a);
    else if (p === 1) c1 = Math.max(c1, a);
    else if (p === 2) c2 = Math.max(c2, a);
  }
  let s = 1;
  if (c0 > 0 && c1 > 0) s = c0 / c1;
  else if (c0 > 0 && c2 > 0) s = Math.sqrt(c0 / c2);
  return Number.isFinite(s) && s > 0 ? s : 1;
}

function directions(dim: number, ntheta: number): { dirs: number[]; dirW: number[] } {
  const dirs: number[] = [];
  const dirW: number[] = [];
  if (dim === 1) {
    dirs.push(1, 0, 0, -1, 0, 0);
    dirW.push(1, 1);
  } else if (dim === 2) {
    for (let j = 0; j < ntheta; j++) {
      const th = (2 * Math.PI * (j + 0.5)) / ntheta;
      dirs.push(Math.cos(th), Math.sin(th), 0);
      dirW.push((2 * Math.PI) / ntheta);
    }
  } else {
    const { x, w } = gaussLegendre(ntheta);
    const nphi = 2 * ntheta;
    for (let i = 0; i < ntheta; i++) {
      const ct = x[i]!;
      const st = Math.sqrt(Math.max(0, 1 - ct * ct));
      for (let j = 0; j < nphi; j++) {
        const ph = (2 * Math.PI * (j + 0.5)) / nphi;
        dirs.push(st * Math.cos(ph), st * Math.sin(ph), ct);
        dirW.push((w[i]! * 2 * Math.PI) / nphi);
      }
    }
  }
  return { dirs, dirW };
}

/** Builds the grid: brackets every Fermi crossing on a coarse ray sampling and refines it (Illinois). */
export function polarGrid(model: CompiledModel, energies: EnergyFn, opts: PolarOptions): KSampling {
  if (model.kind !== 'kp') throw new OrbitronicsError('GRID_INVALID', 'polar grids are for k·p models.');
  const dim = model.dim;
  const [ntheta, nr] = opts.grid as [number, number];
  if (!(Number.isInteger(ntheta) && ntheta >= 1 && Number.isInteger(nr) && nr >= 1) || opts.grid.length !== 2) {
    throw new OrbitronicsError('GRID_INVALID', `invalid argument. A k·p grid is NTHETAxNR (two positive integers). Value: \`${JSON.stringify(opts.grid)}\`.`);
  }
  const cutoff = model.cutoff;
  if (cutoff !== null && !(cutoff > 0)) throw new OrbitronicsError('GRID_INVALID', `k·p cutoff must be positive or null. Value: ${cutoff}.`);
  const k0 = cutoff ?? kpScale(model);
  const { dirs, dirW } = directions(dim, ntheta);
  const nray = dirW.length;
  const nb = model.nb;
  const M = opts.samples ?? 256;
  // coarse radial samples (same for every ray)
  const rs = new Float64Array(M + 1);
  for (let i = 0; i <= M; i++) rs[i] = cutoff !== null ? (cutoff * i) / M : (k0 * (i / (M + 1))) / (1 - i / (M + 1));
  const mu = Float64Array.from(new Set(opts.mu)).sort();
  const pts = new Float64Array(3 * nray * (M + 1));
  for (let j = 0; j < nray; j++)
    for (let i = 0; i <= M; i++) for (let c = 0; c < 3; c++) pts[3 * (j * (M + 1) + i) + c] = dirs[3 * j + c]! * rs[i]!;
  const E = energies(pts, nray * (M + 1));
  // brackets: ray, band, mu, [a, b], f(a), f(b)
  const bRay: number[] = [], bBand: number[] = [], bMu: number[] = [], bA: number[] = [], bB: number[] = [], fA: number[] = [], fB: number[] = [];
  const lowerBound = (x: number) => { let lo = 0, hi = mu.length; while (lo < hi) { const m = (lo + hi) >> 1; if (mu[m]! < x) lo = m + 1; else hi = m; } return lo; };
  for (let j = 0; j < nray; j++)
    for (let i = 0; i < M; i++)
      for (let n = 0; n < nb; n++) {
        const ea = E[(j * (M + 1) + i) * nb + n]!;
        const eb = E[(j * (M + 1) + i + 1) * nb + n]!;
        const lo = Math.min(ea, eb), hi = Math.max(ea, eb);
        // μ strictly inside (lo, hi]: a sign change of ε − μ
        for (let q = lowerBound(lo); q < mu.length && mu[q]! <= hi; q++) {
          const m = mu[q]!;
          if (m === lo && m === hi) continue;
          if (ea - m === 0) continue; // crossing exactly at a sample: already a natural point
          bRay.push(j); bBand.push(n); bMu.push(m); bA.push(rs[i]!); bB.push(rs[i + 1]!); fA.push(ea - m); fB.push(eb - m);
        }
      }
  const nbk = bRay.length;
  const root = new Float64Array(nbk);
  const active = new Uint8Array(nbk).fill(1);
  const side = new Int8Array(nbk);
  for (let it = 0; it < 80 && nbk > 0; it++) {
    const idx: number[] = [];
    for (let q = 0; q < nbk; q++) if (active[q]) idx.push(q);
    if (idx.length === 0) break;
    const kk = new Float64Array(3 * idx.length);
    idx.forEach((q, t) => {
      const a = bA[q]!, b = bB[q]!, fa = fA[q]!, fb = fB[q]!;
      let r = (a * fb - b * fa) / (fb - fa);
      if (!(r > Math.min(a, b) && r < Math.max(a, b))) r = 0.5 * (a + b);
      root[q] = r;
      for (let c = 0; c < 3; c++) kk[3 * t + c] = dirs[3 * bRay[q]! + c]! * r;
    });
    const Ek = energies(kk, idx.length);
    idx.forEach((q, t) => {
      const f = Ek[t * nb + bBand[q]!]! - bMu[q]!;
      const r = root[q]!;
      if (f === 0 || Math.abs(bB[q]! - bA[q]!) <= 1e-15 * Math.max(1e-300, r)) { active[q] = 0; return; }
      if (Math.sign(f) === Math.sign(fA[q]!)) {
        bA[q] = r; fA[q] = f;
        if (side[q] === -1) fB[q] = fB[q]! / 2; // Illinois
        side[q] = -1;
      } else {
        bB[q] = r; fB[q] = f;
        if (side[q] === 1) fA[q] = fA[q]! / 2;
        side[q] = 1;
      }
      if (Math.abs(bB[q]! - bA[q]!) <= 4e-16 * r + 1e-300) active[q] = 0;
    });
  }
  // breakpoints per ray
  const perRay: number[][] = Array.from({ length: nray }, () => [0, k0]);
  for (let q = 0; q < nbk; q++) perRay[bRay[q]!]!.push(root[q]!);
  const bp: number[] = [];
  const bpOff: number[] = [0];
  for (let j = 0; j < nray; j++) {
    const list = perRay[j]!.filter((r) => r >= 0 && (cutoff === null || r <= cutoff)).sort((a, b) => a - b);
    const kept: number[] = [];
    for (const r of list) if (kept.length === 0 || r - kept[kept.length - 1]! > 1e-12 * Math.max(r, 1e-300)) kept.push(r);
    if (cutoff !== null) kept[kept.length - 1] = cutoff;
    bp.push(...kept);
    bpOff.push(bp.length);
  }
  const tail = cutoff === null ? k0 : null;
  return polarFromSpec({ type: 'polar', dim, nr, dirs, dirW, bp, bpOff, tail }, [ntheta, nr]);
}

export function polarFromSpec(spec: Extract<KSamplingSpec, { type: 'polar' }>, grid?: number[]): KSampling {
  const { dim, nr, dirs, dirW, bp, bpOff, tail } = spec;
  const nray = dirW.length;
  const { x, w } = gaussLegendre(nr);
  const ptOff = new Float64Array(nray + 1);
  for (let j = 0; j < nray; j++) {
    const segs = bpOff[j + 1]! - bpOff[j]! - 1 + (tail !== null ? 1 : 0);
    ptOff[j + 1] = ptOff[j]! + segs * nr;
  }
  const size = ptOff[nray]!;
  const pref = 1 / Math.pow(2 * Math.PI, dim);
  const ntheta = dim === 3 ? Math.round(Math.sqrt(nray / 2)) : dim === 2 ? nray : 1;
  return {
    spec,
    dim,
    size,
    grid: grid ?? [ntheta, nr],
    batch(start: number, count: number): KPointBatch {
      const nk = Math.max(0, Math.min(count, size - start));
      const k = new Float64Array(3 * nk);
      const wk = new Float64Array(nk);
      // locate the ray of the first point
      let lo = 0, hi = nray;
      while (hi - lo > 1) { const m = (lo + hi) >> 1; if (ptOff[m]! <= start) lo = m; else hi = m; }
      let j = lo;
      for (let i = 0; i < nk; i++) {
        const p = start + i;
        while (p >= ptOff[j + 1]!) j++;
        const q = p - ptOff[j]!;
        const seg = Math.floor(q / nr);
        const node = q - seg * nr;
        const nfin = bpOff[j + 1]! - bpOff[j]! - 1;
        let r: number, wr: number;
        if (seg < nfin) {
          const a = bp[bpOff[j]! + seg]!, b = bp[bpOff[j]! + seg + 1]!;
          r = 0.5 * (a + b) + 0.5 * (b - a) * x[node]!;
          wr = 0.5 * (b - a) * w[node]!;
        } else {
          const kl = bp[bpOff[j + 1]! - 1]!;
          const c = Math.max(tail!, kl); // tail scale: the model scale or the last breakpoint
          const s = 0.5 * (1 + x[node]!);
          r = kl + (c * s) / (1 - s);
          wr = (0.5 * w[node]! * c) / ((1 - s) * (1 - s));
        }
        for (let c = 0; c < 3; c++) k[3 * i + c] = dirs[3 * j + c]! * r;
        wk[i] = pref * dirW[j]! * wr * (dim === 1 ? 1 : dim === 2 ? r : r * r);
      }
      return { nk, k, w: wk, offset: start };
    },
  };
}
