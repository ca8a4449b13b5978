/**
 * The pure-TypeScript reference backend: plain per-k loops, one file per stage, written
 * independently of the AssemblyScript kernels (docs/architecture.md). Every WASM kernel is tested
 * against it.
 */
import type { CompiledModel } from '../../model/types.js';
import {
  DEFAULT_DEGENERACY_THRESHOLD,
  axialCount,
  pairCount,
  type Backend,
  type BandBatch,
  type EvaluateOptions,
  type KBatch,
  type Needs,
} from '../backend.js';
import { eighInPlace } from './eigh.js';
import { bandGeometry } from './geometry.js';
import { buildHamiltonian } from './hamiltonian.js';
import { rotateToEigenbasis } from './rotate.js';
import { zgemmTs } from './zgemm.js';
import { responsesReference } from '../../physics/batch.js';

export { eigh, eighInPlace } from './eigh.js';
export { buildHamiltonian } from './hamiltonian.js';
export { zgemmTs } from './zgemm.js';

export function evaluateTs(model: CompiledModel, batch: KBatch, needs: Needs, options: EvaluateOptions = {}): BandBatch {
  const threshold = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const { nb, dim } = model;
  const nk = batch.nk;
  const nn2 = nb * nb * 2;
  const P = pairCount(dim);
  const C = axialCount(dim);
  const wantGeometry = !!needs.geometry;
  const wantVelocity = !!needs.velocity || wantGeometry;
  const wantHessian = !!needs.hessian;

  const energies = new Float64Array(nk * nb);
  const eigenvectors = needs.eigenvectors ? new Float64Array(nk * nn2) : undefined;
  const velocity = wantVelocity ? new Float64Array(nk * dim * nn2) : undefined;
  const hessian = wantHessian ? new Float64Array(nk * P * nn2) : undefined;
  const berryCurvature = wantGeometry ? new Float64Array(nk * nb * C) : undefined;
  const quantumMetric = wantGeometry ? new Float64Array(nk * nb * P) : undefined;
  const orbitalMoment = wantGeometry ? new Float64Array(nk * nb * C) : undefined;
  const degeneratePairs = new Int32Array(nk);

  const H = new Float64Array(nn2);
  const dH = wantVelocity ? new Float64Array(dim * nn2) : null;
  const d2H = wantHessian ? new Float64Array(P * nn2) : null;
  const U = new Float64Array(nn2);
  const vals = new Float64Array(nb);
  const tmp = new Float64Array(nn2);

  for (let ik = 0; ik < nk; ik++) {
    buildHamiltonian(model, batch.k, 3 * ik, H, dH, d2H);
    eighInPlace(nb, H, vals, U);
    energies.set(vals, ik * nb);
    if (eigenvectors) eigenvectors.set(U, ik * nn2);
    if (velocity && dH) for (let a = 0; a < dim; a++) rotateToEigenbasis(nb, U, dH, a * nn2, velocity, (ik * dim + a) * nn2, tmp);
    if (hessian && d2H) for (let p = 0; p < P; p++) rotateToEigenbasis(nb, U, d2H, p * nn2, hessian, (ik * P + p) * nn2, tmp);
    if (wantGeometry && velocity) {
      // geometry writes per-band blocks; offsets in units of doubles
      const gC = new Float64Array(nb * C), gP = new Float64Array(nb * P), gM = new Float64Array(nb * C);
      degeneratePairs[ik] = bandGeometry(nb, dim, energies, ik * nb, velocity, ik * dim * nn2, threshold, gC, gP, gM, 0);
      berryCurvature!.set(gC, ik * nb * C);
      quantumMetric!.set(gP, ik * nb * P);
      orbitalMoment!.set(gM, ik * nb * C);
    } else {
      let d = 0;
      for (let n = 0; n < nb; n++) for (let m = 0; m < n; m++) if (Math.abs(vals[n]! - vals[m]!) < threshold) d++;
      degeneratePairs[ik] = d;
    }
  }
  return { nk, nb, dim, energies, eigenvectors, velocity, hessian, berryCurvature, quantumMetric, orbitalMoment, degeneratePairs };
}

/** The pure-TypeScript reference backend (`ts`), always available. */
export function createTsBackend(): Backend {
  return {
    name: 'ts',
    evaluate: evaluateTs,
    // the readable reference of src/physics, per k (Backend.responses)
    responses: (model, batch, requests, options = {}) => responsesReference(batch, requests, { degeneracyThreshold: options.degeneracyThreshold, spin: model.spin ?? null }),
    // dense complex products on split planes (Backend.zgemm), the reference of assembly/blas.ts zgemm
    zgemm: zgemmTs,
    dispose: () => {},
  };
}
