/**
 * Demo figures of paper 002 (Sun, Kazantsev, Principi, Vignale) on zigzag ribbons of the Haldane
 * model (t₀ = 1 eV, nearest-neighbour distance 1.42 Å ⇒ lattice constant a = 2.4595 Å, W = 20 cells,
 * paper Δ on sublattice A = −delta of the built-in):
 *   Fig. 1(b–d) — ribbon bands coloured by the state centre ⟨y⟩ₙₙ: gapped graphene (Δ = 0.5), Haldane
 *                 trivial (Δ = 0.5, t₂ = 0.06, φ = π/2) and Chern (Δ = 0);
 *   Fig. 2      — gapped graphene, E_f = 1.5: mₙₙ(k), ⟨y⟩ₙₙ(k), the OMM accumulation (intra/inter) and the
 *                 symmetric/antisymmetric parts of the intraband term;
 *   Fig. 3      — Haldane trivial and Chern, E_f = 0: valence mₙₙ(k) and the OMM accumulation.
 * Fig. 3 does not reproduce: in the paper's geometry (edges ∥ x, E ∥ x) the interband accumulation
 * vanishes identically (M_xT, docs/ribbon.md §6, §11); the figure shows that zero and, labelled, the
 * interband accumulation for E across the ribbon, where it is allowed. Moments in μ_B (closure form,
 * y from the ribbon centre); accumulations per row and per unit ribbon length per field (μ_B/V),
 * intraband with τ = 10 fs.
 */
import { makeRibbon, ribbonBands, ribbonMatrixElements, ribbonMeta, ribbonOmmDensity, type RibbonOmmDensity } from '../../ribbon/index.js';
import { bandsSpec, lineSpec, ribbonProfileSpec, type LineSeries, type VegaLiteSpec } from '../../plot/index.js';
import type { TightBindingModel } from '../../model/types.js';
import { HBAR_EV_S } from '../../units/constants.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import { header } from '../common.js';
import type { DemoContext, DemoFigure, Headline } from './types.js';

const A = 2.4595; // Å (1.42 Å × √3)
const W = 20;
const TAU = 1e-14; // s
const NK_BANDS = 80;
const NK_DENSITY = 96;
const spec = (delta: number, t2: number) =>
  t2 === 0 ? `gapped-graphene:t=-1,delta=${delta},a=${A}` : `haldane:t=-1,t2=${t2},phi=pi/2,delta=${delta},a=${A}`;
const GAPPED = spec(-0.5, 0);
const TRIVIAL = spec(-0.5, 0.06);
const CHERN = spec(0, 0.06);

async function ribbonOf(ctx: DemoContext, model: string): Promise<{ r: TightBindingModel; loaded: Awaited<ReturnType<DemoContext['model']>> }> {
  const loaded = await ctx.model(model);
  if (loaded.model.kind !== 'tight-binding') throw new Error('unreachable');
  return { r: makeRibbon(loaded.model, { along: 0, width: W }), loaded };
}

/** Symmetric half-shifted grid k·a ∈ (−π, π) (k and −k both present; avoids the degenerate points k·a = 0, ±π). */
const kGrid = (n: number) => Array.from({ length: n }, (_, j) => (Math.PI / A) * ((2 * (j + 0.5)) / n - 1));

interface KData {
  ka: number[];
  energies: number[][];
  y: number[][];
  /** mₙₙ(k) in μ_B. */
  m: number[][];
}

function kData(ctx: DemoContext, r: TightBindingModel): KData {
  const ks = kGrid(NK_BANDS);
  const b = ribbonBands(r, { k: ks, backend: ctx.backend });
  const m = ks.map((k) => {
    const el = ribbonMatrixElements(r, k, { backend: ctx.backend });
    return Array.from({ length: el.nb }, (_, n) => el.moment[(n * el.nb + n) * 2]! * ORBITAL_MOMENT_TO_MUB);
  });
  return { ka: ks.map((k) => k * A), energies: b.energies, y: b.y, m };
}

const setTitles = (s: VegaLiteSpec, x: string, y: string): VegaLiteSpec => {
  for (const layer of (s.layer as Array<{ encoding?: Record<string, { title?: string }> }>) ?? []) {
    if (layer.encoding?.x && 'title' in layer.encoding.x) {
      layer.encoding.x.title = x;
      // the half-shifted grid stops short of ±π: keep the full zone on the axis (ticks at ±π)
      (layer.encoding.x as { scale?: unknown }).scale = { domain: [-Math.PI, Math.PI], nice: false, zero: false };
    }
    if (layer.encoding?.y && 'title' in layer.encoding.y) layer.encoding.y.title = y;
  }
  return s;
};
const ticks = [{ label: '−π', distance: -Math.PI }, { label: '0', distance: 0 }, { label: 'π', distance: Math.PI }];
const strip = ({ $schema: _s, ...rest }: VegaLiteSpec) => rest;
/** Panels keep their own colour scales and legends (band colours vs labelled series). */
const RESOLVE = { scale: { color: 'independent', strokeDash: 'independent' }, legend: { color: 'independent' } };
const hcat = (...s: VegaLiteSpec[]): VegaLiteSpec => ({ $schema: s[0]!.$schema, hconcat: s.map(strip), resolve: RESOLVE });
const grid2 = (a: VegaLiteSpec, b: VegaLiteSpec, c: VegaLiteSpec, d: VegaLiteSpec, title: string): VegaLiteSpec => ({
  $schema: a.$schema,
  title,
  vconcat: [{ hconcat: [strip(a), strip(b)], resolve: RESOLVE }, { hconcat: [strip(c), strip(d)], resolve: RESOLVE }],
  resolve: RESOLVE,
});

function bandPanel(d: KData, title: string, color?: { title: string; values: number[][] }, mu?: number): VegaLiteSpec {
  return setTitles(bandsSpec({ distance: d.ka, energies: d.energies, ticks, color, mu, title, width: 300, height: 260 }), 'k·a', 'E (eV = t₀)');
}
/** A per-band quantity against k·a, one line per band (bandsSpec layout, own y title). */
function perBandPanel(d: KData, values: number[][], yTitle: string, title: string, bands?: number[], clip?: number): VegaLiteSpec {
  const pick = (row: number[]) => (bands ? row.map((v, n) => (bands.includes(n) ? v : NaN)) : row);
  const s = setTitles(bandsSpec({ distance: d.ka, energies: values.map(pick), ticks, title, width: 300, height: 240 }), 'k·a', yTitle);
  if (clip !== undefined) {
    const q = clip;
    for (const layer of s.layer as Array<{ mark?: Record<string, unknown>; encoding?: Record<string, { scale?: unknown; title?: string }> }>) {
      if (layer.encoding?.y && layer.mark && typeof layer.mark === 'object') {
        layer.encoding.y.scale = { domain: [-q, q] };
        layer.mark.clip = true;
      }
    }
  }
  return s;
}

/** |m(k) + m(−k)| and |m(k) − m(−k)| maxima over bands (the grid is symmetric). */
function parity(d: KData, bands?: number[], kmax = Infinity): { odd: number; even: number; scale: number } {
  let odd = 0, even = 0, scale = 0;
  const n = d.ka.length;
  for (let i = 0; i < n; i++)
    if (Math.abs(d.ka[i]!) < kmax) d.m[i]!.forEach((v, b) => {
      if (bands && !bands.includes(b)) return;
      const w = d.m[n - 1 - i]![b]!; // k_{n−1−i} = −k_i
      odd = Math.max(odd, Math.abs(v + w));
      even = Math.max(even, Math.abs(v - w));
      scale = Math.max(scale, Math.abs(v));
    });
  return { odd, even, scale };
}

const FI = (TAU / HBAR_EV_S) * ORBITAL_MOMENT_TO_MUB; // intra (per eEτ/ħ) → μ_B/V per Å
const FE = ORBITAL_MOMENT_TO_MUB; // inter (per eE) → μ_B/V per Å
const col = (a: number[]) => a.map((x) => [x]);

function profileData(d: RibbonOmmDensity, across?: RibbonOmmDensity) {
  return {
    unit: 'muB/V',
    components: ['z'],
    layout: 'values[row][component], rows of equal y (position); per unit ribbon length (Å) and per field (V/Å)',
    values: col(d.rows.y.map((_, i) => d.rows.intra[i]! * FI + d.rows.inter[i]! * FE)),
    parts: {
      intra: col(d.rows.intra.map((x) => x * FI)),
      inter: col(d.rows.inter.map((x) => x * FE)),
      ...(d.symmetric ? { symmetric: col(d.symmetric.intra.map((x, i) => x * FI + d.symmetric!.inter[i]! * FE)), antisymmetric: col(d.antisymmetric!.intra.map((x, i) => x * FI + d.antisymmetric!.inter[i]! * FE)) } : {}),
      ...(across ? { 'inter-E-across': col(across.rows.inter.map((x) => x * FE)) } : {}),
    },
  };
}
const maxAbs = (a: number[]) => Math.max(...a.map(Math.abs));

export const paper002Fig1: DemoFigure = {
  id: 'paper-002-fig1-ribbon-bands',
  title: 'Paper 002 Fig. 1(b–d): zigzag ribbon bands (W = 20) coloured by ⟨y⟩ — gapped graphene, Haldane trivial, Haldane Chern',
  model: `${GAPPED}; ${TRIVIAL}; ${CHERN}`,
  async run(ctx) {
    const panels: VegaLiteSpec[] = [];
    const data: Record<string, unknown> = {};
    const headlines: Headline[] = [];
    for (const [i, [key, model, label]] of ([['b', GAPPED, '(b) gapped graphene Δ = 0.5'], ['c', TRIVIAL, '(c) Haldane trivial Δ = 0.5, t₂ = 0.06'], ['d', CHERN, '(d) Haldane Chern Δ = 0, t₂ = 0.06']] as const).entries()) {
      const { r, loaded } = await ribbonOf(ctx, model);
      const ks = kGrid(NK_BANDS);
      const b = ribbonBands(r, { k: ks, backend: ctx.backend });
      const d = { ka: ks.map((k) => k * A), energies: b.energies, y: b.y, m: [] };
      panels.push(bandPanel(d, label, { title: '⟨y⟩ (Å)', values: b.y }));
      // in-gap states at E = 0 (k·a ≈ π: edge states of the zigzag ribbon)
      const nb = b.energies[0]!.length;
      const gapMin = Math.min(...b.energies.map((e) => e[nb / 2]! - e[nb / 2 - 1]!));
      data[key] = { ...header(loaded), model: model, ka: d.ka, energies: b.energies, y: b.y, units: { ka: '1', energies: 'eV', y: 'Å' }, minimumDirectGap: gapMin };
      headlines.push({ quantity: `${label}: smallest direct gap between bands N/2 and N/2+1`, value: gapMin, unit: 'eV' });
      ctx.progress((i + 1) / 3);
    }
    return { spec: { ...hcat(...panels), title: 'Paper 002 Fig. 1(b–d): zigzag ribbons, W = 20 cells, bands coloured by the state centre ⟨y⟩ₙₙ' }, data: { figure: 'paper 002 Fig. 1(b–d)', width: W, edges: 'zigzag', latticeConstant: A, panels: data }, headlines };
  },
};

export const paper002Fig2: DemoFigure = {
  id: 'paper-002-fig2-gapped-graphene-omm',
  title: 'Paper 002 Fig. 2: gapped graphene ribbon (TR invariant), E_f = 1.5 t₀ — mₙₙ(k), ⟨y⟩ₙₙ(k), OMM accumulation and its parts',
  model: GAPPED,
  async run(ctx) {
    const { r, loaded } = await ribbonOf(ctx, GAPPED);
    const kd = kData(ctx, r);
    ctx.progress(0.4);
    const opts = { nk: NK_DENSITY, mu: 1.5, T: 300, field: 'x' as const, backend: ctx.backend };
    const d = ribbonOmmDensity(r, opts);
    ctx.progress(0.9);
    const y = d.rows.y;
    const p = parity(kd, undefined, 2.5);
    const a = perBandPanel(kd, kd.m, 'mₙₙ(k) (μ_B)', '(a) mₙₙ(k) ≡ 0 (NN-only honeycomb; spikes at k·a → ±π: near-degenerate subbands)', undefined, 0.5);
    const b = perBandPanel(kd, kd.y, '⟨y⟩ₙₙ(k) (Å)', '(b) state centres ⟨y⟩ₙₙ(k)');
    const c = ribbonProfileSpec({ position: y, quantity: 'δm per row / E', unit: 'μ_B/V', title: '(c) OMM accumulation, E ∥ x, τ = 10 fs', width: 300, height: 240, series: [{ label: 'intraband (∝ τ)', values: d.rows.intra.map((x) => x * FI) }, { label: 'interband (= 0, TR)', values: d.rows.inter.map((x) => x * FE) }] });
    const dd = ribbonProfileSpec({ position: y, quantity: 'δm per row / E', unit: 'μ_B/V', title: '(d) intraband part: symmetric / antisymmetric in y', width: 300, height: 240, series: [{ label: 'symmetric', values: d.symmetric!.intra.map((x) => x * FI) }, { label: 'antisymmetric', values: d.antisymmetric!.intra.map((x) => x * FI) }] });
    const inner = kd.m.filter((_, i) => Math.abs(kd.ka[i]!) < 2.5).flat();
    const headlines: Headline[] = [
      { quantity: 'max |m(k) + m(−k)| for |k·a| < 2.5 (TR: m odd in k)', value: p.odd, unit: 'muB', reference: 0, source: 'paper 002 Fig. 2(a)' },
      { quantity: 'max |mₙₙ(k)| for |k·a| < 2.5 (paper Fig. 2(a): an odd pattern of O(0.1–1) μ_B; not reproduced)', value: maxAbs(inner), unit: 'muB', reference: 0, source: 'closure form = Eq. 57 diagonal' },
      { quantity: 'interband accumulation, max |row| / E', value: maxAbs(d.rows.inter) * FE, unit: 'muB/V', reference: 0, source: 'no-dissipation-no-accumulation (Eq. 27)' },
      { quantity: 'intraband accumulation at the upper edge row / E', value: d.rows.intra[y.length - 1]! * FI, unit: 'muB/V' },
      { quantity: 'intraband, max |symmetric| / max |antisymmetric|', value: maxAbs(d.symmetric!.intra) / maxAbs(d.antisymmetric!.intra), unit: '1' },
    ];
    return {
      spec: grid2(a, b, c, dd, 'Paper 002 Fig. 2: gapped graphene zigzag ribbon (Δ = 0.5 t₀, t₂ = 0 — TR invariant as the caption says), W = 20, E_f = 1.5 t₀, T = 300 K'),
      data: {
        ...header(loaded),
        figure: 'paper 002 Fig. 2',
        note: 'the text quotes t2 = 0.06 t0 for this figure, which would break TR; the caption (TR invariant) is followed: t2 = 0. Panel (a) does not reproduce: the diagonal orbital moment of every ribbon state (Eq. 57 diagonal = closure form) vanishes identically for nearest-neighbour-only honeycomb ribbons (≤ 1e-13 muB away from k·a = ±π, where nearly degenerate subbands give basis-dependent values); the paper shows an odd pattern. The accumulation (c, d) uses the off-diagonal elements and is nonzero.',
        ribbon: { width: W, edges: 'zigzag', physicalWidth: ribbonMeta(r).physicalWidth, latticeConstant: A, nk: NK_DENSITY },
        mu: opts.mu, T: opts.T, tau: TAU, field: 'x',
        ka: kd.ka, moment: { unit: 'muB', values: kd.m }, stateCentre: { unit: 'Å', values: kd.y },
        position: y, positionUnit: 'Å',
        results: { 'omm-density': profileData(d) },
      },
      headlines,
    };
  },
};

export const paper002Fig3: DemoFigure = {
  id: 'paper-002-fig3-haldane-omm',
  title: 'Paper 002 Fig. 3 (not reproduced: E ∥ zigzag edges gives zero interband accumulation by M_xT) — Haldane trivial and Chern ribbons, E_f = 0',
  model: `${TRIVIAL}; ${CHERN}`,
  async run(ctx) {
    const panels: VegaLiteSpec[] = [];
    const data: Record<string, unknown> = {};
    const headlines: Headline[] = [];
    for (const [i, [key, model, label]] of ([['trivial', TRIVIAL, 'trivial Δ = 0.5'], ['chern', CHERN, 'Chern Δ = 0']] as const).entries()) {
      const { r, loaded } = await ribbonOf(ctx, model);
      const kd = kData(ctx, r);
      const nb = kd.m[0]!.length;
      const valence = Array.from({ length: nb / 2 }, (_, n) => n);
      const p = parity(kd, valence);
      const base = { nk: NK_DENSITY, mu: 0, T: 100, backend: ctx.backend };
      const d = ribbonOmmDensity(r, { ...base, field: 'x' });
      const dy = ribbonOmmDensity(r, { ...base, field: 'y' });
      const y = d.rows.y;
      panels.push(perBandPanel(kd, kd.m, 'mₙₙ(k) (μ_B)', `(${i === 0 ? 'a' : 'c'}) valence mₙₙ(k), ${label}`, valence));
      const series: LineSeries[] = [
        { label: 'intraband, E ∥ x (∝ τ)', values: d.rows.intra.map((x) => x * FI) },
        { label: 'interband, E ∥ x (paper geometry: ≡ 0 by M_xT)', values: d.rows.inter.map((x) => x * FE) },
        { label: 'interband, E ∥ y (across; not in the paper)', values: dy.rows.inter.map((x) => x * FE), overlay: true },
      ];
      panels.push(ribbonProfileSpec({ position: y, quantity: 'δm per row / E', unit: 'μ_B/V', title: `(${i === 0 ? 'b' : 'd'}) OMM accumulation, ${label}`, width: 300, height: 240, series }));
      data[key] = {
        ...header(loaded),
        modelSpec: model,
        ka: kd.ka,
        moment: { unit: 'muB', values: kd.m, valenceBands: valence },
        position: y,
        positionUnit: 'Å',
        results: { 'omm-density': profileData(d, dy) },
      };
      headlines.push(
        { quantity: `${label}: interband accumulation E ∥ x, max |row| / E`, value: maxAbs(d.rows.inter) * FE, unit: 'muB/V', reference: 0, source: 'M_xT (paper 002 Fig. 3 shows a large value: not reproduced)' },
        { quantity: `${label}: interband accumulation E ∥ y, max |row| / E`, value: maxAbs(dy.rows.inter) * FE, unit: 'muB/V' },
        { quantity: `${label}: intraband accumulation (edge states), max |row| / E`, value: maxAbs(d.rows.intra) * FI, unit: 'muB/V' },
        { quantity: `${label}: valence max|m(k) − m(−k)| / max|m| (0 ⇔ inversion)`, value: p.even / p.scale, unit: '1' },
      );
      ctx.progress((i + 1) / 2);
    }
    return {
      spec: grid2(panels[0]!, panels[1]!, panels[2]!, panels[3]!, 'Paper 002 Fig. 3 as computed (φ = π/2, t₂ = 0.06, zigzag W = 20, E_f = 0, T = 100 K, τ = 10 fs): the paper\'s interband accumulation for E ∥ x is zero here (M_xT); dashed: E across'),
      data: {
        figure: 'paper 002 Fig. 3',
        reproduced: false,
        reason: 'the Haldane model keeps M_xT for every φ and Δ; for a zigzag ribbon (edges ∥ x) and E ∥ x it forces the interband (Eq. 58) accumulation to vanish at every site (docs/ribbon.md §6, §11). Shown instead: the computed zero, the intraband part, and the interband accumulation for E across the ribbon.',
        ribbon: { width: W, edges: 'zigzag', latticeConstant: A, nk: NK_DENSITY },
        mu: 0, T: 100, tau: TAU,
        panels: data,
      },
      headlines,
    };
  },
};
