/** Γ-centred Monkhorst–Pack grids for tight-binding models: k = Σᵢ (jᵢ/Nᵢ) bᵢ, jᵢ = 0..Nᵢ−1. */
import type { CompiledModel } from '../model/types.js';
import { OrbitronicsError } from '../errors.js';
import type { KPointBatch, KSampling, KSamplingSpec } from './types.js';
import { polarFromSpec } from './polar.js';

/** Default uniform grids per dimension (documented in docs/physics.md). */
export const DEFAULT_TB_GRID: Record<number, number[]> = { 1: [2000], 2: [300, 300], 3: [60, 60, 60] };

/** Checks that `n` holds `dim` positive integers (GRID_INVALID otherwise) and returns it. */
export function checkGrid(n: number[], dim: number, what = 'grid'): number[] {
  if (!Array.isArray(n) || n.length !== dim || !n.every((x) => Number.isInteger(x) && x >= 1)) {
    throw new OrbitronicsError('GRID_INVALID', `invalid argument. ${what} must be ${dim} positive integers. Value: \`${JSON.stringify(n)}\`.`);
  }
  return n;
}

/** Γ-centred Monkhorst–Pack grid of a tight-binding model, k = Σᵢ (jᵢ/Nᵢ) bᵢ, weights 1/(N·V_cell). */
export function monkhorstPack(model: Pick<CompiledModel, 'dim' | 'reciprocal' | 'cellMeasure' | 'kind'>, n: number[]): KSampling {
  if (model.kind !== 'tight-binding') {
    throw new OrbitronicsError('GRID_INVALID', 'Monkhorst–Pack grids need a tight-binding model; k·p models use the polar grid.');
  }
  checkGrid(n, model.dim);
  return fromSpec({ type: 'mp', n: [...n], reciprocal: Array.from(model.reciprocal), cellMeasure: model.cellMeasure, dim: model.dim });
}

export function mpFromSpec(spec: Extract<KSamplingSpec, { type: 'mp' }>): KSampling {
  const { n, dim } = spec;
  const b = spec.reciprocal;
  const size = n.reduce((a, x) => a * x, 1);
  const weight = 1 / (size * spec.cellMeasure);
  const n0 = n[0]!;
  const n1 = n[1] ?? 1;
  const n2 = n[2] ?? 1;
  return {
    spec,
    dim,
    size,
    grid: [...n],
    batch(start: number, count: number): KPointBatch {
      const nk = Math.max(0, Math.min(count, size - start));
      const k = new Float64Array(3 * nk);
      const w = new Float64Array(nk).fill(weight);
      for (let i = 0; i < nk; i++) {
        // the last axis runs fastest
        let idx = start + i;
        let j0: number, j1 = 0, j2 = 0;
        if (dim === 1) j0 = idx;
        else if (dim === 2) { j1 = idx % n1; j0 = (idx - j1) / n1; }
        else { j2 = idx % n2; idx = (idx - j2) / n2; j1 = idx % n1; j0 = (idx - j1) / n1; }
        const r0 = j0 / n0, r1 = j1 / n1, r2 = j2 / n2;
        for (let c = 0; c < 3; c++) k[3 * i + c] = r0 * b[c]! + r1 * b[3 + c]! + r2 * b[6 + c]!;
      }
      return { nk, k, w, offset: start };
    },
  };
}

/** An explicit list of Cartesian k-points (weights 1). */
export function kList(dim: number, k: number[]): KSampling {
  return fromSpec({ type: 'list', dim, k });
}

function listFromSpec(spec: Extract<KSamplingSpec, { type: 'list' }>): KSampling {
  const size = spec.k.length / 3;
  return {
    spec,
    dim: spec.dim,
    size,
    grid: [size],
    batch(start, count) {
      const nk = Math.max(0, Math.min(count, size - start));
      return { nk, k: Float64Array.from(spec.k.slice(3 * start, 3 * (start + nk))), w: new Float64Array(nk).fill(1), offset: start };
    },
  };
}

/** Weighted k-list (Cartesian k, weights w): e.g. the irreducible wedge of an MP grid, built by src/symmetry. */
export function weightedFromSpec(spec: Extract<KSamplingSpec, { type: 'weighted' }>): KSampling {
  const size = spec.w.length;
  return {
    spec,
    dim: spec.dim,
    size,
    grid: [...spec.grid],
    batch(start, count) {
      const nk = Math.max(0, Math.min(count, size - start));
      return { nk, k: Float64Array.from(spec.k.slice(3 * start, 3 * (start + nk))), w: Float64Array.from(spec.w.slice(start, start + nk)), offset: start };
    },
  };
}

/** Rebuilds a sampling from its plain-data description (used by workers and shards). */
export function fromSpec(spec: KSamplingSpec): KSampling {
  if (spec.type === 'mp') return mpFromSpec(spec);
  if (spec.type === 'polar') return polarFromSpec(spec);
  if (spec.type === 'weighted') return weightedFromSpec(spec);
  return listFromSpec(spec);
}
