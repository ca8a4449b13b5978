/**
 * Extrinsic (relaxation-time) orbital magneto-electric effect of paper 001: Ξ^ν_mn =
 * (eE^βτ/2ħ){R̃^ν, ∂_βf}_mn, a Fermi-surface term, reported as the OMM density M = −(e/2)⟨r×v⟩
 * (A in 2D) per unit field or for a given field (`params.field`). Needs `params.tau` (s, `--tau`) and
 * the field direction `params.E`. Physical sign: K_ext = ∂⟨r×v⟩/∂(eE^β) with the per-k Fermi-surface
 * coefficient surface_n = +(τ/2ħ) v^β_n ε_{αμν} Re{h^μ, R̃^ν}_nn (src/physics/responses.ts `omeExtrinsic`,
 * physical: true); 001's own sign (Eq. 49, ⟨L⟩ = −(r×v)) is −1 × K_ext. M = −(e/2)K_ext equals the
 * orbital Edelstein δM of paper 004 Eq. 8 (identity per k in test/physics).
 * At T = 0 the δ-function is smeared (compute's `surfaceSmearing`, default k_BT = 5 meV).
 */
import { OrbitronicsError } from '../errors.js';
import { axialCount } from '../backend/backend.js';
import { responseArrays } from '../physics/batch.js';
import { omeExtrinsic } from '../physics/responses.js';
import { defineObservable } from './define.js';
import { integrandGroup, magnetizationUnits } from './ome.js';

const checkTau = (tau: unknown): number => {
  if (!(typeof tau === 'number' && tau > 0 && Number.isFinite(tau)))
    throw new OrbitronicsError('ARGUMENT_INVALID', 'ome-extrinsic needs the relaxation time: params.tau in s (CLI --tau SECONDS).');
  return tau;
};

const group = integrandGroup(
  'ome-extrinsic',
  1,
  (g, beta, o) => [omeExtrinsic(g, beta, { tau: checkTau(o.tau), physical: true }).surface!],
  'ome-extrinsic',
  axialCount,
  // the backend's per-k primitive (WASM: assembly/xi.ts), TS reference otherwise
  (b, beta, ctx) => responseArrays(b, ['omeExtrinsic'], beta, ctx, checkTau(ctx.params.tau)),
);

export default defineObservable({
  id: 'omeExtrinsic',
  title: 'Extrinsic (relaxation-time) orbital magneto-electric effect (OMM density per field)',
  symbol: 'δM_ext',
  source: { paper: '001', eq: 'extrinsic Ξ (relaxation time), Fig. 3' },
  dims: [2, 3],
  needs: { velocity: true },
  components: (dim) => (dim === 2 ? ['z'] : ['x', 'y', 'z']),
  terms: { fermiSurface: { integrand: group(0, 'surface'), occupation: 'surface' } },
  unit: magnetizationUnits,
  character: { rank: 2, kind: 'axial', time: 'even' },
});
