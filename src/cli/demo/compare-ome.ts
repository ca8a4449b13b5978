/**
 * Demo figure: the orbital magneto-electric response K = ∂⟨(r×v)_z⟩/∂(eE_y) of the trivial 3-band
 * model against μ from paper 003 (χ^int), paper 004 (F tensor, corrected and as printed), paper 001
 * (Ξ total and the paper's own reading) and the exact ribbon oracle in the two gaps
 * (src/compare/ome.ts, `orbitronics compare-ome`).
 */
import { COLUMNS, K_TO_NM_PER_OHM, compareOmeData, type ColumnKey } from '../../compare/ome.js';
import { lineSpec, type LineSeries } from '../../plot/index.js';
import { header } from '../common.js';
import type { DemoFigure } from './types.js';

export const COMPARE_MODEL = 'three-band:M=-1.5,vt=0.5';
const MU = Array.from({ length: 36 }, (_, i) => -2.1 + (4.2 * i) / 35);
const GRID = [60, 60];
const WIDTHS = [6, 9, 12];
const NK = 24;

export const compareOmeFigure: DemoFigure = {
  id: 'compare-ome-three-band',
  title: 'Trivial 3-band model: orbital magneto-electric response from papers 001, 003, 004 and the exact ribbon oracle',
  model: COMPARE_MODEL,
  async run(ctx) {
    const loaded = await ctx.model(COMPARE_MODEL);
    const d = await compareOmeData(loaded.model, loaded.compiled, { E: 1, mu: MU, grid: GRID, widths: WIDTHS, nk: NK, backend: ctx.backend, signal: ctx.signal, onProgress: (f) => ctx.progress(f) });
    const series: LineSeries[] = [];
    for (const k of ['chiInt', 'xiTotal', 'exact', 'fPrinted', 'xiPaper'] as ColumnKey[]) series.push({ label: COLUMNS[k], values: d.columns[k], overlay: k !== 'chiInt' });
    // the oracle, one series per gap (contiguous runs of μ where it applies)
    const rib = d.columns.ribbon;
    for (let i = 0, gap = 0; i < MU.length; i++) {
      if (rib[i] === null || (i > 0 && rib[i - 1] !== null)) continue;
      let end = i;
      while (end < MU.length && rib[end] !== null) end++;
      series.push({ label: `exact ribbon oracle (gap ${++gap})`, values: rib.map((v, j) => (j >= i && j < end ? v : null)) });
    }
    const spec = lineSpec({
      x: MU,
      xTitle: 'μ (eV)',
      yTitle: 'K = ∂⟨(r×v)_z⟩/∂(eE_y) (Å)',
      series,
      points: true,
      title: `${COMPARE_MODEL}: OME by formalism (T = 0, ${GRID.join('×')} k; ribbon W = ${WIDTHS.join('/')}, ${NK} k)`,
    });
    const inGap = MU.map((_, i) => i).filter((i) => d.columns.ribbon[i] !== null);
    const worst = Math.max(...inGap.map((i) => Math.abs(d.columns.chiInt[i]! / d.columns.ribbon[i]! - 1)));
    const iGap = inGap[0] ?? 0;
    const data = {
      ...header(loaded, d.bulk.backend),
      E: 'y',
      mu: MU,
      T: 0,
      unit: d.unit,
      toNmPerOhm: K_TO_NM_PER_OHM,
      columns: Object.fromEntries((Object.keys(COLUMNS) as ColumnKey[]).map((k) => [k, { label: COLUMNS[k], values: d.columns[k] }])),
      oracle: d.oracle,
      ribbon: { widths: WIDTHS, nk: NK, convergence: d.ribbon.results.map((r) => r?.convergence ?? null) },
      grid: d.bulk.grid,
      notes: d.notes,
    };
    return {
      spec,
      data,
      headlines: [
        { quantity: `max |χ^int/ribbon − 1| over ${inGap.length} gap μ`, value: worst, unit: '1', reference: 0, source: 'exact ribbon oracle' },
        { quantity: `004 F as printed / χ^int at μ = ${MU[iGap]!.toFixed(3)} eV`, value: d.columns.fPrinted[iGap]! / d.columns.chiInt[iGap]!, unit: '1', reference: -1, source: 'paper-checks seed 004 item 3 (sign); not exactly −1 for 3 bands (index reading)' },
        { quantity: `001 paper reading / χ^int at μ = ${MU[iGap]!.toFixed(3)} eV`, value: d.columns.xiPaper[iGap]! / d.columns.chiInt[iGap]!, unit: '1' },
      ],
    };
  },
};
