/**
 * Test helpers for the per-k Ξ physics: band data at a k-point, gauge transformations, the literal
 * matrix (trace) forms of papers 000/001 with explicit occupation vectors, Fermi functions, and a
 * polar quadrature for 2-band continuum models with an exact Fermi-crossing split.
 */
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, Hopping, KpModel, TightBindingModel } from '../../src/model/types.js';
import { canti, cdagger, cmul, traceOfProduct, type CMat } from '../../src/physics/cmat.js';
import {
  KGeometry,
  acceleration,
  accelerationE,
  axialTerms,
  kpointFromBatch,
  occupationMatrix,
  xi0,
  xiE,
  type KPointBands,
} from '../../src/physics/covariant.js';

const backend = createTsBackend();

export function bandsAt(model: CompiledModel, k: number[]): KPointBands {
  const kk = new Float64Array([k[0] ?? 0, k[1] ?? 0, k[2] ?? 0]);
  const b = backend.evaluate(model, { nk: 1, k: kk }, { velocity: true, hessian: true, eigenvectors: true });
  return kpointFromBatch(b, 0);
}

/** Many k-points at once (k: flat 3·nk). */
export function bandsBatch(model: CompiledModel, k: Float64Array): KPointBands[] {
  const nk = k.length / 3;
  const b = backend.evaluate(model, { nk, k }, { velocity: true, hessian: true, eigenvectors: true });
  const out: KPointBands[] = [];
  for (let i = 0; i < nk; i++) out.push(kpointFromBatch(b, i));
  return out;
}

/** |u_n⟩ → e^{iφ_n}|u_n⟩: h → D†hD, w → D†wD, U → UD. */
export function regauge(b: KPointBands, phases: number[]): KPointBands {
  const nb = b.nb;
  const tr = (M: CMat): CMat => {
    const out = new Float64Array(M.length);
    for (let m = 0; m < nb; m++)
      for (let n = 0; n < nb; n++) {
        const ph = phases[n]! - phases[m]!;
        const c = Math.cos(ph), s = Math.sin(ph);
        const i = (m * nb + n) * 2;
        out[i] = c * M[i]! - s * M[i + 1]!;
        out[i + 1] = s * M[i]! + c * M[i + 1]!;
      }
    return out;
  };
  let U: CMat | undefined;
  if (b.eigenvectors) {
    U = new Float64Array(b.eigenvectors.length);
    for (let i = 0; i < nb; i++)
      for (let n = 0; n < nb; n++) {
        const c = Math.cos(phases[n]!), s = Math.sin(phases[n]!);
        const j = (i * nb + n) * 2;
        U[j] = c * b.eigenvectors[j]! - s * b.eigenvectors[j + 1]!;
        U[j + 1] = s * b.eigenvectors[j]! + c * b.eigenvectors[j + 1]!;
      }
  }
  return { nb, dim: b.dim, energies: b.energies, velocity: b.velocity.map(tr), hessian: b.hessian.map(tr), eigenvectors: U };
}

/** The band-matrix M as an operator in the orbital basis, U M U†. */
export function toOrbital(b: KPointBands, M: CMat): CMat {
  return cmul(b.nb, b.eigenvectors!, cmul(b.nb, M, cdagger(b.nb, b.eigenvectors!)));
}
/** Operator O (orbital basis) in the band basis of b: U† O U. */
export function toBand(b: KPointBands, O: CMat): CMat {
  return cmul(b.nb, cdagger(b.nb, b.eigenvectors!), cmul(b.nb, O, b.eigenvectors!));
}

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}
export const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

export const KB = 8.617333262e-5;
export function fermi(e: number, mu: number, kT: number): number {
  if (kT === 0) return e < mu ? 1 : e > mu ? 0 : 0.5;
  return 1 / (1 + Math.exp((e - mu) / kT));
}
export function fermiPrime(e: number, mu: number, kT: number): number {
  const f = fermi(e, mu, kT);
  return -(f * (1 - f)) / kT;
}

// ------------------------------------------------------------------------------------------------
// Literal matrix forms (papers 000/001) for explicit occupation vectors f and f′ (independent).

const re = (z: [number, number]) => z[0];

/** d^α = Tr Ξ_E^α. */
export function directDipole(g: KGeometry, beta: number, f: number[], fp: number[]): number[] {
  const out: number[] = [];
  for (let a = 0; a < g.dim; a++) {
    const X = xiE(g, a, beta, f, fp).total;
    let t = 0;
    for (let n = 0; n < g.nb; n++) t += X[(n * g.nb + n) * 2]!;
    out.push(t);
  }
  return out;
}

/** 001 Table I with Eq. 49's index order, ε_{αμν}Tr[v^μ Ξ^ν] split into d / od1 / od2 parts. */
export function directOme(g: KGeometry, beta: number, f: number[], fp: number[]) {
  const C = g.dim === 2 ? 1 : 3;
  const d = new Array(C).fill(0), ic = new Array(C).fill(0), lc = new Array(C).fill(0), lc3 = new Array(C).fill(0);
  const cache = new Map<number, ReturnType<typeof xiE>>();
  const X = (nu: number) => {
    if (!cache.has(nu)) cache.set(nu, xiE(g, nu, beta, f, fp));
    return cache.get(nu)!;
  };
  for (const t of axialTerms(g.dim)) {
    const x = X(t.nu);
    d[t.comp] += t.sign * re(traceOfProduct(g.nb, g.V[t.mu]!, x.d));
    ic[t.comp] += t.sign * re(traceOfProduct(g.nb, g.hod[t.mu]!, x.od1));
    lc[t.comp] += t.sign * re(traceOfProduct(g.nb, g.hod[t.mu]!, x.od2));
    lc3[t.comp] += t.sign * re(traceOfProduct(g.nb, g.hod[t.mu]!, x.od2offdiag));
  }
  // the whole ε Tr[v Ξ_E] (for the sum rule d+ic+lc)
  const all = new Array(C).fill(0);
  for (const t of axialTerms(g.dim)) all[t.comp] += t.sign * re(traceOfProduct(g.nb, g.h[t.mu]!, X(t.nu).total));
  return { d, ic, lc, lc3, all };
}

/** Extrinsic Ξ: (τ/2){R̃^ν, ∂_βF}, ∂_βF = diag(f′ v^β); L = ε Tr[v^μ Ξ^ν] (001 sign), τ internal (eV⁻¹). */
export function directOmeExtrinsic(g: KGeometry, beta: number, fp: number[], tauInt: number): number[] {
  const C = g.dim === 2 ? 1 : 3;
  const out = new Array(C).fill(0);
  const dF = occupationMatrix(g.nb, fp.map((x, n) => x * g.v[beta]![n]!));
  for (const t of axialTerms(g.dim)) {
    const Xi = canti(g.nb, g.R[t.nu]!, dF).map((x) => 0.5 * tauInt * x);
    out[t.comp] += t.sign * re(traceOfProduct(g.nb, g.h[t.mu]!, Xi));
  }
  return out;
}

/** Torque from Ξ: ε_{αγc}(Tr[a^γ Ξ_E^α] + Tr[a_E^γ Ξ₀^α]). */
export function directTorqueXi(g: KGeometry, b: number, f: number[], fp: number[]): number[] {
  const C = g.dim === 2 ? 1 : 3;
  const out = new Array(C).fill(0);
  for (const t of axialTerms(g.dim)) {
    const al = t.mu, ga = t.nu;
    const XE = xiE(g, al, b, f, fp).total;
    const X0 = xi0(g, al, f);
    out[t.comp] += t.sign * (re(traceOfProduct(g.nb, acceleration(g, ga), XE)) + re(traceOfProduct(g.nb, accelerationE(g, ga, b), X0)));
  }
  return out;
}

/** Σ_n [f_n sea_n + (−f′_n) surface_n] for component c. */
export function contract(r: { sea: Float64Array; surface: Float64Array | null; components: string[] }, f: number[], fp: number[]): number[] {
  const C = r.components.length;
  const out = new Array(C).fill(0);
  for (let n = 0; n < f.length; n++)
    for (let c = 0; c < C; c++) {
      out[c] += f[n]! * r.sea[n * C + c]!;
      if (r.surface) out[c] += -fp[n]! * r.surface[n * C + c]!;
    }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Continuum 2-band models and a polar quadrature with the exact Fermi-crossing split.

/** 001 Eq. 8: H = v_t k_x I + m σ_z + α(k_y σ_x − k_x σ_y). */
export function tiltedDirac001(alpha: number, m: number, vt: number): CompiledModel {
  const model: KpModel = {
    format: 'orbitronics-model/1',
    kind: 'kp',
    name: 'tilted-dirac-001',
    dim: 2,
    basis: 2,
    terms: [
      { k: [0, 0], matrix: 'sz', coef: m },
      { k: [0, 1], matrix: 'sx', coef: alpha },
      { k: [1, 0], matrix: 'sy', coef: -alpha },
      { k: [1, 0], matrix: 's0', coef: vt },
    ],
    cutoff: null,
  };
  return compileModel(model);
}

/** 000 Eq. 12: H = v_t k_x + v0x k_x σ_x + v0y k_y σ_y + Δσ_z (ħ = 1). */
export function tiltedDirac000(vt: number, v0x: number, v0y: number, delta: number): CompiledModel {
  const model: KpModel = {
    format: 'orbitronics-model/1',
    kind: 'kp',
    name: 'tilted-dirac-000',
    dim: 2,
    basis: 2,
    terms: [
      { k: [1, 0], matrix: 's0', coef: vt },
      { k: [1, 0], matrix: 'sx', coef: v0x },
      { k: [0, 1], matrix: 'sy', coef: v0y },
      { k: [0, 0], matrix: 'sz', coef: delta },
    ],
    cutoff: null,
  };
  return compileModel(model);
}

/** Gauss–Legendre nodes/weights on [−1, 1] (Newton on P_n). */
export function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [], w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1, p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * pp * pp));
  }
  return { x, w };
}

export interface PolarSpec {
  /** Anisotropic Dirac: ε± = vt k cosθ ± sqrt(a(θ)² k² + m²), a(θ)² = ax² cos² + ay² sin². */
  vt: number;
  ax: number;
  ay: number;
  m: number;
  EF: number;
  nTheta: number;
  nR: number;
  /** Tail scale for the map k = k0 + c s/(1−s). */
  tailScale: number;
}

/**
 * T = 0 integrals ∫d²k/(2π)² Σₙ fₙ seaₙ and the Fermi-line terms ∮ δ(εₙ−E_F) surfaceₙ for a tilted
 * 2-band Dirac model with E_F ≥ 0 (lower band full, upper band occupied inside k_F(θ)).
 * `coef(bands)` returns, for one k, a list of quantities, each {sea: [lower, upper], surface}.
 */
export function polarIntegrate(
  model: CompiledModel,
  spec: PolarSpec,
  coef: (b: KPointBands) => Array<{ sea: number[]; surface: number[] | null }>,
): Array<{ sea: number; surface: number; total: number }> {
  const gl = gaussLegendre(spec.nR);
  let out: Array<{ sea: number; surface: number; total: number }> | null = null;
  const dth = (2 * Math.PI) / spec.nTheta;
  for (let it = 0; it < spec.nTheta; it++) {
    const th = (it + 0.5) * dth;
    const c = Math.cos(th), s = Math.sin(th);
    const a2 = spec.ax * spec.ax * c * c + spec.ay * spec.ay * s * s;
    let kF = 0;
    if (spec.EF > spec.m) {
      // (EF − vt k c)² = a² k² + m², EF − vt k c ≥ 0; A < 0 ⇒ one positive root
      const A = spec.vt * spec.vt * c * c - a2, B = -2 * spec.EF * spec.vt * c, Cc = spec.EF * spec.EF - spec.m * spec.m;
      const disc = B * B - 4 * A * Cc;
      kF = Math.max((-B + Math.sqrt(disc)) / (2 * A), (-B - Math.sqrt(disc)) / (2 * A));
    }
    const segs: Array<{ k: number; w: number }> = [];
    if (kF > 0) for (let i = 0; i < spec.nR; i++) segs.push({ k: 0.5 * kF * (gl.x[i]! + 1), w: 0.5 * kF * gl.w[i]! });
    const scale = Math.max(spec.tailScale, kF);
    for (let i = 0; i < spec.nR; i++) {
      const u = 0.5 * (gl.x[i]! + 1);
      segs.push({ k: kF + (scale * u) / (1 - u), w: (0.5 * gl.w[i]! * scale) / ((1 - u) * (1 - u)) });
    }
    if (kF > 0) segs.push({ k: kF, w: NaN }); // the Fermi point (surface terms)
    const kk = new Float64Array(segs.length * 3);
    segs.forEach((p, i) => {
      kk[3 * i] = p.k * c;
      kk[3 * i + 1] = p.k * s;
    });
    const bands = bandsBatch(model, kk);
    segs.forEach((p, i) => {
      const q = coef(bands[i]!);
      if (!out) out = q.map(() => ({ sea: 0, surface: 0, total: 0 }));
      if (Number.isNaN(p.w)) {
        const dE = spec.vt * c + (a2 * kF) / Math.sqrt(a2 * kF * kF + spec.m * spec.m);
        q.forEach((x, j) => {
          if (x.surface) out![j]!.surface += (dth * kF * x.surface[1]!) / Math.abs(dE) / (4 * Math.PI * Math.PI);
        });
        return;
      }
      const occUpper = p.k < kF ? 1 : 0;
      q.forEach((x, j) => {
        out![j]!.sea += (dth * p.w * p.k * (x.sea[0]! + occUpper * x.sea[1]!)) / (4 * Math.PI * Math.PI);
      });
    });
  }
  for (const o of out!) o.total = o.sea + o.surface;
  return out!;
}

// ------------------------------------------------------------------------------------------------
// Uniform (Monkhorst–Pack, half-shifted) BZ sums for 2D lattice models.

/**
 * ∫d²k/(2π)² Σₙ [f(εₙ) seaₙ + (−f′(εₙ)) surfaceₙ] on an n×n half-shifted grid, for several
 * quantities at once: `coef(bands)` returns per quantity {sea: per band, surface: per band | null}.
 * kT = 0: step occupations, surface terms dropped (use only for insulators with μ in the gap).
 */
export function latticeIntegrate(
  model: CompiledModel,
  n: number,
  mu: number,
  kT: number,
  coef: (b: KPointBands) => Array<{ sea: ArrayLike<number>; surface: ArrayLike<number> | null }>,
): number[] {
  const b1 = [model.reciprocal[0]!, model.reciprocal[1]!], b2 = [model.reciprocal[3]!, model.reciprocal[4]!];
  const w = 1 / (model.cellMeasure * n * n);
  let out: number[] | null = null;
  const batch = 256;
  const pts: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const s = (i + 0.5) / n, t = (j + 0.5) / n;
      pts.push(s * b1[0]! + t * b2[0]!, s * b1[1]! + t * b2[1]!, 0);
    }
  for (let start = 0; start < pts.length; start += 3 * batch) {
    const kk = Float64Array.from(pts.slice(start, start + 3 * batch));
    for (const b of bandsBatch(model, kk)) {
      const q = coef(b);
      if (!out) out = q.map(() => 0);
      const f = Array.from(b.energies, (e) => fermi(e, mu, kT));
      const fp = Array.from(b.energies, (e) => (kT > 0 ? fermiPrime(e, mu, kT) : 0));
      q.forEach((x, j) => {
        let s = 0;
        for (let m = 0; m < b.nb; m++) {
          s += f[m]! * x.sea[m]!;
          if (x.surface) s += -fp[m]! * x.surface[m]!;
        }
        out![j] += w * s;
      });
    }
  }
  return out ?? [];
}

/**
 * Square-lattice tilted massive Dirac model (a = 1 Å): H = v_t sin k_x + α(sin k_y σ_x − sin k_x σ_y)
 * + (m + B(2 − cos k_x − cos k_y))σ_z, optionally with a third orbital (on-site e3 at (½, ⅓))
 * hybridised with both by hoppings g.
 */
export function squareDirac(vt: number, alpha: number, m: number, B: number, third?: { e3: number; g: number }): TightBindingModel {
  const hops: Hopping[] = [];
  const add = (to: number, from: number, R: number[], re: number, im: number) => {
    if (re !== 0 || im !== 0) hops.push({ to, from, R, t: [re, im] });
  };
  // T_x = [[−iv_t/2 − B/2, α/2], [−α/2, −iv_t/2 + B/2]]
  add(0, 0, [1, 0], -B / 2, -vt / 2);
  add(1, 1, [1, 0], B / 2, -vt / 2);
  add(0, 1, [1, 0], alpha / 2, 0);
  add(1, 0, [1, 0], -alpha / 2, 0);
  // T_y = [[−B/2, −iα/2], [−iα/2, B/2]]
  add(0, 0, [0, 1], -B / 2, 0);
  add(1, 1, [0, 1], B / 2, 0);
  add(0, 1, [0, 1], 0, -alpha / 2);
  add(1, 0, [0, 1], 0, -alpha / 2);
  const orbitals = [[0, 0], [0, 0]];
  const onsite = [m + 2 * B, -(m + 2 * B)];
  if (third) {
    orbitals.push([0.5, 1 / 3]);
    onsite.push(third.e3);
    add(2, 0, [0, 0], third.g, 0.3 * third.g);
    add(2, 1, [0, 0], 0.5 * third.g, -0.7 * third.g);
    add(2, 0, [1, 0], -0.4 * third.g, 0.2 * third.g);
    add(2, 1, [0, 1], 0.6 * third.g, 0.1 * third.g);
    add(2, 2, [1, 0], 0.2, 0.15);
  }
  return { format: 'orbitronics-model/1', kind: 'tight-binding', name: 'square-dirac', dim: 2, lattice: [[1, 0], [0, 1]], orbitals, onsite, hoppings: hops };
}

