/**
 * checkModel: does H(kMap·k) = U H(k)^(*) U† hold at random k-points? (docs/symmetry.md)
 * Never throws on a broken symmetry: every operation gets a report with its largest violation.
 */
import { buildHamiltonian } from '../backend/ts/hamiltonian.js';
import { kpScale } from '../kspace/polar.js';
import { compileModel } from '../model/compile.js';
import type { CompiledModel, Model } from '../model/types.js';
import { apply3, cmaxAbs, cmaxAbsDiff, csandwich, rng, type CMat } from './linalg.js';
import { kMap, type SymmetryOp } from './ops.js';

/** Whether an operation is a symmetry of the model: max |H(kMap k) − U H(k)^(*) U†| over random k. */
export interface SymmetryReport {
  name: string;
  /** True when the relative violation is below the tolerance. */
  holds: boolean;
  /** max over the sampled k of max_ij |H(kMap k) − U H(k)^(*) U†|_ij (eV). */
  violation: number;
  /** violation / max_k max_ij |H(k)_ij|. */
  relative: number;
  /** The k-point (Cartesian Å⁻¹) where the violation is largest. */
  worstK: number[];
  /** Why the check could not be done (bad shape, ...); violation is then Infinity. */
  error?: string;
}

/** Options of `checkModel`: random k-points, seed, tolerance. */
export interface CheckOptions {
  /** Random k-points (default 8). */
  samples?: number;
  seed?: number;
  /** Relative tolerance for `holds` (default 1e-9). */
  tol?: number;
}

export const isCompiled = (m: CompiledModel | Model): m is CompiledModel => (m as CompiledModel).termTo !== undefined;
export const compiledOf = (m: CompiledModel | Model): CompiledModel => (isCompiled(m) ? m : compileModel(m));

/** H(k) at a Cartesian k (3 components). */
export function hamiltonianAt(m: CompiledModel, k: ArrayLike<number>): CMat {
  const H = new Float64Array(2 * m.nb * m.nb);
  buildHamiltonian(m, Float64Array.from([k[0] ?? 0, k[1] ?? 0, k[2] ?? 0]), 0, H, null, null);
  return H;
}

/**
 * Random Cartesian k-points: uniform in the Brillouin zone (tight-binding, reduced coordinates),
 * or in a ball of radius cutoff (or 2× the model's k scale when cutoff is null) for k·p models.
 */
export function randomK(m: CompiledModel, n: number, seed = 1): number[][] {
  const r = rng(seed);
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    const k = [0, 0, 0];
    if (m.kind === 'tight-binding') {
      for (let i = 0; i < m.dim; i++) {
        const x = r() - 0.5;
        for (let c = 0; c < 3; c++) k[c]! += x * m.reciprocal[3 * i + c]!;
      }
    } else {
      const rad = m.cutoff ?? 2 * kpScale(m);
      for (let c = 0; c < m.dim; c++) k[c] = (2 * r() - 1) * rad;
    }
    out.push(k);
  }
  return out;
}

/** Restricts a k-vector to the model's dimensions (the others are 0). */
export const clip = (k: number[], dim: number): number[] => k.map((x, i) => (i < dim ? x : 0));

/** Checks every operation; never throws on broken symmetries or malformed operations. */
export function checkModel(model: CompiledModel | Model, ops: SymmetryOp[], opts: CheckOptions = {}): SymmetryReport[] {
  const m = compiledOf(model);
  const ks = randomK(m, opts.samples ?? 8, opts.seed ?? 12345);
  const Hs = ks.map((k) => hamiltonianAt(m, k));
  const scale = Math.max(...Hs.map(cmaxAbs), 1e-300);
  const tol = opts.tol ?? 1e-9;
  return ops.map((op) => {
    try {
      if (op.U.length !== 2 * m.nb * m.nb) throw new Error(`U is not ${m.nb}×${m.nb}`);
      const K = kMap(op);
      let worst = 0, wk = ks[0]!;
      ks.forEach((k, i) => {
        const gk = clip(apply3(K, k), m.dim);
        const lhs = hamiltonianAt(m, gk);
        const rhs = csandwich(m.nb, op.U, Hs[i]!, op.antiunitary);
        const v = cmaxAbsDiff(lhs, rhs);
        if (v > worst || !Number.isFinite(v)) {
          worst = v;
          wk = k;
        }
      });
      const relative = worst / scale;
      return { name: op.name, holds: relative <= tol, violation: worst, relative, worstK: wk };
    } catch (e) {
      return { name: op.name, holds: false, violation: Infinity, relative: Infinity, worstK: [], error: (e as Error).message };
    }
  });
}
