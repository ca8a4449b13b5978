/**
 * Demo figures: anomalous Hall conductivity and orbital magnetisation of the Haldane model against
 * μ (src/integrate compute()), with the quantised plateau −C e²/h and the Streda slope
 * ∂M/∂μ = (e/h)C in the gap as overlays.
 */
import { E2_OVER_H_S } from '../../units/factors.js';
import { firstT, observablePlot, type ComputeResultLike } from '../commands/compute.js';
import { header } from '../common.js';
import { integrateLib } from '../lib.js';
import { HALDANE } from './haldane-geometry.js';
import type { DemoContext, DemoFigure } from './types.js';

const MU = { start: -3.5, stop: 3.5, n: 281 };
const GRID = [300, 300];

async function haldaneSweep(ctx: DemoContext): Promise<{ res: ComputeResultLike; gap: [number, number] }> {
  return ctx.memo('haldane-sweep', async () => {
    const lib = await integrateLib('demo');
    const loaded = await ctx.model(HALDANE);
    const res = (await lib.compute({
      model: loaded.compiled,
      observables: ['ahc', 'orbital-magnetization', 'chern'],
      grid: GRID,
      mu: MU,
      T: 0,
      backend: ctx.backend,
      threads: 1,
      signal: ctx.signal,
      onProgress: (p: { fraction: number }) => ctx.progress(p.fraction),
    })) as ComputeResultLike;
    // band edges from a coarse grid (for the overlays)
    const c = loaded.compiled;
    const N = 90;
    let vbm = -Infinity;
    let cbm = Infinity;
    const k = new Float64Array(3 * N * N);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++)
        for (let a = 0; a < 3; a++) k[3 * (i * N + j) + a] = (i / N) * c.reciprocal[a]! + (j / N) * c.reciprocal[3 + a]!;
    const b = ctx.backend.evaluate(c, { nk: N * N, k }, {});
    for (let q = 0; q < N * N; q++) {
      vbm = Math.max(vbm, b.energies[2 * q]!);
      cbm = Math.min(cbm, b.energies[2 * q + 1]!);
    }
    return { res, gap: [vbm, cbm] as [number, number] };
  });
}

/** Index of the μ nearest to `mu`. */
const nearest = (res: ComputeResultLike, mu: number): number => {
  let best = 0;
  res.mu.forEach((m, i) => {
    if (Math.abs(m - mu) < Math.abs(res.mu[best]! - mu)) best = i;
  });
  return best;
};
const at = (res: ComputeResultLike, name: string, mu: number, c = 0): number => firstT(res.results[name]!.values)[nearest(res, mu)]![c]!;

export const haldaneAhc: DemoFigure = {
  id: 'haldane-ahc',
  title: 'Haldane model: anomalous Hall conductivity σ_xy against μ',
  model: HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(HALDANE);
    const { res, gap } = await haldaneSweep(ctx);
    const ahc = res.results.ahc!;
    const chern = res.results.chern!;
    const C = chern.bands?.[0]?.[0] ?? NaN;
    const inGap = ahc.mu.map((m) => (m > gap[0] && m < gap[1] ? -C : null));
    const spec = observablePlot(ahc, {
      unit: 'e^2/h',
      title: 'Haldane model: σ_xy(μ), T = 0, 300×300 k-grid',
      overlays: [{ label: `−C e²/h in the gap (C = ${Math.round(C)})`, values: inGap, overlay: true }],
    });
    const data = { ...header(loaded, res.backend), grid: res.grid, T: res.T, mu: res.mu, gap: { vbm: gap[0], cbm: gap[1], unit: 'eV' }, results: { ahc: ahc.toJSON(), chern: chern.toJSON() }, diagnostics: res.diagnostics };
    const mid = (gap[0] + gap[1]) / 2;
    return {
      spec,
      data,
      headlines: [
        { quantity: 'σ_xy in the gap (μ = 0)', value: at(res, 'ahc', mid) * ahc.conversions['e^2/h']!, unit: 'e^2/h', reference: 1, source: 'DESIGN §4' },
        { quantity: 'σ_xy in the gap (μ = 0)', value: at(res, 'ahc', mid), unit: 'S', reference: E2_OVER_H_S },
      ],
    };
  },
};

export const haldaneOrbitalMagnetization: DemoFigure = {
  id: 'haldane-orbital-magnetization',
  title: 'Haldane model: orbital magnetisation M_z against μ (moment and Berry parts)',
  model: HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(HALDANE);
    const { res, gap } = await haldaneSweep(ctx);
    const M = res.results['orbital-magnetization']!;
    const C = res.results.chern!.bands?.[0]?.[0] ?? NaN;
    const mid = (gap[0] + gap[1]) / 2;
    const M0 = at(res, 'orbital-magnetization', mid);
    const toA = M.conversions.A!;
    // Streda: ∂M/∂μ = (e/h) C → in A per eV of μ: C·e²/h [S]; back to μ_B/cell via the A conversion
    const streda = M.mu.map((m) => (m > gap[0] && m < gap[1] ? M0 + (Math.round(C) * E2_OVER_H_S * (m - mid)) / toA : null));
    const spec = observablePlot(M, {
      title: 'Haldane model: orbital magnetisation M_z(μ), T = 0, 300×300 k-grid',
      overlays: [{ label: 'Streda ∂M/∂μ = (e/h)C in the gap', values: streda, overlay: true }],
    });
    const i0 = nearest(res, gap[0] + 0.05);
    const i1 = nearest(res, gap[1] - 0.05);
    const v = firstT(M.values);
    const slope = (v[i1]![0]! - v[i0]![0]!) / (res.mu[i1]! - res.mu[i0]!);
    const data = { ...header(loaded, res.backend), grid: res.grid, T: res.T, mu: res.mu, gap: { vbm: gap[0], cbm: gap[1], unit: 'eV' }, results: { 'orbital-magnetization': M.toJSON() }, conversions: M.conversions, diagnostics: res.diagnostics };
    return {
      spec,
      data,
      headlines: [
        { quantity: 'M_z at mid-gap', value: M0, unit: 'muB/cell' },
        { quantity: 'Streda: (∂M_z/∂μ)/(e/h) in the gap', value: (slope * toA) / E2_OVER_H_S, unit: '1', reference: Math.round(C), source: 'Chern number C' },
      ],
    };
  },
};
