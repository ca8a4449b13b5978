/**
 * Breathing kagome lattice with a chiral flux (Ohgushi–Murakami–Nagaosa type): three orbitals at
 * distinct positions, so convention-I phases matter. a₁ = a(1, 0), a₂ = a(½, √3/2); sites A (0,0),
 * B (½,0), C (0,½) (reduced). Nearest-neighbour hopping counter-clockwise around every triangle,
 * A→B→C→A, has amplitude t·e^{iφ} on up triangles and b·t·e^{iφ} on down triangles (flux 3φ per
 * triangle, −6φ per hexagon, zero per cell). φ ≠ 0, π breaks T; breathing b ≠ 1 breaks P; the flat
 * band breaks the ± symmetry of the spectrum.
 */
import type { TightBindingModel } from '../types.js';
import { cplx, defineBuiltin, finite, positive } from './define.js';

export default defineBuiltin({
  name: 'kagome',
  description: 'Breathing kagome lattice with chiral flux: 3 bands at distinct sites, P (b ≠ 1) and T (φ ≠ 0, π) broken',
  source: 'test model of this package (Ohgushi–Murakami–Nagaosa flux kagome, breathing)',
  params: {
    t: { default: -1, unit: 'eV', doc: 'nearest-neighbour amplitude on up triangles' },
    phi: { default: 0.3, unit: 'rad', doc: 'phase per bond for counter-clockwise hopping (flux 3φ per triangle)' },
    breathing: { default: 0.6, unit: '1', doc: 'down-triangle amplitude / up-triangle amplitude (≠ 1 breaks P)' },
    eps: { default: 0, unit: 'eV', doc: 'on-site energy of site A (breaks C₃ when ≠ 0)' },
    a: { default: 1, unit: 'Å', doc: 'lattice constant (NN distance a/2)' },
  },
  build(p): TightBindingModel {
    const N = 'kagome';
    const t = finite(N, p, 't');
    const phi = finite(N, p, 'phi');
    const b = finite(N, p, 'breathing');
    const eps = finite(N, p, 'eps');
    const a = positive(N, p, 'a');
    const up = cplx(t * Math.cos(phi), t * Math.sin(phi));
    const dn = cplx(b * t * Math.cos(phi), b * t * Math.sin(phi));
    return {
      format: 'orbitronics-model/1',
      kind: 'tight-binding',
      name: N,
      dim: 2,
      lattice: [
        [a, 0],
        [a / 2, (a * Math.sqrt(3)) / 2],
      ],
      orbitals: [
        [0, 0],
        [0.5, 0],
        [0, 0.5],
      ],
      onsite: [eps + 0, 0, 0],
      hoppings: [
        // up triangle (inside the cell): ⟨B|H|A⟩, ⟨C|H|B⟩, ⟨A|H|C⟩
        { from: 0, to: 1, R: [0, 0], t: up },
        { from: 1, to: 2, R: [0, 0], t: [up[0], up[1]] },
        { from: 2, to: 0, R: [0, 0], t: [up[0], up[1]] },
        // down triangle A(0,0) → B(−1,0) → C(0,−1) → A
        { from: 0, to: 1, R: [1, 0], t: dn },
        { from: 1, to: 2, R: [-1, 1], t: [dn[0], dn[1]] },
        { from: 2, to: 0, R: [0, -1], t: [dn[0], dn[1]] },
      ],
      spin: null,
      meta: { builtin: N, source: 'this package', params: { ...p } },
    };
  },
});
