/**
 * Band geometry at a k-point on every backend: paper 004 closed forms for the massive Dirac model,
 * the DESIGN §4 calibration (PythTB Haldane at K), the Wilson-loop (link-variable) flux of a small
 * plaquette, Chern numbers by the Fukui–Hatsugai–Suzuki lattice method, finite differences of
 * overlaps in a smooth gauge, and invariance under random eigenvector phases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { bandGeometry } from '../../src/backend/ts/geometry.js';
import { rotateToEigenbasis } from '../../src/backend/ts/rotate.js';
import { buildHamiltonian } from '../../src/backend/ts/hamiltonian.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel } from '../../src/model/types.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../src/units/factors.js';
import { backendsUnderTest, toCartesian } from '../helpers/backends.js';
import { massiveDirac, pythtbHaldane, randomTightBinding, rng } from '../helpers/models.js';

let backends: Backend[] = [];
beforeAll(async () => {
  backends = await backendsUnderTest();
});

/** Eigenvectors at one k (columns) and energies. */
function states(b: Backend, m: CompiledModel, k: Float64Array) {
  const r = b.evaluate(m, { nk: 1, k }, { eigenvectors: true });
  return { e: r.energies.slice(), U: r.eigenvectors!.slice() };
}

/** ⟨u_m(k1)|u_n(k2)⟩ as [re, im] (columns of U). */
function overlap(nb: number, U1: Float64Array, m: number, U2: Float64Array, n: number): [number, number] {
  let re = 0, im = 0;
  for (let i = 0; i < nb; i++) {
    const ar = U1[(i * nb + m) * 2]!, ai = -U1[(i * nb + m) * 2 + 1]!;
    const br = U2[(i * nb + n) * 2]!, bi = U2[(i * nb + n) * 2 + 1]!;
    re += ar * br - ai * bi;
    im += ar * bi + ai * br;
  }
  return [re, im];
}

/**
 * Convention-I Bloch functions are u(k) itself (the backend diagonalises H(k) in convention I);
 * link variables U_μ = ⟨u(k)|u(k+δ)⟩/|…|. The plaquette phase is −∮A·dk ... here we use
 * F = arg(U1 U2 U3* U4*) ≈ ∫ (∂ₓA_y − ∂_yA_x) with A = i⟨u|∇u⟩, and Ω = −2 Im Q = ∂ₓA_y − ∂_yA_x.
 */
function plaquettePhase(b: Backend, m: CompiledModel, n: number, k0: Float64Array, d1: number[], d2: number[]): number {
  const ks = [
    k0,
    Float64Array.from([k0[0]! + d1[0]!, k0[1]! + d1[1]!, 0]),
    Float64Array.from([k0[0]! + d1[0]! + d2[0]!, k0[1]! + d1[1]! + d2[1]!, 0]),
    Float64Array.from([k0[0]! + d2[0]!, k0[1]! + d2[1]!, 0]),
  ];
  const U = ks.map((k) => states(b, m, k).U);
  let pr = 1, pi = 0;
  for (let i = 0; i < 4; i++) {
    const [or, oi] = overlap(m.nb, U[i]!, n, U[(i + 1) % 4]!, n);
    const nr = pr * or - pi * oi, ni = pr * oi + pi * or;
    pr = nr; pi = ni;
  }
  // Product of ⟨u_i|u_{i+1}⟩ around the loop = exp(−i ∮ A·dk) with A = i⟨u|∇u⟩ ⇒ flux = −arg
  return -Math.atan2(pi, pr);
}

describe('band geometry on every backend', () => {
  it('massive Dirac: Ω± = ∓mv²/(2d³) and m± = (e/ħ)·d·Ω₊ (paper 004 Eqs. 3–4)', () => {
    const v = 1.7, mass = 0.25;
    const model = compileModel(massiveDirac(v, mass));
    const r = rng(1);
    for (const b of backends) {
      for (let t = 0; t < 10; t++) {
        const k = Float64Array.from([r() - 0.5, r() - 0.5, 0]);
        const res = b.evaluate(model, { nk: 1, k }, { geometry: true });
        const d = Math.sqrt(v * v * (k[0]! ** 2 + k[1]! ** 2) + mass * mass);
        const omegaPlus = (-mass * v * v) / (2 * d ** 3);
        expect(res.energies[1]).toBeCloseTo(d, 13);
        expect(res.berryCurvature![1]! / omegaPlus - 1).toBeLessThan(1e-12);
        expect(Math.abs(res.berryCurvature![0]! + omegaPlus)).toBeLessThan(1e-12 * Math.abs(omegaPlus));
        // paper 004: m₊ = e d Ω₊/ħ for both bands (particle–hole symmetric model)
        for (const n of [0, 1]) expect(Math.abs(res.orbitalMoment![n]! - d * omegaPlus)).toBeLessThan(1e-12 * Math.abs(d * omegaPlus));
        // quantum metric of the 2-band Dirac model: g_xx + g_yy = v²(v²k² + 2m²)/(2d⁴)... check trace identity |Ω| ≤ 2√det g
        const g = res.quantumMetric!;
        const det = g[3]! * g[5]! - g[4]! ** 2;
        expect(Math.abs(2 * Math.sqrt(Math.max(det, 0)) - Math.abs(res.berryCurvature![1]!))).toBeLessThan(1e-10 * Math.abs(omegaPlus));
      }
    }
  });

  it('calibration (DESIGN §4): PythTB Haldane at K, lower band Ω_z = −1.117 Å², m_z = +0.170 μ_B', () => {
    const model = compileModel(pythtbHaldane());
    const k = toCartesian([2 / 3, 1 / 3], model.reciprocal);
    for (const b of backends) {
      const res = b.evaluate(model, { nk: 1, k }, { geometry: true });
      expect(res.berryCurvature![0]).toBeCloseTo(-1.117, 3);
      expect(res.orbitalMoment![0]! * ORBITAL_MOMENT_TO_MUB).toBeCloseTo(0.17, 3);
    }
  });

  it('Berry curvature equals the small-plaquette Wilson-loop flux', () => {
    const models = [compileModel(pythtbHaldane()), compileModel(randomTightBinding(4, 2, 11)), compileModel(massiveDirac(1.2, 0.1))];
    const r = rng(5);
    for (const b of backends)
      for (const model of models) {
        for (let t = 0; t < 3; t++) {
          const k0 = Float64Array.from([r() - 0.5, r() - 0.5, 0]);
          const h = 1e-4;
          const res = b.evaluate(model, { nk: 1, k: Float64Array.from([k0[0]! + h / 2, k0[1]! + h / 2, 0]) }, { geometry: true });
          for (let n = 0; n < model.nb; n++) {
            const flux = plaquettePhase(b, model, n, k0, [h, 0], [0, h]) / (h * h);
            expect(Math.abs(flux - res.berryCurvature![n]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(flux)));
          }
        }
      }
  });

  it('Chern numbers of the Haldane model (Fukui–Hatsugai–Suzuki): −1 topological, 0 trivial; equal to ∫Ω/2π', () => {
    for (const [delta, expected] of [[0.2, -1], [1.0, 0]] as const) {
      const model = compileModel(pythtbHaldane(delta));
      const N = 24;
      const b = backends[backends.length - 1]!;
      const grid: Float64Array[] = [];
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) {
          grid.push(states(b, model, toCartesian([i / N, j / N], model.reciprocal)).U);
        }
      // convention I: u(k+G) = e^{-iG·τ} u(k); the link across the zone boundary needs that phase
      const uAt = (i: number, j: number): Float64Array => {
        const U = grid[((i % N) * N + (j % N))]!;
        const wi = Math.floor(i / N), wj = Math.floor(j / N);
        if (wi === 0 && wj === 0) return U;
        const G = toCartesian([wi, wj], model.reciprocal);
        const out = U.slice();
        for (let o = 0; o < model.nb; o++) {
          const ph = -(G[0]! * model.positions[3 * o]! + G[1]! * model.positions[3 * o + 1]!);
          const c = Math.cos(ph), s = Math.sin(ph);
          for (let n = 0; n < model.nb; n++) {
            const re = U[(o * model.nb + n) * 2]!, im = U[(o * model.nb + n) * 2 + 1]!;
            out[(o * model.nb + n) * 2] = c * re - s * im;
            out[(o * model.nb + n) * 2 + 1] = s * re + c * im;
          }
        }
        return out;
      };
      let total = 0;
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) {
          const loop = [uAt(i, j), uAt(i + 1, j), uAt(i + 1, j + 1), uAt(i, j + 1)];
          let pr = 1, pi = 0;
          for (let s = 0; s < 4; s++) {
            const [or, oi] = overlap(model.nb, loop[s]!, 0, loop[(s + 1) % 4]!, 0);
            const nr = pr * or - pi * oi, ni = pr * oi + pi * or;
            pr = nr; pi = ni;
          }
          total += -Math.atan2(pi, pr);
        }
      const chern = total / (2 * Math.PI);
      expect(Math.abs(chern - expected)).toBeLessThan(1e-9);
      // ∫Ω d²k/(2π) with the analytic Ω on a finer grid
      const M = 60;
      const ks = new Float64Array(3 * M * M);
      for (let i = 0; i < M; i++)
        for (let j = 0; j < M; j++) ks.set(toCartesian([(i + 0.5) / M, (j + 0.5) / M], model.reciprocal), 3 * (i * M + j));
      const res = b.evaluate(model, { nk: M * M, k: ks }, { geometry: true });
      let s = 0;
      for (let q = 0; q < M * M; q++) s += res.berryCurvature![2 * q]!;
      const bzArea = (2 * Math.PI) ** 2 / model.cellMeasure;
      expect(Math.abs((s * bzArea) / (M * M) / (2 * Math.PI) - expected)).toBeLessThan(1e-6);
    }
  });

  it('quantum metric and Berry connection agree with finite differences in a smooth gauge', () => {
    const model = compileModel(randomTightBinding(3, 2, 21));
    const r = rng(9);
    for (const b of backends) {
      const k0 = Float64Array.from([r(), r(), 0]);
      const res = b.evaluate(model, { nk: 1, k: k0 }, { geometry: true, velocity: true, eigenvectors: true });
      const nb = model.nb, nn2 = nb * nb * 2;
      const h = 1e-5;
      for (let a = 0; a < 2; a++) {
        const kp = k0.slice(); kp[a] += h;
        const km = k0.slice(); km[a] -= h;
        const up = states(b, model, kp).U, um = states(b, model, km).U;
        for (let n = 0; n < nb; n++) {
          // metric g^{aa}: ½[(1 − |⟨u(k)|u(k+H)⟩|²) + (1 − |⟨u(k)|u(k−H)⟩|²)] = g H² + O(H⁴); H = 1e-4 keeps
          // the eigenvector rounding (~1e-15/H²) far below the tolerance
          const H = 1e-4;
          const kP = k0.slice(); kP[a] += H;
          const kM = k0.slice(); kM[a] -= H;
          const [pr_, pi_] = overlap(nb, res.eigenvectors!, n, states(b, model, kP).U, n);
          const [mr_, mi_] = overlap(nb, res.eigenvectors!, n, states(b, model, kM).U, n);
          const fid = (2 - (pr_ * pr_ + pi_ * pi_) - (mr_ * mr_ + mi_ * mi_)) / (2 * H * H);
          const gaa = res.quantumMetric![n * 3 + (a === 0 ? 0 : 2)]!;
          expect(Math.abs(fid - gaa)).toBeLessThan(1e-4 * Math.max(1, Math.abs(gaa)));
          // off-diagonal connection R^a_mn = i⟨u_m|∂_a u_n⟩, in the parallel-transport gauge for band n
          const fix = (U: Float64Array): [number, number][] => {
            const [pr, pi] = overlap(nb, res.eigenvectors!, n, U, n);
            const ab = Math.hypot(pr, pi);
            const cr = pr / ab, ci = -pi / ab; // multiply column by conj phase
            const col: [number, number][] = [];
            for (let i = 0; i < nb; i++) {
              const ur = U[(i * nb + n) * 2]!, ui = U[(i * nb + n) * 2 + 1]!;
              col.push([ur * cr - ui * ci, ur * ci + ui * cr]);
            }
            return col;
          };
          const cp = fix(up), cm = fix(um);
          for (let m = 0; m < nb; m++) {
            if (m === n) continue;
            let dr = 0, di = 0;
            for (let i = 0; i < nb; i++) {
              const ar = res.eigenvectors![(i * nb + m) * 2]!, ai = -res.eigenvectors![(i * nb + m) * 2 + 1]!;
              const xr = (cp[i]![0] - cm[i]![0]) / (2 * h), xi = (cp[i]![1] - cm[i]![1]) / (2 * h);
              dr += ar * xr - ai * xi;
              di += ar * xi + ai * xr;
            }
            // R = i⟨u_m|∂u_n⟩ = i(dr + i di) = −di + i dr
            const fdRe = -di, fdIm = dr;
            // from the velocity: R^a_mn = i h^a_mn/(εₙ−εₘ)
            const de = res.energies[n]! - res.energies[m]!;
            const hr = res.velocity![a * nn2 + (m * nb + n) * 2]!, hi = res.velocity![a * nn2 + (m * nb + n) * 2 + 1]!;
            const Rre = -hi / de, Rim = hr / de;
            expect(Math.hypot(fdRe - Rre, fdIm - Rim)).toBeLessThan(1e-7 * Math.max(1, Math.hypot(Rre, Rim)));
          }
        }
      }
    }
  });

  it('every per-k quantity is unchanged under random eigenvector phases', () => {
    const model = compileModel(randomTightBinding(5, 2, 33));
    const r = rng(77);
    const nb = model.nb, nn2 = nb * nb * 2;
    const b = backends[0]!;
    const k = Float64Array.from([r(), r(), 0]);
    const res = b.evaluate(model, { nk: 1, k }, { geometry: true, eigenvectors: true });
    const U = res.eigenvectors!.slice();
    for (let n = 0; n < nb; n++) {
      const ph = 2 * Math.PI * r();
      const c = Math.cos(ph), s = Math.sin(ph);
      for (let i = 0; i < nb; i++) {
        const re = U[(i * nb + n) * 2]!, im = U[(i * nb + n) * 2 + 1]!;
        U[(i * nb + n) * 2] = c * re - s * im;
        U[(i * nb + n) * 2 + 1] = s * re + c * im;
      }
    }
    const H = new Float64Array(nn2), dH = new Float64Array(2 * nn2);
    buildHamiltonian(model, k, 0, H, dH, null);
    const h = new Float64Array(2 * nn2), tmp = new Float64Array(nn2);
    for (let a = 0; a < 2; a++) rotateToEigenbasis(nb, U, dH, a * nn2, h, a * nn2, tmp);
    const C = new Float64Array(nb), G = new Float64Array(3 * nb), M = new Float64Array(nb);
    bandGeometry(nb, 2, res.energies, 0, h, 0, 1e-8, C, G, M, 0);
    for (const bb of backends) {
      const ref = bb.evaluate(model, { nk: 1, k }, { geometry: true });
      for (let n = 0; n < nb; n++) {
        expect(Math.abs(C[n]! - ref.berryCurvature![n]!)).toBeLessThan(1e-10 * (1 + Math.abs(C[n]!)));
        expect(Math.abs(M[n]! - ref.orbitalMoment![n]!)).toBeLessThan(1e-10 * (1 + Math.abs(M[n]!)));
        for (let p = 0; p < 3; p++) expect(Math.abs(G[3 * n + p]! - ref.quantumMetric![3 * n + p]!)).toBeLessThan(1e-10 * (1 + Math.abs(G[3 * n + p]!)));
      }
    }
  });

  it('degenerate pairs are detected and reported', () => {
    // Dirac point at k = 0 with m = 0: exact degeneracy
    const model = compileModel(massiveDirac(1, 0));
    for (const b of backends) {
      const res = b.evaluate(model, { nk: 2, k: Float64Array.from([0, 0, 0, 0.1, 0, 0]) }, { geometry: true });
      expect(Array.from(res.degeneratePairs)).toEqual([1, 0]);
      expect(Number.isFinite(res.berryCurvature![0]!)).toBe(true);
    }
  });
});
