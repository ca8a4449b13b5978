/**
 * Electrically induced dipole, paper 001 Eq. 1 (normalised quantum metric), as the charge-dipole
 * (polarisation) density P = −e⟨r⟩ it carries: C/m in 2D, C/m² in 3D, per unit field (V/m) or for a
 * given field (`params.field`, V/m). The field direction is `params.E` (`--E`); components x, y(, z)
 * are the dipole components. Per k: d^α/(eE^β) = Σₙ fₙ Re[P^β, R̃^α]_nn (src/physics/responses.ts
 * `dipole`), a Fermi-sea term. Conversions: ⟨r⟩ density (1/m per V/m in 2D) and the internal d/(eE)
 * (eV⁻¹ in 2D). Tilted Dirac (001 Eq. 9): d^y/(eE_y) = −1/(12πm) in the gap, so P_y > 0 along E.
 */
import { dipole } from '../physics/responses.js';
import { responseArrays } from '../physics/batch.js';
import { siFactor } from '../physics/units.js';
import { ELEMENTARY_CHARGE } from '../units/constants.js';
import { defineObservable, type UnitSpec } from './define.js';
import { integrandGroup, withField } from './ome.js';

const group = integrandGroup('dipole', 1, (g, beta) => [dipole(g, beta).sea], 'dipole', (dim) => dim, (b, beta, ctx) => responseArrays(b, ['dipole'], beta, ctx));

export default defineObservable({
  id: 'dipole',
  title: 'Electrically induced dipole (charge-dipole density per field)',
  symbol: 'P',
  source: { paper: '001', eq: '1, 9' },
  dims: [2, 3],
  needs: { velocity: true },
  components: (dim) => ['x', 'y', 'z'].slice(0, dim),
  terms: { fermiSea: { integrand: group(0, 'd'), occupation: 'sea' } },
  unit: (model, params): UnitSpec => {
    const sf = siFactor('dipole', model.dim);
    const f = -ELEMENTARY_CHARGE * sf;
    const u: UnitSpec =
      model.dim === 2
        ? { unit: 'C/m per V/m', factor: f, conversions: { '1/m per V/m': 1 / -ELEMENTARY_CHARGE, '1/eV per eE': 1 / f } }
        : { unit: 'C/m^2 per V/m', factor: f, conversions: { '1/m^2 per V/m': 1 / -ELEMENTARY_CHARGE, 'Å^-1/eV per eE': 1 / f } };
    return withField(u, params);
  },
  character: { rank: 2, kind: 'polar', time: 'even' },
});
