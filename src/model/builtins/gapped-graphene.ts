/** Gapped graphene: the Haldane model with t₂ = 0 (paper 002 Eq. S45), staggered on-site ∓Δ. */
import { defineBuiltin } from './define.js';
import { haldaneModel } from './haldane.js';

export default defineBuiltin({
  name: 'gapped-graphene',
  description: 'Honeycomb lattice with nearest-neighbour hopping and a staggered potential (Haldane model with t₂ = 0): ε = ±√(t²|γ_k|² + Δ²)',
  source: 'paper 002 Eq. (S45)',
  params: {
    t: { default: -1, unit: 'eV', doc: 'nearest-neighbour hopping amplitude (= −t₀ of paper 002)' },
    delta: { default: 0.2, unit: 'eV', doc: 'staggered on-site energy: −delta on orbital 0 (A, at ⅓,⅓), +delta on orbital 1 (B)' },
    strain: { default: 0, unit: '1', doc: 'relative change of the δ₃ bond: t₃ = t(1 + strain)' },
    a: { default: 1, unit: 'Å', doc: 'lattice constant; nearest-neighbour distance a/√3' },
  },
  build: (p) => haldaneModel('gapped-graphene', { ...p, t2: 0, phi: 0 }, 'paper 002 Eq. (S45)'),
});
