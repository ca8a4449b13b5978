/**
 * k-paths for band plots. Labels are high-symmetry points in reduced coordinates chosen per lattice
 * type (detected from the lattice): 1D G X; square/rectangular/oblique 2D G X Y M; hexagonal 2D G K K' M;
 * 3D G X Y Z M R. Explicit points are reduced coordinates (tight-binding) or Å⁻¹ (k·p, where only G is named).
 */
import type { CompiledModel } from '../model/types.js';
import { OrbitronicsError } from '../errors.js';
import { kList } from './grid.js';
import type { KSampling } from './types.js';

/** A k-path vertex: a high-symmetry label (`G`, `K`, `M`, …) or a point (reduced; Å⁻¹ for k·p). */
export type PathPoint = string | number[];

/** A k-path for band plots: its sampling, cumulative length and labelled vertices. */
export interface KPath {
  sampling: KSampling;
  /** Cumulative Cartesian path length (Å⁻¹) per k-point. */
  distance: Float64Array;
  /** Indices of the vertices and their labels. */
  ticks: Array<{ index: number; label: string }>;
  /** Cartesian k-points [n × 3]. */
  k: Float64Array;
}

function toCart(model: CompiledModel, red: number[]): number[] {
  const b = model.reciprocal;
  const out = [0, 0, 0];
  for (let i = 0; i < model.dim; i++) for (let c = 0; c < 3; c++) out[c]! += (red[i] ?? 0) * b[3 * i + c]!;
  return out;
}

/** High-symmetry points (reduced coordinates) for the model's lattice. */
export function highSymmetryPoints(model: CompiledModel): Record<string, number[]> {
  const dim = model.dim;
  if (model.kind === 'kp') return { G: [0, 0, 0].slice(0, dim) };
  if (dim === 1) return { G: [0], X: [0.5] };
  if (dim === 3) return { G: [0, 0, 0], X: [0.5, 0, 0], Y: [0, 0.5, 0], Z: [0, 0, 0.5], M: [0.5, 0.5, 0], R: [0.5, 0.5, 0.5] };
  const b = model.reciprocal;
  const b1 = [b[0]!, b[1]!], b2 = [b[3]!, b[4]!];
  const n1 = Math.hypot(b1[0]!, b1[1]!), n2 = Math.hypot(b2[0]!, b2[1]!);
  const cos = (b1[0]! * b2[0]! + b1[1]! * b2[1]!) / (n1 * n2);
  const hex = Math.abs(n1 - n2) < 1e-9 * n1 && Math.abs(Math.abs(cos) - 0.5) < 1e-9;
  if (hex) {
    // K: circumcentre of Γ, b1 and the reciprocal vector at 60° to b1 with the same length
    if (cos < 0) return { G: [0, 0], K: [2 / 3, 1 / 3], "K'": [1 / 3, 2 / 3], M: [0.5, 0] }; // b1·b2 < 0 (120°): b1+b2 at 60°
    return { G: [0, 0], K: [1 / 3, 1 / 3], "K'": [2 / 3, -1 / 3], M: [0.5, 0] }; // b1·b2 > 0 (60°)
  }
  return { G: [0, 0], X: [0.5, 0], Y: [0, 0.5], M: [0.5, 0.5] };
}

/** Parses "G-K-M-G" (or an array of labels / points) into a path with `n` points in total. */
export function kPath(model: CompiledModel, path: string | PathPoint[], n: number): KPath {
  const pts: PathPoint[] = typeof path === 'string' ? path.split('-').map((s) => s.trim()).filter(Boolean) : path;
  if (pts.length < 2) throw new OrbitronicsError('PATH_INVALID', `a k-path needs at least two points. Value: \`${JSON.stringify(path)}\`.`);
  if (!Number.isInteger(n) || n < pts.length) throw new OrbitronicsError('PATH_INVALID', `invalid argument. n must be an integer ≥ ${pts.length}. Value: \`${n}\`.`);
  const named = highSymmetryPoints(model);
  const cart = pts.map((p) => {
    if (typeof p === 'string') {
      const r = named[p] ?? named[p.toUpperCase()] ?? (p === 'Γ' ? named.G : undefined);
      if (!r) throw new OrbitronicsError('PATH_INVALID', `unknown k-point label "${p}". Known for this lattice: ${Object.keys(named).join(', ')}.`);
      return model.kind === 'kp' ? [0, 0, 0] : toCart(model, r);
    }
    if (p.length !== model.dim || !p.every(Number.isFinite)) throw new OrbitronicsError('PATH_INVALID', `a k-point needs ${model.dim} finite numbers. Value: \`${JSON.stringify(p)}\`.`);
    return model.kind === 'kp' ? [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0] : toCart(model, p);
  });
  const seg = cart.slice(1).map((c, i) => Math.hypot(c[0]! - cart[i]![0]!, c[1]! - cart[i]![1]!, c[2]! - cart[i]![2]!));
  const total = seg.reduce((a, x) => a + x, 0);
  // points per segment proportional to length, every vertex included
  const nseg = seg.length;
  const counts = seg.map((s) => Math.max(1, Math.round(((n - 1) * s) / (total || 1))));
  let diff = n - 1 - counts.reduce((a, x) => a + x, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % nseg) {
    if (diff > 0) { counts[i]!++; diff--; } else if (counts[i]! > 1) { counts[i]!--; diff++; }
  }
  const k: number[] = [];
  const dist: number[] = [];
  const ticks: Array<{ index: number; label: string }> = [];
  let d0 = 0;
  const label = (p: PathPoint) => (typeof p === 'string' ? p : `(${p.join(',')})`);
  for (let s = 0; s < nseg; s++) {
    ticks.push({ index: k.length / 3, label: label(pts[s]!) });
    const a = cart[s]!, b = cart[s + 1]!;
    for (let i = 0; i < counts[s]!; i++) {
      const t = i / counts[s]!;
      k.push(a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!), a[2]! + t * (b[2]! - a[2]!));
      dist.push(d0 + t * seg[s]!);
    }
    d0 += seg[s]!;
  }
  ticks.push({ index: k.length / 3, label: label(pts[nseg]!) });
  const last = cart[nseg]!;
  k.push(last[0]!, last[1]!, last[2]!);
  dist.push(d0);
  return { sampling: kList(model.dim, k), distance: Float64Array.from(dist), ticks, k: Float64Array.from(k) };
}
