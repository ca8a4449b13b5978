/**
 * Net (external) torque and proper current of a non-conserved density under a uniform field along a
 * periodic direction (paper 002 Sec. IV–V, Eqs. 41–44, 47–51, S25–S36), docs/ribbon.md §10.
 *
 * External torque (S33–S34 / Eq. 43), per unit eE/ħ (ħ = 1 internally):
 *   T̄^ext = Σ_k Σₙ (∂_{k_a} fₙ) O_nn / (N_k Ω)  [+ degenerate pairs: Σ f′ h^a_nl O_ln]
 *         = −Σ fₙ ∂_a O_nn (by parts, S33).
 * It is the rate dδ⟨O⟩/dt right after the field is switched on (Boltzmann: dδf/dt = (eE/ħ)∂f − δf/τ),
 * so τ·T̄^ext = the intraband (Fermi-surface) accumulation of the total O. Independent route
 * (`commutatorRoute`, Eq. 37–40 / S26–S31 before the cancellation):
 *   T̄ = (1/i)⟨[O, x_a]⟩ + χ_{Ȯ, x_a}(η → 0⁺) = −Σₙ fₙ (D_aO)_nn + i Σ_{n≠l}(fₙ − fₗ) O_nl Ã_ln,
 * with D_aO = U†(∂_a O_orb)U (orbital-basis derivative, finite differences for k-dependent O;
 * exactly 0 for spin and site densities). The two routes agree after the k-sum (summation by parts).
 *
 * Proper current (Eq. 51 / S36), ribbons, transverse direction y, field along the ribbon:
 *   J̄_{O,y} = Σ_k Σₙ (∂ₖ fₙ) [O ⋆ y]_nn / (N_k a),  O ⋆ y = ½{O, y},
 * per unit eE/ħ; τ·J̄ = Σ_sites yₛ δO_intra(s) (the first moment of the intraband accumulation).
 *
 * Note: for O = the orbital moment of a ribbon (X = ½{y, ħv_x} in the closure form), the totals of a
 * current-carrying state depend on the origin of y by c × (Drude current): X → X + c h^x.
 * We measure y from the ribbon centre (makeRibbon), as the density profiles do.
 */
import type { Backend } from '../backend/backend.js';
import { DEFAULT_DEGENERACY_THRESHOLD } from '../backend/backend.js';
import { createTsBackend } from '../backend/ts/index.js';
import type { CompiledModel, TightBindingModel } from '../model/types.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { asCompiled } from './elements.js';
import { matmul } from './linalg.js';
import { fermi, fermiDerivative } from './oracle.js';
import { connection, forEachResponseK, resolveOperator, responseKGrid, toEigenbasis, type KContext, type OperatorSpec, type ResponseOperator } from './response.js';

export interface TorqueOptions {
  nk: number | [number, number];
  mu: number;
  /** Temperature (K) > 0 (Fermi-surface quantities; f′ = 0 at T = 0). */
  T: number;
  /** Field direction: a periodic axis (ribbon: 0 = along; bulk: 0 = x, 1 = y). Default 0. */
  field?: number;
  backend?: Backend;
  degeneracyThreshold?: number;
  /** Also evaluate the commutator route (three diagonalisations per k). Default false. */
  commutatorRoute?: boolean;
  /** Finite-difference step (Å⁻¹) for D_aO of k-dependent operators. Default 1e-5. */
  fdStep?: number;
  /** Checked before each k-point: once aborted, throws `OrbitronicsError` 'ABORTED' (see `RibbonEvalOptions.signal`). */
  signal?: AbortSignal;
}

export interface TorqueResult {
  operator: string;
  /** T̄^ext per unit eE/ħ: unit(O)·Å per Å (ribbon) or per Å² (bulk); × eE[eV/Å]/ħ[eV·s] → unit(O)/s per length/area. */
  external: number;
  /** The commutator route (if requested): should equal `external` after the k-sum. */
  commutatorRoute?: number;
  unit: string;
}

/** Degenerate-aware Σ f′ h_nl O_ln (n, l in one degenerate block, incl. n = l): the Fermi-surface contraction. */
function fermiSurface(ctx: KContext, O: Float64Array, axis: number, fp: Float64Array, thr: number): number {
  const nb = ctx.nb, h = ctx.h[axis]!, e = ctx.energies;
  let s = 0;
  for (let n = 0; n < nb; n++) {
    if (fp[n] === 0) continue;
    for (let l = 0; l < nb; l++) {
      if (l !== n && Math.abs(e[n]! - e[l]!) >= thr) continue;
      const o = (n * nb + l) * 2, q = (l * nb + n) * 2;
      s += fp[n]! * (h[o]! * O[q]! - h[o + 1]! * O[q + 1]!);
    }
  }
  return s;
}

/** Operator matrix in the orbital basis at k: U O_eig U†. */
function toOrbital(nb: number, U: Float64Array, O: Float64Array): Float64Array {
  const Ud = new Float64Array(2 * nb * nb);
  for (let i = 0; i < nb; i++)
    for (let n = 0; n < nb; n++) {
      Ud[(n * nb + i) * 2] = U[(i * nb + n) * 2]!;
      Ud[(n * nb + i) * 2 + 1] = -U[(i * nb + n) * 2 + 1]!;
    }
  return matmul(nb, matmul(nb, U, O), Ud);
}

function kIndependent(op: ResponseOperator, spec: OperatorSpec): boolean {
  if (typeof spec === 'object' && !('lambda' in spec)) return spec.kind === 'spin' || spec.kind === 'site-density';
  return !!op.orbital && op.name.startsWith('const:');
}

/** External (net) torque T̄^ext of Eq. 43 / S33–S34 for the operator O (a k-diagonal bounded operator). */
export function netTorque(model: TightBindingModel | CompiledModel, O: OperatorSpec, options: TorqueOptions): TorqueResult {
  const cm = asCompiled(model);
  const op = resolveOperator(cm, O);
  if (op.periodicAxis !== undefined) throw new Error('netTorque: O must be a bounded operator');
  const axis = options.field ?? 0;
  if (axis >= cm.dim) throw new Error(`netTorque: field axis ${axis} is not periodic`);
  const kT = BOLTZMANN_EV_K * options.T;
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const nb = cm.nb;
  const kpts = responseKGrid(cm, options.nk);
  const f = new Float64Array(nb), fp = new Float64Array(nb);
  const backend = options.backend ?? createTsBackend();
  const hstep = options.fdStep ?? 1e-5;
  const constant = kIndependent(op, O);
  let ext = 0, comm = 0;
  const eig = (c: KContext) => (op.eigen ? op.eigen(c) : toEigenbasis(c.nb, c.U, op.orbital!(c.k, c.nb)));
  forEachResponseK(cm, kpts, (ctx) => {
    const e = ctx.energies;
    for (let n = 0; n < nb; n++) {
      f[n] = fermi(e[n]!, options.mu, kT);
      fp[n] = fermiDerivative(e[n]!, options.mu, kT);
    }
    const Om = eig(ctx);
    ext += fermiSurface(ctx, Om, axis, fp, thr);
    if (!options.commutatorRoute) return;
    // i Σ_{n≠l} (fₙ − fₗ) O_nl Ã_ln
    const A = connection(ctx, axis);
    for (let n = 0; n < nb; n++)
      for (let l = 0; l < nb; l++) {
        const df = f[n]! - f[l]!;
        if (df === 0) continue;
        const o = (n * nb + l) * 2, q = (l * nb + n) * 2;
        const im = Om[o]! * A[q + 1]! + Om[o + 1]! * A[q]!;
        comm += -df * im; // Re(i·z) = −Im z
      }
    if (constant) return;
    // −Σ fₙ (U†∂_a O_orb U)_nn by central differences of the orbital-basis matrix
    const dO = new Float64Array(2 * nb * nb);
    for (const sgn of [1, -1]) {
      const kk = new Float64Array(3);
      for (let a = 0; a < ctx.dim; a++) kk[a] = ctx.k[a]!;
      kk[axis] += sgn * hstep;
      forEachResponseK(cm, kk, (c2) => {
        const M = toOrbital(nb, c2.U, eig(c2));
        for (let i = 0; i < M.length; i++) dO[i] += (sgn * M[i]!) / (2 * hstep);
      }, { backend, degeneracyThreshold: thr });
    }
    const D = toEigenbasis(nb, ctx.U, dO);
    for (let n = 0; n < nb; n++) comm -= f[n]! * D[(n * nb + n) * 2]!;
  }, { backend, degeneracyThreshold: thr, signal: options.signal });
  const norm = 1 / ((kpts.length / 3) * cm.cellMeasure);
  const res: TorqueResult = { operator: op.name, external: ext * norm, unit: `${op.unit}·Å ${cm.dim === 1 ? 'per Å' : 'per Å^2'} (per unit eE/ħ)` };
  if (options.commutatorRoute) res.commutatorRoute = comm * norm;
  return res;
}

export interface ProperCurrentResult {
  operator: string;
  /** J̄_{O,y} per unit eE/ħ (field along the ribbon): unit(O)·Å² per Å of ribbon. */
  value: number;
  unit: string;
}

/** Proper current J̄_{O,y} across a ribbon (Eq. 51 / S36) for a field along it. */
export function properCurrent(ribbon: TightBindingModel | CompiledModel, O: OperatorSpec, options: Omit<TorqueOptions, 'field' | 'commutatorRoute' | 'fdStep'>): ProperCurrentResult {
  const cm = asCompiled(ribbon);
  if (cm.dim !== 1) throw new Error('properCurrent: ribbons only (the transverse position must be bounded)');
  const op = resolveOperator(cm, O);
  const Y = resolveOperator(cm, 'y');
  const kT = BOLTZMANN_EV_K * options.T;
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const nb = cm.nb;
  const kpts = responseKGrid(cm, options.nk);
  const fp = new Float64Array(nb);
  let s = 0;
  forEachResponseK(cm, kpts, (ctx) => {
    for (let n = 0; n < nb; n++) fp[n] = fermiDerivative(ctx.energies[n]!, options.mu, kT);
    if (fp.every((x) => x === 0)) return;
    const Om = op.eigen ? op.eigen(ctx) : toEigenbasis(nb, ctx.U, op.orbital!(ctx.k, nb));
    const y = Y.eigen!(ctx);
    const a = matmul(nb, Om, y), b = matmul(nb, y, Om);
    for (let i = 0; i < a.length; i++) a[i] = 0.5 * (a[i]! + b[i]!);
    s += fermiSurface(ctx, a, 0, fp, thr);
  }, { backend: options.backend, degeneracyThreshold: thr, signal: options.signal });
  return { operator: op.name, value: s / ((kpts.length / 3) * cm.cellMeasure), unit: `${op.unit}·Å^2 per Å (per unit eE/ħ)` };
}
