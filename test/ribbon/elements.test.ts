import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.js';
import {
  fermi,
  forEachK,
  makeRibbon,
  matrixElementsFromEigen,
  ommDensityMatrix,
  ribbonBands,
  ribbonKGrid,
  ribbonMatrixElements,
  ribbonMeta,
} from '../../src/ribbon/index.js';
import { pythtbHaldane, randomTightBinding, rng } from '../helpers/models.js';

const re = (M: Float64Array, nb: number, i: number, j: number) => M[(i * nb + j) * 2]!;
const im = (M: Float64Array, nb: number, i: number, j: number) => M[(i * nb + j) * 2 + 1]!;

describe('ribbon matrix elements', () => {
  const ribbon = makeRibbon(randomTightBinding(3, 2, 5), { along: 0, width: 3 });
  const meta = ribbonMeta(ribbon);
  const k = 0.83;
  const el = ribbonMatrixElements(ribbon, k);
  const nb = el.nb;

  it('r^y is Hermitian with ⟨y⟩ₙₙ = Σᵢ|Uᵢₙ|²yᵢ (the band-plot value), h^x diagonal = dε/dk', () => {
    const bands = ribbonBands(ribbon, { k: [k] });
    for (let n = 0; n < nb; n++) {
      expect(re(el.y, nb, n, n)).toBeCloseTo(bands.y[0]![n]!, 12);
      for (let l = 0; l < nb; l++) {
        expect(re(el.y, nb, n, l)).toBeCloseTo(re(el.y, nb, l, n), 12);
        expect(im(el.y, nb, n, l)).toBeCloseTo(-im(el.y, nb, l, n), 12);
      }
    }
    const d = 1e-5;
    const ep = ribbonBands(ribbon, { k: [k + d] }).energies[0]!, em = ribbonBands(ribbon, { k: [k - d] }).energies[0]!;
    for (let n = 0; n < nb; n++) expect(re(el.hx, nb, n, n)).toBeCloseTo((ep[n]! - em[n]!) / (2 * d), 6);
    expect(Math.abs(meta.transverse[0]!)).toBeGreaterThan(0);
  });

  it('the r×v form used equals paper 002 Eq. S55 evaluated literally (r^x → covariant Ã, sign of the physical r×v)', () => {
    const e = el.energies, A = el.connection, Y = el.y;
    let maxErr = 0;
    for (let n = 0; n < nb; n++)
      for (let l = 0; l < nb; l++) {
        // −∂k(εn+εl) y_nl + (1/2i) Σ (εn+εl−2εn')[Ã_nn' y_n'l − y_nn' Ã_n'l]
        let sr = -(re(el.hx, nb, n, n) + re(el.hx, nb, l, l)) * re(Y, nb, n, l);
        let si = -(re(el.hx, nb, n, n) + re(el.hx, nb, l, l)) * im(Y, nb, n, l);
        let tr = 0, ti = 0;
        for (let p = 0; p < nb; p++) {
          const c = e[n]! + e[l]! - 2 * e[p]!;
          const ar = re(A, nb, n, p), ai = im(A, nb, n, p), yr = re(Y, nb, p, l), yi = im(Y, nb, p, l);
          const br = re(Y, nb, n, p), bi = im(Y, nb, n, p), cr = re(A, nb, p, l), ci = im(A, nb, p, l);
          tr += c * (ar * yr - ai * yi - (br * cr - bi * ci));
          ti += c * (ar * yi + ai * yr - (br * ci + bi * cr));
        }
        // (1/2i)(tr + i ti) = (ti − i tr)/2
        sr += ti / 2;
        si += -tr / 2;
        maxErr = Math.max(maxErr, Math.abs(sr - re(el.angularMomentumS55, nb, n, l)), Math.abs(si - im(el.angularMomentumS55, nb, n, l)));
      }
    expect(maxErr).toBeLessThan(1e-10);
    // diagonal: same as the closure form −{y, h^x}; moment = −½ r×v
    for (let n = 0; n < nb; n++) {
      expect(re(el.angularMomentumS55, nb, n, n)).toBeCloseTo(re(el.angularMomentum, nb, n, n), 12);
      expect(re(el.moment, nb, n, n)).toBeCloseTo(-0.5 * re(el.angularMomentum, nb, n, n), 12);
    }
  });

  it('is gauge covariant: random eigenvector phases give O_nl → e^{−i(φn−φl)} O_nl', () => {
    const r = rng(99);
    const phi = Array.from({ length: nb }, () => 2 * Math.PI * r());
    const U2 = Float64Array.from(el.eigenvectors);
    for (let i = 0; i < nb; i++)
      for (let n = 0; n < nb; n++) {
        const o = (i * nb + n) * 2, c = Math.cos(phi[n]!), s = Math.sin(phi[n]!);
        const a = U2[o]!, b = U2[o + 1]!;
        U2[o] = a * c - b * s;
        U2[o + 1] = a * s + b * c;
      }
    const h2 = Float64Array.from(el.hx);
    for (let n = 0; n < nb; n++)
      for (let l = 0; l < nb; l++) {
        const o = (n * nb + l) * 2, d = phi[l]! - phi[n]!, c = Math.cos(d), s = Math.sin(d);
        const a = h2[o]!, b = h2[o + 1]!;
        h2[o] = a * c - b * s;
        h2[o + 1] = a * s + b * c;
      }
    const el2 = matrixElementsFromEigen(nb, k, el.energies, U2, h2, meta.transverse);
    let maxErr = 0;
    for (const key of ['y', 'connection', 'angularMomentum', 'angularMomentumS55', 'moment'] as const)
      for (let n = 0; n < nb; n++)
        for (let l = 0; l < nb; l++) {
          const d = phi[l]! - phi[n]!, c = Math.cos(d), s = Math.sin(d);
          const a = re(el[key], nb, n, l), b = im(el[key], nb, n, l);
          maxErr = Math.max(maxErr, Math.abs(re(el2[key], nb, n, l) - (a * c - b * s)), Math.abs(im(el2[key], nb, n, l) - (a * s + b * c)));
        }
    expect(maxErr).toBeLessThan(1e-12);
  });

  it('the OMM density operator (S47/S51) is Hermitian and sums over sites to the moment', () => {
    const sum = new Float64Array(2 * nb * nb);
    for (let mu = 0; mu < nb; mu++) {
      const d = ommDensityMatrix(el, mu);
      for (let i = 0; i < sum.length; i++) sum[i] += d[i]!;
      for (let n = 0; n < nb; n++)
        for (let l = 0; l < nb; l++) {
          expect(re(d, nb, n, l)).toBeCloseTo(re(d, nb, l, n), 12);
          expect(im(d, nb, n, l)).toBeCloseTo(-im(d, nb, l, n), 12);
        }
    }
    for (let i = 0; i < sum.length; i++) expect(sum[i]!).toBeCloseTo(el.moment[i]!, 11);
  });

  it('S55 and closure forms of r×v give the same field response of an insulating ribbon (they differ per k)', () => {
    const rib = makeRibbon(pythtbHaldane(1.5, -1, 0.1, Math.PI / 3), { along: 0, width: 6 });
    const m = ribbonMeta(rib);
    const nk = 48;
    let a = 0, b = 0, perKDiff = 0;
    forEachK(compileModel(rib), ribbonKGrid(m.length, nk), (d) => {
      const E = matrixElementsFromEigen(d.nb, d.k, d.energies, d.U, d.hx, m.transverse);
      const N = d.nb;
      let ak = 0, bk = 0;
      for (let n = 0; n < N; n++)
        for (let l = 0; l < N; l++) {
          if (n === l) continue;
          const w = (fermi(E.energies[n]!, -0.15, 0) - fermi(E.energies[l]!, -0.15, 0)) / (E.energies[n]! - E.energies[l]!);
          const yr = re(E.y, N, l, n), yi = im(E.y, N, l, n);
          ak += w * (re(E.angularMomentum, N, n, l) * yr - im(E.angularMomentum, N, n, l) * yi);
          bk += w * (re(E.angularMomentumS55, N, n, l) * yr - im(E.angularMomentumS55, N, n, l) * yi);
        }
      a += ak;
      b += bk;
      perKDiff = Math.max(perKDiff, Math.abs(ak - bk));
    });
    expect(perKDiff).toBeGreaterThan(1e-4);
    expect(Math.abs(a - b) / nk).toBeLessThan(1e-10);
  });
});
