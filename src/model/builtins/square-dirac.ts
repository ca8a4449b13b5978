/**
 * Square-lattice Dirac model with a Wilson mass: the lattice regularisation of the tilted Dirac
 * cone of paper 001 Eq. (8),
 *   H(k) = (v_t/a) sin(k_x a) 𝟙 + m_k σ_z + (α/a)[sin(k_y a) σ_x − sin(k_x a) σ_y],
 *   m_k = m + w (2 − cos k_x a − cos k_y a),
 * which reduces to ħv_t k_x + mσ_z + α(k_yσ_x − k_xσ_y) near Γ. Both orbitals sit at the origin of
 * the cell. With m, w > 0 the mass never vanishes (C = 0); the defaults give an insulator with a
 * global gap (|v_t| < |α|); m < 0 < w, |m| < 2w gives a Chern insulator.
 */
import type { TightBindingModel } from '../types.js';
import { PAULI } from '../compile.js';
import { combine, cplx, defineBuiltin, finite, hoppingsFromMatrices, positive } from './define.js';

export default defineBuiltin({
  name: 'square-dirac',
  description: 'Square-lattice tilted Dirac model with a Wilson mass (lattice regularisation of paper 001 Eq. 8), 2 bands',
  source: 'lattice regularisation of paper 001 Eq. (8)',
  params: {
    alpha: { default: 1, unit: 'eV·Å', doc: 'Dirac velocity α (slope at Γ)' },
    vt: { default: 0.3, unit: 'eV·Å', doc: 'tilt ħv_t along x (slope at Γ)' },
    m: { default: 0.2, unit: 'eV', doc: 'Dirac mass at Γ' },
    w: { default: 1, unit: 'eV', doc: 'Wilson mass: m_k = m + w(2 − cos k_x a − cos k_y a)' },
    a: { default: 1, unit: 'Å', doc: 'lattice constant' },
  },
  build(p): TightBindingModel {
    const N = 'square-dirac';
    const alpha = finite(N, p, 'alpha');
    const vt = finite(N, p, 'vt');
    const m = finite(N, p, 'm');
    const w = finite(N, p, 'w');
    const a = positive(N, p, 'a');
    // sin(k·a) = (e^{ik·a} − e^{−ik·a})/2i → T(+a) = −i/2 × coefficient; cos → T(+a) = ½ × coefficient
    const Tx = combine(2, [
      [cplx(0, -vt / a / 2), PAULI.s0],
      [cplx(0, alpha / a / 2), PAULI.sy],
      [cplx(-w / 2), PAULI.sz],
    ]);
    const Ty = combine(2, [
      [cplx(0, -alpha / a / 2), PAULI.sx],
      [cplx(-w / 2), PAULI.sz],
    ]);
    return {
      format: 'orbitronics-model/1',
      kind: 'tight-binding',
      name: N,
      dim: 2,
      lattice: [
        [a, 0],
        [0, a],
      ],
      orbitals: [
        [0, 0],
        [0, 0],
      ],
      onsite: [m + 2 * w, -(m + 2 * w)],
      hoppings: hoppingsFromMatrices([
        { R: [1, 0], T: Tx },
        { R: [0, 1], T: Ty },
      ]),
      spin: null,
      meta: { builtin: N, source: 'lattice regularisation of paper 001 Eq. (8)', params: { ...p } },
    };
  },
});
