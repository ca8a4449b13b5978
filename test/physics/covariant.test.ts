/**
 * The sum-over-states covariant derivatives (src/physics/covariant.ts) against finite differences:
 * (i) of the gauge-free operator Σ|m⟩O_mn⟨n| in the orbital basis, (ii) of the band matrices in a
 * parallel-transport gauge; ∂_jQ; D_bΞ₀ at T > 0; gauge covariance of D_bΞ₀ and Ξ_E.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel } from '../../src/model/types.js';
import { cadd, cmaxAbs, cmul, ccomm, type CMat } from '../../src/physics/cmat.js';
import { KGeometry, covariantDerivativeXi0, xi0, xiE, type KPointBands } from '../../src/physics/covariant.js';
import { randomTightBinding, rng } from '../helpers/models.js';
import { KB, bandsAt, fermi, fermiPrime, regauge, tiltedDirac001, toBand, toOrbital } from './covariant-helpers.js';

let H = 1e-5;
const shift = (k: number[], b: number, s: number) => k.map((x, i) => (i === b ? x + s : x));

/** h = 1e-5 × the k-scale of the model (1 Å⁻¹ for the lattice models, m/α for the Dirac model). */
function models(): Array<{ name: string; model: CompiledModel; k: number[]; h: number }> {
  return [
    { name: 'random 3-band 2D', model: compileModel(randomTightBinding(3, 2, 11)), k: [0.31, -0.47, 0], h: 1e-5 },
    { name: 'random 4-band 2D', model: compileModel(randomTightBinding(4, 2, 5)), k: [-0.62, 0.21, 0], h: 1e-5 },
    { name: 'random 3-band 3D', model: compileModel(randomTightBinding(3, 3, 7)), k: [0.2, -0.35, 0.41], h: 1e-5 },
    { name: 'tilted Dirac (001 Eq. 8)', model: tiltedDirac001(4, 0.01, 0.8), k: [0.0031, -0.0017, 0], h: 2.5e-8 },
  ];
}

/** Operator-FD of the band matrix M(k) built by `make`: U†(O(k+h) − O(k−h))U/2h. */
function operatorFD(model: CompiledModel, k: number[], b: number, make: (bands: KPointBands) => CMat): CMat {
  const b0 = bandsAt(model, k);
  const bp = bandsAt(model, shift(k, b, H)), bm = bandsAt(model, shift(k, b, -H));
  const d = cadd(toOrbital(bp, make(bp)), toOrbital(bm, make(bm)), -1);
  return toBand(b0, d).map((x) => x / (2 * H));
}

/** Bands at k + s ê_b in the gauge parallel-transported from k (⟨u_n(k)|u_n(k')⟩ > 0). */
function transported(b0: KPointBands, model: CompiledModel, k: number[]): KPointBands {
  const b1 = bandsAt(model, k);
  const nb = b0.nb;
  const ov = cmul(nb, b0.eigenvectors!.length ? conjT(nb, b0.eigenvectors!) : b0.eigenvectors!, b1.eigenvectors!);
  const phases: number[] = [];
  for (let n = 0; n < nb; n++) phases.push(-Math.atan2(ov[(n * nb + n) * 2 + 1]!, ov[(n * nb + n) * 2]!));
  return regauge(b1, phases);
}
function conjT(nb: number, a: CMat): CMat {
  const out = new Float64Array(a.length);
  for (let i = 0; i < nb; i++)
    for (let j = 0; j < nb; j++) {
      out[(j * nb + i) * 2] = a[(i * nb + j) * 2]!;
      out[(j * nb + i) * 2 + 1] = -a[(i * nb + j) * 2 + 1]!;
    }
  return out;
}

describe('SOS covariant derivative D_bR̃ (∂²H sums over states) vs finite differences', () => {
  for (const { name, model, k, h } of models()) {
    it(`${name}: operator FD and parallel-transport FD, all (b, μ)`, () => {
      H = h;
      const b0 = bandsAt(model, k);
      const g = new KGeometry(b0);
      let worst1 = 0, worst2 = 0;
      for (let b = 0; b < model.dim; b++)
        for (let mu = 0; mu < model.dim; mu++) {
          const sos = g.DR(b, mu);
          // (i) gauge-free operator FD
          const fd = operatorFD(model, k, b, (bb) => new KGeometry(bb).R[mu]!);
          worst1 = Math.max(worst1, cmaxAbs(cadd(fd, sos, -1)) / cmaxAbs(sos));
          // (ii) parallel-transport gauge: D_bR̃ = ∂_bR̃ − i[R̃_b, R̃] (R_nn = O(h²) in this gauge)
          const gp = new KGeometry(transported(b0, model, shift(k, b, H)));
          const gm = new KGeometry(transported(b0, model, shift(k, b, -H)));
          const dR = cadd(gp.R[mu]!, gm.R[mu]!, -1).map((x) => x / (2 * H));
          const c = ccomm(g.nb, g.R[b]!, g.R[mu]!);
          const cov = new Float64Array(dR.length);
          for (let i = 0; i < dR.length; i += 2) {
            // −i c
            cov[i] = dR[i]! + c[i + 1]!;
            cov[i + 1] = dR[i + 1]! - c[i]!;
          }
          worst2 = Math.max(worst2, cmaxAbs(cadd(cov, sos, -1)) / cmaxAbs(sos));
        }
      console.log(`[D_bR̃] ${name}: operator-FD rel ${worst1.toExponential(2)}, transport-FD rel ${worst2.toExponential(2)}`);
      expect(worst1).toBeLessThan(1e-8);
      expect(worst2).toBeLessThan(1e-8);
    });
  }
});

describe('∂_jQⁿ_il by sums over states vs finite differences of the (gauge-invariant) QGT', () => {
  for (const { name, model, k, h } of models()) {
    it(name, () => {
      H = h;
      const g = new KGeometry(bandsAt(model, k));
      let worst = 0;
      for (let j = 0; j < model.dim; j++)
        for (let i = 0; i < model.dim; i++)
          for (let l = 0; l < model.dim; l++) {
            const sos = g.dQ(j, i, l);
            const q = (kk: number[]) => {
              const gg = new KGeometry(bandsAt(model, kk));
              return cmul(gg.nb, gg.R[i]!, gg.R[l]!);
            };
            const qp = q(shift(k, j, H)), qm = q(shift(k, j, -H));
            const fd = new Float64Array(2 * g.nb);
            for (let n = 0; n < g.nb; n++) {
              const d = (n * g.nb + n) * 2;
              fd[2 * n] = (qp[d]! - qm[d]!) / (2 * H);
              fd[2 * n + 1] = (qp[d + 1]! - qm[d + 1]!) / (2 * H);
            }
            worst = Math.max(worst, cmaxAbs(cadd(fd, sos, -1)) / Math.max(cmaxAbs(sos), 1e-300));
          }
      console.log(`[∂Q] ${name}: rel ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-8);
    });
  }
});

describe('D_bΞ₀ at T > 0 vs operator finite differences of Ξ₀ = ½{F, R̃}', () => {
  for (const { name, model, k, h } of models()) {
    it(name, () => {
      H = h;
      const b0 = bandsAt(model, k);
      const g = new KGeometry(b0);
      const mu = 0.5 * (b0.energies[0]! + b0.energies[1]!) + 0.01;
      const kT = Math.max(0.3 * Math.abs(b0.energies[1]! - b0.energies[0]!), 1e-3);
      const occ = (bb: KPointBands) => Array.from(bb.energies, (e) => fermi(e, mu, kT));
      const f = occ(b0), fp = Array.from(b0.energies, (e) => fermiPrime(e, mu, kT));
      let worst = 0;
      for (let b = 0; b < model.dim; b++)
        for (let nu = 0; nu < model.dim; nu++) {
          const sos = covariantDerivativeXi0(g, b, nu, f, fp);
          const fd = operatorFD(model, k, b, (bb) => xi0(new KGeometry(bb), nu, occ(bb)));
          worst = Math.max(worst, cmaxAbs(cadd(fd, sos, -1)) / cmaxAbs(sos));
        }
      console.log(`[D_bΞ₀] ${name} (kT=${kT.toExponential(2)} eV): rel ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-8);
    });
  }
});

describe('gauge covariance of D_bΞ₀ and Ξ_E: X_mn → e^{i(φₙ−φₘ)} X_mn', () => {
  for (const { name, model, k, h } of models()) {
    it(name, () => {
      const r = rng(99);
      const b0 = bandsAt(model, k);
      const ph = Array.from({ length: b0.nb }, () => 2 * Math.PI * r());
      const b1 = regauge(b0, ph);
      const g0 = new KGeometry(b0), g1 = new KGeometry(b1);
      const f = Array.from({ length: b0.nb }, () => r()), fp = Array.from({ length: b0.nb }, () => -r());
      const cov = (X: CMat): CMat => {
        const nb = b0.nb;
        const out = new Float64Array(X.length);
        for (let m = 0; m < nb; m++)
          for (let n = 0; n < nb; n++) {
            const p = ph[n]! - ph[m]!;
            const i = (m * nb + n) * 2;
            out[i] = Math.cos(p) * X[i]! - Math.sin(p) * X[i + 1]!;
            out[i + 1] = Math.sin(p) * X[i]! + Math.cos(p) * X[i + 1]!;
          }
        return out;
      };
      let worst = 0;
      for (let b = 0; b < model.dim; b++)
        for (let a = 0; a < model.dim; a++) {
          const X0 = covariantDerivativeXi0(g0, b, a, f, fp), X1 = covariantDerivativeXi0(g1, b, a, f, fp);
          worst = Math.max(worst, cmaxAbs(cadd(cov(X0), X1, -1)) / cmaxAbs(X0));
          const E0 = xiE(g0, a, b, f, fp).total, E1 = xiE(g1, a, b, f, fp).total;
          worst = Math.max(worst, cmaxAbs(cadd(cov(E0), E1, -1)) / cmaxAbs(E0));
        }
      console.log(`[covariance] ${name}: rel ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-12);
    });
  }
});

void KB;
