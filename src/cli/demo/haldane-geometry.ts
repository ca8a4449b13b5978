/**
 * Demo figures: band geometry of the Haldane model (PythTB calibration parameters, DESIGN §4):
 * bands along Γ–K–M–Γ coloured by Berry curvature, and maps of Ω_z and m_z of the lower band over
 * the Brillouin zone.
 */
import type { BandBatch } from '../../backend/backend.js';
import { heatmapSpec } from '../../plot/index.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import type { CompiledModel } from '../../model/types.js';
import { bandsDocument, bandsPlot, computeBands } from '../commands/bands.js';
import { header } from '../common.js';
import { highSymmetryPoints, type LoadedModel } from '../lib.js';
import { brillouinZone2D, evaluateMap, toCartesian2D } from './bz.js';
import type { DemoContext, DemoFigure, Headline } from './types.js';

export const HALDANE = 'haldane:t=-1,t2=0.15,phi=pi/2,delta=0.2';

/** Ω_z (Å²) and m_z (μ_B) of every band at a reduced k-point. */
function geometryAt(ctx: DemoContext, c: CompiledModel, red: number[]): { E: number[]; omega: number[]; m: number[] } {
  const [kx, ky] = toCartesian2D(c, red);
  const b = ctx.backend.evaluate(c, { nk: 1, k: Float64Array.of(kx, ky, 0) }, { geometry: true });
  return {
    E: Array.from(b.energies),
    omega: Array.from(b.berryCurvature!),
    m: Array.from(b.orbitalMoment!, (x) => x * ORBITAL_MOMENT_TO_MUB),
  };
}

/** Chern number of every band: (1/2π) Σₖ Ωₙ(k) A_BZ/N² on an N×N Monkhorst–Pack grid. */
export function chernNumbers(ctx: DemoContext, c: CompiledModel, N: number): number[] {
  const b = c.reciprocal;
  const area = Math.abs(b[0]! * b[4]! - b[1]! * b[3]!);
  const sums = new Array<number>(c.nb).fill(0);
  const k = new Float64Array(3 * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const [kx, ky] = toCartesian2D(c, [(i + 0.5) / N, (j + 0.5) / N]);
      k[3 * j] = kx;
      k[3 * j + 1] = ky;
    }
    const r = ctx.backend.evaluate(c, { nk: N, k }, { geometry: true });
    for (let j = 0; j < N; j++) for (let n = 0; n < c.nb; n++) sums[n]! += r.berryCurvature![j * c.nb + n]!;
  }
  return sums.map((s) => (s * area) / (N * N) / (2 * Math.PI));
}

async function mapFigure(
  ctx: DemoContext,
  loaded: LoadedModel,
  field: 'berry-curvature' | 'orbital-moment',
  band: number,
): Promise<{ spec: ReturnType<typeof heatmapSpec>; data: Record<string, unknown>; points: Record<string, [number, number]> }> {
  const c = loaded.compiled;
  const bz = brillouinZone2D(c);
  const xs = bz.map((p) => p[0]);
  const ys = bz.map((p) => p[1]);
  const pad = 0.04 * (Math.max(...xs) - Math.min(...xs));
  const box = { x0: Math.min(...xs) - pad, x1: Math.max(...xs) + pad, y0: Math.min(...ys) - pad, y1: Math.max(...ys) + pad };
  const extract =
    field === 'berry-curvature'
      ? { v: (b: BandBatch, i: number, n: number) => b.berryCurvature![i * c.nb + n]! }
      : { v: (b: BandBatch, i: number, n: number) => b.orbitalMoment![i * c.nb + n]! * ORBITAL_MOMENT_TO_MUB };
  const map = evaluateMap(c, ctx.backend, box, 81, { geometry: true }, extract, ctx.progress);
  const named = await highSymmetryPoints(c);
  const points: Record<string, [number, number]> = {};
  for (const [label, red] of Object.entries(named)) points[label] = toCartesian2D(c, red);
  const sym = field === 'berry-curvature' ? 'Ω_z' : 'm_z';
  const unit = field === 'berry-curvature' ? 'Å^2' : 'muB';
  const spec = heatmapSpec({
    x: map.x,
    y: map.y,
    values: map.fields.v![band]!,
    xTitle: 'k_x (Å^-1)',
    yTitle: 'k_y (Å^-1)',
    colorTitle: `${sym} (${unit})`,
    title: `${c.name}: ${field === 'berry-curvature' ? 'Berry curvature' : 'orbital moment'} ${sym} of band ${band} (lower band)`,
    boundary: bz,
    points: Object.entries(points).map(([label, [x, y]]) => ({ label, x, y })),
  });
  const data = {
    ...header(loaded, ctx.backend.name),
    quantity: field,
    band,
    unit,
    components: ['z'],
    grid: [map.x.length, map.y.length],
    kx: map.x,
    ky: map.y,
    kUnit: 'Å^-1',
    layout: 'values[band][iy][ix] (z component)',
    values: map.fields.v,
    brillouinZone: bz,
    highSymmetryPoints: points,
  };
  return { spec, data, points };
}

export const haldaneBands: DemoFigure = {
  id: 'haldane-bands',
  title: 'Haldane model: bands along Γ–K–M–Γ coloured by Berry curvature',
  model: HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(HALDANE);
    const d = await computeBands(loaded, ctx.backend, 'G-K-M-G', 241, 'berry-curvature');
    ctx.progress(1);
    const iK = d.ticks.find((t) => t.label === 'K')!.index;
    const gapK = d.energies[iK]![1]! - d.energies[iK]![0]!;
    let gap = Infinity;
    for (const e of d.energies) gap = Math.min(gap, e[1]! - e[0]!);
    const headlines: Headline[] = [
      { quantity: 'direct gap at K', value: gapK, unit: 'eV', reference: 2 * Math.abs(0.2 - 3 * Math.sqrt(3) * 0.15), source: '2|Δ − 3√3 t₂ sin φ|' },
      { quantity: 'smallest direct gap on Γ–K–M–Γ', value: gap, unit: 'eV' },
    ];
    return { spec: bandsPlot(d, 'Haldane model (t = −1, t₂ = 0.15 eV, φ = π/2, Δ = 0.2 eV): bands, coloured by Ω_z'), data: bandsDocument(d), headlines };
  },
};

export const haldaneBerryCurvatureMap: DemoFigure = {
  id: 'haldane-berry-curvature-map',
  title: 'Haldane model: Berry curvature Ω_z of the lower band over the Brillouin zone',
  model: HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(HALDANE);
    const { spec, data } = await mapFigure(ctx, loaded, 'berry-curvature', 0);
    const named = await highSymmetryPoints(loaded.compiled);
    const atK = geometryAt(ctx, loaded.compiled, named.K!);
    const chern = chernNumbers(ctx, loaded.compiled, 120);
    data.atK = { k: named.K, kUnit: 'reduced', energies: atK.E, 'berry-curvature': atK.omega, unit: 'Å^2' };
    data.chern = { values: chern, grid: [120, 120], method: '(1/2π) Σ_k Ω_n(k) ΔA on a Monkhorst–Pack grid' };
    return {
      spec,
      data,
      headlines: [
        { quantity: 'Ω_z at K, lower band', value: atK.omega[0]!, unit: 'Å^2', reference: -1.117, source: 'PythTB Haldane example (DESIGN §4)' },
        { quantity: 'Chern number, lower band', value: chern[0]!, unit: '1', reference: -1, source: 'DESIGN §4' },
      ],
    };
  },
};

export const haldaneOrbitalMomentMap: DemoFigure = {
  id: 'haldane-orbital-moment-map',
  title: 'Haldane model: orbital moment m_z of the lower band over the Brillouin zone',
  model: HALDANE,
  async run(ctx) {
    const loaded = await ctx.model(HALDANE);
    const { spec, data } = await mapFigure(ctx, loaded, 'orbital-moment', 0);
    const named = await highSymmetryPoints(loaded.compiled);
    const atK = geometryAt(ctx, loaded.compiled, named.K!);
    const atKp = geometryAt(ctx, loaded.compiled, named["K'"]!);
    data.atK = { k: named.K, kUnit: 'reduced', energies: atK.E, 'orbital-moment': atK.m, unit: 'muB' };
    return {
      spec,
      data,
      headlines: [
        { quantity: 'm_z at K, lower band', value: atK.m[0]!, unit: 'muB', reference: 0.17, source: 'PythTB Haldane example (DESIGN §4)' },
        { quantity: "m_z at K', lower band", value: atKp.m[0]!, unit: 'muB' },
      ],
    };
  },
};
