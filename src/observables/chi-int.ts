/**
 * Intrinsic orbital magneto-electric susceptibility of paper 003 (Xiao, Liu, Zhao, Yang & Niu),
 * Eqs. 8 and 11, for 2D models:
 *
 *     ΔM_z = χ^int · (E − ∇μ/q),   χ^int_i = q² ∫[dk] Σₙ fₙ λⁿ_i,   λⁿ = Λⁿ/q,
 *     λⁿ_i = 2Re Σ_{m≠n} 𝓐^i_nm 𝓜^{mn}/(q(εₙ − ε_m))  +  (1/2ħ) ε_{jl} ∂_j Gⁿ_{il}
 *
 * (q = −e the signed electron charge; χ ∝ q² does not depend on its sign). The first term (part
 * `moment`) pairs the interband Berry connection with the interband orbital moment; the second
 * (part `metric`) is the k-space curl of the band-resolved quantum metric, evaluated as a Fermi-sea
 * term by sums over states with ∂²H (src/physics/responses.ts `lambda003Parts`, the WASM kernel
 * assembly/xi.ts through Backend.responses; no finite differences). Per k, −2λ equals the literal
 * Ξ total of paper 001 (docs/physics-xi.md finding 7),
 * and in insulators the exact ribbon response (test/physics/p003-observables.test.ts).
 *
 * Components: `zx`, `zy` = χ_{zx}, χ_{zy}, the response of M_z to E_x, E_y — paper 003's vector
 * χ^int = (χ_x, χ_y) (DESIGN §4 calls them x, y; the tensor names let src/symmetry read the index
 * structure: axial, T-odd, rank 2). No `--E` is needed: both field directions come from one pass.
 * Unit: nm/Ω (= nm·A/V); conversions to m/Ω, to the magnetisation per field (μ_B/nm² per V/m) and
 * to K = ∂⟨(r×v)_z⟩/∂(eE) = −2Σ∫fλ ('Å per eE', the unit of the ribbon oracle and of `ome`); with `params.field` (V/m) also the induced magnetisation itself (μ_B/nm², A).
 * Only 2D: in 3D the field-induced orbital magnetisation is not defined by this theory (003 ref. 15).
 */
import type { BandBatch } from '../backend/backend.js';
import { OrbitronicsError } from '../errors.js';
import { evaluateResponses } from '../physics/batch.js';
import { chiIntNmPerOhm } from '../physics/units.js';
import { BOHR_MAGNETON_J_T } from '../units/constants.js';
import { defineObservable, type Integrand, type IntegrandContext, type ObservableParams, type UnitSpec } from './define.js';
import { fieldStrength } from './ome.js';

/** Σ∫fλ (Å) → χ^int in nm/Ω. */
export const CHI_NM_PER_OHM = chiIntNmPerOhm(1);
/** Magnetisation per field: 1 nm/Ω × 1 V/m = 1e-9 A = 1e-9 × 1e-18 m²/μ_B μ_B/nm². */
export const MUB_NM2_PER_A = 1e-18 / BOHR_MAGNETON_J_T;

const cache = new WeakMap<BandBatch, Float64Array[]>();

/**
 * λⁿ_i of paper 003 (Å³ per k) for i = x, y at every k and band of a batch, split into the
 * interband-moment and metric-curl parts: [moment, metric], each [k][band][i] (i = 0 → x, 1 → y).
 * Computed once per batch (cached on the batch) by the backend's per-k response primitive, so that
 * chi-int and alpha-int in one run share it.
 */
function lambdaOfBatch(b: BandBatch, ctx?: IntegrandContext): Float64Array[] {
  const hit = cache.get(b);
  if (hit) return hit;
  if (b.dim !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', `paper 003's χ^int and α^int are defined for 2D models, not ${b.dim}D.`);
  const nb = b.nb;
  const moment = new Float64Array(b.nk * nb * 2), metric = new Float64Array(b.nk * nb * 2);
  // the backend's per-k primitive (WASM: assembly/xi.ts) or the TS reference (lambda003Parts per k)
  const x = new Float64Array(b.nk * nb), y = new Float64Array(b.nk * nb);
  const parts = [
    { kind: 'lambdaMoment', beta: 0, out: new Float64Array(b.nk * nb) },
    { kind: 'lambdaMetric', beta: 0, out: x },
    { kind: 'lambdaMoment', beta: 1, out: new Float64Array(b.nk * nb) },
    { kind: 'lambdaMetric', beta: 1, out: y },
  ] as const;
  evaluateResponses(b, [...parts], ctx);
  for (let j = 0; j < b.nk * nb; j++)
    for (let i = 0; i < 2; i++) {
      moment[j * 2 + i] = parts[2 * i]!.out[j]!;
      metric[j * 2 + i] = parts[2 * i + 1]!.out[j]!;
    }
  const out = [moment, metric];
  cache.set(b, out);
  return out;
}

const member = (j: number, name: string): Integrand => ({
  key: `lambda003/${name}`,
  components: () => 2,
  evaluate: (b: BandBatch, _out: Float64Array, ctx: IntegrandContext) => lambdaOfBatch(b, ctx)[j]!,
});

/** λ (paper 003 Eq. 11 without q) per band, components x, y: the interband-moment and metric-curl parts. Shared by chi-int and alpha-int. */
export const LAMBDA_003 = { moment: member(0, 'moment'), metric: member(1, 'metric') } as const;

/** χ^int units: nm/Ω, with conversions (and the induced magnetisation at params.field). */
export function chiIntUnits(_model: unknown, params: ObservableParams): UnitSpec {
  const F = fieldStrength(params);
  // with a field, its magnetisation first (the CLI table shows the first conversion)
  const conversions: Record<string, number> = F === null ? {} : { 'muB/nm^2': 1e-9 * MUB_NM2_PER_A * F, A: 1e-9 * F };
  Object.assign(conversions, { 'm/Ω': 1e-9, 'muB/nm^2 per V/m': 1e-9 * MUB_NM2_PER_A, 'Å per eE': -2 / CHI_NM_PER_OHM });
  return { unit: 'nm/Ω', factor: CHI_NM_PER_OHM, conversions };
}

export default defineObservable({
  id: 'chiInt',
  title: 'Intrinsic orbital magneto-electric susceptibility χ^int (ΔM_z = χ·E)',
  symbol: 'χ^int',
  source: { paper: '003', eq: '8, 11' },
  dims: [2],
  needs: { velocity: true, hessian: true },
  components: () => ['zx', 'zy'],
  terms: {
    moment: { integrand: LAMBDA_003.moment, occupation: 'sea' },
    metric: { integrand: LAMBDA_003.metric, occupation: 'sea' },
  },
  unit: chiIntUnits,
  // M_z (axial, T-odd) per E (polar, T-even): intrinsic, needs P and T broken, PT allows it (003 Table I)
  character: { rank: 2, kind: 'axial', time: 'odd' },
});
