/**
 * Demo figure: orbital-moment accumulation at the edges of a zigzag ribbon of gapped graphene
 * (time-reversal invariant, metallic at μ = 1.5 eV) under a field along the ribbon (paper 002
 * Eqs. 55–58; src/ribbon ribbonOmmDensity). The interband part vanishes by time reversal; the
 * intraband (Boltzmann, ∝ τ) part is odd in y: opposite moments pile up at the two edges.
 */
import { makeRibbon, ribbonMeta, ribbonOmmDensity } from '../../ribbon/index.js';
import { ribbonProfileSpec } from '../../plot/index.js';
import { HBAR_EV_S } from '../../units/constants.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import { header } from '../common.js';
import type { DemoFigure } from './types.js';

const MODEL = 'gapped-graphene:t=-1,delta=0.2';
const WIDTH = 12;
const TAU = 1e-14; // s
const OPTS = { nk: 96, mu: 1.5, T: 300, field: 'x' as const };

export const grapheneRibbonOmmDensity: DemoFigure = {
  id: 'gapped-graphene-ribbon-omm-density',
  title: 'Gapped graphene: orbital-moment accumulation across a zigzag ribbon, field along the ribbon',
  model: MODEL,
  async run(ctx) {
    const loaded = await ctx.model(MODEL);
    if (loaded.model.kind !== 'tight-binding') throw new Error('unreachable');
    const r = makeRibbon(loaded.model, { along: 0, width: WIDTH });
    const meta = ribbonMeta(r);
    const d = ribbonOmmDensity(r, OPTS);
    ctx.progress(1);
    // intra is per unit eEτ/ħ: × τ/ħ → per unit eE (Å²); × ORBITAL_MOMENT_TO_MUB → μ_B per unit length per (V/Å) = μ_B/V
    const f = (TAU / HBAR_EV_S) * ORBITAL_MOMENT_TO_MUB;
    const g = ORBITAL_MOMENT_TO_MUB;
    const total = d.rows.y.map((_, i) => d.rows.inter[i]! * g + d.rows.intra[i]! * f);
    const series = [
      { label: 'total', values: total },
      { label: 'inter (Fermi sea)', values: d.rows.inter.map((x) => x * g), overlay: true },
      ...(d.symmetric ? [{ label: 'symmetric part', values: d.symmetric.intra.map((x, i) => x * f + d.symmetric!.inter[i]! * g), overlay: true }] : []),
    ];
    const spec = ribbonProfileSpec({
      position: d.rows.y,
      quantity: 'δm per row / E',
      unit: 'muB/V',
      series,
      title: `Gapped graphene (Δ = 0.2 eV) zigzag ribbon, ${WIDTH} cells: OMM accumulation, μ = ${OPTS.mu} eV, T = ${OPTS.T} K, τ = 10 fs, E ∥ ribbon`,
    });
    const col = (a: number[]) => a.map((x) => [x]);
    const data = {
      ...header(loaded),
      ribbon: { width: WIDTH, along: 0, edges: 'zigzag', physicalWidth: meta.physicalWidth, orbitals: d.y.length, nk: OPTS.nk },
      mu: OPTS.mu,
      T: OPTS.T,
      tau: TAU,
      field: { direction: 'x', perUnit: 'E (V/Å), per unit ribbon length (Å)' },
      position: d.rows.y,
      positionUnit: 'Å',
      results: {
        'omm-density': {
          unit: 'muB/V',
          components: ['z'],
          layout: 'values[row][component], rows of equal y (position)',
          values: col(total),
          parts: {
            inter: col(d.rows.inter.map((x) => x * g)),
            intra: col(d.rows.intra.map((x) => x * f)),
            ...(d.symmetric
              ? {
                  symmetric: col(d.symmetric.inter.map((x, i) => x * g + d.symmetric!.intra[i]! * f)),
                  antisymmetric: col(d.antisymmetric!.inter.map((x, i) => x * g + d.antisymmetric!.intra[i]! * f)),
                }
              : {}),
          },
        },
      },
    };
    const edge = total[total.length - 1]!;
    return {
      spec,
      data,
      headlines: [
        { quantity: 'OMM accumulation at the upper edge row / E', value: edge, unit: 'muB/V' },
        { quantity: 'OMM accumulation, sum over the ribbon / E', value: d.total.inter * g + d.total.intra * f, unit: 'muB/V', reference: 0, source: 'no net moment' },
        { quantity: 'interband part, max |row| / E', value: Math.max(...d.rows.inter.map((x) => Math.abs(x * g))), unit: 'muB/V', reference: 0, source: 'time reversal' },
      ],
    };
  },
};
