/**
 * Torque on the orbital moment, paper 000: the net torque tensor κ_ij (⟨τ_i⟩ = κ_ij E_j, Eq. 2) as
 * the BZ integral of the per-band, per-k torque of Eq. 1 (tabulated by `kpoint --quantity torque`),
 *   ⟨τ^i⟩ = Σₙ∫ fₙ τ^i_nn,  τ^i_nn/(eE^β) = Σ_{m≠n} ε_{ijl}(v^l_n + v^l_m) Im[R^j_nm R^β_mn]   (ħ = 1),
 * in 000's sign convention (its OM is ħl = −ε Im⟨∂u|(ε−H)|∂u⟩ = −(r×v), so τ₀₀₀ = −d⟨r×v⟩/dt).
 * Parts: `eq1` (= the value) and `xi` — the torque from 000's own Ξ equations (Eqs. 3–4, 10–11 with the
 * field correction a_E to the acceleration), ε_{αγc}(Tr[a^γΞ_E^α] + Tr[a_E^γΞ₀^α]), converted to the same
 * 000 sign and integrated in its Fermi-sea (by-parts) form (equal to the direct form after ∫;
 * docs/physics-xi.md §2). `xi` is reported, not added: the two disagree in metals (docs §4, findings 15–16).
 * Units: torque density (d/dt of the ⟨r×v⟩ density, 000 sign) 1/s² per V/m in 2D (1/(m·s²) in 3D), or
 * for a given field (`params.field`); conversion to dM/dt = (e/2)τ₀₀₀ (A/s).
 *
 * `precessionFrequency` gives ω₀ of 000 Fig. 1: the torque at the Fermi energy divided by the
 * equilibrium OM there, ω₀(μ) = −∮δ(εₙ−μ) τ^z_nn / ∮δ(εₙ−μ) l^z_nn × eE/ħ (Fermi-line quadrature, 2D k·p
 * models), signed so that dl/dt = −ω₀ l (the torque of Eq. 1 opposes the OM of the tilted Dirac conduction
 * band for E along +x̂; 000 plots the magnitude). For the tilted Dirac model of 000 Eq. 12 the ratio is
 * τ_nn/l_nn = −eE t v₀ₓ/(2ε₀(k)) at every k of the conduction band (ε₀ the untilted energy), so
 * ω₀ → t e v_F E/(2ε_F) for t → 0 and t e v_F E/(2Δ) at the band bottom (the ω₀ of 000 Fig. 2's caption).
 */
import type { Backend } from '../backend/backend.js';
import { axialCount } from '../backend/backend.js';
import { createBackend } from '../backend/select.js';
import { OrbitronicsError } from '../errors.js';
import type { CompiledModel } from '../model/types.js';
import { KGeometry, kpointFromBatch } from '../physics/covariant.js';
import { orbitalMomentX, torqueEq1, torqueXiByParts } from '../physics/responses.js';
import { responseArrays } from '../physics/batch.js';
import { siFactor } from '../physics/units.js';
import { ELEMENTARY_CHARGE, HBAR_EV_S } from '../units/constants.js';
import { defineObservable, type UnitSpec } from './define.js';
import { integrandGroup, withField } from './ome.js';

const group = integrandGroup(
  'torque',
  2,
  (g, beta) => [torqueEq1(g, beta).sea, torqueXiByParts(g, beta).sea.map((x) => -x)],
  'torque',
  axialCount,
  // the same coefficients from the backend's per-k primitive (WASM: assembly/xi.ts), TS reference otherwise
  (b, beta, ctx) => {
    const r = responseArrays(b, ['torqueEq1', 'torqueXiByParts'], beta, ctx);
    for (let i = 0; i < r[1]!.length; i++) r[1]![i] = -r[1]![i]!;
    return r;
  },
);

export default defineObservable({
  id: 'torque',
  title: 'Net torque on the orbital moment κ (paper 000 Eqs. 1–2)',
  symbol: 'τ',
  source: { paper: '000', eq: '1, 2' },
  dims: [2, 3],
  needs: { velocity: true }, // eq1 and the by-parts Ξ torque use h only (no ∂∂H)
  components: (dim) => (dim === 2 ? ['z'] : ['x', 'y', 'z']),
  terms: {
    eq1: { integrand: group(0, 'eq1'), occupation: 'sea' },
    xi: { integrand: group(1, 'xi'), occupation: 'sea', inTotal: false },
  },
  unit: (model, params): UnitSpec => {
    const f = siFactor('torque', model.dim);
    const u: UnitSpec =
      model.dim === 2
        ? { unit: '1/s^2 per V/m', factor: f, conversions: { 'A/s per V/m': 0.5 * ELEMENTARY_CHARGE, 'eV·Å per eE': 1 / f } }
        : { unit: '1/(m·s^2) per V/m', factor: f, conversions: { 'A/(m·s) per V/m': 0.5 * ELEMENTARY_CHARGE, 'eV per eE': 1 / f } };
    return withField(u, params);
  },
  character: { rank: 2, kind: 'axial', time: 'even' },
});

export interface PrecessionOptions {
  /** Fermi energies (eV). */
  mu: number[];
  /** Field direction (0 = x, 1 = y). */
  E: 0 | 1;
  /** Field strength (V/m). */
  field: number;
  /** Backend for the band data (default: a TS backend). */
  backend?: Backend;
  /** Angles of the Fermi-line quadrature (trapezoid; default 256). */
  ntheta?: number;
}

export interface PrecessionResult {
  mu: number[];
  /** ω₀(μ) in 1/s, dl/dt = −ω₀ l (NaN where no band crosses μ). */
  omega: number[];
  /** The Fermi-line integrals ∮δ(ε−μ)τ^z_nn (eV·Å per eE, 000 sign) and ∮δ(ε−μ)l^z_nn (eV·Å⁰ = eV·Å²/Å², l = −L = 2X). */
  fermiLineTorque: number[];
  fermiLineMoment: number[];
  unit: '1/s';
}

/** ω₀ of paper 000 Fig. 1 for a 2D k·p model (see the file comment). */
export async function precessionFrequency(model: CompiledModel, o: PrecessionOptions): Promise<PrecessionResult> {
  if (model.kind !== 'kp' || model.dim !== 2) throw new OrbitronicsError('ARGUMENT_INVALID', 'precessionFrequency is implemented for 2D k·p models (Fermi-line quadrature in polar coordinates).');
  const backend = o.backend ?? (await createBackend('ts'));
  try {
    const N = o.ntheta ?? 256;
    const rmax = model.cutoff ?? 100;
    const NR = 240;
    const radii = [0, ...Array.from({ length: NR }, (_, i) => 1e-7 * Math.pow(rmax / 1e-7, i / (NR - 1)))];
    const nb = model.nb;
    const energiesAt = (pts: number[][]): Float64Array => {
      const k = new Float64Array(3 * pts.length);
      pts.forEach((p, i) => {
        k[3 * i] = p[0]!;
        k[3 * i + 1] = p[1]!;
      });
      return backend.evaluate(model, { nk: pts.length, k }, {}).energies.slice();
    };
    const dirs = Array.from({ length: N }, (_, j) => [Math.cos((2 * Math.PI * j) / N), Math.sin((2 * Math.PI * j) / N)] as const);
    const scanPts: number[][] = [];
    for (const [c, s] of dirs) for (const r of radii) scanPts.push([r * c, r * s]);
    const scan = energiesAt(scanPts);
    const out: PrecessionResult = { mu: o.mu.slice(), omega: [], fermiLineTorque: [], fermiLineMoment: [], unit: '1/s' };
    const eE = o.field * 1e-10; // eV/Å
    for (const mu of o.mu) {
      // brackets (θ, band, r_lo, r_hi)
      const br: Array<{ j: number; n: number; lo: number; hi: number }> = [];
      for (let j = 0; j < N; j++)
        for (let n = 0; n < nb; n++)
          for (let i = 0; i + 1 < radii.length; i++) {
            const a = scan[(j * radii.length + i) * nb + n]! - mu, b = scan[(j * radii.length + i + 1) * nb + n]! - mu;
            if ((a < 0) !== (b < 0)) br.push({ j, n, lo: radii[i]!, hi: radii[i + 1]! });
          }
      if (br.length === 0) {
        out.omega.push(NaN);
        out.fermiLineTorque.push(0);
        out.fermiLineMoment.push(0);
        continue;
      }
      const signLo = br.map((b) => Math.sign(scan[(b.j * radii.length + radii.indexOf(b.lo)) * nb + b.n]! - mu));
      for (let it = 0; it < 60; it++) {
        const e = energiesAt(br.map((b) => [0.5 * (b.lo + b.hi) * dirs[b.j]![0], 0.5 * (b.lo + b.hi) * dirs[b.j]![1]]));
        br.forEach((b, q) => {
          const mid = 0.5 * (b.lo + b.hi);
          if (Math.sign(e[q * nb + b.n]! - mu) === signLo[q]) b.lo = mid;
          else b.hi = mid;
        });
      }
      const k = new Float64Array(3 * br.length);
      br.forEach((b, q) => {
        const r = 0.5 * (b.lo + b.hi);
        k[3 * q] = r * dirs[b.j]![0];
        k[3 * q + 1] = r * dirs[b.j]![1];
      });
      const bb = backend.evaluate(model, { nk: br.length, k }, { velocity: true });
      let T = 0, L = 0;
      br.forEach((b, q) => {
        const g = new KGeometry(kpointFromBatch(bb, q));
        const r = 0.5 * (b.lo + b.hi);
        const [c, s] = dirs[b.j]!;
        const vr = g.v[0]![b.n]! * c + g.v[1]![b.n]! * s;
        const w = ((2 * Math.PI) / N) * (r / Math.abs(vr)) / (4 * Math.PI * Math.PI);
        T += w * torqueEq1(g, o.E).sea[b.n * axialCount(2)]!;
        L += w * 2 * orbitalMomentX(g)[b.n]!;
      });
      out.fermiLineTorque.push(T);
      out.fermiLineMoment.push(L);
      out.omega.push((-(T / L) * eE) / HBAR_EV_S);
    }
    return out;
  } finally {
    if (!o.backend) backend.dispose();
  }
}
