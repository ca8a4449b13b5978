/**
 * The `symmetry` option of compute() (docs/symmetry.md):
 *  - 'wedge' (or true): tight-binding models are integrated over the irreducible wedge of the
 *    Monkhorst–Pack grid (multiplicity weights) and the integrated tensors are symmetrised with
 *    P = (1/|G_w|) Σ_{g∈G_w} D(g); the result equals the full-grid one to rounding. G_w is the
 *    subgroup of the detected group that (a) maps the grid onto itself, (b) maps the reported
 *    components of every requested observable onto themselves (for field-driven responses: keeps
 *    the field axis), and (c) passes a per-k test X_n(kMap·k) = D(g) X_n(k) of every band-resolved
 *    integrand at random k. Antiunitary operations enter only if all of them pass (c): the sign of a
 *    T-odd integrand under k → −Rk is then checked, not assumed. If a unitary one fails, no wedge.
 *  - 'check': the full grid; components forbidden by the whole group are marked, and a warning is
 *    issued when one comes out larger than the numerical noise (a declared symmetry is wrong).
 * k·p models (polar grids) are always treated as 'check'.
 */
import type { Backend } from '../backend/backend.js';
import { channelsOf } from '../integrate/engine.js';
import { fromSpec } from '../kspace/grid.js';
import type { KSampling } from '../kspace/types.js';
import type { CompiledModel } from '../model/types.js';
import type { ObservableDef, ObservableParams } from '../observables/define.js';
import type { ComputeResult, ObservableResult } from '../result.js';
import { clip, randomK } from './check.js';
import { closePointGroup, detectSymmetries, type SymmetryAnalysis } from './detect.js';
import { apply3, type Mat3 } from './linalg.js';
import { kMap, opName, type OpInput, type SymmetryOp } from './ops.js';
import { allowedComponents, tensorRep, tupleOf, type PointPart } from './tensor.js';
import { gridOps, irreducibleWedge, wedgePoints } from './wedge.js';

/** `wedge`: integrate the irreducible wedge and symmetrise; `check`: full grid, forbidden components marked. */
export type SymmetryMode = 'wedge' | 'check';
/**
 * `true` = 'wedge'. The object form takes a precomputed analysis (trusted as is) or extra user
 * operations (checked by detectSymmetries and added when they hold).
 */
export type SymmetryOption = boolean | SymmetryMode | { mode?: SymmetryMode; analysis?: SymmetryAnalysis; ops?: Array<SymmetryOp | OpInput> };

/** `diagnostics.symmetry` of a result computed with `symmetry`. */
export interface SymmetryDiagnostics {
  mode: SymmetryMode;
  /** The model's symmetry group (names). */
  group: string[];
  /** Operations used for the wedge and the symmetrisation (names), if any. */
  wedgeGroup?: string[];
  kpoints?: { wedge: number; full: number };
  /** Components forbidden by the group, per observable (for the field direction of the run). */
  forbidden: Record<string, string[]>;
  warnings: string[];
  notes: string[];
}

/** Restricted representation: D on the observable's reported components, or null if they are not closed under g. */
export function componentRep(def: ObservableDef, dim: number, field: number, g: PointPart): number[][] | null {
  const ch = def.character;
  const comps = def.components(dim);
  const tuples = comps.map(tupleOf);
  if (tuples.some((t) => !t)) return null;
  let idx: number[][];
  if (tuples.every((t) => t!.length === ch.rank)) idx = tuples as number[][];
  else if (tuples.every((t) => t!.length + 1 === ch.rank)) idx = tuples.map((t) => [...t!, field]);
  else return null;
  const D = tensorRep(ch, g);
  const flat = (t: number[]) => t.reduce((s, i) => 3 * s + i, 0);
  const pos = idx.map(flat);
  const anti = ch.antisymmetric && ch.rank === 2;
  // image of each reported basis tensor (antisymmetric: e_ab − e_ba), read back on the reported components
  const out: number[][] = pos.map(() => new Array<number>(pos.length).fill(0));
  for (let c = 0; c < pos.length; c++) {
    const v = new Array<number>(D.length).fill(0);
    for (let a = 0; a < D.length; a++) {
      v[a] = D[a]![pos[c]!]!;
      if (anti) {
        const [i, j] = idx[c]!;
        v[a]! -= D[a]![3 * j! + i!]!;
      }
    }
    // v must lie in the span of the reported basis tensors
    const rec = new Array<number>(D.length).fill(0);
    for (let c2 = 0; c2 < pos.length; c2++) {
      const coef = v[pos[c2]!]!;
      out[c2]![c] = coef;
      rec[pos[c2]!]! += coef;
      if (anti) {
        const [i, j] = idx[c2]!;
        rec[3 * j! + i!]! -= coef;
      }
    }
    if (v.some((x, a) => Math.abs(x - rec[a]!) > 1e-9)) return null;
  }
  return out;
}

const fieldOf = (params: ObservableParams) => (typeof params.E === 'number' ? params.E : 0);

/** How `compute({ symmetry })` integrates: the wedge sampling (if any) and the final symmetrisation. */
export interface SymmetryPlan {
  /** The irreducible-wedge sampling (replaces the MP grid), when the wedge is used. */
  sampling?: KSampling;
  /** Symmetrises the result, marks forbidden components, adds diagnostics.symmetry and warnings. */
  finish(r: ComputeResult): ComputeResult;
}

/**
 * Plans the symmetry handling of one compute() job. `sampling` is the full grid the job would use.
 */
export function symmetryPlan(model: CompiledModel, defs: ObservableDef[], params: ObservableParams, sampling: KSampling, option: SymmetryOption, backend: Backend, degeneracyThreshold?: number): SymmetryPlan {
  const o = typeof option === 'object' ? option : { mode: option === 'check' ? ('check' as const) : ('wedge' as const) };
  let mode: SymmetryMode = o.mode ?? 'wedge';
  const analysis = o.analysis ?? detectSymmetries(model, o.ops ? { extra: o.ops } : {});
  const group: SymmetryOp[] = analysis.group;
  const G: PointPart[] = closePointGroup(group);
  const field = fieldOf(params);
  const notes: string[] = [...analysis.notes];
  const forbidden: Record<string, string[]> = {};
  for (const d of defs) {
    const t = allowedComponents(G, d.character, { dim: model.dim, components: d.components(model.dim), fields: [field] });
    forbidden[d.name] = t.components.filter((c) => c.status === 'forbidden').map((c) => c.component);
  }
  if (mode === 'wedge' && (model.kind !== 'tight-binding' || sampling.spec.type !== 'mp')) {
    notes.push('the irreducible wedge is for Monkhorst–Pack grids: this k·p model is integrated on its full polar grid (forbidden components checked)');
    mode = 'check';
  }
  let wedgeOps: PointPart[] = [];
  let wedgeSampling: KSampling | undefined;
  let kpoints: SymmetryDiagnostics['kpoints'];
  const { integrands, needs } = channelsOf(defs, model.dim);
  // per-k integrand samples (for the transformation test and the noise scale)
  const ks = randomK(model, 6, 777);
  const evalAt = (kk: number[][]) => {
    const kb = { nk: kk.length, k: Float64Array.from(kk.flatMap((k) => clip(k, model.dim))) };
    const bb = backend.evaluate(model, kb, needs, { degeneracyThreshold });
    const energies = Float64Array.from(bb.energies.subarray(0, kk.length * model.nb));
    const vals = new Map<string, Float64Array>();
    for (const ig of integrands) {
      const C = ig.components(model.dim);
      const buf = new Float64Array(kk.length * model.nb * C);
      const r = ig.evaluate(bb, buf, { model, params });
      vals.set(ig.key, Float64Array.from((r ?? buf).subarray(0, kk.length * model.nb * C)));
    }
    return { energies, vals };
  };
  const base = evalAt(ks);
  if (mode === 'wedge') {
    const n = (sampling.spec as { n: number[] }).n;
    let cand = gridOps(model, n, G).filter((g) => defs.every((d) => componentRep(d, model.dim, field, g) !== null));
    // per-k test of every band-resolved integrand
    const passes = (g: PointPart): boolean => {
      const K = kMap(g);
      const img = evalAt(ks.map((k) => apply3(K as Mat3, k)));
      for (let i = 0; i < base.energies.length; i++) if (Math.abs(img.energies[i]! - base.energies[i]!) > 1e-8 * (1 + Math.abs(base.energies[i]!))) return false;
      for (const d of defs) {
        const D = componentRep(d, model.dim, field, g)!;
        const C = D.length;
        // tolerance from the largest integrand of the observable (a term may vanish per k, leaving only rounding)
        let scale = 0;
        for (const term of Object.values(d.terms)) for (const v of base.vals.get(term.integrand.key)!) scale = Math.max(scale, Math.abs(v));
        for (const term of Object.values(d.terms)) {
          const x0 = base.vals.get(term.integrand.key)!, x1 = img.vals.get(term.integrand.key)!;
          const Ci = term.integrand.components(model.dim);
          if (Ci !== C) return false;
          for (let kn = 0; kn < ks.length * model.nb; kn++)
            for (let a = 0; a < C; a++) {
              let y = 0;
              for (let b = 0; b < C; b++) y += D[a]![b]! * x0[kn * C + b]!;
              if (Math.abs(x1[kn * C + a]! - y) > 1e-7 * scale + 1e-300) return false;
            }
        }
      }
      return true;
    };
    const unitary = cand.filter((g) => !g.antiunitary);
    const anti = cand.filter((g) => g.antiunitary);
    if (!unitary.every(passes)) {
      notes.push('an integrand does not transform with its declared character under a unitary symmetry: no wedge (full grid)');
      cand = [];
    } else if (anti.length && !anti.every(passes)) {
      notes.push('band-resolved integrands do not transform with the declared T-character: the wedge uses the unitary operations only');
      cand = unitary;
    }
    wedgeOps = closePointGroup(cand);
    const w = irreducibleWedge(model, n, wedgeOps);
    const pts = wedgePoints(model, n, w);
    wedgeSampling = fromSpec({ type: 'weighted', dim: model.dim, k: pts.k, w: pts.w, grid: [...n] });
    kpoints = { wedge: w.index.length, full: w.full };
  }
  // noise scale per observable: 1e-8 × (max |integrand| × nb × Σw × |unit factor|)
  let sumW = 0;
  if (model.kind === 'tight-binding') sumW = 1 / model.cellMeasure;
  else {
    for (let s = 0; s < sampling.size; s += 4096) {
      const b = sampling.batch(s, 4096);
      for (const x of b.w) sumW += x;
    }
  }
  const noiseOf = (d: ObservableDef): number => {
    let mx = 0;
    for (const t of Object.values(d.terms)) for (const v of base.vals.get(t.integrand.key)!) mx = Math.max(mx, Math.abs(v));
    return 1e-8 * mx * model.nb * sumW * Math.abs(d.unit(model, params).factor) + 1e-300;
  };
  const names = (ops: PointPart[]) => ops.map((g) => group.find((x) => x.antiunitary === g.antiunitary && x.R.every((v, i) => Math.abs(v - g.R[i]!) < 1e-8))?.name ?? opName(g.R, g.antiunitary));

  return {
    sampling: wedgeSampling,
    finish(r: ComputeResult): ComputeResult {
      const warnings: string[] = [];
      const results: Record<string, ObservableResult> = {};
      for (const [name, res] of Object.entries(r.results)) {
        const d = defs.find((x) => x.name === name);
        if (!d) {
          results[name] = res;
          continue;
        }
        let out = res;
        const nc = res.components.length;
        if (wedgeOps.length > 1) {
          const P = new Array<number>(nc * nc).fill(0);
          for (const g of wedgeOps) {
            const D = componentRep(d, model.dim, field, g)!;
            for (let a = 0; a < nc; a++) for (let b = 0; b < nc; b++) P[a * nc + b]! += D[a]![b]! / wedgeOps.length;
          }
          const sym = (x: Float64Array) => {
            const y = new Float64Array(x.length);
            for (let s = 0; s < x.length; s += nc) for (let a = 0; a < nc; a++) {
              let v = 0;
              for (let b = 0; b < nc; b++) v += P[a * nc + b]! * x[s + b]!;
              y[s + a] = v;
            }
            return y;
          };
          const bands = res.bands?.map((row) => Array.from(sym(Float64Array.from(row))));
          // a copy with the symmetrised arrays (keeps any other field of the result)
          out = Object.assign(Object.create(Object.getPrototypeOf(res)) as ObservableResult, res, {
            data: sym(res.data),
            partsData: Object.fromEntries(Object.entries(res.partsData).map(([k, v]) => [k, sym(v)])),
            bands,
          });
        }
        results[name] = out;
        const noise = noiseOf(d);
        const bad = forbidden[name] ?? [];
        for (const comp of bad) {
          const c = res.components.indexOf(comp);
          if (c < 0) continue;
          let mx = 0;
          for (let s = c; s < out.data.length; s += nc) mx = Math.max(mx, Math.abs(out.data[s]!));
          for (const v of Object.values(out.partsData)) for (let s = c; s < v.length; s += nc) mx = Math.max(mx, Math.abs(v[s]!));
          if (mx > noise) warnings.push(`${name} ${comp} is forbidden by the symmetry group but is ${mx.toExponential(3)} ${res.unit} (noise ${noise.toExponential(1)}): a declared symmetry may be wrong, or the grid breaks it`);
        }
      }
      const sd: SymmetryDiagnostics = {
        mode,
        group: group.map((g) => g.name),
        ...(mode === 'wedge' ? { wedgeGroup: names(wedgeOps), kpoints } : {}),
        forbidden,
        warnings,
        notes,
      };
      const diag = { ...r.diagnostics, symmetry: sd };
      const marks = Object.entries(forbidden).filter(([, v]) => v.length).map(([k, v]) => `${k} ${v.join(',')}`);
      const extra = [
        `symmetry group (${group.length}): ${group.map((g) => g.name).join(' ')}`,
        ...(kpoints ? [`irreducible wedge: ${kpoints.wedge} of ${kpoints.full} k-points (${wedgeOps.length} operations)`] : []),
        ...(marks.length ? [`forbidden by symmetry (zero): ${marks.join('; ')}`] : []),
        ...notes,
        ...warnings.map((w) => `WARNING: ${w}`),
      ];
      diag.notes = [...(r.diagnostics.notes ?? []), ...extra];
      return Object.assign(Object.create(Object.getPrototypeOf(r)) as ComputeResult, r, { results, diagnostics: diag });
    },
  };
}
