/**
 * Matrix elements of a ribbon (a 1D model made by `makeRibbon`) in its eigenbasis at k along the
 * ribbon: transverse position r^y, velocity h^x = ħv^x, covariant Berry connection along the
 * ribbon, the angular momentum (r×ħv)_z and the orbital moment, and the OMM density operator
 * (paper 002 Eqs. 56–57, S47, S51–S55). Internal units: eV, Å, ħ = 1. See docs/ribbon.md for the
 * derivation and the signs.
 */
import type { Backend } from '../backend/backend.js';
import { DEFAULT_DEGENERACY_THRESHOLD } from '../backend/backend.js';
import { createTsBackend } from '../backend/ts/index.js';
import { OrbitronicsError } from '../errors.js';
import { compileModel } from '../model/compile.js';
import type { CompiledModel, TightBindingModel } from '../model/types.js';
import { matmul, rotateDiagonal } from './linalg.js';
import { ribbonMeta } from './make.js';

export interface RibbonEvalOptions {
  /** Backend (default: the TS reference backend). Any `Backend` works: only eigenvectors and velocity are requested. */
  backend?: Backend;
  /** Pairs with |εₙ − εₗ| below this (eV) are treated as degenerate. Default 1e-8. */
  degeneracyThreshold?: number;
  /** k-points per backend call (memory bound). Default 32. */
  batch?: number;
  /**
   * Checked before the first k-point and before each k-point; once aborted, the call throws
   * `OrbitronicsError` with code 'ABORTED' (as `compute`). The ribbon functions are synchronous, so the
   * signal must be aborted from code that runs during the loop (e.g. an operator callback) or before the call.
   */
  signal?: AbortSignal;
}

/** Throws `OrbitronicsError('ABORTED')` (the error of `compute`) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OrbitronicsError('ABORTED', 'the computation was aborted.');
}

export const asCompiled = (m: TightBindingModel | CompiledModel): CompiledModel => ('nterm' in m ? m : compileModel(m));

/** Per-k data handed to a visitor: views valid only during the call. */
export interface RibbonKData {
  /** k along the ribbon (Å⁻¹). */
  k: number;
  nb: number;
  /** Ascending energies (eV). */
  energies: Float64Array;
  /** U[i][n] (orbital i, band n), interleaved complex. */
  U: Float64Array;
  /** h^x_nl = ⟨n|∂_kH|l⟩ (eV·Å), convention I. */
  hx: Float64Array;
}

/**
 * Evaluates the ribbon at the given k-points (Å⁻¹ along the ribbon) in batches and calls `visit`
 * for each k. Uses `backend.evaluate` with needs {eigenvectors, velocity}. Throws 'ABORTED' once
 * `options.signal` has fired (checked before starting, before each batch and before each k).
 */
export function forEachK(
  model: TightBindingModel | CompiledModel,
  ks: ArrayLike<number>,
  visit: (d: RibbonKData, index: number) => void,
  options: RibbonEvalOptions = {},
): void {
  const cm = asCompiled(model);
  if (cm.dim !== 1) throw new Error(`ribbon: a 1D (ribbon) model is required, got dim ${cm.dim}`);
  const backend = options.backend ?? createTsBackend();
  const batch = options.batch ?? 32;
  const nb = cm.nb;
  const nn2 = nb * nb * 2;
  throwIfAborted(options.signal);
  for (let start = 0; start < ks.length; start += batch) {
    throwIfAborted(options.signal);
    const nk = Math.min(batch, ks.length - start);
    const k = new Float64Array(3 * nk);
    for (let i = 0; i < nk; i++) k[3 * i] = ks[start + i]!;
    const out = backend.evaluate(cm, { nk, k }, { eigenvectors: true, velocity: true }, { degeneracyThreshold: options.degeneracyThreshold });
    for (let i = 0; i < nk; i++) {
      throwIfAborted(options.signal);
      visit(
        {
          k: ks[start + i]!,
          nb,
          energies: out.energies.subarray(i * nb, (i + 1) * nb),
          U: out.eigenvectors!.subarray(i * nn2, (i + 1) * nn2),
          hx: out.velocity!.subarray(i * nn2, (i + 1) * nn2),
        },
        start + i,
      );
    }
  }
}

/** Uniform k-grid along the ribbon, shifted by half a step (avoids k = 0 and k = π/a): k_j = 2π(j+½)/(N a). */
export function ribbonKGrid(length: number, nk: number): Float64Array {
  const out = new Float64Array(nk);
  for (let j = 0; j < nk; j++) out[j] = (2 * Math.PI * (j + 0.5)) / (nk * length);
  return out;
}

export interface RibbonBands {
  /** k along the ribbon (Å⁻¹). */
  k: number[];
  /** energies[k][band] (eV). */
  energies: number[][];
  /** ⟨y⟩ₙₙ(k) (Å from the ribbon centre): the centre of each state across the ribbon (edge states sit near ±W/2). */
  y: number[][];
}

/** Bands of a ribbon with the transverse centre ⟨y⟩ₙₙ of each state (for band plots). Default: nk points over (−π/a, π/a]. */
export function ribbonBands(model: TightBindingModel | CompiledModel, options: RibbonEvalOptions & { nk?: number; k?: number[] } = {}): RibbonBands {
  const cm = asCompiled(model);
  const meta = ribbonMeta(cm);
  const nk = options.nk ?? 101;
  const ks = options.k ?? Array.from({ length: nk }, (_, j) => -Math.PI / meta.length + (2 * Math.PI * (j + 1)) / (nk * meta.length));
  const res: RibbonBands = { k: [...ks], energies: [], y: [] };
  forEachK(cm, ks, (d) => {
    const nb = d.nb;
    res.energies.push(Array.from(d.energies));
    const y: number[] = [];
    for (let n = 0; n < nb; n++) {
      let s = 0;
      for (let i = 0; i < nb; i++) {
        const re = d.U[(i * nb + n) * 2]!, im = d.U[(i * nb + n) * 2 + 1]!;
        s += (re * re + im * im) * meta.transverse[i]!;
      }
      y.push(s);
    }
    res.y.push(y);
  }, options);
  return res;
}

export interface RibbonMatrixElements {
  k: number;
  nb: number;
  energies: Float64Array;
  /** U[i][n], interleaved complex. */
  eigenvectors: Float64Array;
  /** r^y_nl = Σᵢ U*ᵢₙ yᵢ Uᵢₗ (Å), convention I (diagonal in the orbital basis). */
  y: Float64Array;
  /** h^x_nl = ħv^x_nl (eV·Å). */
  hx: Float64Array;
  /** Covariant Berry connection along the ribbon Ã_nl = i h^x_nl/(εₗ − εₙ) for non-degenerate n ≠ l, 0 otherwise (Å). */
  connection: Float64Array;
  /**
   * (r×ħv)_z matrix elements (eV·Å²) in the "closure" form −{r^y, h^x}_nl, exact for the total of any
   * stationary state (docs/ribbon.md §3).
   */
  angularMomentum: Float64Array;
  /**
   * (r×ħv)_z in the form of paper 002 Eq. S55 with r^x → covariant connection Ã (sign: physical
   * r×v, i.e. −2/e times the paper's m_nl): −∂ₖ(εₙ+εₗ) r^y_nl + (1/2i)Σ_{n'}(εₙ+εₗ−2ε_{n'})[Ã r^y − r^y Ã]_nl.
   * Equal to −{r^y,h^x} + (i/2)(εₙ−εₗ){Ã,r^y}_nl; same diagonal as `angularMomentum`.
   */
  angularMomentumS55: Float64Array;
  /**
   * Physical orbital moment m = −(e/2)(r×v) in the internal unit of DESIGN (X, eV·Å², m = (e/ħ)X;
   * multiply by ORBITAL_MOMENT_TO_MUB for μ_B): X_nl = −½ angularMomentumS55_nl.
   */
  moment: Float64Array;
}

/** Matrix elements at one k (Å⁻¹ along the ribbon). */
export function ribbonMatrixElements(model: TightBindingModel | CompiledModel, k: number, options: RibbonEvalOptions = {}): RibbonMatrixElements {
  const cm = asCompiled(model);
  const meta = ribbonMeta(cm);
  let res!: RibbonMatrixElements;
  forEachK(cm, [k], (d) => {
    res = matrixElementsFromEigen(d.nb, d.k, d.energies, d.U, d.hx, meta.transverse, options.degeneracyThreshold);
  }, options);
  return res;
}

/**
 * The same from given eigen-data (energies, eigenvectors U[i][n], h^x in that eigenbasis) and the
 * transverse positions (Å) of the orbitals. Inputs are copied.
 */
export function matrixElementsFromEigen(
  nb: number,
  k: number,
  energies: ArrayLike<number>,
  eigenvectors: ArrayLike<number>,
  hx: ArrayLike<number>,
  transverse: ArrayLike<number>,
  degeneracyThreshold = DEFAULT_DEGENERACY_THRESHOLD,
): RibbonMatrixElements {
  const thr = degeneracyThreshold;
  const e = Float64Array.from(energies);
  const U = Float64Array.from(eigenvectors);
  const h = Float64Array.from(hx);
  const y = rotateDiagonal(nb, U, transverse);
  const A = new Float64Array(2 * nb * nb);
  for (let n = 0; n < nb; n++)
    for (let l = 0; l < nb; l++) {
      const de = e[l]! - e[n]!;
      if (n === l || Math.abs(de) < thr) continue;
      // Ã_nl = i h_nl / (εl − εn)
      A[(n * nb + l) * 2] = -h[(n * nb + l) * 2 + 1]! / de;
      A[(n * nb + l) * 2 + 1] = h[(n * nb + l) * 2]! / de;
    }
  const yh = matmul(nb, y, h), hy = matmul(nb, h, y), Ay = matmul(nb, A, y), yA = matmul(nb, y, A);
  const L = new Float64Array(2 * nb * nb), L55 = new Float64Array(2 * nb * nb), X = new Float64Array(2 * nb * nb);
  for (let n = 0; n < nb; n++)
    for (let l = 0; l < nb; l++) {
      const o = (n * nb + l) * 2;
      L[o] = -(yh[o]! + hy[o]!);
      L[o + 1] = -(yh[o + 1]! + hy[o + 1]!);
      // + (i/2)(εn−εl)(Ãy + yÃ)_nl
      const c = 0.5 * (e[n]! - e[l]!);
      const sr = Ay[o]! + yA[o]!, si = Ay[o + 1]! + yA[o + 1]!;
      L55[o] = L[o]! - c * si;
      L55[o + 1] = L[o + 1]! + c * sr;
      X[o] = -0.5 * L55[o]!;
      X[o + 1] = -0.5 * L55[o + 1]!;
    }
  return { k, nb, energies: e, eigenvectors: U, y, hx: h, connection: A, angularMomentum: L, angularMomentumS55: L55, moment: X };
}

/**
 * OMM density operator on ribbon orbital (site) μ, paper 002 S47/S51: n_{nn'}(μ) = ½{m, P_μ}_{nn'}
 * with (P_μ)_{ab} = U*_{μa} U_{μb}; Σ_μ n(μ) = m. Same unit as `moment` (X units, eV·Å²).
 */
export function ommDensityMatrix(el: RibbonMatrixElements, site: number): Float64Array {
  const nb = el.nb;
  const P = new Float64Array(2 * nb);
  for (let a = 0; a < nb; a++) {
    P[2 * a] = el.eigenvectors[(site * nb + a) * 2]!;
    P[2 * a + 1] = el.eigenvectors[(site * nb + a) * 2 + 1]!;
  }
  const out = new Float64Array(2 * nb * nb);
  // (mP)_{n n'} = Σ_l m_nl conj(P_l) P_n' ; (Pm)_{n n'} = conj(P_n) Σ_l P_l m_l n'
  const mcP = new Float64Array(2 * nb), Pm = new Float64Array(2 * nb);
  for (let n = 0; n < nb; n++) {
    let r1 = 0, i1 = 0, r2 = 0, i2 = 0;
    for (let l = 0; l < nb; l++) {
      const mr = el.moment[(n * nb + l) * 2]!, mi = el.moment[(n * nb + l) * 2 + 1]!;
      const pr = P[2 * l]!, pi = -P[2 * l + 1]!;
      r1 += mr * pr - mi * pi;
      i1 += mr * pi + mi * pr;
      const qr = P[2 * l]!, qi = P[2 * l + 1]!;
      const m2r = el.moment[(l * nb + n) * 2]!, m2i = el.moment[(l * nb + n) * 2 + 1]!;
      r2 += qr * m2r - qi * m2i;
      i2 += qr * m2i + qi * m2r;
    }
    mcP[2 * n] = r1; mcP[2 * n + 1] = i1;
    Pm[2 * n] = r2; Pm[2 * n + 1] = i2;
  }
  for (let n = 0; n < nb; n++)
    for (let np = 0; np < nb; np++) {
      const o = (n * nb + np) * 2;
      // ½[(mP̄)_n P_n' + conj(P_n)(Pm)_n']
      const a1r = mcP[2 * n]!, a1i = mcP[2 * n + 1]!, br = P[2 * np]!, bi = P[2 * np + 1]!;
      const cr = P[2 * n]!, ci = -P[2 * n + 1]!, dr = Pm[2 * np]!, di = Pm[2 * np + 1]!;
      out[o] = 0.5 * (a1r * br - a1i * bi + cr * dr - ci * di);
      out[o + 1] = 0.5 * (a1r * bi + a1i * br + cr * di + ci * dr);
    }
  return out;
}
