/**
 * A three-band lattice model without particle–hole symmetry that breaks P and T: a spin-1
 * (pseudospin) Chern insulator on the square lattice with a tilt and a quadratic (S_z²) term,
 *   H(k) = A[sin k_x S_x + sin k_y S_y] + [M − B(2 − cos k_x − cos k_y)] S_z + v_t sin k_x 𝟙 + λ S_z² + ε₀ P₀,
 * (k in units of 1/a; S the spin-1 matrices; P₀ = projector on the m = 0 orbital). The Chern mass
 * breaks T, the tilt breaks P (and C₄), λ and ε₀ break the ± symmetry of the spectrum. All three
 * orbitals sit at the origin. The defaults give three bands separated by global gaps, so that both
 * one and two filled bands are insulators.
 */
import type { ComplexMatrix, TightBindingModel } from '../types.js';
import { combine, cplx, defineBuiltin, finite, hoppingsFromMatrices, positive } from './define.js';

const r = Math.SQRT1_2;
const SX: ComplexMatrix = [
  [cplx(0), cplx(r), cplx(0)],
  [cplx(r), cplx(0), cplx(r)],
  [cplx(0), cplx(r), cplx(0)],
];
const SY: ComplexMatrix = [
  [cplx(0), cplx(0, -r), cplx(0)],
  [cplx(0, r), cplx(0), cplx(0, -r)],
  [cplx(0), cplx(0, r), cplx(0)],
];
const SZ: ComplexMatrix = [
  [cplx(1), cplx(0), cplx(0)],
  [cplx(0), cplx(0), cplx(0)],
  [cplx(0), cplx(0), cplx(-1)],
];
const ONE: ComplexMatrix = [
  [cplx(1), cplx(0), cplx(0)],
  [cplx(0), cplx(1), cplx(0)],
  [cplx(0), cplx(0), cplx(1)],
];

export default defineBuiltin({
  name: 'three-band',
  description: 'Spin-1 square-lattice Chern insulator with tilt and S_z² term: 3 bands, no particle–hole symmetry, P and T broken',
  source: 'test model of this package (lattice regularisation of a spin-1 Dirac cone)',
  params: {
    A: { default: 1, unit: 'eV', doc: 'pseudospin–orbit coupling: A(sin k_x S_x + sin k_y S_y)' },
    B: { default: 1, unit: 'eV', doc: 'Wilson mass: −B(2 − cos k_x − cos k_y) S_z' },
    M: { default: 1, unit: 'eV', doc: 'mass M S_z at Γ' },
    vt: { default: 0.3, unit: 'eV', doc: 'tilt v_t sin k_x 𝟙 (breaks P)' },
    lambda: { default: 0.4, unit: 'eV', doc: 'λ S_z² (breaks the ± symmetry of the spectrum)' },
    eps0: { default: -0.2, unit: 'eV', doc: 'on-site energy ε₀ of the middle (m = 0) orbital' },
    a: { default: 1, unit: 'Å', doc: 'lattice constant' },
  },
  build(p): TightBindingModel {
    const N = 'three-band';
    const A = finite(N, p, 'A');
    const B = finite(N, p, 'B');
    const M = finite(N, p, 'M');
    const vt = finite(N, p, 'vt');
    const lambda = finite(N, p, 'lambda');
    const eps0 = finite(N, p, 'eps0');
    const a = positive(N, p, 'a');
    const Tx = combine(3, [
      [cplx(0, -A / 2), SX],
      [cplx(B / 2), SZ],
      [cplx(0, -vt / 2), ONE],
    ]);
    const Ty = combine(3, [
      [cplx(0, -A / 2), SY],
      [cplx(B / 2), SZ],
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
        [0, 0],
      ],
      onsite: [M - 2 * B + lambda, eps0, -(M - 2 * B) + lambda],
      hoppings: hoppingsFromMatrices([
        { R: [1, 0], T: Tx },
        { R: [0, 1], T: Ty },
      ]),
      spin: null,
      meta: { builtin: N, source: 'this package', params: { ...p } },
    };
  },
});
