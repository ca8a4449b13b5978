/**
 * Everything the page shows for one model, computed with the package's public API (the same calls
 * as `orbitronics demo`, src/cli/demo/haldane-*.ts): bands along a k-path coloured by Ω_z, a Berry-
 * curvature map over the Brillouin zone, and σ_xy, M_z (and χ^int when that observable is
 * registered) against μ from one `compute()` pass. Runs in the page's Web Worker; plain data out.
 */
import {
  OrbitronicsError,
  bandsSpec,
  buildBuiltin,
  compileModel,
  compute,
  getObservable,
  heatmapSpec,
  highSymmetryPoints,
  kPath,
  parseModel,
  sweepSpec,
  type Backend,
  type BandBatch,
  type CompiledModel,
  type Model,
  type ParamValue,
  type VegaLiteSpec,
  brillouinZone2D,
} from 'orbitronics';

/** Page settings, fixed so that the test can repeat the computation in Node. */
export const SETTINGS = {
  /** Monkhorst–Pack grid of compute() for tight-binding models (k·p models use compute's default polar grid). */
  tbGrid: [90, 90],
  /** Points of the μ sweep (the mid-gap μ is added). */
  muPoints: 121,
  /** Points along the k-path. */
  pathPoints: 181,
  /** Cells along k_x of the Berry-curvature map. */
  mapCells: 61,
  T: 0,
  /**
   * k-points per backend call. compute() yields to the event loop between batches, and in a
   * browser that is a setTimeout(0), clamped to ≥ 4 ms once nested: 8192 keeps the k·p models'
   * ~2·10⁵-point polar grids under a second. Does not change any result bit.
   */
  batchSize: 8192,
  /** Parameters of field-driven observables (χ^int): the response to E along x. */
  params: { E: 0 as const },
};

export type ModelSource = { kind: 'builtin'; name: string; params: Record<string, ParamValue> } | { kind: 'json'; text: string; filename?: string };

export interface ErrorInfo {
  code: string;
  message: string;
  where?: string;
  hint?: string;
}

export interface ViewOptions {
  /** Headline numbers and the Ω_z map refer to the gap above this many bands (default: the widest gap). */
  gapAbove?: number;
}

export interface ViewResult {
  model: { name: string; kind: 'tight-binding' | 'kp'; dim: number; bands: number };
  /** `ComputeResult.backend` of the μ sweep. */
  backend: string;
  /** Backend used for the path and the map. */
  kernelBackend: string;
  grid: number[];
  batchSize: number;
  params: { E: 0 };
  observables: string[];
  mu: number[];
  /** The selected gap: bands below it, band edges (from the path and the map grid), mid-gap μ and its index in `mu`; null if no gap. */
  gap: { below: number; vbm: number; cbm: number; mu: number; index: number } | null;
  /** Every gap found (each mid-gap μ is in `mu`). */
  gaps: Array<{ below: number; vbm: number; cbm: number; mu: number; index: number }>;
  sweep: {
    /** σ_xy(μ) in S and in e²/h. */
    ahcS: number[];
    ahc: number[];
    /** Chern number of the occupied states C(μ). */
    chern: number[];
    /** Whole-band Chern numbers. */
    chernBands: number[];
    /** M_z(μ) in μ_B per cell, and its parts. */
    mz: number[];
    mzParts: Record<string, number[]>;
    mzUnit: string;
    chiInt?: { unit: string; components: string[]; values: number[][] };
  };
  bands: { distance: number[]; energies: number[][]; ticks: Array<{ label: string; distance: number }>; omega: number[][] };
  map: { x: number[]; y: number[]; omega: number[][]; bandsSummed: number };
  specs: Record<string, VegaLiteSpec>;
  timing: { totalMs: number; computeMs: number };
  notes: string[];
}

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof OrbitronicsError) return { code: e.code, message: e.message, where: e.where, hint: e.hint };
  const err = e as { name?: string; message?: string };
  return { code: err?.name ?? 'ERROR', message: err?.message ?? String(e) };
}

/** The model of a source (validated). */
export function modelOf(source: ModelSource): Model {
  if (source.kind === 'builtin') return buildBuiltin(source.name, source.params);
  return parseModel(source.text, source.filename ?? 'pasted.json');
}

/** Whether an observable is registered in this build of the package. */
export function hasObservable(name: string): boolean {
  try {
    getObservable(name);
    return true;
  } catch {
    return false;
  }
}

/** Observables of the μ sweep: chern, ahc, orbital-magnetization, and chi-int when registered. */
export function sweepObservables(): string[] {
  const obs = ['chern', 'ahc', 'orbital-magnetization'];
  if (hasObservable('chi-int')) obs.push('chi-int');
  return obs;
}

/** k scale of a k·p model (Å⁻¹): |mass|/|velocity|, or the Rashba ring |velocity|/(2|curvature|) when there is no mass. */
export function kpScaleOf(c: CompiledModel): number {
  let c0 = 0, c1 = 0, c2 = 0;
  for (let t = 0; t < c.nterm; t++) {
    const p = c.termPow[3 * t]! + c.termPow[3 * t + 1]! + c.termPow[3 * t + 2]!;
    const a = Math.hypot(c.termRe[t]!, c.termIm[t]!);
    if (p === 0) c0 = Math.max(c0, a);
    else if (p === 1) c1 = Math.max(c1, a);
    else if (p === 2) c2 = Math.max(c2, a);
  }
  // mass/velocity (Dirac), the band-minimum ring α/(2ħ²/2m) (Rashba), or √(mass/curvature)
  const s = c0 > 0 && c1 > 0 ? c0 / c1 : c1 > 0 && c2 > 0 ? c1 / (2 * c2) : c0 > 0 && c2 > 0 ? Math.sqrt(c0 / c2) : 1;
  return Number.isFinite(s) && s > 0 ? s : 1;
}

const toCart = (c: CompiledModel, red: number[]): [number, number] => {
  const b = c.reciprocal;
  return [red[0]! * b[0]! + red[1]! * b[3]!, red[0]! * b[1]! + red[1]! * b[4]!];
};

const fmtK = (x: number) => (Math.abs(x) < 1e-12 ? '0' : x.toFixed(2).replace('-', '−'));

/** The whole view of one model. */
export async function computeView(model: Model, backend: Backend, options: ViewOptions = {}): Promise<ViewResult> {
  const t0 = performance.now();
  if (model.dim !== 2) {
    throw new OrbitronicsError('ARGUMENT_INVALID', `this page shows 2D models; "${model.name}" is ${model.dim}D.`, { where: '/dim', hint: 'use the command line for 1D and 3D models' });
  }
  const c = compileModel(model);
  const nb = c.nb;
  const notes: string[] = [];
  const tb = c.kind === 'tight-binding';

  // --- bands along a path, coloured by Ω_z -------------------------------------------------
  let path;
  let relabel: Record<string, string> = {};
  let kpBox = 0;
  if (tb) {
    const named = highSymmetryPoints(c);
    path = kPath(c, named.K ? ['G', 'K', 'M', "K'", 'G'] : ['G', 'X', 'M', 'G'], SETTINGS.pathPoints);
  } else {
    const cutoff = (model as { cutoff?: number | null }).cutoff ?? null;
    kpBox = cutoff ?? 4 * kpScaleOf(c);
    path = kPath(c, [[-kpBox, 0], 'G', [kpBox, 0]], SETTINGS.pathPoints);
    relabel = { [`(${-kpBox},0)`]: `k_x = ${fmtK(-kpBox)} Å⁻¹`, [`(${kpBox},0)`]: `k_x = ${fmtK(kpBox)} Å⁻¹` };
  }
  const nk = path.k.length / 3;
  const pb = backend.evaluate(c, { nk, k: path.k }, { geometry: true });
  const pathDegenerate = pb.degeneratePairs.some((x) => x > 0);
  const energies: number[][] = [];
  const omegaPath: number[][] = [];
  for (let i = 0; i < nk; i++) {
    energies.push(Array.from(pb.energies.subarray(i * nb, (i + 1) * nb)));
    omegaPath.push(Array.from(pb.berryCurvature!.subarray(i * nb, (i + 1) * nb)));
  }
  const distance = Array.from(path.distance);
  const ticks = path.ticks.map((t) => ({ label: relabel[t.label] ?? t.label, distance: distance[t.index]! }));

  // --- map over the Brillouin zone (tight-binding) or a square of k-space (k·p) ----------
  const bz = tb ? brillouinZone2D(c) : null;
  let box: { x0: number; x1: number; y0: number; y1: number };
  if (bz) {
    const xs = bz.map((p) => p[0]);
    const ys = bz.map((p) => p[1]);
    const pad = 0.04 * (Math.max(...xs) - Math.min(...xs));
    box = { x0: Math.min(...xs) - pad, x1: Math.max(...xs) + pad, y0: Math.min(...ys) - pad, y1: Math.max(...ys) + pad };
  } else box = { x0: -kpBox, x1: kpBox, y0: -kpBox, y1: kpBox };
  const nx = SETTINGS.mapCells;
  const ny = Math.max(2, Math.round((nx * (box.y1 - box.y0)) / (box.x1 - box.x0)));
  const mx = Array.from({ length: nx }, (_, i) => box.x0 + ((box.x1 - box.x0) * i) / (nx - 1));
  const my = Array.from({ length: ny }, (_, i) => box.y0 + ((box.y1 - box.y0) * i) / (ny - 1));
  const omegaMap: number[][][] = Array.from({ length: nb }, () => Array.from({ length: ny }, () => new Array<number>(nx)));
  const emin = new Array<number>(nb).fill(Infinity);
  const emax = new Array<number>(nb).fill(-Infinity);
  const note = (b: BandBatch, count: number) => {
    for (let i = 0; i < count; i++)
      for (let n = 0; n < nb; n++) {
        const e = b.energies[i * nb + n]!;
        if (e < emin[n]!) emin[n] = e;
        if (e > emax[n]!) emax[n] = e;
      }
  };
  note(pb, nk);
  const krow = new Float64Array(3 * nx);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      krow[3 * ix] = mx[ix]!;
      krow[3 * ix + 1] = my[iy]!;
      krow[3 * ix + 2] = 0;
    }
    const b = backend.evaluate(c, { nk: nx, k: krow }, { geometry: true });
    note(b, nx);
    for (let n = 0; n < nb; n++) {
      const row = omegaMap[n]![iy]!;
      for (let ix = 0; ix < nx; ix++) row[ix] = b.berryCurvature![ix * nb + n]!;
    }
  }

  // --- gaps, μ list ------------------------------------------------------------------------
  type Gap = NonNullable<ViewResult['gap']>;
  const gaps: Gap[] = [];
  for (let n = 1; n < nb; n++) {
    if (emin[n]! - emax[n - 1]! > 1e-3) gaps.push({ below: n, vbm: emax[n - 1]!, cbm: emin[n]!, mu: (emax[n - 1]! + emin[n]!) / 2, index: -1 });
  }
  const lo = Math.min(...emin);
  const hi = Math.max(...emax);
  const pad = 0.05 * (hi - lo || 1);
  const start = Math.floor((lo - pad) * 20) / 20;
  const stop = Math.ceil((hi + pad) * 20) / 20;
  const mu = Array.from({ length: SETTINGS.muPoints }, (_, i) => start + ((stop - start) * i) / (SETTINGS.muPoints - 1));
  for (const g of gaps) if (!mu.includes(g.mu)) mu.push(g.mu);
  mu.sort((a, b) => a - b);
  for (const g of gaps) g.index = mu.indexOf(g.mu);
  // the gap the headline numbers refer to: the one asked for, else the widest
  const gap: ViewResult['gap'] =
    gaps.find((g) => g.below === options.gapAbove) ?? (gaps.length ? gaps.reduce((a, b) => (b.cbm - b.vbm > a.cbm - a.vbm ? b : a)) : null);

  // --- μ sweep ------------------------------------------------------------------------------
  let observables = sweepObservables();
  const grid = tb ? SETTINGS.tbGrid : undefined;
  const tc = performance.now();
  const run = (obs: string[]) => compute({ model: c, observables: obs, grid, mu, T: SETTINGS.T, backend, threads: 1, batchSize: SETTINGS.batchSize, params: SETTINGS.params });
  let res;
  try {
    res = await run(observables);
  } catch (e) {
    // an optional observable (chi-int) that this model or build cannot do must not take the page down
    if (observables.length === 3) throw e;
    notes.push(`${observables.slice(3).join(', ')} not computed: ${errorInfo(e).message}`);
    observables = observables.slice(0, 3);
    res = await run(observables);
  }
  const computeMs = performance.now() - tc;
  const ahcR = res.get('ahc');
  const chernR = res.get('chern');
  const mR = res.get('orbital-magnetization');
  const col = (r: { mu: number[]; at(i: number, c?: number): number }, comp = 0) => r.mu.map((_, i) => r.at(i, comp));
  const ahcS = col(ahcR);
  const e2h = ahcR.conversions['e^2/h']!;
  const ahc = ahcS.map((x) => x * e2h);
  const mz = col(mR);
  const parts = mR.parts ?? {};
  const mzParts: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(parts)) mzParts[k] = (v as number[][]).map((row) => row[0]!);
  let chiInt: ViewResult['sweep']['chiInt'];
  if (observables.includes('chi-int')) {
    const r = res.get('chi-int');
    chiInt = { unit: r.unit, components: r.components, values: r.components.map((_, k) => col(r, k)) };
  }
  const chern = col(chernR);
  const chernBands = (chernR.bands ?? []).map((b) => b[0]!);

  // --- plots ----------------------------------------------------------------------------------
  const title = `${model.name} (${c.kind}, ${nb} bands)`;
  const omegaSum = gap?.below ?? 1;
  const mapValues = my.map((_, iy) => mx.map((_, ix) => {
    let s = 0;
    for (let n = 0; n < omegaSum; n++) s += omegaMap[n]![iy]![ix]!;
    return s;
  }));
  const named = tb ? highSymmetryPoints(c) : { G: [0, 0] };
  const points = Object.entries(named).map(([label, red]) => {
    const [x, y] = tb ? toCart(c, red) : [0, 0];
    return { label, x, y };
  });
  const gridText = res.grid.join('×') + (tb ? ' k-grid' : ' polar k-grid');
  const markers = gap ? [{ x: gap.vbm, label: 'E_v' }, { x: gap.cbm, label: 'E_c' }] : undefined;
  const Cgap = gap ? chern[gap.index]! : NaN;
  const specs: Record<string, VegaLiteSpec> = {
    bands: bandsSpec({
      distance,
      energies,
      ticks,
      color: { title: 'Ω_z (Å²)', values: omegaPath },
      mu: gap?.mu,
      title: `${title}: bands coloured by Ω_z`,
      width: 400,
      height: 300,
    }),
    map: heatmapSpec({
      x: mx,
      y: my,
      values: mapValues,
      xTitle: 'k_x (Å⁻¹)',
      yTitle: 'k_y (Å⁻¹)',
      colorTitle: 'Ω_z (Å²)',
      title: `Berry curvature Ω_z of ${omegaSum === 1 ? 'band 0 (lowest)' : `bands 0–${omegaSum - 1} (below the gap)`}${bz ? ' over the Brillouin zone' : ''}`,
      boundary: bz ?? undefined,
      points,
      size: 300,
    }),
    ahc: sweepSpec({
      mu,
      quantity: 'σ_xy',
      unit: 'e²/h',
      series: [
        { label: 'σ_xy', values: ahc },
        ...(gap ? [{ label: `−C e²/h in the gap (C = ${fmtC(Cgap)})`, values: mu.map((m) => (m > gap!.vbm && m < gap!.cbm ? -Cgap : null)), overlay: true }] : []),
      ],
      markers,
      title: `Anomalous Hall conductivity σ_xy(μ), T = 0, ${gridText}`,
      width: 400,
      height: 240,
    }),
    mz: sweepSpec({
      mu,
      quantity: 'M_z',
      unit: 'μ_B per cell',
      series: [
        { label: 'M_z', values: mz },
        ...Object.entries(mzParts).map(([k, v]) => ({ label: k === 'moment' ? 'moment part (Σ f m_z)' : k === 'berry' ? 'Berry part' : k, values: v, overlay: true })),
      ],
      markers,
      title: `Orbital magnetisation M_z(μ), T = 0, ${gridText}`,
      width: 400,
      height: 240,
    }),
  };
  if (chiInt) {
    specs.chiInt = sweepSpec({
      mu,
      quantity: 'χ^int',
      unit: chiInt.unit,
      series: chiInt.components.map((cp, k) => ({ label: `χ^int_${cp}x (E ∥ x)`, values: chiInt!.values[k]! })),
      markers,
      title: `Intrinsic orbital magneto-electric response χ^int(μ), T = 0, ${gridText}`,
      width: 400,
      height: 240,
    });
  }
  symmetricColour(specs.bands!, Math.max(...omegaPath.flat().map(Math.abs)));
  symmetricColour(specs.map!, Math.max(...mapValues.flat().map(Math.abs)));
  for (const sp of Object.values(specs)) compactNumbers(sp);
  if (res.diagnostics.degenerateKpoints > 0) notes.push(`${res.diagnostics.degenerateKpoints} k-points with degenerate bands were skipped in the pair sums`);
  for (const n of res.diagnostics.notes ?? []) notes.push(n);
  if (!gap) notes.push('no gap between any two bands on the path and the map grid: σ_xy is not quantised');
  if (res.diagnostics.degenerateKpoints === 0 && pathDegenerate) notes.push('bands touch on the k-path (degenerate pairs skipped there)');
  return {
    model: { name: model.name, kind: c.kind, dim: c.dim, bands: nb },
    backend: res.backend,
    kernelBackend: backend.name,
    grid: res.grid,
    batchSize: SETTINGS.batchSize,
    params: SETTINGS.params,
    observables,
    mu,
    gap,
    gaps,
    sweep: { ahcS, ahc, chern, chernBands, mz, mzParts, mzUnit: mR.unit, chiInt },
    bands: { distance, energies, ticks, omega: omegaPath },
    map: { x: mx, y: my, omega: mapValues, bandsSummed: omegaSum },
    specs,
    timing: { totalMs: performance.now() - t0, computeMs },
    notes,
  };
}

/**
 * Diverging colour scales with white at 0 as an explicit symmetric domain [−m, m] instead of
 * `domainMid: 0` (which Vega warns about when the data have one sign, e.g. a massive Dirac cone).
 */
function symmetricColour(node: unknown, m: number): void {
  if (!node || typeof node !== 'object' || !(m > 0) || !Number.isFinite(m)) return;
  const o = node as Record<string, unknown>;
  const scale = o.scale as Record<string, unknown> | undefined;
  if (o.type === 'quantitative' && scale && scale.domainMid === 0) {
    delete scale.domainMid;
    scale.domain = [-m, m];
  }
  for (const v of Object.values(o)) if (v && typeof v === 'object') symmetricColour(v, m);
}

/** Axis and colour-legend labels in d3's `~g` format (1e-16 rather than 0.0000000000000001). */
function compactNumbers(spec: VegaLiteSpec): void {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  spec.config = { ...config, axis: { ...(config.axis as object), format: '~g' } };
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    const color = (o.encoding as Record<string, Record<string, unknown>> | undefined)?.color;
    if (color && color.type === 'quantitative' && color.legend !== null) color.legend = { ...(color.legend as object), format: '~g' };
    for (const v of [o.layer, o.encoding]) if (Array.isArray(v)) v.forEach(walk);
  };
  walk(spec);
}

function fmtC(C: number): string {
  const r = Math.round(C);
  return Math.abs(C - r) < 1e-3 ? String(r).replace('-', '−') : C.toFixed(3).replace('-', '−');
}
