/**
 * Tensor characters of the field-driven responses that are not (yet) registered observables, as
 * declared in DESIGN §4 and the papers, so that `orbitronics symmetry` and the tests can tabulate
 * their allowed components now. A registered observable's own `character` always wins.
 * Field-driven: rank = response rank + 1, the field index (polar, T-even) last.
 */
import type { TensorCharacter } from '../observables/define.js';

/** Declared tensor character of a field-driven response, used when that observable is not registered. */
export interface PlannedCharacter {
  name: string;
  title: string;
  character: TensorCharacter;
  /** Response components per model dimension (the field index is added for every field direction). */
  components(dim: number): string[];
  source: string;
}

const axial = (dim: number) => (dim === 2 ? ['z'] : ['x', 'y', 'z']);
const polar = (dim: number) => ['x', 'y', 'z'].slice(0, dim);

/** Characters of the field-driven responses (papers 000, 001, 003), for the symmetry tables. */
export const PLANNED_CHARACTERS: readonly PlannedCharacter[] = [
  { name: 'torque', title: 'orbital torque κ (τ_i = κ_ij E_j)', character: { rank: 2, kind: 'axial', time: 'even' }, components: axial, source: 'paper 000 Eqs. 1–2 (intrinsic, no τ)' },
  { name: 'ome', title: 'intrinsic orbital magnetoelectric response (⟨L⟩ = K E)', character: { rank: 2, kind: 'axial', time: 'odd' }, components: axial, source: 'paper 001 Eq. 51, paper 003 Eq. 8' },
  { name: 'ome-extrinsic', title: 'extrinsic orbital magnetoelectric response (∝ τ)', character: { rank: 2, kind: 'axial', time: 'even' }, components: axial, source: 'paper 001 (Ξ extrinsic), paper 004 Eq. 8' },
  { name: 'chi-int', title: 'intrinsic orbital magnetoelectric susceptibility χ^int (M = χ E)', character: { rank: 2, kind: 'axial', time: 'odd' }, components: () => ['x', 'y', 'z'], source: 'paper 003 Eqs. 8, 11' },
  { name: 'alpha-int', title: 'intrinsic orbital magnetothermal response α^int (M = α ∇T)', character: { rank: 2, kind: 'axial', time: 'odd' }, components: () => ['x', 'y', 'z'], source: 'paper 003 Eqs. 12–13' },
  { name: 'dipole', title: 'field-induced Berry-connection dipole (d = D E)', character: { rank: 2, kind: 'polar', time: 'even' }, components: polar, source: 'paper 001 Eqs. 1, 9' },
];
