/**
 * The exact ribbon oracle (docs/ribbon.md): static linear response of finite-width ribbons to a
 * uniform field across the ribbon, H_E = +eE·y, by exact perturbation theory on the ribbon
 * eigenstates at each k — no Bloch-band geometry of the 2D model enters. The bulk density is the
 * slope of the ribbon total (per unit length) versus the physical width.
 *
 *   δ⟨O⟩/(eE) = (1/(N_k a)) Σ_k [ Σ_{n≠l, non-degenerate} (fₙ − fₗ)/(εₙ − εₗ) O_nl y_ln
 *                               + Σ_{degenerate pairs incl. n = l} f′(εₙ) O_nl y_ln ]   (intra, T > 0 only)
 *
 * Observables: 'dipole' (O = y), 'ome' (O = (r×ħv)_z in the exact closure form −{y, h^x}),
 * 'orbital-moment-total' (the equilibrium Σ fₙ (r×ħv)_z,nn — not a response).
 */
import type { TightBindingModel } from '../model/types.js';
import { compileModel } from '../model/compile.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { ORBITAL_MOMENT_TO_MUB } from '../units/factors.js';
import { DEFAULT_DEGENERACY_THRESHOLD } from '../backend/backend.js';
import { forEachK, ribbonKGrid, throwIfAborted, type RibbonEvalOptions } from './elements.js';
import { matmul, rotateDiagonal } from './linalg.js';
import { makeRibbon, ribbonMeta, type RibbonOptions } from './make.js';

export type RibbonObservable = 'dipole' | 'ome' | 'orbital-moment-total';

/** Options of `ribbonOracle`: observable, periodic direction, widths, k-points along the ribbon, μ, T (docs/ribbon.md §4). */
export interface RibbonOracleOptions extends RibbonEvalOptions {
  along: 0 | 1;
  widths: number[];
  /** k-points along the ribbon (uniform, half-step shifted). */
  nk: number;
  /** Chemical potential (eV). */
  mu: number;
  /** Temperature (K); 0 allowed. */
  T: number;
  observable: RibbonObservable;
  supercell?: RibbonOptions['supercell'];
  /** Include the Fermi-surface (f′) terms of the static response (default true; they vanish for insulators at low T). */
  intraband?: boolean;
}

/** The exact ribbon response per width, its successive slopes (the bulk density) and their convergence. */
export interface RibbonOracleResult {
  observable: RibbonObservable;
  widths: number[];
  /** Physical widths W·b (Å), b = cell area / |a_along|. */
  physicalWidths: number[];
  /** Ribbon totals per unit length, per unit eE for responses (unit: `totalUnit`). */
  totals: number[];
  /** The Fermi-sea/interband and Fermi-surface (f′) parts of `totals` (responses only). */
  parts: { inter: number[]; intra: number[] };
  totalUnit: string;
  /** Successive slopes (totals[i+1]−totals[i])/(w[i+1]−w[i]) (unit: `unit`). */
  successiveSlopes: number[];
  /** Bulk density: the last successive slope (unit: `unit`). */
  slope: number;
  /** |last − previous successive slope| (0 with only two widths): the convergence estimate. */
  convergence: number;
  /**
   * Aitken Δ² extrapolation of the last three successive slopes, when they converge geometrically
   * (ratio of the last two increments in (0, 0.5)); null otherwise. An estimate, not a bound.
   */
  extrapolated: number | null;
  unit: string;
  /** The slope per 2D cell (slope × cell area). */
  perCell: number;
  /** For 'orbital-moment-total': the magnetisation M = −(e/2)·slope, in μ_B/Å² and μ_B per cell. */
  magnetization?: { muBPerA2: number; muBPerCell: number };
  /** Wall time per width (ms). */
  timings: number[];
}

const UNITS: Record<RibbonObservable, { total: string; slope: string }> = {
  dipole: { total: 'Å/eV', slope: '1/eV' },
  ome: { total: 'Å^2', slope: 'Å' },
  'orbital-moment-total': { total: 'eV·Å', slope: 'eV' },
};

export function fermi(e: number, mu: number, kT: number): number {
  if (kT === 0) return e < mu ? 1 : e > mu ? 0 : 0.5;
  const x = (e - mu) / kT;
  if (x > 0) {
    const q = Math.exp(-x);
    return q / (1 + q);
  }
  return 1 / (1 + Math.exp(x));
}

/** ∂f/∂ε (1/eV); 0 at T = 0 (the δ-function is not represented). */
export function fermiDerivative(e: number, mu: number, kT: number): number {
  if (kT === 0) return 0;
  const f = fermi(e, mu, kT);
  return (-f * (1 - f)) / kT;
}

export interface RibbonTotal {
  total: number;
  inter: number;
  intra: number;
}

/**
 * The total of one ribbon (a model made by makeRibbon) per unit length: a response per unit eE
 * ('dipole', 'ome') or the equilibrium Σ f (r×ħv)_z ('orbital-moment-total').
 */
export function ribbonTotal(
  ribbon: TightBindingModel,
  options: RibbonEvalOptions & { nk: number; mu: number; T: number; observable: RibbonObservable; intraband?: boolean },
): RibbonTotal {
  const cm = compileModel(ribbon);
  const meta = ribbonMeta(ribbon);
  const kT = BOLTZMANN_EV_K * options.T;
  const thr = options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD;
  const wantIntra = options.intraband ?? true;
  const ks = ribbonKGrid(meta.length, options.nk);
  const nb = cm.nb;
  const y = new Float64Array(2 * nb * nb);
  const yh = new Float64Array(2 * nb * nb), hy = new Float64Array(2 * nb * nb);
  const f = new Float64Array(nb), fp = new Float64Array(nb);
  let inter = 0, intra = 0;
  forEachK(cm, ks, (d) => {
    const e = d.energies;
    for (let n = 0; n < nb; n++) {
      f[n] = fermi(e[n]!, options.mu, kT);
      fp[n] = fermiDerivative(e[n]!, options.mu, kT);
    }
    rotateDiagonal(nb, d.U, meta.transverse, y);
    if (options.observable === 'orbital-moment-total') {
      // Σₙ fₙ (−{y, h})ₙₙ = −2 Σₙ fₙ Re Σₗ y_nl h_ln
      for (let n = 0; n < nb; n++) {
        if (f[n] === 0) continue;
        let s = 0;
        for (let l = 0; l < nb; l++) {
          const ar = y[(n * nb + l) * 2]!, ai = y[(n * nb + l) * 2 + 1]!;
          const br = d.hx[(l * nb + n) * 2]!, bi = d.hx[(l * nb + n) * 2 + 1]!;
          s += ar * br - ai * bi;
        }
        inter += -2 * f[n]! * s;
      }
      return;
    }
    // O_nl: dipole → y; ome → −(y h + h y)
    let O: Float64Array = y;
    if (options.observable === 'ome') {
      matmul(nb, y, d.hx, yh);
      matmul(nb, d.hx, y, hy);
      for (let i = 0; i < 2 * nb * nb; i++) yh[i] = -(yh[i]! + hy[i]!);
      O = yh;
    }
    for (let n = 0; n < nb; n++)
      for (let l = 0; l < nb; l++) {
        const o = (n * nb + l) * 2, p = (l * nb + n) * 2;
        // Re(O_nl y_ln) (the imaginary parts cancel between (n,l) and (l,n))
        const re = O[o]! * y[p]! - O[o + 1]! * y[p + 1]!;
        const de = e[n]! - e[l]!;
        if (n !== l && Math.abs(de) >= thr) inter += ((f[n]! - f[l]!) / de) * re;
        else if (wantIntra) intra += fp[n]! * re;
      }
  }, options);
  const norm = 1 / (options.nk * meta.length);
  return { total: (inter + intra) * norm, inter: inter * norm, intra: intra * norm };
}

/** Runs the oracle over several widths and extracts the bulk density as the slope versus width. */
export function ribbonOracle(model: TightBindingModel, options: RibbonOracleOptions): RibbonOracleResult {
  if (options.widths.length < 2) throw new Error('ribbonOracle: at least two widths are needed for a slope');
  const widths = [...options.widths].sort((a, b) => a - b);
  const totals: number[] = [], inter: number[] = [], intra: number[] = [], physicalWidths: number[] = [], timings: number[] = [];
  let cellArea = NaN;
  for (const W of widths) {
    throwIfAborted(options.signal);
    const t0 = Date.now();
    const ribbon = makeRibbon(model, { along: options.along, width: W, supercell: options.supercell });
    const meta = ribbonMeta(ribbon);
    cellArea = meta.cellArea;
    physicalWidths.push(meta.physicalWidth);
    const r = ribbonTotal(ribbon, options);
    totals.push(r.total);
    inter.push(r.inter);
    intra.push(r.intra);
    timings.push(Date.now() - t0);
  }
  const successiveSlopes: number[] = [];
  for (let i = 0; i + 1 < widths.length; i++) successiveSlopes.push((totals[i + 1]! - totals[i]!) / (physicalWidths[i + 1]! - physicalWidths[i]!));
  const slope = successiveSlopes[successiveSlopes.length - 1]!;
  const convergence = successiveSlopes.length > 1 ? Math.abs(slope - successiveSlopes[successiveSlopes.length - 2]!) : 0;
  let extrapolated: number | null = null;
  const ns = successiveSlopes.length;
  if (ns >= 3) {
    const d1 = successiveSlopes[ns - 2]! - successiveSlopes[ns - 3]!, d2 = slope - successiveSlopes[ns - 2]!;
    const q = d1 !== 0 ? d2 / d1 : NaN;
    if (q > 0 && q < 0.5) extrapolated = slope + (d2 * q) / (1 - q);
  }
  const u = UNITS[options.observable];
  const res: RibbonOracleResult = {
    observable: options.observable,
    widths,
    physicalWidths,
    totals,
    parts: { inter, intra },
    totalUnit: u.total,
    successiveSlopes,
    slope,
    convergence,
    extrapolated,
    unit: u.slope,
    perCell: slope * cellArea,
    timings,
  };
  if (options.observable === 'orbital-moment-total') {
    // m = −(e/2)(r×v) = (e/ħ)X with X = −½(r×ħv)
    const X = -0.5 * slope;
    res.magnetization = { muBPerA2: X * ORBITAL_MOMENT_TO_MUB, muBPerCell: X * ORBITAL_MOMENT_TO_MUB * cellArea };
  }
  return res;
}
