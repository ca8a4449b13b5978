/**
 * Relaxation-time (extrinsic) kinetic magnetisation of paper 004 (Qiang, Liu, Lu & Xie): the spin
 * Edelstein effect (Eq. 6) and the orbital Edelstein effect (Eq. 8), from the Boltzmann correction
 * f₁ = eτ v·E f′₀ (charge −e, H_E = +eE·r):
 *
 *     δM^S = −(g/2) μ_B ∫[dk] Σₙ f₁ ⟨n|σ|n⟩,    δM^O = ∫[dk] Σₙ f₁ mₙ,    f₁ per unit eE: τ v^β_n f′(εₙ)
 *
 * (model spin matrices in units of ħ/2, S = ħσ/2; electron spin moment −g μ_B S/ħ with g = 2, i.e.
 * −μ_B σ. 004 Eq. 1 writes −μ_B⟨S/ħ⟩, which read literally is g = 1 — we use the electron's g = 2.)
 * Per k: src/physics/responses.ts `spinEdelstein` (δ⟨σ⟩, needs the eigenvectors and the model's
 * spin matrices) and `orbitalEdelstein` (m = (e/ħ)X, the physical orbital moment of DESIGN §4).
 * Both are Fermi-surface terms (−∂f/∂ε; at T = 0 compute smears δ(ε − μ) with k_BT = surfaceSmearing).
 * The orbital part equals the extrinsic OME of paper 001 (`ome-extrinsic`, its Ξ = (eEτ/2ħ){R̃,∂f})
 * per k (test/physics/edelstein-observables.test.ts).
 *
 * Needs params.E (field direction, `--E`) and params.tau (s, `--tau`). Components: the magnetisation
 * vector x, y, z (2D: the orbital part has z only; spinless models: the spin part is 0).
 * Parts: `spin`, `orbital` (value = spin + orbital). Unit: A per V/m in 2D (A/m per V/m in 3D), with
 * μ_B/nm² per V/m and the internal μ_B/Å^d per eE; `params.field` (V/m) gives the magnetisation itself.
 * Character: axial, T-even (extrinsic: needs only P broken, 003 Table I).
 */
import { OrbitronicsError } from '../errors.js';
import type { CompiledModel } from '../model/types.js';
import { responseArrays } from '../physics/batch.js';
import { orbitalEdelstein, spinEdelstein } from '../physics/responses.js';
import { siFactor } from '../physics/units.js';
import { BOHR_MAGNETON_J_T, ELEMENTARY_CHARGE } from '../units/constants.js';
import { defineObservable, type ObservableParams, type UnitSpec } from './define.js';
import { integrandGroup, withField } from './ome.js';

/** Electron spin g-factor used for the spin magnetisation (−(g/2) μ_B σ). */
export const SPIN_G = 2;

/** Internal μ_B/Å^dim per unit eE (eV/Å) → A (2D) or A/m (3D) per V/m: μ_B/Å^d → A·m²/m^d, eE [eV/Å] → 1e-10 per V/m. */
const muBFactor = (dim: number) => BOHR_MAGNETON_J_T * Math.pow(1e10, dim) * 1e-10;

/**
 * Orbital moment X (eV·Å², m = (e/ħ)X) per Å^d per eE → internal μ_B/Å^d per eE. Written with e/ħ in eV·s
 * (siFactor), like `ome`/`ome-extrinsic`/`chi-int`, so that the orbital parts agree with them bit for bit
 * rather than to the 5e-10 of the rounded CODATA ħ in J·s.
 */
export const orbitalToMuB = (dim: number): number => (ELEMENTARY_CHARGE * siFactor('angular-momentum', dim)) / muBFactor(dim);

/** Internal μ_B/Å^dim per unit eE (eV/Å) → SI magnetisation per field, with conversions. */
export function kineticMagnetizationUnits(model: CompiledModel, params: ObservableParams): UnitSpec {
  const dim = model.dim;
  const f = muBFactor(dim);
  const u: UnitSpec =
    dim === 2
      ? { unit: 'A per V/m', factor: f, conversions: { 'muB/nm^2 per V/m': (100 * 1e-10) / f, 'muB/Å^2 per eE': 1 / f } }
      : { unit: 'A/m per V/m', factor: f, conversions: { 'muB/nm^3 per V/m': (1000 * 1e-10) / f, 'muB/Å^3 per eE': 1 / f } };
  return withField(u, params);
}

/** Spreads band-resolved axial coefficients (2D: z only) onto the x, y, z components. */
export function toVector(x: Float64Array, nb: number, dim: number, scale: number): Float64Array {
  const out = new Float64Array(nb * 3);
  if (dim === 3) for (let i = 0; i < nb * 3; i++) out[i] = scale * x[i]!;
  else for (let n = 0; n < nb; n++) out[n * 3 + 2] = scale * x[n]!;
  return out;
}

const checkTau = (tau: unknown): number => {
  if (!(typeof tau === 'number' && tau > 0 && Number.isFinite(tau)))
    throw new OrbitronicsError('ARGUMENT_INVALID', 'edelstein needs the relaxation time: params.tau in s (CLI --tau SECONDS).');
  return tau;
};

const group = integrandGroup(
  'edelstein',
  2,
  (g, beta, o) => {
    checkTau(o.tau);
    const spin = o.spin ? spinEdelstein(g, beta, o).surface!.map((x) => -(SPIN_G / 2) * x) : new Float64Array(g.nb * 3);
    const orb = toVector(orbitalEdelstein(g, beta, o).surface!, g.nb, g.dim, orbitalToMuB(g.dim));
    return [spin, orb];
  },
  'edelstein',
  () => 3,
  // the backend's per-k primitive (WASM: assembly/xi.ts), TS reference otherwise
  (b, beta, ctx) => {
    const tau = checkTau(ctx.params.tau);
    const n = b.nk * b.nb;
    const [orb, spin] = responseArrays(b, ctx.model.spin ? ['orbitalEdelstein', 'spinEdelstein'] : ['orbitalEdelstein'], beta, ctx, tau);
    return [spin ? spin.map((x) => -(SPIN_G / 2) * x) : new Float64Array(n * 3), toVector(orb!, n, b.dim, orbitalToMuB(b.dim))];
  },
);

export default defineObservable({
  id: 'edelstein',
  title: 'Extrinsic kinetic magnetisation: spin and orbital Edelstein effects (relaxation time)',
  symbol: 'δM^ex',
  source: { paper: '004', eq: '6, 8' },
  dims: [2, 3],
  needs: { velocity: true, eigenvectors: true },
  components: () => ['x', 'y', 'z'],
  terms: {
    spin: { integrand: group(0, 'spin'), occupation: 'surface' },
    orbital: { integrand: group(1, 'orbital'), occupation: 'surface' },
  },
  unit: kineticMagnetizationUnits,
  character: { rank: 2, kind: 'axial', time: 'even' },
});
