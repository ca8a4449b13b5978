/**
 * Per-k physics of the Ξ quantum kinetic theory and the semiclassical responses (papers 000, 001,
 * 003, 004): pure functions on one k-point's band data returning band-resolved Fermi-sea and
 * Fermi-surface coefficients (./responses.ts), the Ξ matrices themselves (./covariant.ts) and SI
 * conversions (./units.ts). docs/physics-xi.md.
 * @module
 */
export * from './covariant.js';
export * from './responses.js';
export * from './units.js';
export type { CMat } from './cmat.js';

import { KGeometry, type KPointBands } from './covariant.js';
import {
  dipole,
  fTensor004,
  lambda003,
  omeDipole,
  omeExtrinsic,
  omeIntrinsic,
  omeItinerant,
  omeLocal,
  orbitalEdelstein,
  spinBerryCurvature,
  spinEdelstein,
  torqueEq1,
  torqueXi,
  torqueXiByParts,
  type BandResolved,
  type ResponseOptions,
} from './responses.js';
import type { ResponseKind } from './units.js';

/** A per-k response of the Ξ theory: what it needs from the backend, its SI kind and internal unit, and the function. */
export interface PerKResponse {
  /** What the per-k function needs from the backend. */
  needs: { velocity: true; hessian: boolean; eigenvectors: boolean };
  /** SI conversion kind (units.ts) of the integrated value. */
  kind: ResponseKind;
  /** Internal unit of the integrated value per unit eE (2D; 3D: one more Å⁻¹). */
  unit2D: string;
  /** Symmetry character of the response tensor (field is polar, T-even). */
  character: string;
  /** 2D only (papers 003/004). */
  only2D?: boolean;
  /** Band-resolved coefficients at one k for the field direction `beta`. */
  fn: (g: KGeometry | KPointBands, beta: number, o?: ResponseOptions) => BandResolved;
}

/** The responses by name (the observables layer picks from here). Sign conventions in each doc comment. */
export const PER_K_RESPONSES: Record<string, PerKResponse> = {
  dipole: { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'dipole', unit2D: '1/eV', character: 'polar, T-even', fn: dipole },
  'ome-d': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: 'axial, T-odd (001 sign −(r×v))', fn: omeDipole },
  'ome-ic': { needs: { velocity: true, hessian: true, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: 'axial, T-odd (001 sign)', fn: omeItinerant },
  'ome-lc': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: 'axial, T-odd (001 sign)', fn: (g, b, o) => omeLocal(g, b, { ...o, full: true }) },
  'ome-lc3': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: 'axial, T-odd (001 sign)', fn: (g, b, o) => omeLocal(g, b, { ...o, full: false }) },
  ome: {
    needs: { velocity: true, hessian: true, eigenvectors: false },
    kind: 'angular-momentum',
    unit2D: 'Å',
    character: 'axial, T-odd; physical K = ∂⟨r×v⟩/∂(eE)',
    fn: (input, b, o) => {
      const g = input instanceof KGeometry ? input : new KGeometry(input, o);
      const r = omeIntrinsic(g, b);
      return { components: r.components, sea: r.total, surface: null, degeneratePairs: r.degeneratePairs };
    },
  },
  'ome-extrinsic': {
    needs: { velocity: true, hessian: false, eigenvectors: false },
    kind: 'angular-momentum',
    unit2D: 'Å',
    character: 'axial, T-even; physical K_ext = ∂⟨r×v⟩/∂(eE) (needs tau)',
    fn: (g, b, o) => omeExtrinsic(g, b, { ...o, physical: true }),
  },
  'torque-eq1': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'torque', unit2D: 'eV·Å', character: 'axial (000 Eq. 1 sign)', fn: torqueEq1 },
  'torque-xi': { needs: { velocity: true, hessian: true, eigenvectors: false }, kind: 'torque', unit2D: 'eV·Å', character: 'axial (r×a sign)', fn: torqueXi },
  'torque-xi-byparts': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'torque', unit2D: 'eV·Å', character: 'axial (r×a sign), sea only, = torque-xi after ∫', fn: torqueXiByParts },
  'chi-int': { needs: { velocity: true, hessian: true, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: '003 λ = Λ/q; K = −2λ', only2D: true, fn: lambda003 },
  'f-tensor': { needs: { velocity: true, hessian: true, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: '004 φ = F/e as printed', only2D: true, fn: fTensor004 },
  'orbital-edelstein': { needs: { velocity: true, hessian: false, eigenvectors: false }, kind: 'angular-momentum', unit2D: 'Å', character: 'δM per eE in units (e/ħ)·eV·Å² (needs tau)', fn: orbitalEdelstein },
  'spin-edelstein': { needs: { velocity: true, hessian: false, eigenvectors: true }, kind: 'spin', unit2D: '1/(eV·Å)', character: 'δ⟨σ⟩ (needs tau, spin)', fn: spinEdelstein },
  'spin-berry-curvature': { needs: { velocity: true, hessian: false, eigenvectors: true }, kind: 'spin', unit2D: '1/(eV·Å)', character: 'δ⟨σ⟩ intrinsic (needs spin)', fn: spinBerryCurvature },
};
export * from './batch.js';
