/**
 * Demo figure: paper 003's intrinsic orbital magneto-electric susceptibility χ^int (T = 0) and
 * magnetothermal response α^int (T = 100 K) against μ for the bond-strained Haldane model (C₃ broken
 * by t₃ = 1.2t, M_xT kept: only the E ∥ ŷ / ∇T ∥ ŷ components survive), with the low-temperature
 * Mott form −(π²k_B²T/3e)∂_μχ^int as an overlay on α^int (derivative of the 100 K χ sweep).
 */
import { lineSpec, type LineSeries } from '../../plot/index.js';
import { mottAlpha } from '../../observables/alpha-int.js';
import { header } from '../common.js';
import { integrateLib } from '../lib.js';
import type { DemoFigure } from './types.js';

export const STRAINED_HALDANE = 'haldane:t=-1,t2=0.1,phi=pi/3,delta=0.6,strain=0.2';
const MU = { start: -3.2, stop: 3.2, n: 161 };
const GRID = [150, 150];
const T_ALPHA = 100;
/** μ in the gap where the ribbon oracle was run (docs/ribbon.md): K = 0.0046682 Å (Aitken-extrapolated slope). */
const MU_GAP = -0.15;
const RIBBON_K = 0.0046682;

interface ResultLike {
  mu: number[];
  grid: number[];
  backend: string;
  diagnostics: unknown;
  get(name: string): { unit: string; components: string[]; conversions: Record<string, number>; at(i: number, c?: number, t?: number): number; toJSON(): Record<string, unknown> };
}

export const paper003ChiAlpha: DemoFigure = {
  id: 'paper-003-chi-alpha',
  title: 'Strained Haldane model: intrinsic orbital magneto-electric χ^int and magnetothermal α^int against μ (paper 003)',
  model: STRAINED_HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(STRAINED_HALDANE);
    const lib = await integrateLib('demo');
    const res = (await lib.compute({
      model: loaded.compiled,
      observables: ['chi-int', 'alpha-int'],
      grid: GRID,
      mu: MU,
      T: [0, T_ALPHA],
      backend: ctx.backend,
      threads: 1,
      signal: ctx.signal,
      onProgress: (p: { fraction: number }) => ctx.progress(p.fraction),
    })) as unknown as ResultLike;
    const chi = res.get('chi-int'), alpha = res.get('alpha-int');
    const mu = res.mu;
    const y = 1; // zy: M_z per E_y (zx vanishes by M_xT)
    const chi0 = mu.map((_, i) => chi.at(i, y, 0));
    const chiT = mu.map((_, i) => chi.at(i, y, 1));
    const a = mu.map((_, i) => alpha.at(i, y, 1));
    // Mott (003 Eq. 13): α ≈ −(π²k_B²T/3e) ∂_μχ, ∂_μχ by central differences of the sweep at the same T
    // (the T = 0 sweep of a finite grid is a step function; at 100 K it is smooth; the difference is O(T²))
    const dmu = mu[1]! - mu[0]!;
    const mott = mu.map((_, i) => (i === 0 || i === mu.length - 1 ? null : mottAlpha((chiT[i + 1]! - chiT[i - 1]!) / (2 * dmu), T_ALPHA)));
    const maxZx = Math.max(...mu.map((_, i) => Math.abs(chi.at(i, 0, 0))));
    const chiSeries: LineSeries[] = [
      { label: 'χ^int_zy, T = 0', values: chi0 },
      { label: `χ^int_zy, T = ${T_ALPHA} K`, values: chiT, overlay: true },
    ];
    const alphaSeries: LineSeries[] = [
      { label: `α^int_zy, T = ${T_ALPHA} K`, values: a },
      { label: `Mott: −(π²k_B²T/3e) ∂_μχ^int (T = ${T_ALPHA} K)`, values: mott, overlay: true },
    ];
    const top = lineSpec({ x: mu, xTitle: 'μ (eV)', yTitle: `χ^int_zy (${chi.unit})`, series: chiSeries, height: 220 });
    const bottom = lineSpec({ x: mu, xTitle: 'μ (eV)', yTitle: `α^int_zy (${alpha.unit})`, series: alphaSeries, height: 220 });
    const strip = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema'));
    const spec = {
      $schema: top.$schema,
      title: `Strained Haldane (t₃ = 1.2t, Δ = 0.6, t₂ = 0.1, φ = π/3): paper 003 χ^int and α^int, ${GRID.join('×')} k-grid`,
      vconcat: [strip(top), strip(bottom)],
    };
    const iGap = mu.reduce((b, m, i) => (Math.abs(m - MU_GAP) < Math.abs(mu[b]! - MU_GAP) ? i : b), 0);
    const K = chi0[iGap]! * chi.conversions['Å per eE']!;
    const data = {
      ...header(loaded, res.backend),
      grid: res.grid,
      T: [0, T_ALPHA],
      mu,
      results: { 'chi-int': chi.toJSON(), 'alpha-int': alpha.toJSON() },
      conversions: { 'chi-int': chi.conversions, 'alpha-int': alpha.conversions },
      mott: { T: T_ALPHA, unit: alpha.unit, values: mott },
      diagnostics: res.diagnostics,
    };
    return {
      spec,
      data,
      headlines: [
        { quantity: `χ^int_zy at μ = ${mu[iGap]!.toFixed(2)} eV (gap) as K = ∂⟨(r×v)_z⟩/∂(eE_y)`, value: K, unit: 'Å', reference: RIBBON_K, source: 'exact ribbon oracle (docs/ribbon.md, Aitken-extrapolated)' },
        { quantity: `χ^int_zy at μ = ${mu[iGap]!.toFixed(2)} eV`, value: chi0[iGap]!, unit: chi.unit },
        { quantity: 'max |χ^int_zx| (forbidden by M_xT)', value: maxZx, unit: chi.unit, reference: 0 },
      ],
    };
  },
};
