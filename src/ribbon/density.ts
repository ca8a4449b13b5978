/**
 * OMM density accumulation across a ribbon (paper 002 Eqs. 55–58, S46–S51): the change of the
 * orbital-moment density on every ribbon orbital (site row) under a uniform field, along the ribbon
 * (field 'x', the paper's geometry) or across it (field 'y').
 *
 *   inter: δnₘ(μ)/(eE) = (1/(N_k a)) Σ_k Σ_{n≠l} (fₙ−fₗ)/(εₙ−εₗ) Re[n_nl(μ) P_ln]      (Eq. 58)
 *          P = Ã (covariant Berry connection along x) for field 'x', P = r^y for field 'y';
 *   intra: field 'x': Boltzmann term of Eq. 55, δf = (eEτ/ħ)∂ₖf:
 *          δnₘ(μ)/(eEτ/ħ) = (1/(N_k a)) Σ_k Σₙ f′(εₙ) ∂ₖεₙ n_nn(μ);
 *          field 'y': the isothermal static term Σ_{degenerate} f′ n_nl y_ln (as the oracle).
 *   The f′ terms need T > 0 (they are not represented at T = 0).
 * n(μ) = ½{X, P_μ} with the physical moment X (m = (e/ħ)X, docs/ribbon.md §2).
 *
 * Evaluation (docs/ribbon.md §13): both parts have the form Σ_nl Re[n_nl(μ) S_ln] with a band
 * matrix S (S_nl = wₙₗ P_nl for the inter part); X being Hermitian, only the Hermitian part S_h of S
 * counts, and with (P_μ)_ab = conj(U_μa)U_μb
 *   Σ_nl Re[n_nl(μ) S_ln] = Re (U S_h X U†)_μμ = Re Σ_j (S_o)_μj conj((X_o)_μj),
 * S_o = U S_h U†, X_o = U X U† in the orbital basis. There, X = ½{r^y, h^x} − (i/4)[E, {Ã, r^y}] is
 *   X_o = ½{Y, ∂ₖH} − (i/4)[H, {A_o, Y}],   A_o = U Ã U†,
 * with Y = diag(yᵢ) and the sparse H(k), ∂ₖH(k) of the model: once A_o is known, X_o costs O(nnz·N).
 * A_o and the inter S_o are Hermitian, so both come from one sandwich C = U(Ã + iαS)U† (two dense
 * products per k; A_o = (C + C†)/2, S_o = (C − C†)/(2iα), α balances the norms). The intra S is
 * diagonal (field 'x') or supported on degenerate pairs (field 'y'): U S U† is a product of rank
 * |active bands|. Dense products go through `Backend.zgemm` (WebAssembly when available).
 */
import { DEFAULT_DEGENERACY_THRESHOLD, type Backend } from '../backend/backend.js';
import { zgemmTs } from '../backend/ts/zgemm.js';
import type { CompiledModel, TightBindingModel } from '../model/types.js';
import { BOLTZMANN_EV_K } from '../units/constants.js';
import { forEachK, ribbonKGrid, asCompiled, type RibbonEvalOptions, type RibbonKData } from './elements.js';
import { ribbonMeta } from './make.js';
import { fermi, fermiDerivative } from './oracle.js';

/** Options of `ribbonOmmDensity`: k-points, μ, T and the field direction. */
export interface RibbonOmmDensityOptions extends RibbonEvalOptions {
  nk: number;
  mu: number;
  T: number;
  /** Field direction: 'x' along the ribbon (paper 002), 'y' across. Default 'x'. */
  field?: 'x' | 'y';
}

/** OMM density across a ribbon per orbital position (paper 002 Eqs. 55–58), with its intra/inter and (anti)symmetric parts. */
export interface RibbonOmmDensity {
  field: 'x' | 'y';
  /** Transverse position of each ribbon orbital (Å from the centre). */
  y: number[];
  /** Interband (Fermi-sea) part per site: moment X per unit ribbon length per unit eE (Å²; × eE[eV/Å] → eV·Å per Å, × ORBITAL_MOMENT_TO_MUB → μ_B). */
  inter: number[];
  /** Intraband part per site: field 'x': per unit eEτ/ħ (Å⁻¹) → unit eV·Å²; field 'y': per unit eE (Å²). */
  intra: number[];
  /**
   * The density as a function of y (paper 002 S51: sites at equal y add): rows of distinct y
   * (ascending, 1e-6 Å tolerance) with the summed site values.
   */
  rows: { y: number[]; inter: number[]; intra: number[] };
  /** Row densities split into ½[n(y) ± n(−y)]; null when the rows are not mirror-paired in y. */
  symmetric: { inter: number[]; intra: number[] } | null;
  antisymmetric: { inter: number[]; intra: number[] } | null;
  /** Σ over sites. */
  total: { inter: number; intra: number };
  units: { inter: string; intra: string };
}

/** Orbital-magnetic-moment density accumulation across a ribbon in a field (paper 002 Eqs. 55–58; docs/ribbon.md §6). */
export function ribbonOmmDensity(ribbon: TightBindingModel, options: RibbonOmmDensityOptions): RibbonOmmDensity {
  const cm = asCompiled(ribbon);
  const meta = ribbonMeta(ribbon);
  const field = options.field ?? 'x';
  const nb = cm.nb;
  const inter = new Float64Array(nb), intra = new Float64Array(nb);
  const work = new OmmDensityWork(cm, meta.transverse, field, options.mu, BOLTZMANN_EV_K * options.T,
    options.degeneracyThreshold ?? DEFAULT_DEGENERACY_THRESHOLD, options.backend);
  forEachK(cm, ribbonKGrid(meta.length, options.nk), (d) => work.accumulate(d, inter, intra), options);
  return profileFromSites(meta.transverse, field, inter, intra, 1 / (options.nk * meta.length));
}

/** Split-plane complex matrix (row-major re and im arrays). */
interface Planes { re: Float64Array; im: Float64Array }
const planes = (size: number): Planes => ({ re: new Float64Array(size), im: new Float64Array(size) });

/** Entries below this fraction of the largest |S_nl| of the intra part are dropped (their total is < N·1e-17 of the scale). */
const INTRA_CUTOFF = 1e-17;
/** Tile edge of the loops that read or write a matrix and its transpose. */
const TILE = 16;

/**
 * Per-k evaluation of the density (see the header): the workspace for one ribbon, one field
 * direction, μ and kT; `accumulate` adds one k-point's site values (not yet normalised by N_k a).
 */
class OmmDensityWork {
  private readonly n: number;
  private readonly gemm: NonNullable<Backend['zgemm']>;
  private readonly y: Float64Array;
  /** H(k) and ∂ₖH(k) of the model as sparse rows. */
  private readonly sparse: SparseHamiltonian;
  private readonly f: Float64Array;
  private readonly fp: Float64Array;
  /** U, U†, Ã, the inter S (= w∘P), r^y in the eigenbasis (field 'y'), products and orbital-basis results. */
  private readonly U: Planes; private readonly UH: Planes; private readonly A: Planes; private readonly S: Planes;
  private readonly Yb: Planes; private readonly T1: Planes; private readonly T2: Planes; private readonly X: Planes;
  private readonly G: Planes; private readonly So: Planes;
  /** Intra part: U·S restricted to the active bands (n×m), the active rows of U† (m×n). */
  private readonly B: Planes; private readonly UAH: Planes;

  constructor(
    cm: CompiledModel,
    transverse: ArrayLike<number>,
    private readonly field: 'x' | 'y',
    private readonly mu: number,
    private readonly kT: number,
    private readonly thr: number,
    backend: Backend | undefined,
  ) {
    const n = cm.nb, n2 = n * n;
    this.n = n;
    this.gemm = backend?.zgemm ? backend.zgemm.bind(backend) : zgemmTs;
    this.y = Float64Array.from(transverse);
    this.sparse = new SparseHamiltonian(cm);
    this.f = new Float64Array(n);
    this.fp = new Float64Array(n);
    [this.U, this.UH, this.A, this.S, this.Yb, this.T1, this.T2, this.X, this.G, this.So, this.B, this.UAH] =
      Array.from({ length: 12 }, () => planes(n2));
  }

  accumulate(d: RibbonKData, inter: Float64Array, intra: Float64Array): void {
    const { n, y, thr, f, fp } = this;
    const e = d.energies, h = d.hx, Uin = d.U;
    for (let a = 0; a < n; a++) {
      f[a] = fermi(e[a]!, this.mu, this.kT);
      fp[a] = fermiDerivative(e[a]!, this.mu, this.kT);
    }
    // U (orbital i, band a) and U† as split planes
    const Ur = this.U.re, Ui = this.U.im, UHr = this.UH.re, UHi = this.UH.im;
    for (let i0 = 0; i0 < n; i0 += TILE) // tiles: the transposed writes stay in cache
      for (let a0 = 0; a0 < n; a0 += TILE)
        for (let i = i0; i < Math.min(n, i0 + TILE); i++)
          for (let a = a0; a < Math.min(n, a0 + TILE); a++) {
            const re = Uin[(i * n + a) * 2]!, im = Uin[(i * n + a) * 2 + 1]!;
            Ur[i * n + a] = re; Ui[i * n + a] = im;
            UHr[a * n + i] = re; UHi[a * n + i] = -im;
          }
    // Ã_nl = i h_nl/(εₗ − εₙ) (non-degenerate n ≠ l, else 0)
    const Ar = this.A.re, Ai = this.A.im;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const o = a * n + b, de = e[b]! - e[a]!;
        if (a === b || Math.abs(de) < thr) { Ar[o] = 0; Ai[o] = 0; continue; }
        Ar[o] = -h[2 * o + 1]! / de;
        Ai[o] = h[2 * o]! / de;
      }
    // P: Ã (field 'x') or r^y = U†YU (field 'y'); inter S_nl = wₙₗ P_nl, wₙₗ = (fₙ − fₗ)/(εₙ − εₗ)
    const T1r = this.T1.re, T1i = this.T1.im, T2r = this.T2.re, T2i = this.T2.im;
    let P = this.A;
    if (this.field === 'y') {
      for (let i = 0; i < n; i++)
        for (let a = 0; a < n; a++) { T1r[i * n + a] = y[i]! * Ur[i * n + a]!; T1i[i * n + a] = y[i]! * Ui[i * n + a]!; }
      this.gemm(n, n, n, UHr, UHi, T1r, T1i, this.Yb.re, this.Yb.im, true);
      P = this.Yb;
    }
    const Pr = P.re, Pi = P.im, Sr = this.S.re, Si = this.S.im;
    let normA = 0, normS = 0;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const o = a * n + b, de = e[a]! - e[b]!;
        if (a === b || Math.abs(de) < thr) { Sr[o] = 0; Si[o] = 0; continue; }
        const w = (f[a]! - f[b]!) / de;
        const sr = w * Pr[o]!, si = w * Pi[o]!;
        Sr[o] = sr; Si[o] = si;
        normS += sr * sr + si * si;
        normA += Ar[o]! * Ar[o]! + Ai[o]! * Ai[o]!;
      }
    const alpha = normA > 0 && normS > 0 ? Math.sqrt(normA / normS) : 1;
    // C = U (Ã + iαS) U†  →  A_o = (C + C†)/2, S_o = (C − C†)/(2iα)
    for (let o = 0; o < n * n; o++) { T2r[o] = Ar[o]! - alpha * Si[o]!; T2i[o] = Ai[o]! + alpha * Sr[o]!; }
    this.gemm(n, n, n, Ur, Ui, T2r, T2i, T1r, T1i);
    this.gemm(n, n, n, T1r, T1i, UHr, UHi, T2r, T2i);
    // Z = {A_o, Y} (into T1), S_o (into So)
    const Sor = this.So.re, Soi = this.So.im;
    const inv2a = 0.5 / alpha;
    for (let i0 = 0; i0 < n; i0 += TILE)
      for (let j0 = i0; j0 < n; j0 += TILE)
        for (let i = i0; i < Math.min(n, i0 + TILE); i++)
          for (let j = Math.max(i, j0); j < Math.min(n, j0 + TILE); j++) {
            const ij = i * n + j, ji = j * n + i;
            const cr = T2r[ij]!, ci = T2i[ij]!, dr = T2r[ji]!, di = T2i[ji]!;
            const yy = y[i]! + y[j]!;
            const ar = 0.5 * (cr + dr) * yy, ai = 0.5 * (ci - di) * yy;
            T1r[ij] = ar; T1i[ij] = ai;
            T1r[ji] = ar; T1i[ji] = -ai;
            // (C − C†)_ij = (cr − dr) + i(ci + di); /(2iα)
            const sr = (ci + di) * inv2a, si = -(cr - dr) * inv2a;
            Sor[ij] = sr; Soi[ij] = si;
            Sor[ji] = sr; Soi[ji] = -si;
          }
    // X_o = ½{Y, ∂H} − (i/4)(G − G†), G = H Z (H, ∂H of the model at this k, sparse)
    const sp = this.sparse;
    sp.at(d.k);
    sp.timesH(this.T1, this.G);
    const Gr = this.G.re, Gi = this.G.im, Xr = this.X.re, Xi = this.X.im;
    for (let i0 = 0; i0 < n; i0 += TILE)
      for (let j0 = i0; j0 < n; j0 += TILE)
        for (let i = i0; i < Math.min(n, i0 + TILE); i++)
          for (let j = Math.max(i, j0); j < Math.min(n, j0 + TILE); j++) {
            const ij = i * n + j, ji = j * n + i;
            const xr = 0.25 * (Gi[ij]! + Gi[ji]!), xi = -0.25 * (Gr[ij]! - Gr[ji]!);
            Xr[ij] = xr; Xi[ij] = xi;
            Xr[ji] = xr; Xi[ji] = -xi;
          }
    for (let i = 0; i < n; i++)
      for (let t = sp.start[i]!; t < sp.start[i + 1]!; t++) {
        const j = sp.col[t]!, c = 0.5 * (y[i]! + y[j]!);
        Xr[i * n + j] += c * sp.vRe[t]!; Xi[i * n + j] += c * sp.vIm[t]!;
      }
    if (normS > 0) addDiagonalOfProduct(n, this.So, this.X, inter);
    this.accumulateIntra(e, h, P, intra);
  }

  /** Intra part: S = f′ₙ Re h_nn on the diagonal (field 'x'), or ½(f′ₗ P_nl + f′ₙ conj P_ln) on degenerate pairs and the diagonal (field 'y'). */
  private accumulateIntra(e: ArrayLike<number>, h: ArrayLike<number>, P: Planes, intra: Float64Array): void {
    const { n, thr, fp } = this;
    const entries: Array<[number, number, number, number]> = [];
    let smax = 0;
    for (let a = 0; a < n; a++) {
      if (this.field === 'x') {
        const v = fp[a]! * h[2 * (a * n + a)]!;
        if (v !== 0) entries.push([a, a, v, 0]);
        smax = Math.max(smax, Math.abs(v));
        continue;
      }
      for (let b = 0; b < n; b++) {
        if (a !== b && !(Math.abs(e[a]! - e[b]!) < thr)) continue;
        const ab = a * n + b, ba = b * n + a;
        const re = 0.5 * (fp[b]! * P.re[ab]! + fp[a]! * P.re[ba]!), im = 0.5 * (fp[b]! * P.im[ab]! - fp[a]! * P.im[ba]!);
        if (re === 0 && im === 0) continue;
        entries.push([a, b, re, im]);
        smax = Math.max(smax, Math.hypot(re, im));
      }
    }
    if (smax === 0) return;
    const kept = entries.filter((t) => Math.hypot(t[2], t[3]) > INTRA_CUTOFF * smax);
    // active bands and their columns
    const col = new Int32Array(n).fill(-1);
    let m = 0;
    for (const [a, b] of kept) {
      if (col[a]! < 0) col[a] = m++;
      if (col[b]! < 0) col[b] = m++;
    }
    // B = U_A S_AA (n×m), UAH = rows of U† of the active bands (m×n); So ← B·UAH = U S U† (Hermitian)
    const Ur = this.U.re, Ui = this.U.im, Br = this.B.re, Bi = this.B.im;
    Br.fill(0, 0, n * m); Bi.fill(0, 0, n * m);
    for (const [a, b, sr, si] of kept) {
      const cb = col[b]!;
      for (let i = 0; i < n; i++) {
        const ur = Ur[i * n + a]!, ui = Ui[i * n + a]!;
        Br[i * m + cb] += ur * sr - ui * si;
        Bi[i * m + cb] += ur * si + ui * sr;
      }
    }
    for (let a = 0; a < n; a++) {
      const c = col[a]!;
      if (c < 0) continue;
      this.UAH.re.set(this.UH.re.subarray(a * n, a * n + n), c * n);
      this.UAH.im.set(this.UH.im.subarray(a * n, a * n + n), c * n);
    }
    this.gemm(n, m, n, Br, Bi, this.UAH.re, this.UAH.im, this.So.re, this.So.im, true);
    addDiagonalOfProduct(n, this.So, this.X, intra);
  }
}

/** out[i] += Σ_j Re(S_ij conj(X_ij)) = Re (S X)_ii for a Hermitian X (split planes, n×n). */
function addDiagonalOfProduct(n: number, S: Planes, X: Planes, out: Float64Array): void {
  const Sr = S.re, Si = S.im, Xr = X.re, Xi = X.im;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * n; j < i * n + n; j++) s += Sr[j]! * Xr[j]! + Si[j]! * Xi[j]!;
    out[i] += s;
  }
}

/**
 * H(k) and ∂ₖH(k) of a 1D tight-binding model as sparse rows (CSR over the distinct (to, from) pairs of
 * the terms, columns ascending), in the convention of src/backend/ts/hamiltonian.ts (convention I:
 * H_{to,from} += c e^{ikδ}, ∂ₖH += iδ c e^{ikδ}, terms added in their order, so the same values).
 */
class SparseHamiltonian {
  readonly start: Int32Array;
  readonly col: Int32Array;
  readonly hRe: Float64Array;
  readonly hIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Entry of each term. */
  private readonly slot: Int32Array;

  constructor(private readonly cm: CompiledModel) {
    if (cm.kind !== 'tight-binding') throw new Error('ribbon: a tight-binding model is required');
    const n = cm.nb;
    const keys = [...new Set(Array.from({ length: cm.nterm }, (_, t) => cm.termTo[t]! * n + cm.termFrom[t]!))].sort((a, b) => a - b);
    const index = new Map(keys.map((key, i) => [key, i]));
    this.start = new Int32Array(n + 1);
    this.col = Int32Array.from(keys, (key) => key % n);
    for (const key of keys) this.start[Math.floor(key / n) + 1]++;
    for (let i = 0; i < n; i++) this.start[i + 1] += this.start[i]!;
    this.slot = Int32Array.from({ length: cm.nterm }, (_, t) => index.get(cm.termTo[t]! * n + cm.termFrom[t]!)!);
    [this.hRe, this.hIm, this.vRe, this.vIm] = Array.from({ length: 4 }, () => new Float64Array(keys.length));
  }

  /** Fills the values at k (Å⁻¹ along the ribbon). */
  at(k: number): void {
    const { cm, slot, hRe, hIm, vRe, vIm } = this;
    hRe.fill(0); hIm.fill(0); vRe.fill(0); vIm.fill(0);
    for (let t = 0; t < cm.nterm; t++) {
      const dx = cm.termDelta[3 * t]!, phase = k * dx;
      const cs = Math.cos(phase), sn = Math.sin(phase), cre = cm.termRe[t]!, cim = cm.termIm[t]!;
      const re = cre * cs - cim * sn, im = cre * sn + cim * cs, s = slot[t]!;
      hRe[s] += re; hIm[s] += im;
      vRe[s] += -dx * im; vIm[s] += dx * re;
    }
  }

  /** G = H·Z for a dense n×n Z (split planes). */
  timesH(Z: Planes, G: Planes): void {
    const n = this.cm.nb, Zr = Z.re, Zi = Z.im, Gr = G.re, Gi = G.im;
    Gr.fill(0, 0, n * n);
    Gi.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) {
      const go = i * n;
      for (let t = this.start[i]!; t < this.start[i + 1]!; t++) {
        const mr = this.hRe[t]!, mi = this.hIm[t]!, zo = this.col[t]! * n;
        for (let j = 0; j < n; j++) {
          const zr = Zr[zo + j]!, zi = Zi[zo + j]!;
          Gr[go + j] += mr * zr - mi * zi;
          Gi[go + j] += mr * zi + mi * zr;
        }
      }
    }
  }
}

/**
 * The profile from per-site sums (× `norm`): rows of equal transverse position y (sites at the same
 * height add), mirror partners y ↔ −y for the symmetric/antisymmetric parts (null if rows are not
 * mirror-paired), and the totals. Shared by `ribbonOmmDensity` and its test-only reference.
 */
export function profileFromSites(ys: readonly number[], field: 'x' | 'y', inter: ArrayLike<number>, intra: ArrayLike<number>, norm: number): RibbonOmmDensity {
  const interA = Array.from(inter, (x) => x * norm), intraA = Array.from(intra, (x) => x * norm);
  // rows of equal y, then mirror partners y ↔ −y among rows
  const order = ys.map((_, i) => i).sort((a, b) => ys[a]! - ys[b]!);
  const rows = { y: [] as number[], inter: [] as number[], intra: [] as number[] };
  for (const i of order) {
    const last = rows.y.length - 1;
    if (last >= 0 && Math.abs(ys[i]! - rows.y[last]!) < 1e-6) {
      rows.inter[last] += interA[i]!;
      rows.intra[last] += intraA[i]!;
    } else {
      rows.y.push(ys[i]!);
      rows.inter.push(interA[i]!);
      rows.intra.push(intraA[i]!);
    }
  }
  const partner = rows.y.map((y) => rows.y.findIndex((z) => Math.abs(z + y) < 1e-6));
  const paired = partner.every((p) => p >= 0);
  const part = (a: number[], sgn: 1 | -1) => a.map((x, i) => 0.5 * (x + sgn * a[partner[i]!]!));
  return {
    field,
    y: [...ys],
    inter: interA,
    intra: intraA,
    rows,
    symmetric: paired ? { inter: part(rows.inter, 1), intra: part(rows.intra, 1) } : null,
    antisymmetric: paired ? { inter: part(rows.inter, -1), intra: part(rows.intra, -1) } : null,
    total: { inter: interA.reduce((a, x) => a + x, 0), intra: intraA.reduce((a, x) => a + x, 0) },
    units: { inter: 'Å^2', intra: field === 'x' ? 'eV·Å^2' : 'Å^2' },
  };
}
