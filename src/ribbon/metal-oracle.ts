/**
 * Exact ribbon reference for the orbital magneto-electric response (OME) of METALS at finite T
 * (docs/ribbon.md §15, docs/physics-xi.md §6 "Metals").
 *
 * The static oracle (oracle.ts: field ACROSS the ribbon) is the isothermal limit and cannot settle a
 * metal. Here the field points ALONG the ribbon (its periodic direction), where a uniform field is
 * legitimate, and the ribbon's total orbital moment responds in the Kubo relaxation-time form
 * (paper 002 Eqs. 17–18 at ω = 0, damping η = ħ/τ, relaxation towards f(H₀)):
 *
 *   δ⟨Σ(r×ħv)_z⟩/(eE) per unit length = −2 χ_{X,x}(η),   X = ½{y, ħv_x} = −½(r×ħv)_z (closure form),
 *   χ_{X,x}(η) = (1/(N_k a)) Σ_k [ Σ_{n≠l} (fₙ−fₗ)/(εₙ−εₗ+iη) X_nl Ã_ln + (1/η) Σ_deg f′ X_nl h^x_ln ],
 *
 * with y measured from the ribbon centre, Ã_ln = i h^x_ln/(εₙ−εₗ) the interband position along the
 * ribbon and the q → 0 (Boltzmann) limit for degenerate pairs. The bulk density is the slope versus the
 * physical width (W ≫ the coherence length ħv/η).
 *
 * Why the closure form X = ½{y, ħv_x} and not the S55 form of response.ts ('orbital-moment'): for a
 * field along the ribbon the total ⟨(r×v)_z⟩ = ⟨x v_y⟩ − ⟨y v_x⟩ needs ⟨x v_y + y v_x⟩ = d⟨xy⟩/dt = 0,
 * which holds in every stationary, charge-conserving state; the S55 form's extra interband piece
 * −(i/4)(εₙ−εₗ){Ã, y} is not a total derivative for B = x: it shifts the response by 0.3 % even in an
 * insulator (docs/ribbon.md §15).
 *
 * Structure of the result (verified numerically, docs/ribbon.md §15): in geometries where the
 * extrinsic (Boltzmann, ∝ 1/η) part vanishes by symmetry (e.g. M_xT with the field ∥ the mirror
 * line), the slope is exactly
 *     K(η) = A₂/η² + B + C η² + …,
 * where A₂/η² (a "kinetic" Fermi-surface term) comes entirely from pairs of ribbon states of the same
 * bulk band group, and B + Cη² + … entirely from pairs of different band groups (separated by a spectral
 * gap). B — the η → 0 value after removing A₂/η² — is therefore the clean response at unchanged
 * occupations, i.e. the intrinsic OME, and equals the inter-group sum at η = 0 (`intrinsic`).
 *
 * Units: responses per unit eE (eE in eV/Å); slopes in Å (= the `Å per eE` conversion of the bulk
 * observables `ome` and `chi-int`, and the static oracle's 'ome' slope); totals in Å² per Å of ribbon.
 */
import type { Backend } from '../backend/backend.js';
import { DEFAULT_DEGENERACY_THRESHOLD } from '../backend/backend.js';
import { createTsBackend } from '../backend/ts/index.js';
import { OrbitronicsError } from '../errors.js';
import { monkhorstPack } from '../kspace/grid.js';
import { compileModel } from '../model/compile.js';
import type { CompiledModel, TightBindingModel } from '../model/types.js';
import { mFactor } from '../observables/ome.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { ribbonKGrid, throwIfAborted, type RibbonEvalOptions } from './elements.js';
import { matmul, rotateDiagonal } from './linalg.js';
import { makeRibbon, ribbonMeta, type RibbonOptions } from './make.js';
import { fermi, fermiDerivative } from './oracle.js';

/** Options of {@link ribbonDrivenOracle}. */
export interface RibbonDrivenOptions extends RibbonEvalOptions {
  /** Lattice vector kept periodic; the field points along it. */
  along: 0 | 1;
  /** Ribbon widths in cells (≥ 2 distinct positive integers). */
  widths: number[];
  /** k-points along the ribbon (uniform, half-step shifted). */
  nk: number;
  /** Chemical potential (eV). */
  mu: number;
  /** Temperature (K); > 0 when `etas` are given (the Fermi-surface terms need f′). */
  T: number;
  /**
   * Damping values η = ħ/τ (eV, > 0) of the finite-η Kubo response. Three or more enable the η → 0
   * extrapolation (`extrapolated`). W must exceed the coherence length ħv_F/η by a wide margin and
   * N_k must resolve η (Δk·v_F ≪ η): check `perEta[i].convergence`.
   */
  etas?: number[];
  /**
   * Energies (eV) inside the spectral gaps that separate groups of bulk bands (at every k of the
   * ribbons too — no in-gap edge states). Pairs of ribbon states in different groups form the
   * `interGroup` parts and the clean (η = 0) `intrinsic` value.
   */
  bandCuts?: number[];
  /** Optional supercell before cutting (edge termination), as in `makeRibbon`. */
  supercell?: RibbonOptions['supercell'];
  /**
   * Optional on-site energy shifts (eV) of the outermost cells, [d = 0 (edge cells), d = 1, …], applied at
   * both edges (a robustness check: bulk slopes do not depend on the edges).
   */
  edgePotential?: number[];
}

/** A ribbon series: totals per width, successive slopes, the last slope and its change. */
export interface DrivenSeries {
  /** Ribbon totals per unit length (Å² per Å of ribbon, per unit eE). */
  totals: number[];
  /** (totals[i+1] − totals[i])/(w[i+1] − w[i]) (Å). */
  successiveSlopes: number[];
  /** The last successive slope: the bulk density (Å). */
  slope: number;
  /** |last − previous successive slope| (0 with two widths). */
  convergence: number;
}

/** The finite-η response at one η. */
export interface DrivenEta extends DrivenSeries {
  eta: number;
  parts: {
    /** Bulk-band-diagonal (Boltzmann) part (1/η) Σ f′ X_nl h_ln (degenerate pairs incl. n = l). */
    boltzmann: DrivenSeries;
    /** Part odd in η (from Im L_nl Im(X_nl Ã_ln)); zero when the ±k pairs are related by an antiunitary symmetry. */
    odd: DrivenSeries;
    /** Pairs in different band groups (needs `bandCuts`). */
    interGroup: DrivenSeries | null;
    /** Pairs in the same band group, incl. the Boltzmann part (needs `bandCuts`). */
    intraGroup: DrivenSeries | null;
  };
}

/** Result of {@link ribbonDrivenOracle}. */
export interface RibbonDrivenResult {
  along: 0 | 1;
  widths: number[];
  /** Physical widths W·|cellWidth| (Å). */
  physicalWidths: number[];
  mu: number;
  T: number;
  /** Unit of slopes (Å per unit eE: ∂⟨(r×v)_z⟩/∂(eE) per area, the bulk `ome`'s `Å per eE`). */
  unit: 'Å';
  /** Unit of totals. */
  totalUnit: 'Å^2';
  /** Finite-η responses, in ascending η. */
  perEta: DrivenEta[];
  /**
   * η²·(intra-group slope) per η (Å·eV²): constant when the intra-group part is the pure kinetic term
   * A₂/η² (needs `bandCuts`).
   */
  kinetic: number[] | null;
  /**
   * η → 0 extrapolation of the finite-η slopes: g(η) = η²K(η) = A₂ + Bη² + Cη⁴ + … interpolated through
   * all η (polynomial in η²), B reported; `error` as in {@link evenLaurentExtrapolation}.
   * null with fewer than three η, or when the part odd in η or the Boltzmann part is not negligible
   * (then the expansion has 1/η terms that this even fit does not model; `reason` says so).
   */
  extrapolated: { value: number; error: number; A2: number; coefficients: number[]; magnetizationPerField: number } | null;
  /** Why `extrapolated` is null (or null). */
  reason: string | null;
  /**
   * The clean inter-group response at η = 0 (unchanged occupations): the intrinsic OME (needs
   * `bandCuts`); `minCutDistance` = min over the sampled ribbon states of |ε − cut| (eV), which must stay
   * well above k_BT for the grouping to be meaningful.
   */
  intrinsic: (DrivenSeries & { magnetizationPerField: number; minCutDistance: number }) | null;
  /** Wall time per width (ms). */
  timings: number[];
}

function bad(msg: string, where?: string): OrbitronicsError {
  return new OrbitronicsError('ARGUMENT_INVALID', `ribbonDrivenOracle: ${msg}`, where ? { where } : {});
}

function checkOptions(o: RibbonDrivenOptions): void {
  if (o.along !== 0 && o.along !== 1) throw bad(`along must be 0 or 1 (got ${String(o.along)})`, 'along');
  if (!Array.isArray(o.widths) || o.widths.length < 2) throw bad('at least two widths are needed for a slope', 'widths');
  for (const W of o.widths) if (!Number.isInteger(W) || W < 1) throw bad(`widths must be positive integers (got ${String(W)})`, 'widths');
  if (new Set(o.widths).size !== o.widths.length) throw bad('widths must be distinct', 'widths');
  if (!Number.isInteger(o.nk) || o.nk < 1) throw bad(`nk must be a positive integer (got ${String(o.nk)})`, 'nk');
  if (!Number.isFinite(o.mu)) throw bad(`mu must be finite (got ${String(o.mu)})`, 'mu');
  if (!Number.isFinite(o.T) || o.T < 0) throw bad(`T must be a finite temperature ≥ 0 K (got ${String(o.T)})`, 'T');
  const etas = o.etas ?? [];
  if (!o.etas?.length && !o.bandCuts?.length) throw bad('give etas (finite-η responses) and/or bandCuts (the clean intrinsic value)');
  for (const e of etas) if (!Number.isFinite(e) || e <= 0) throw bad(`every eta must be a finite damping > 0 eV (got ${String(e)})`, 'etas');
  if (new Set(etas).size !== etas.length) throw bad('etas must be distinct', 'etas');
  if (etas.length && !(o.T > 0)) throw bad('finite-η responses need T > 0 (the Fermi-surface terms use f′, which is not represented at T = 0)', 'T');
  for (const c of o.bandCuts ?? []) if (!Number.isFinite(c)) throw bad(`bandCuts must be finite energies (got ${String(c)})`, 'bandCuts');
  for (const v of o.edgePotential ?? []) if (!Number.isFinite(v)) throw bad(`edgePotential must be finite energies (got ${String(v)})`, 'edgePotential');
}

/** Per-width accumulators (per unit length, K sign = −2χ). */
interface WidthSums {
  w: number;
  total: number[];
  boltzmann: number[];
  odd: number[];
  inter: number[];
  intrinsic: number;
  minCut: number;
}

function ribbonSums(model: TightBindingModel, W: number, o: RibbonDrivenOptions, etas: number[], cuts: number[], backend: Backend): WidthSums {
  const rib = makeRibbon(model, { along: o.along, width: W, supercell: o.supercell });
  const meta = ribbonMeta(rib);
  const edge = o.edgePotential ?? [];
  if (edge.length)
    rib.onsite = rib.onsite.map((v, i) => {
      const c = meta.cellOf[i]!, d = Math.min(c, W - 1 - c);
      return d < edge.length ? v + edge[d]! : v;
    });
  const cm: CompiledModel = compileModel(rib);
  const N = cm.nb, nn2 = 2 * N * N;
  const thr = o.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const kT = BOLTZMANN_EV_K * o.T;
  const ks = ribbonKGrid(meta.length, o.nk);
  const ne = etas.length;
  const total = new Array<number>(ne).fill(0), boltz = new Array<number>(ne).fill(0), odd = new Array<number>(ne).fill(0), inter = new Array<number>(ne).fill(0);
  let intrinsic = 0, minCut = Infinity;
  const y = new Float64Array(nn2), yh = new Float64Array(nn2);
  const f = new Float64Array(N), fp = new Float64Array(N);
  const grp = new Int32Array(N);
  const batch = o.batch ?? 8;
  for (let start = 0; start < ks.length; start += batch) {
    throwIfAborted(o.signal);
    const nb = Math.min(batch, ks.length - start);
    const k = new Float64Array(3 * nb);
    for (let i = 0; i < nb; i++) k[3 * i] = ks[start + i]!;
    const out = backend.evaluate(cm, { nk: nb, k }, { eigenvectors: true, velocity: true }, { degeneracyThreshold: thr });
    // copies: the views alias backend memory
    const E = out.energies.slice(0, nb * N), UU = out.eigenvectors!.slice(0, nb * nn2), V = out.velocity!.slice(0, nb * nn2);
    for (let i = 0; i < nb; i++) {
      throwIfAborted(o.signal);
      const e = E.subarray(i * N, (i + 1) * N), U = UU.subarray(i * nn2, (i + 1) * nn2), h = V.subarray(i * nn2, (i + 1) * nn2);
      for (let n = 0; n < N; n++) {
        f[n] = fermi(e[n]!, o.mu, kT);
        fp[n] = fermiDerivative(e[n]!, o.mu, kT);
        let g = 0;
        for (const c of cuts) {
          if (e[n]! > c) g++;
          minCut = Math.min(minCut, Math.abs(e[n]! - c));
        }
        grp[n] = g;
      }
      rotateDiagonal(N, U, meta.transverse, y);
      matmul(N, y, h, yh);
      for (let n = 0; n < N; n++)
        for (let l = 0; l < N; l++) {
          const onl = (n * N + l) * 2, oln = (l * N + n) * 2;
          // X_nl = ½({y,h})_nl = ½[(yh)_nl + conj((yh)_ln)]
          const xr = 0.5 * (yh[onl]! + yh[oln]!), xi = 0.5 * (yh[onl + 1]! - yh[oln + 1]!);
          const de = e[n]! - e[l]!;
          if (n !== l && Math.abs(de) >= thr) {
            const df = f[n]! - f[l]!;
            if (df === 0) continue;
            // Ã_ln = i h_ln/(εn − εl)
            const ar = -h[oln + 1]! / de, ai = h[oln]! / de;
            const pr = xr * ar - xi * ai, pi = xr * ai + xi * ar;
            const cross = grp[n] !== grp[l];
            if (cross) intrinsic += (df / de) * pr;
            for (let j = 0; j < ne; j++) {
              const eta = etas[j]!, den = de * de + eta * eta;
              const even = ((df * de) / den) * pr, od = ((df * eta) / den) * pi;
              total[j] += even + od;
              odd[j] += od;
              if (cross) inter[j] += even + od;
            }
          } else {
            if (fp[n] === 0) continue;
            // (i/z) f′ X_nl h_ln at z = iη: (1/η) f′ Re(X_nl h_ln)
            const pr = xr * h[oln]! - xi * h[oln + 1]!;
            for (let j = 0; j < ne; j++) {
              const v = (fp[n]! * pr) / etas[j]!;
              total[j] += v;
              boltz[j] += v;
            }
          }
        }
    }
  }
  const norm = -2 / (o.nk * meta.length);
  const sc = (a: number[]) => a.map((x) => x * norm);
  return { w: meta.physicalWidth, total: sc(total), boltzmann: sc(boltz), odd: sc(odd), inter: sc(inter), intrinsic: intrinsic * norm, minCut };
}

function series(totals: number[], w: number[]): DrivenSeries {
  const successiveSlopes: number[] = [];
  for (let i = 0; i + 1 < totals.length; i++) successiveSlopes.push((totals[i + 1]! - totals[i]!) / (w[i + 1]! - w[i]!));
  const slope = successiveSlopes[successiveSlopes.length - 1]!;
  const convergence = successiveSlopes.length > 1 ? Math.abs(slope - successiveSlopes[successiveSlopes.length - 2]!) : 0;
  return { totals, successiveSlopes, slope, convergence };
}

/** Solves the Vandermonde system Σ_j c_j x_i^j = g_i (n ≤ 8, Gaussian elimination with pivoting). */
function polyFit(x: number[], g: number[]): number[] {
  const n = x.length;
  const A = x.map((xi, i) => [...Array.from({ length: n }, (_, j) => xi ** j), g[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const q = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= n; k++) A[r]![k]! -= q * A[c]![k]!;
    }
  }
  return A.map((row, i) => row[n]! / row[i]!);
}

/**
 * η → 0 extrapolation of slopes K(η) = A₂/η² + B + Cη² + … (no odd powers): the polynomial in η² through
 * the points g(η) = η²K(η) (n points → A₂, B, C, … up to η^{2(n−1)}); `value` = B. `error` = the larger
 * change of B when the largest or the smallest η is dropped (n ≥ 3; an estimate, not a bound). Use a
 * geometric sequence (ratio √2 works well) with η_max ≲ gap/3. Needs ≥ 2 distinct η > 0.
 */
export function evenLaurentExtrapolation(etas: number[], slopes: number[]): { value: number; error: number; A2: number; coefficients: number[] } {
  if (etas.length !== slopes.length || etas.length < 2) throw bad('evenLaurentExtrapolation: give at least two (η, slope) pairs');
  const order = etas.map((_, i) => i).sort((a, b) => etas[a]! - etas[b]!);
  const x = order.map((i) => etas[i]! * etas[i]!), g = order.map((i) => etas[i]! * etas[i]! * slopes[i]!);
  const c = polyFit(x, g);
  const error = x.length >= 3 ? Math.max(Math.abs(c[1]! - polyFit(x.slice(0, -1), g.slice(0, -1))[1]!), Math.abs(c[1]! - polyFit(x.slice(1), g.slice(1))[1]!)) : NaN;
  return { value: c[1]!, error, A2: c[0]!, coefficients: c };
}

/**
 * The exact ribbon reference for the OME with the field along the ribbon (file comment): finite-η Kubo
 * slopes, their η → 0 extrapolation and, with `bandCuts`, the clean inter-group (intrinsic) value.
 * Compare `slope`/`value` with the bulk `ome` (`--E` along the ribbon direction in the bulk frame) or
 * `chi-int` in their `Å per eE` conversion; `magnetizationPerField` is M/E = −(e/2)K in A per V/m (2D).
 */
export function ribbonDrivenOracle(model: TightBindingModel, options: RibbonDrivenOptions): RibbonDrivenResult {
  checkOptions(options);
  if (model.kind !== 'tight-binding' || model.dim !== 2) throw bad(`a 2D tight-binding model is required (got '${model.name}', dim ${model.dim})`, 'model');
  const backend = options.backend ?? createTsBackend();
  const widths = [...options.widths].sort((a, b) => a - b);
  const etas = [...(options.etas ?? [])].sort((a, b) => a - b);
  const cuts = [...(options.bandCuts ?? [])].sort((a, b) => a - b);
  const sums: WidthSums[] = [], timings: number[] = [];
  for (const W of widths) {
    throwIfAborted(options.signal);
    const t0 = Date.now();
    sums.push(ribbonSums(model, W, options, etas, cuts, backend));
    timings.push(Date.now() - t0);
  }
  const w = sums.map((s) => s.w);
  const haveCuts = cuts.length > 0;
  const perEta: DrivenEta[] = etas.map((eta, j) => {
    const tot = sums.map((s) => s.total[j]!);
    const inter = sums.map((s) => s.inter[j]!);
    return {
      eta,
      ...series(tot, w),
      parts: {
        boltzmann: series(sums.map((s) => s.boltzmann[j]!), w),
        odd: series(sums.map((s) => s.odd[j]!), w),
        interGroup: haveCuts ? series(inter, w) : null,
        intraGroup: haveCuts ? series(tot.map((t, i) => t - inter[i]!), w) : null,
      },
    };
  });
  const kinetic = haveCuts ? perEta.map((p) => p.eta * p.eta * p.parts.intraGroup!.slope) : null;
  let extrapolated: RibbonDrivenResult['extrapolated'] = null;
  let reason: string | null = null;
  const mf = mFactor(2);
  if (etas.length < 3) reason = etas.length ? 'fewer than three η values' : null;
  else {
    const scale = Math.max(...perEta.map((p) => Math.abs(p.slope)));
    const oddish = Math.max(...perEta.map((p) => Math.abs(p.parts.odd.slope) + Math.abs(p.parts.boltzmann.slope)));
    if (oddish > 1e-9 * scale)
      reason = `the part odd in η / the Boltzmann part is not negligible (${oddish.toExponential(2)} Å vs ${scale.toExponential(2)} Å): the expansion has 1/η terms (extrinsic response allowed in this geometry); use bandCuts for the clean intrinsic value`;
    else {
      const x = evenLaurentExtrapolation(etas, perEta.map((p) => p.slope));
      extrapolated = { ...x, magnetizationPerField: mf * x.value };
    }
  }
  let intrinsic: RibbonDrivenResult['intrinsic'] = null;
  if (haveCuts) {
    const s = series(sums.map((x) => x.intrinsic), w);
    intrinsic = { ...s, magnetizationPerField: mf * s.slope, minCutDistance: Math.min(...sums.map((x) => x.minCut)) };
  }
  return {
    along: options.along,
    widths,
    physicalWidths: w,
    mu: options.mu,
    T: options.T,
    unit: 'Å',
    totalUnit: 'Å^2',
    perEta,
    kinetic,
    extrapolated,
    reason,
    intrinsic,
    timings,
  };
}

/** Options of {@link omeMetalCorrection}. */
export interface OmeMetalCorrectionOptions {
  /** Field direction (bulk frame): 0 = x, 1 = y. */
  E: 0 | 1;
  mu: number;
  /** Temperature (K), > 0 (the term is a Fermi-surface integral). */
  T: number;
  /** Monkhorst–Pack grid n×n (unshifted, as `compute`). */
  grid: number;
  backend?: Backend;
  degeneracyThreshold?: number;
}

/**
 * The Fermi-surface term by which the exact ribbon reference (the clean response at unchanged
 * occupations, {@link ribbonDrivenOracle} `intrinsic`/`extrapolated`) differs from paper 003's χ^int —
 * and hence from the `ome` total — in a 2D metal, for a field along direction i (bulk frame):
 *
 *   ΔK_i = −Σ_l ε_il Σₙ∫[dk] f′(εₙ) v^i_n G^n_il,   G^n_il = Re Σ_{m≠n} h^i_nm h^l_mn/(εₙ−ε_m)²,
 *
 * so that K_exact = K_003 + ΔK (Å per eE; M/E = −(e/2)K). Equivalently, 003's metric-curl term
 * ½ε_jl∂_jG_il must keep only j ≠ i (the derivative of G_ii across the field): the j = i term
 * ½ε_il∂_iG_il = −½ε_il f′v_iG_il after ∫ is absent from the exact response. Zero in insulators (a total
 * derivative). Found numerically (docs/ribbon.md §15: four models, both field directions, 1e-8).
 */
export function omeMetalCorrection(model: TightBindingModel | CompiledModel, o: OmeMetalCorrectionOptions): { value: number; unit: 'Å'; magnetizationPerField: number } {
  const cm = 'nterm' in model ? model : compileModel(model);
  if (cm.dim !== 2 || cm.kind !== 'tight-binding') throw new OrbitronicsError('ARGUMENT_INVALID', 'omeMetalCorrection: a 2D tight-binding model is required');
  if (o.E !== 0 && o.E !== 1) throw new OrbitronicsError('ARGUMENT_INVALID', `omeMetalCorrection: E must be 0 or 1 (got ${String(o.E)})`);
  if (!Number.isFinite(o.T) || !(o.T > 0)) throw new OrbitronicsError('ARGUMENT_INVALID', `omeMetalCorrection: T must be > 0 K (got ${String(o.T)})`);
  if (!Number.isFinite(o.mu)) throw new OrbitronicsError('ARGUMENT_INVALID', `omeMetalCorrection: mu must be finite (got ${String(o.mu)})`);
  if (!Number.isInteger(o.grid) || o.grid < 1) throw new OrbitronicsError('ARGUMENT_INVALID', `omeMetalCorrection: grid must be a positive integer (got ${String(o.grid)})`);
  const backend = o.backend ?? createTsBackend();
  const thr = o.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const i = o.E, l = 1 - i;
  const eps = i === 0 ? 1 : -1; // ε_il
  const kT = BOLTZMANN_EV_K * o.T;
  const nb = cm.nb, nn2 = 2 * nb * nb;
  const s = monkhorstPack(cm, [o.grid, o.grid]);
  let sum = 0;
  const chunk = 4096;
  for (let start = 0; start < s.size; start += chunk) {
    const kb = s.batch(start, chunk);
    const b = backend.evaluate(cm, kb, { velocity: true }, { degeneracyThreshold: thr });
    const V = b.velocity!;
    for (let q = 0; q < kb.nk; q++) {
      const e = b.energies.subarray(q * nb, (q + 1) * nb);
      const hi = V.subarray((q * 2 + i) * nn2, (q * 2 + i + 1) * nn2), hl = V.subarray((q * 2 + l) * nn2, (q * 2 + l + 1) * nn2);
      for (let n = 0; n < nb; n++) {
        const fp = fermiDerivative(e[n]!, o.mu, kT);
        if (fp === 0) continue;
        let G = 0;
        for (let m = 0; m < nb; m++) {
          const d = e[n]! - e[m]!;
          if (m === n || Math.abs(d) < thr) continue;
          const a = (n * nb + m) * 2, c = (m * nb + n) * 2;
          G += (hi[a]! * hl[c]! - hi[a + 1]! * hl[c + 1]!) / (d * d);
        }
        sum += kb.w[q]! * fp * hi[(n * nb + n) * 2]! * G;
      }
    }
  }
  const value = -eps * sum;
  return { value, unit: 'Å', magnetizationPerField: mFactor(2) * value };
}
