/**
 * Haldane model on the honeycomb lattice, paper 002 Eqs. (S41)–(S42) (and Eq. 53), in the layout
 * and sign conventions of PythTB's Haldane example (the calibration of DESIGN §4).
 *
 * Lattice a₁ = a(1, 0), a₂ = a(½, √3/2); orbital 0 (sublattice A of paper 002) at (⅓, ⅓),
 * orbital 1 (B) at (⅔, ⅔), so that the B neighbours of A sit at A + δₙ with paper 002's
 * δ₁ = a(½, 1/(2√3)), δ₂ = a(−½, 1/(2√3)), δ₃ = a(0, −1/√3).
 *   H = Σ_nn t c†_A c_B + Σ_nnn t₂ e^{+iφ} c†_A c_A + t₂ e^{−iφ} c†_B c_B (along +lₙ) + h.c. − Δ n_A + Δ n_B
 * with lₙ = a(1,0), a(−½,√3/2), a(−½,−√3/2).
 * Mapping to paper 002: t = −t₀, t₂ and φ identical, delta = −Δ(paper) (paper 002 puts +Δ on A).
 * `strain` multiplies the δ₃ bond: t₃ = t(1 + strain) (breaks C₃, keeps M_x·T).
 */
import type { TightBindingModel } from '../types.js';
import { cplx, defineBuiltin, finite, positive, type ParamValue } from './define.js';

export function haldaneModel(name: string, p: Record<string, ParamValue>, source: string): TightBindingModel {
  const t = finite(name, p, 't');
  const t2 = finite(name, p, 't2');
  const phi = finite(name, p, 'phi');
  const delta = finite(name, p, 'delta');
  const strain = finite(name, p, 'strain');
  const a = positive(name, p, 'a');
  const c = t2 * Math.cos(phi);
  const s = t2 * Math.sin(phi);
  const hoppings: TightBindingModel['hoppings'] = [
    // nearest neighbours A(0) ← B(1): δ₁ (R = 0), δ₂ (R = −a₁), δ₃ (R = −a₂)
    { from: 1, to: 0, R: [0, 0], t: cplx(t) },
    { from: 1, to: 0, R: [-1, 0], t: cplx(t) },
    { from: 1, to: 0, R: [0, -1], t: cplx(t * (1 + strain)) },
  ];
  if (t2 !== 0) {
    // second neighbours along l₁ = a₁, l₂ = a₂ − a₁, l₃ = −a₂: A gets t₂e^{iφ}, B gets t₂e^{−iφ}
    for (const R of [
      [1, 0],
      [-1, 1],
      [0, -1],
    ]) {
      hoppings.push({ from: 0, to: 0, R, t: cplx(c, s) });
      hoppings.push({ from: 1, to: 1, R: [...R], t: cplx(c, -s) });
    }
  }
  return {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name,
    dim: 2,
    lattice: [
      [a, 0],
      [a / 2, (a * Math.sqrt(3)) / 2],
    ],
    orbitals: [
      [1 / 3, 1 / 3],
      [2 / 3, 2 / 3],
    ],
    onsite: [-delta + 0, delta + 0],
    hoppings,
    spin: null,
    meta: { builtin: name, source, params: { ...p } },
  };
}

export default defineBuiltin({
  name: 'haldane',
  description: 'Haldane model (honeycomb, complex second-neighbour hopping, staggered potential), PythTB layout; optional C₃-breaking bond strain',
  source: 'paper 002 Eqs. (S41)–(S42); calibration DESIGN §4 (PythTB haldane example)',
  params: {
    t: { default: -1, unit: 'eV', doc: 'nearest-neighbour hopping amplitude (= −t₀ of paper 002)' },
    t2: { default: 0.15, unit: 'eV', doc: 'second-neighbour hopping magnitude t₂' },
    phi: { default: Math.PI / 2, unit: 'rad', doc: 'Haldane phase φ: A–A hopping along +lₙ is t₂e^{+iφ}, B–B is t₂e^{−iφ}' },
    delta: { default: 0.2, unit: 'eV', doc: 'staggered on-site energy: −delta on orbital 0 (A, at ⅓,⅓), +delta on orbital 1 (B) (= −Δ of paper 002)' },
    strain: { default: 0, unit: '1', doc: 'relative change of the δ₃ bond: t₃ = t(1 + strain); nonzero breaks C₃ (strained Haldane model)' },
    a: { default: 1, unit: 'Å', doc: 'lattice constant (second-neighbour distance); nearest-neighbour distance a/√3' },
  },
  build: (p) => haldaneModel('haldane', p, 'paper 002 Eqs. (S41)–(S42)'),
});
