/**
 * One pass over k for many μ and T (docs/physics.md, "Many chemical potentials in one pass").
 *
 * Band-resolved integrands Xₙ(k) are binned on an energy axis with their integration weight wₖ:
 *  - "edge" bins whose edges are the requested μ (used at T = 0): per bin S₀ = Σ wX and
 *    S₁ = Σ wX(ε − r_b). Any weight that is linear in ε on each side of μ (the T = 0 limits of f,
 *    of the grand potential and of the entropy) is then summed EXACTLY for every μ.
 *  - "fine" bins of width h = k_BT/ρ (ρ = 32 by default) on clusters of μ, each covering
 *    [μ_lo − (Λ+2)k_BT, μ_hi + (Λ+2)k_BT] (μ closer than 2(Λ+2)k_BT share a cluster), with moments
 *    T_m = Σ wX t^m, t = (ε − c_b)/(h/2), m = 0..3, plus a "boundary" histogram (S₀, S₁) whose edges are
 *    the cluster ends, which gives the exact sums below and above every cluster. For each μ
 *    the weight is replaced by its cubic interpolant in every bin inside |ε−μ| < Λk_BT (Λ = 40) and by
 *    its exact linear tails outside: error ≲ (h/2)⁴ max|w⁗|/4!·Σ|wX| per bin, i.e. ~1e-9 relative.
 *  - per-band totals Σₖ wₖ Xₙ(k) (whole-band integrals, e.g. Chern numbers).
 * The extra cost per μ is O(bins in the window) after the pass, not O(k-points).
 *
 * A chunk of k-points is accumulated into a fresh `ChunkAccumulator`; chunks are combined in a fixed
 * order with Neumaier summation (`Merger`), so the result does not depend on how chunks were
 * distributed over threads, processes or shards.
 */
import { NeumaierSum, neumaierAdd } from './neumaier.js';
import type { Occupation } from './occupations.js';

/** Window half-width in units of k_BT beyond which the occupations equal their linear tails (e^{−40} ≈ 4e-18). */
export const WINDOW = 40;
/** Fine bins per k_BT. */
export const DEFAULT_BINS_PER_KT = 32;
/** Upper bound on fine bins per temperature (coarser bins beyond it; reported in diagnostics). */
export const MAX_FINE_BINS = 1 << 18;

export interface FineCluster {
  emin: number;
  h: number;
  nbins: number;
  /** Every requested μ of the cluster sits on a bin edge (uniform μ): the reduction then uses one weight table. */
  aligned: boolean;
}

export interface FineAxis {
  kT: number;
  /** Disjoint, ascending. */
  clusters: FineCluster[];
}

export interface HistogramPlan {
  nb: number;
  /** Sorted unique μ: the edges of the T = 0 bins (empty if no T = 0 result is needed). */
  edges: number[];
  fine: FineAxis[];
  /** Integrand channels: number of components each. */
  channels: Array<{ key: string; C: number }>;
}

function cluster(kT: number, sorted: number[], binsPerKT: number): FineCluster {
  const muMin = sorted[0]!, muMax = sorted[sorted.length - 1]!;
  const hTarget = kT / binsPerKT;
  const pad = (WINDOW + 2) * kT;
  let uniform = sorted.length === 1;
  let dmu = 0;
  if (sorted.length > 1) {
    dmu = (muMax - muMin) / (sorted.length - 1);
    uniform = sorted.every((m, i) => Math.abs(m - (muMin + i * dmu)) <= 1e-9 * Math.max(dmu, Math.abs(m)));
  }
  if (uniform) {
    const h = sorted.length === 1 ? hTarget : dmu / Math.ceil(dmu / hTarget);
    const below = Math.ceil(pad / h);
    return { emin: muMin - below * h, h, nbins: below + Math.round((muMax - muMin) / h) + Math.ceil(pad / h), aligned: true };
  }
  return { emin: muMin - pad, h: hTarget, nbins: Math.ceil((muMax - muMin + 2 * pad) / hTarget), aligned: false };
}

/**
 * The fine energy axis for one temperature: clusters of μ closer than 2(Λ+2)k_BT. For a uniform μ
 * cluster (or a single μ) the bin width is chosen so that every μ lies on a bin edge
 * (h = Δμ/r ≤ k_BT/ρ), which lets the reduction use one table of interpolation coefficients per
 * occupation instead of evaluating the weight per μ. At most MAX_FINE_BINS bins in all (coarser beyond).
 */
export function fineAxis(kT: number, mu: number[], binsPerKT = DEFAULT_BINS_PER_KT): FineAxis {
  const sorted = [...new Set(mu)].sort((a, b) => a - b);
  const pad = (WINDOW + 2) * kT;
  const groups: number[][] = [[sorted[0]!]];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! > 2 * pad + 1e-12 * Math.abs(sorted[i]!)) groups.push([]);
    groups[groups.length - 1]!.push(sorted[i]!);
  }
  let clusters = groups.map((g) => cluster(kT, g, binsPerKT));
  const total = clusters.reduce((a, c) => a + c.nbins, 0);
  if (total > MAX_FINE_BINS) {
    const scale = total / MAX_FINE_BINS;
    clusters = clusters.map((c) => {
      const width = c.nbins * c.h;
      const nbins = Math.max(1, Math.floor(c.nbins / scale));
      return { emin: c.emin, h: width / nbins, nbins, aligned: false };
    });
  }
  return { kT, clusters };
}

/** The finest resolution k_BT/h over the clusters of an axis. */
export function binsPerKTOf(f: FineAxis): number {
  return Math.min(...f.clusters.map((c) => f.kT / c.h));
}

/** Interpolation coefficients A[d][m] of a shift-invariant weight for bins at offset d from μ (aligned axes). */
const tables = new WeakMap<Occupation, Map<string, { dlo: number; dhi: number; A: Float64Array }>>();
function coefficientTable(occ: Occupation, f: { kT: number; h: number }): { dlo: number; dhi: number; A: Float64Array } {
  let byAxis = tables.get(occ);
  if (!byAxis) tables.set(occ, (byAxis = new Map()));
  const key = `${f.kT}:${f.h}`;
  const hit = byAxis.get(key);
  if (hit) return hit;
  const dlo = Math.ceil((WINDOW * f.kT) / f.h);
  const dhi = Math.floor((WINDOW * f.kT) / f.h);
  const A = new Float64Array((dlo + dhi + 1) * 4);
  for (let d = -dlo; d <= dhi; d++) {
    const v = NODES.map((t) => occ.weight((d + 0.5 + t / 2) * f.h, 0, f.kT));
    for (let m = 0; m < 4; m++) {
      const row = VINV[m]!;
      A[(d + dlo) * 4 + m] = row[0]! * v[0]! + row[1]! * v[1]! + row[2]! * v[2]! + row[3]! * v[3]!;
    }
  }
  const out = { dlo, dhi, A };
  byAxis.set(key, out);
  return out;
}

/** Degenerate k-points recorded per chunk (diagnostics: where the band-resolved quantities were undefined). */
export const DEGENERATE_SAMPLES = 4;

/** The degenerate-k samples (Cartesian Å⁻¹) of ONE chunk's partial sums (meaningless after merging). */
export function readDegenerateSamples(layout: Layout, chunk: Float64Array): number[][] {
  const o = layout.countersOff + 2;
  const n = Math.min(DEGENERATE_SAMPLES, chunk[o]! | 0);
  return Array.from({ length: n }, (_, j) => [chunk[o + 1 + 3 * j]!, chunk[o + 2 + 3 * j]!, chunk[o + 3 + 3 * j]!]);
}

export class Layout {
  readonly edgeLen: number;
  /** Per temperature, per cluster: offset of the cluster's bins (4 moments each). */
  readonly fineOff: number[][];
  /** Per temperature: offset of the boundary histogram (2·clusters + 1 bins, 2 moments each). */
  readonly boundOff: number[];
  readonly bandOff: number;
  readonly blockLen: number;
  readonly channelOff: number[];
  /** Index of the k-point counter; the degenerate-k counter follows it. */
  readonly countersOff: number;
  readonly length: number;
  constructor(readonly plan: HistogramPlan) {
    this.edgeLen = plan.edges.length > 0 ? (plan.edges.length + 1) * 2 : 0;
    let o = this.edgeLen;
    this.fineOff = plan.fine.map((f) =>
      f.clusters.map((c) => {
        const at = o;
        o += c.nbins * 4;
        return at;
      }));
    this.boundOff = plan.fine.map((f) => {
      const at = o;
      o += (2 * f.clusters.length + 1) * 2;
      return at;
    });
    this.bandOff = o;
    this.blockLen = o + plan.nb;
    let c = 0;
    this.channelOff = plan.channels.map((ch) => {
      const at = c;
      c += ch.C * this.blockLen;
      return at;
    });
    this.countersOff = c;
    // k-points, degenerate k-points, then per chunk: number of degenerate samples and their k (read per chunk, not merged)
    this.length = c + 3 + 3 * DEGENERATE_SAMPLES;
  }
  block(channel: number, comp: number): number {
    return this.channelOff[channel]! + comp * this.blockLen;
  }
}

/** Accumulates one chunk of k-points (fresh per chunk). */
export class ChunkAccumulator {
  readonly s: Float64Array;
  readonly c: Float64Array;
  private edgeBin = new Int32Array(0);
  private edgeRef = new Float64Array(0);
  /** Per temperature and item: offset (within a block) of the fine bin, or −1 outside every cluster. */
  private fineBin: Int32Array[] = [];
  private fineT: Float64Array[] = [];
  /** Per temperature and item: offset of the boundary bin and ε − its reference. */
  private bndBin: Int32Array[] = [];
  private bndRef: Float64Array[] = [];
  /** Per temperature: the cluster ends [lo₀, hi₀, lo₁, hi₁, …]. */
  private bounds: Float64Array[];
  constructor(readonly layout: Layout) {
    this.s = new Float64Array(layout.length);
    this.c = new Float64Array(layout.length);
    this.bounds = layout.plan.fine.map((f) => Float64Array.from(f.clusters.flatMap((c) => [c.emin, c.emin + c.nbins * c.h])));
  }

  /** Bins of all (k, band) energies of a batch; call before `add` for every channel of the batch. */
  locate(energies: Float64Array, count: number): void {
    const L = this.layout;
    const { edges, fine } = L.plan;
    if (this.edgeBin.length < count) {
      this.edgeBin = new Int32Array(count);
      this.edgeRef = new Float64Array(count);
      this.fineBin = fine.map(() => new Int32Array(count));
      this.fineT = fine.map(() => new Float64Array(count));
      this.bndBin = fine.map(() => new Int32Array(count));
      this.bndRef = fine.map(() => new Float64Array(count));
    }
    const nE = edges.length;
    for (let i = 0; i < count; i++) {
      const e = energies[i]!;
      if (nE > 0) {
        // number of edges ≤ e
        let lo = 0, hi = nE;
        while (lo < hi) {
          const m = (lo + hi) >> 1;
          if (edges[m]! <= e) lo = m + 1;
          else hi = m;
        }
        this.edgeBin[i] = lo;
        this.edgeRef[i] = e - (lo === 0 ? edges[0]! : edges[lo - 1]!);
      }
      for (let t = 0; t < fine.length; t++) {
        const bd = this.bounds[t]!;
        let lo = 0, hi = bd.length;
        while (lo < hi) {
          const m = (lo + hi) >> 1;
          if (bd[m]! <= e) lo = m + 1;
          else hi = m;
        }
        // boundary bin lo ∈ [0, 2·clusters]; odd: inside cluster (lo−1)/2
        this.bndBin[t]![i] = L.boundOff[t]! + 2 * lo;
        this.bndRef[t]![i] = e - (lo === 0 ? bd[0]! : bd[lo - 1]!);
        if (lo & 1) {
          const j = (lo - 1) >> 1;
          const cl = fine[t]!.clusters[j]!;
          const u = (e - cl.emin) / cl.h;
          let b = Math.floor(u);
          if (b >= cl.nbins) b = cl.nbins - 1;
          if (b < 0) b = 0;
          this.fineBin[t]![i] = L.fineOff[t]![j]! + 4 * b;
          this.fineT[t]![i] = 2 * (u - b) - 1;
        } else this.fineBin[t]![i] = -1;
      }
    }
  }

  /** Adds Σ wₖ Xₙ^c(k) of one channel; X is [count = nk·nb][C], w per k. */
  add(channel: number, X: Float64Array, C: number, w: Float64Array, nk: number, nb: number): void {
    const L = this.layout;
    const s = this.s, cc = this.c;
    const nE = L.plan.edges.length;
    const nF = L.plan.fine.length;
    const edgeBin = this.edgeBin, edgeRef = this.edgeRef;
    for (let c = 0; c < C; c++) {
      const base = L.block(channel, c);
      const bandBase = base + L.bandOff;
      for (let k = 0; k < nk; k++) {
        const wk = w[k]!;
        for (let n = 0; n < nb; n++) {
          const i = k * nb + n;
          const x = wk * X[i * C + c]!;
          if (x === 0) continue;
          if (nE > 0) {
            // Neumaier, inlined
            const o = base + 2 * edgeBin[i]!;
            let a = s[o]!, t = a + x;
            cc[o]! += Math.abs(a) >= Math.abs(x) ? a - t + x : x - t + a;
            s[o] = t;
            const y = x * edgeRef[i]!;
            a = s[o + 1]!;
            t = a + y;
            cc[o + 1]! += Math.abs(a) >= Math.abs(y) ? a - t + y : y - t + a;
            s[o + 1] = t;
          }
          for (let f = 0; f < nF; f++) {
            // boundary bins: plain sums (they only enter through the linear tails of the weights)
            const ob = base + this.bndBin[f]![i]!;
            s[ob]! += x;
            s[ob + 1]! += x * this.bndRef[f]![i]!;
            const fb = this.fineBin[f]![i]!;
            if (fb < 0) continue;
            const o = base + fb;
            const tt = this.fineT[f]![i]!;
            const x1 = x * tt, x2 = x1 * tt;
            s[o]! += x;
            s[o + 1]! += x1;
            s[o + 2]! += x2;
            s[o + 3]! += x2 * tt;
          }
          const ob = bandBase + n;
          const a = s[ob]!, t = a + x;
          cc[ob]! += Math.abs(a) >= Math.abs(x) ? a - t + x : x - t + a;
          s[ob] = t;
        }
      }
    }
  }

  count(nk: number, degenerate: number): void {
    this.s[this.layout.countersOff]! += nk;
    this.s[this.layout.countersOff + 1]! += degenerate;
  }

  /** Records k-point i of a batch (Cartesian, k[3i..3i+2]) as a degenerate sample, up to DEGENERATE_SAMPLES per chunk. */
  sampleDegenerate(k: Float64Array, i: number): void {
    const o = this.layout.countersOff + 2;
    const n = this.s[o]!;
    if (n >= DEGENERATE_SAMPLES) return;
    for (let c = 0; c < 3; c++) this.s[o + 1 + 3 * n + c] = k[3 * i + c]!;
    this.s[o] = n + 1;
  }

  /** Zeroes the sums for the next chunk (reuse instead of reallocating). */
  reset(): void {
    this.s.fill(0);
    this.c.fill(0);
  }

  /** The chunk's partial sums (s + c). */
  collapse(): Float64Array {
    const out = new Float64Array(this.s.length);
    for (let i = 0; i < out.length; i++) out[i] = this.s[i]! + this.c[i]!;
    return out;
  }
}

/** Combines chunk partial sums in chunk order (Neumaier per entry). */
export class Merger {
  readonly s: Float64Array;
  readonly c: Float64Array;
  merged = 0;
  constructor(readonly length: number) {
    this.s = new Float64Array(length);
    this.c = new Float64Array(length);
  }
  add(part: Float64Array): void {
    const s = this.s, c = this.c;
    for (let i = 0; i < part.length; i++) if (part[i] !== 0) neumaierAdd(s, c, i, part[i]!);
    this.merged++;
  }
  value(): Float64Array {
    const out = new Float64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.s[i]! + this.c[i]!;
    return out;
  }
}

// cubic interpolation on t ∈ {−1, −1/3, 1/3, 1}: coefficients of 1, t, t², t³ from the four values
const NODES = [-1, -1 / 3, 1 / 3, 1];
const VINV: number[][] = (() => {
  // invert the Vandermonde matrix V[j][m] = t_j^m (Gauss–Jordan, 4×4)
  const a = NODES.map((t, j) => [1, t, t * t, t * t * t, ...[0, 0, 0, 0].map((_, q) => (q === j ? 1 : 0))]);
  for (let col = 0; col < 4; col++) {
    let p = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[p]![col]!)) p = r;
    [a[col], a[p]] = [a[p]!, a[col]!];
    const d = a[col]![col]!;
    for (let q = 0; q < 8; q++) a[col]![q]! /= d;
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      for (let q = 0; q < 8; q++) a[r]![q]! -= f * a[col]![q]!;
    }
  }
  return a.map((row) => row.slice(4)); // (V⁻¹)[m][j]
})();

/**
 * Reads a merged histogram: Σₖ wₖ Σₙ occ(εₙₖ; μ, T) Xₙ^c(k) for one channel component.
 * `edgeIndex(μ)` maps a μ to its index in plan.edges (T = 0); `fineIndex` selects the fine axis.
 */
export class HistogramReader {
  private prefix = new Map<number, { P0: Float64Array; P1: Float64Array; Q0: Float64Array; Q1: Float64Array }>();
  constructor(readonly layout: Layout, readonly data: Float64Array, readonly block: number) {}

  /** T = 0: exact for weights linear in ε on each side of μ = edges[i]. */
  zeroT(i: number, occ: Occupation): number {
    const { edges } = this.layout.plan;
    const d = this.data, base = this.block;
    const mu = edges[i]!;
    const acc = new NeumaierSum();
    for (let b = 0; b <= edges.length; b++) {
      const S0 = d[base + 2 * b]!, S1 = d[base + 2 * b + 1]!;
      if (S0 === 0 && S1 === 0) continue;
      const r = b === 0 ? edges[0]! : edges[b - 1]!;
      const c = b <= i ? occ.below : occ.above;
      if (c[0] !== 0) acc.add(c[0] * S0);
      if (c[1] !== 0) {
        acc.add(c[1] * S1);
        acc.add(c[1] * (r - mu) * S0);
      }
    }
    return acc.value;
  }

  /** Prefix/suffix sums (Σ wX, Σ wXε) over cluster j of axis t, starting from everything below/above it. */
  private sums(t: number, j: number) {
    const key = t * 1e6 + j;
    const hit = this.prefix.get(key);
    if (hit) return hit;
    const f = this.layout.plan.fine[t]!;
    const cl = f.clusters[j]!;
    const d = this.data;
    const o = this.block + this.layout.fineOff[t]![j]!;
    const ob = this.block + this.layout.boundOff[t]!;
    const bd = f.clusters.flatMap((c) => [c.emin, c.emin + c.nbins * c.h]);
    const n = cl.nbins;
    // boundary bins q ≤ 2j lie below the cluster, q ≥ 2j+2 above (reference: the edge below bin q)
    const a0 = new NeumaierSum(), a1 = new NeumaierSum(), q0 = new NeumaierSum(), q1 = new NeumaierSum();
    for (let q = 0; q <= 2 * f.clusters.length; q++) {
      if (q === 2 * j + 1) continue;
      const S0 = d[ob + 2 * q]!, S1 = d[ob + 2 * q + 1]!;
      const ref = q === 0 ? bd[0]! : bd[q - 1]!;
      if (q <= 2 * j) { a0.add(S0); a1.add(S1); a1.add(ref * S0); }
      else { q0.add(S0); q1.add(S1); q1.add(ref * S0); }
    }
    const P0 = new Float64Array(n + 1), P1 = new Float64Array(n + 1), Q0 = new Float64Array(n + 1), Q1 = new Float64Array(n + 1);
    for (let b = 0; b <= n; b++) {
      P0[b] = a0.value;
      P1[b] = a1.value;
      if (b < n) {
        const cb = cl.emin + (b + 0.5) * cl.h;
        a0.add(d[o + 4 * b]!);
        a1.add(cb * d[o + 4 * b]!);
        a1.add(0.5 * cl.h * d[o + 4 * b + 1]!);
      }
    }
    for (let b = n - 1; b >= 0; b--) {
      Q0[b] = q0.value;
      Q1[b] = q1.value;
      const cb = cl.emin + (b + 0.5) * cl.h;
      q0.add(d[o + 4 * b]!);
      q1.add(cb * d[o + 4 * b]!);
      q1.add(0.5 * cl.h * d[o + 4 * b + 1]!);
    }
    const out = { P0, P1, Q0, Q1 };
    this.prefix.set(key, out);
    return out;
  }

  /** T > 0 (or the smeared T = 0 δ weight) on fine axis t. */
  finiteT(t: number, mu: number, occ: Occupation): number {
    const f = this.layout.plan.fine[t]!;
    // the cluster whose range holds μ (by construction exactly one)
    let j = 0;
    while (j + 1 < f.clusters.length && f.clusters[j + 1]!.emin <= mu) j++;
    const cl = f.clusters[j]!;
    const { P0, P1, Q0, Q1 } = this.sums(t, j);
    const d = this.data;
    const o = this.block + this.layout.fineOff[t]![j]!;
    const kT = f.kT;
    let table: { dlo: number; dhi: number; A: Float64Array } | null = null;
    let q = 0;
    if (cl.aligned && occ.shiftInvariant) {
      q = Math.round((mu - cl.emin) / cl.h);
      if (Math.abs(mu - (cl.emin + q * cl.h)) <= 1e-9 * cl.h) table = coefficientTable(occ, { kT, h: cl.h });
    }
    const last = cl.nbins - 1;
    const blo = table ? Math.max(0, q - table.dlo) : Math.max(0, Math.min(last, Math.floor((mu - WINDOW * kT - cl.emin) / cl.h)));
    const bhi = table ? Math.min(last, q + table.dhi) : Math.max(0, Math.min(last, Math.floor((mu + WINDOW * kT - cl.emin) / cl.h)));
    const acc = new NeumaierSum();
    const [a0, a1] = occ.below;
    const [b0, b1] = occ.above;
    if (a0 !== 0) acc.add(a0 * P0[blo]!);
    if (a1 !== 0) { acc.add(a1 * P1[blo]!); acc.add(-a1 * mu * P0[blo]!); }
    if (b0 !== 0) acc.add(b0 * Q0[bhi]!);
    if (b1 !== 0) { acc.add(b1 * Q1[bhi]!); acc.add(-b1 * mu * Q0[bhi]!); }
    if (table) {
      const A = table.A;
      let sum = 0;
      for (let b = blo; b <= bhi; b++) {
        const a = (b - q + table.dlo) * 4;
        const o4 = o + 4 * b;
        sum += A[a]! * d[o4]! + A[a + 1]! * d[o4 + 1]! + A[a + 2]! * d[o4 + 2]! + A[a + 3]! * d[o4 + 3]!;
      }
      acc.add(sum);
      return acc.value;
    }
    const hh = 0.5 * cl.h;
    let wPrev = occ.weight(cl.emin + blo * cl.h, mu, kT);
    for (let b = blo; b <= bhi; b++) {
      const c = cl.emin + (b + 0.5) * cl.h;
      const v0 = wPrev;
      const v1 = occ.weight(c - hh / 3, mu, kT);
      const v2 = occ.weight(c + hh / 3, mu, kT);
      const v3 = occ.weight(c + hh, mu, kT);
      wPrev = v3;
      const T0 = d[o + 4 * b]!, T1 = d[o + 4 * b + 1]!, T2 = d[o + 4 * b + 2]!, T3 = d[o + 4 * b + 3]!;
      if (T0 === 0 && T1 === 0 && T2 === 0 && T3 === 0) continue;
      let sum = 0;
      const Tm = [T0, T1, T2, T3];
      for (let m = 0; m < 4; m++) {
        const row = VINV[m]!;
        sum += (row[0]! * v0 + row[1]! * v1 + row[2]! * v2 + row[3]! * v3) * Tm[m]!;
      }
      acc.add(sum);
    }
    return acc.value;
  }

  /** Σₖ wₖ Xₙ(k) over the whole band n. */
  bandTotal(n: number): number {
    return this.data[this.block + this.layout.bandOff + n]!;
  }
}
