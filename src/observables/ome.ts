/**
 * Intrinsic orbital magneto-electric effect (OME), paper 001 Table I / Eqs. 49–56, as the orbital
 * magnetisation density it induces, M = −(e/2)⟨r×v⟩ (A in 2D, A/m in 3D), per unit field (V/m) or
 * for a given field (`params.field`, V/m). The field direction is `params.E` (`--E`).
 *
 * The value (total) is the physical response K = ∂⟨r×v⟩/∂(eE) = −(L_d + L_IC + LC_Eq51): the one the
 * exact static ribbon oracle confirms in insulators (docs/physics-xi.md §4 finding 6, §6), equal per k
 * to −2λ of paper 003 (a proper tensor in the field direction). Named parts (contributions to M,
 * physical sign r×v):
 *   d   = −L_d   (001 Eq. 50),  ic = −L_IC (Eq. 56 = Eq. 51 direct),  lc = −LC_Eq51 (literal Eq. 51, full v);
 *   d + ic + lc = value.
 * Alternative readings (reported, not added to the value):
 *   fermi-surface = ΔK(β) = Σ_l ε_{aβl} Σ∫ f ∂_β g_{βl}: what the exact driven-ribbon response of a metal
 *                   (ribbon and field along β, η → 0; docs/ribbon.md §15) adds to the value, to 1e-10;
 *                   zero in insulators; not a tensor in β (it depends on the ribbon direction through
 *                   l = 1 and l = 3 angular harmonics, pure sin 3θ for the C₃ Haldane model), hence a
 *                   boundary-orientation effect of the finite metal, not part of the bulk value;
 *   lc3           = −LC3 (Eq. 52/53, band-off-diagonal velocity only; ≡ 0 for two bands);
 *   paper-reading = −(e/2)(L_d + L_IC + LC3) with 001's own sign (Eq. 49: ⟨L⟩ = −(r×v)) — what 001's
 *                   figures plot; −½ × the value in two-band insulators, not proportional for N ≥ 3.
 * Per-k coefficients: src/physics/responses.ts (omeIntrinsic); all parts are Fermi-sea terms.
 */
import type { BandBatch } from '../backend/backend.js';
import { OrbitronicsError } from '../errors.js';
import type { CompiledModel } from '../model/types.js';
import { KGeometry, kpointFromBatch } from '../physics/covariant.js';
import { omeIntrinsic, type ResponseOptions } from '../physics/responses.js';
import { responseArrays } from '../physics/batch.js';
import { siFactor } from '../physics/units.js';
import { axialCount } from '../backend/backend.js';
import { BOHR_MAGNETON_J_T, ELEMENTARY_CHARGE } from '../units/constants.js';
import { defineObservable, type Integrand, type IntegrandContext, type ObservableParams, type UnitSpec } from './define.js';

// ------------------------------------------------------------------------------------------------
// shared by the field-driven observables (dipole, ome, ome-extrinsic, torque)

/** The field direction β from params.E (required), checked against the model's dimension. */
export function fieldDirection(params: ObservableParams, dim: number, name: string): number {
  const E = params.E as unknown;
  if (E === undefined || E === null)
    throw new OrbitronicsError('ARGUMENT_INVALID', `${name} is a response to an electric field: give its direction (params.E = 0|1|2, CLI --E x|y|z).`);
  if (E !== 0 && E !== 1 && E !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. params.E must be 0, 1 or 2 (x, y, z). Value: \`${JSON.stringify(E)}\`.`);
  if (E >= dim) throw new OrbitronicsError('ARGUMENT_INVALID', `the field direction ${'xyz'[E]} does not exist in a ${dim}D model.`);
  return E;
}

/** The field strength (V/m) if given (params.field), else null (per unit field). */
export function fieldStrength(params: ObservableParams): number | null {
  const f = params.field as unknown;
  if (f === undefined || f === null) return null;
  if (typeof f !== 'number' || !Number.isFinite(f)) throw new OrbitronicsError('ARGUMENT_INVALID', `invalid argument. params.field must be a finite field strength in V/m. Value: \`${JSON.stringify(f)}\`.`);
  return f;
}

/**
 * Scales a per-unit-field UnitSpec (`unit` ends in " per V/m", conversions likewise) to a given
 * field: the factor is multiplied by the field and " per V/m" is dropped from every unit name.
 */
export function withField(u: UnitSpec, params: ObservableParams): UnitSpec {
  const F = fieldStrength(params);
  if (F === null) return u;
  const strip = (s: string) => s.replace(/ per V\/m$/, '');
  // only the SI conversions (named "… per V/m") carry over; per-eE (internal) and per-field-only units are dropped
  const conv = Object.entries(u.conversions ?? {}).filter(([k]) => k.endsWith(' per V/m'));
  return { unit: strip(u.unit), factor: u.factor * F, conversions: Object.fromEntries(conv.map(([k, v]) => [strip(k), v])) };
}

/**
 * Per-batch cache: all the parts of one group are computed from one KGeometry per k. Keyed by the
 * BandBatch object and checked against its energies (in case a backend ever reuses the object).
 */
const cache = new WeakMap<BandBatch, Map<string, { energies: Float64Array; nk: number; e0: number; out: Float64Array[] }>>();

/**
 * A group of band-resolved per-k coefficients computed together: `compute(g, β, options)` returns
 * one [nb·C] array per member. `member(i)` is the Integrand of member i ([k][band][component]).
 */
export function integrandGroup(
  key: string,
  count: number,
  compute: (g: KGeometry, beta: number, o: ResponseOptions, ctx: IntegrandContext) => Float64Array[],
  name: string,
  components: (dim: number) => number = axialCount,
  /** Optional whole-batch evaluation (e.g. the Backend.responses primitive); replaces the per-k loop unless it returns null. */
  batched?: (b: BandBatch, beta: number, ctx: IntegrandContext) => Float64Array[] | null,
): (i: number, memberKey: string) => Integrand {
  const evaluateAll = (b: BandBatch, ctx: IntegrandContext): Float64Array[] => {
    let m = cache.get(b);
    if (!m) cache.set(b, (m = new Map()));
    const hit = m.get(key);
    if (hit && hit.energies === b.energies && hit.nk === b.nk && Object.is(hit.e0, b.energies[0])) return hit.out;
    const beta = fieldDirection(ctx.params, b.dim, name);
    const opts: ResponseOptions = { tau: ctx.params.tau as number | undefined, spin: ctx.model.spin };
    let out: Float64Array[] | null = batched ? batched(b, beta, ctx) : null;
    if (!out) for (let ik = 0; ik < b.nk; ik++) {
      const g = new KGeometry(kpointFromBatch(b, ik));
      const r = compute(g, beta, opts, ctx);
      if (!out) out = r.map((x) => new Float64Array(b.nk * x.length));
      for (let j = 0; j < count; j++) out[j]!.set(r[j]!, ik * r[j]!.length);
    }
    out ??= Array.from({ length: count }, () => new Float64Array(0));
    m.set(key, { energies: b.energies, nk: b.nk, e0: b.energies[0]!, out });
    return out;
  };
  return (i, memberKey) => ({
    key: `${key}/${memberKey}`,
    components,
    evaluate: (b: BandBatch, _out: Float64Array, ctx: IntegrandContext) => evaluateAll(b, ctx)[i]!,
  });
}

/** e/2 × the 'angular-momentum' SI factor: K [Å^{3−dim}] per eE → M per (V/m) is −(e/2)·K·siFactor. */
export const mFactor = (dim: number): number => -0.5 * ELEMENTARY_CHARGE * siFactor('angular-momentum', dim);

/** Units of an orbital-magnetisation response computed from K = ∂⟨r×v⟩/∂(eE) in internal units. */
export function magnetizationUnits(model: CompiledModel, params: ObservableParams): UnitSpec {
  const dim = model.dim;
  const f = mFactor(dim);
  const sf = siFactor('angular-momentum', dim);
  const u: UnitSpec =
    dim === 2
      ? {
          unit: 'A per V/m',
          factor: f,
          conversions: { 'nm/Ω': 1e9, 'muB/nm^2 per V/m': 1e-18 / BOHR_MAGNETON_J_T, '1/s per V/m': sf / f, 'Å per eE': 1 / f },
        }
      : {
          unit: 'A/m per V/m',
          factor: f,
          conversions: { 'muB/nm^3 per V/m': 1e-27 / BOHR_MAGNETON_J_T, '1/(m·s) per V/m': sf / f, '1 per eE': 1 / f },
        };
  return withField(u, params);
}

// ------------------------------------------------------------------------------------------------

const group = integrandGroup(
  'ome-intrinsic',
  5,
  (g, beta) => {
    const r = omeIntrinsic(g, beta);
    const { d, ic, lc, lc3 } = r.parts;
    const neg = (x: Float64Array) => x.map((v) => -v);
    // K-sign contributions (−L), and the paper's reading +(L_d + L_IC + LC3) (× −(e/2)·sf → 001's −(e/2)⟨L⟩)
    return [neg(d), neg(ic), neg(lc), neg(lc3), r.paperReading];
  },
  'ome',
  axialCount,
  // the same coefficients from the backend's per-k primitive (WASM: assembly/xi.ts), TS reference otherwise
  (b, beta, ctx) => {
    const r = responseArrays(b, ['omeD', 'omeIC', 'omeLC', 'omeLC3', 'omePaperReading'], beta, ctx);
    for (let j = 0; j < 4; j++) for (let i = 0; i < r[j]!.length; i++) r[j]![i] = -r[j]![i]!;
    return r;
  },
);

/** ε_{abc} (Levi-Civita) for a, b, c in {0, 1, 2}. */
const levi = (a: number, b: number, c: number): number => ((a - b) * (b - c) * (c - a)) / 2;

/**
 * The term by which the exact driven-ribbon response of a metal (ribbon ∥ field, docs/ribbon.md §15)
 * differs from 003's χ^int = the literal 001 Ξ sum d + ic + lc: ΔK_a = Σ_l ε_{aβl} Σₙ∫ f ∂_β gⁿ_{βl}
 * (β the field, g the quantum metric, ∂g by sums over states with ∂²H) = Σ_l ε_{aβl} Σ∫(−f′) v^β gⁿ_{βl}
 * — the part of 003's metric curl that differentiates along the field; zero in insulators (a total
 * derivative). Not covariant in β, so reported as a reading, not added. 2D: the kernel's
 * `lambdaMetricAlong` (×2); 3D: per k in TypeScript.
 */
const fermiSurface = integrandGroup(
  'ome-fermi-surface',
  1,
  (g, beta) => {
    const dim = g.dim, C = axialCount(dim), axes = dim === 2 ? [2] : [0, 1, 2];
    const out = new Float64Array(g.nb * C);
    for (let l = 0; l < dim; l++) {
      if (l === beta) continue;
      const d = g.dQ(beta, beta, l);
      for (let c = 0; c < C; c++) {
        const e = levi(axes[c]!, beta, l);
        if (e !== 0) for (let n = 0; n < g.nb; n++) out[n * C + c] += e * d[2 * n]!;
      }
    }
    return [out];
  },
  'ome',
  axialCount,
  (b, beta, ctx) => {
    if (b.dim !== 2) return null; // 3D: the per-k TypeScript route above
    const [x] = responseArrays(b, ['lambdaMetricAlong'], beta, ctx);
    for (let i = 0; i < x!.length; i++) x![i] = 2 * x![i]!;
    return [x!];
  },
);

export default defineObservable({
  id: 'ome',
  title: 'Intrinsic orbital magneto-electric effect (OMM density per field)',
  symbol: 'δM',
  source: { paper: '001', eq: 'Table I, Eqs. 49–56' },
  dims: [2, 3],
  needs: { velocity: true, hessian: true },
  components: (dim) => (dim === 2 ? ['z'] : ['x', 'y', 'z']),
  terms: {
    d: { integrand: group(0, 'd'), occupation: 'sea' },
    ic: { integrand: group(1, 'ic'), occupation: 'sea' },
    lc: { integrand: group(2, 'lc'), occupation: 'sea' },
    'fermi-surface': { integrand: fermiSurface(0, 'fermi-surface'), occupation: 'sea', inTotal: false },
    lc3: { integrand: group(3, 'lc3'), occupation: 'sea', inTotal: false },
    'paper-reading': { integrand: group(4, 'paper-reading'), occupation: 'sea', inTotal: false },
  },
  unit: magnetizationUnits,
  character: { rank: 2, kind: 'axial', time: 'odd' },
});
