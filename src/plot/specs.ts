/**
 * Vega-Lite spec builders for the package's figures. Every builder returns plain JSON (data
 * inline as `data.values`), so the same spec renders in Node (`renderSvg`) and in a browser
 * (`vegaEmbed(el, spec)`). Units go into the axis titles; the builders never convert units.
 */

/** A Vega-Lite v6 specification as plain JSON. */
export type VegaLiteSpec = { $schema: string } & Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const DEFAULT_WIDTH = 480;
const DEFAULT_HEIGHT = 320;

/** High-symmetry label for display: G/GAMMA → Γ; everything else unchanged. */
export function displayLabel(label: string): string {
  return /^(g|gamma|Γ)$/i.test(label) ? 'Γ' : label;
}

const finiteOrNull = (x: number | null | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

/** Vega expression mapping an axis tick value to the label of the nearest listed position. */
function tickLabelExpr(ticks: ReadonlyArray<{ label: string; distance: number }>): string {
  const span = ticks.length ? Math.max(...ticks.map((t) => Math.abs(t.distance))) : 1;
  const eps = 1e-6 * (span || 1);
  let expr = "''";
  for (let i = ticks.length - 1; i >= 0; i--) {
    const t = ticks[i]!;
    expr = `abs(datum.value - ${t.distance}) < ${eps} ? ${JSON.stringify(t.label)} : ${expr}`;
  }
  return expr;
}

export interface BandsPlotInput {
  /** Cumulative distance along the path (Å⁻¹), one per k-point. */
  distance: readonly number[];
  /** Energies [k][band] in eV. */
  energies: ReadonlyArray<ArrayLike<number>>;
  /** High-symmetry points: label (G is shown as Γ) and distance along the path. */
  ticks: ReadonlyArray<{ label: string; distance: number }>;
  /** Optional per-band, per-k colouring (e.g. Berry curvature in Å²): [k][band]. */
  color?: { title: string; values: ReadonlyArray<ArrayLike<number | null>> };
  /** Optional horizontal line (e.g. the chemical potential, eV). */
  mu?: number;
  title?: string;
  width?: number;
  height?: number;
}

/** Band structure along a k-path: energies vs path distance, vertical rules at the labelled points. */
export function bandsSpec(input: BandsPlotInput): VegaLiteSpec {
  const rows: Array<Record<string, number | null>> = [];
  const nk = input.distance.length;
  for (let i = 0; i < nk; i++) {
    const e = input.energies[i]!;
    for (let n = 0; n < e.length; n++) {
      const row: Record<string, number | null> = { s: input.distance[i]!, band: n, E: finiteOrNull(e[n]) };
      if (input.color) row.c = finiteOrNull(input.color.values[i]?.[n] ?? null);
      rows.push(row);
    }
  }
  const ticks = input.ticks.map((t) => ({ label: displayLabel(t.label), distance: t.distance }));
  const xmax = nk ? input.distance[nk - 1]! : 1;
  const x = {
    field: 's',
    type: 'quantitative',
    title: 'k-path',
    scale: { domain: [input.distance[0] ?? 0, xmax], nice: false, zero: false },
    axis: { values: ticks.map((t) => t.distance), labelExpr: tickLabelExpr(ticks), grid: false, labelFontSize: 13 },
  };
  const y = { field: 'E', type: 'quantitative', title: 'Energy (eV)', scale: { zero: false } };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: ticks },
      mark: { type: 'rule', color: '#bbbbbb', strokeWidth: 0.8 },
      encoding: { x: { field: 'distance', type: 'quantitative' } },
    },
    {
      mark: { type: 'line', strokeWidth: 1.6, color: input.color ? '#999999' : undefined },
      encoding: {
        x,
        y,
        detail: { field: 'band', type: 'nominal' },
        ...(input.color ? {} : { color: { field: 'band', type: 'nominal', title: 'band', legend: null } }),
      },
    },
  ];
  if (input.color) {
    layers.push({
      transform: [{ filter: 'isValid(datum.c)' }],
      mark: { type: 'circle', size: 14, opacity: 0.9, aria: false },
      encoding: {
        x,
        y,
        color: {
          field: 'c',
          type: 'quantitative',
          title: input.color.title,
          scale: { scheme: 'redblue', reverse: true, domainMid: 0 },
        },
      },
    });
  }
  if (input.mu !== undefined) {
    layers.push({
      data: { values: [{ mu: input.mu }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#444444' },
      encoding: { y: { field: 'mu', type: 'quantitative' } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(input.title ? { title: input.title } : {}),
    width: input.width ?? DEFAULT_WIDTH,
    height: input.height ?? DEFAULT_HEIGHT,
    data: { values: rows },
    layer: layers,
  };
}

/** Scientific tick labels for values whose magnitude a fixed-point label would hide (SI responses ~1e-14). */
export function axisFormat(values: ReadonlyArray<number>): { format: string } | undefined {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max > 0 && (max < 1e-3 || max >= 1e5) ? { format: '.2~e' } : undefined;
}

export interface LineSeries {
  /** Legend label, e.g. "xy", "moment", "paper 001 closed form". */
  label: string;
  /** y values, one per x (null or non-finite values are left out). */
  values: ReadonlyArray<number | null>;
  /** x values if different from the plot's shared x. */
  x?: ReadonlyArray<number>;
  /** Overlay curves (closed forms, reference data) are drawn dashed. */
  overlay?: boolean;
}

export interface LinePlotInput {
  x: ReadonlyArray<number>;
  xTitle: string;
  yTitle: string;
  series: ReadonlyArray<LineSeries>;
  title?: string;
  /** Optional vertical marker lines (e.g. band edges), with labels. */
  markers?: ReadonlyArray<{ x: number; label?: string }>;
  /** Draw points on computed series (useful for few samples). */
  points?: boolean;
  width?: number;
  height?: number;
}

/** Generic line plot: several labelled series (components, parts, overlays) against one x. */
export function lineSpec(input: LinePlotInput): VegaLiteSpec {
  const rows: Array<Record<string, unknown>> = [];
  for (const s of input.series) {
    const xs = s.x ?? input.x;
    for (let i = 0; i < xs.length; i++) {
      const y = finiteOrNull(s.values[i]);
      if (y === null) continue;
      rows.push({ x: xs[i], y, series: s.label, kind: s.overlay ? 'overlay' : 'computed' });
    }
  }
  const order = input.series.map((s) => s.label);
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', strokeWidth: 1.8, point: input.points ? { size: 18 } : false },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: input.xTitle, scale: { zero: false, nice: false } },
        y: { field: 'y', type: 'quantitative', title: input.yTitle, scale: { zero: false }, axis: axisFormat(rows.map((r) => r.y as number)) },
        // one legend entry per line below the plot: long labels (formulas, paper readings) stay readable
        color: { field: 'series', type: 'nominal', title: null, sort: order, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 560 } },
        strokeDash: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: ['computed', 'overlay'], range: [[1, 0], [6, 3]] },
          legend: null,
        },
        detail: { field: 'series', type: 'nominal' },
      },
    },
  ];
  if (input.markers?.length) {
    layers.unshift({
      data: { values: input.markers.map((m) => ({ x: m.x, label: m.label ?? '' })) },
      layer: [
        { mark: { type: 'rule', color: '#bbbbbb', strokeDash: [2, 2] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', dx: 3, dy: 8, baseline: 'top', fontSize: 10, color: '#666666' },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
        },
      ],
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(input.title ? { title: input.title } : {}),
    width: input.width ?? DEFAULT_WIDTH,
    height: input.height ?? DEFAULT_HEIGHT,
    data: { values: rows },
    layer: layers,
  };
}

export interface SweepPlotInput {
  /** Chemical potentials (eV). */
  mu: ReadonlyArray<number>;
  /** Observable title, e.g. "σ_xy". */
  quantity: string;
  /** Display unit string (DESIGN §4), e.g. "e^2/h". */
  unit: string;
  series: ReadonlyArray<LineSeries>;
  title?: string;
  markers?: LinePlotInput['markers'];
  width?: number;
  height?: number;
}

/** An observable against the chemical potential μ (components, named parts, optional overlays). */
export function sweepSpec(input: SweepPlotInput): VegaLiteSpec {
  return lineSpec({
    x: input.mu,
    xTitle: 'μ (eV)',
    yTitle: `${input.quantity} (${input.unit})`,
    series: input.series,
    title: input.title,
    markers: input.markers,
    width: input.width,
    height: input.height,
  });
}

export interface RibbonPlotInput {
  /** Transverse position of each cell/site (Å or cell index). */
  position: ReadonlyArray<number>;
  positionTitle?: string;
  quantity: string;
  unit: string;
  series: ReadonlyArray<LineSeries>;
  title?: string;
  width?: number;
  height?: number;
}

/** A ribbon profile: a quantity against the transverse position across the ribbon. */
export function ribbonProfileSpec(input: RibbonPlotInput): VegaLiteSpec {
  return lineSpec({
    x: input.position,
    xTitle: input.positionTitle ?? 'transverse position (Å)',
    yTitle: `${input.quantity} (${input.unit})`,
    series: input.series,
    title: input.title,
    points: input.position.length <= 60,
    width: input.width,
    height: input.height,
  });
}

export interface HeatmapInput {
  /** Cell centres along x (e.g. k_x in Å⁻¹), ascending and equally spaced. */
  x: ReadonlyArray<number>;
  /** Cell centres along y, ascending and equally spaced. */
  y: ReadonlyArray<number>;
  /** values[iy][ix]; null or non-finite cells are left blank. */
  values: ReadonlyArray<ArrayLike<number | null>>;
  xTitle: string;
  yTitle: string;
  /** Colour legend title with unit, e.g. "Ω_z (Å^2)". */
  colorTitle: string;
  title?: string;
  /** A closed polygon drawn on top (e.g. the first Brillouin zone), in the same coordinates. */
  boundary?: ReadonlyArray<readonly [number, number]>;
  /** Labelled points (e.g. Γ, K, K′, M). */
  points?: ReadonlyArray<{ label: string; x: number; y: number }>;
  /** Diverging colour scale centred on 0 (default true). */
  diverging?: boolean;
  /** Plot side length in pixels (the plot keeps the aspect ratio of the data). */
  size?: number;
}

/** Heat map of a per-k quantity on a rectangular grid (e.g. Berry curvature over the BZ). */
export function heatmapSpec(input: HeatmapInput): VegaLiteSpec {
  const nx = input.x.length;
  const ny = input.y.length;
  const dx = nx > 1 ? (input.x[nx - 1]! - input.x[0]!) / (nx - 1) : 1;
  const dy = ny > 1 ? (input.y[ny - 1]! - input.y[0]!) / (ny - 1) : 1;
  const r = (v: number) => Number(v.toPrecision(7));
  const rows: Array<Record<string, number>> = [];
  for (let iy = 0; iy < ny; iy++)
    for (let ix = 0; ix < nx; ix++) {
      const v = finiteOrNull(input.values[iy]?.[ix] ?? null);
      if (v === null) continue;
      const x = input.x[ix]!;
      const y = input.y[iy]!;
      rows.push({ x0: r(x - dx / 2), x1: r(x + dx / 2), y0: r(y - dy / 2), y1: r(y + dy / 2), v: r(v) });
    }
  const xDomain = [input.x[0]! - dx / 2, input.x[nx - 1]! + dx / 2];
  const yDomain = [input.y[0]! - dy / 2, input.y[ny - 1]! + dy / 2];
  const side = input.size ?? 360;
  const spanX = xDomain[1]! - xDomain[0]!;
  const spanY = yDomain[1]! - yDomain[0]!;
  const width = spanX >= spanY ? side : Math.round((side * spanX) / spanY);
  const height = spanY >= spanX ? side : Math.round((side * spanY) / spanX);
  const xs = { type: 'quantitative', title: input.xTitle, scale: { domain: xDomain, nice: false, zero: false } };
  const ys = { type: 'quantitative', title: input.yTitle, scale: { domain: yDomain, nice: false, zero: false } };
  const diverging = input.diverging ?? true;
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rect', strokeWidth: 0, aria: false },
      encoding: {
        x: { field: 'x0', ...xs },
        x2: { field: 'x1' },
        y: { field: 'y0', ...ys },
        y2: { field: 'y1' },
        color: {
          field: 'v',
          type: 'quantitative',
          title: input.colorTitle,
          scale: diverging ? { scheme: 'redblue', reverse: true, domainMid: 0 } : { scheme: 'viridis' },
        },
      },
    },
  ];
  if (input.boundary?.length) {
    const b = [...input.boundary, input.boundary[0]!].map(([x, y], i) => ({ bx: x, by: y, i }));
    layers.push({
      data: { values: b },
      mark: { type: 'line', color: '#222222', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'bx', type: 'quantitative' },
        y: { field: 'by', type: 'quantitative' },
        order: { field: 'i', type: 'quantitative' },
      },
    });
  }
  if (input.points?.length) {
    const p = input.points.map((q) => ({ px: q.x, py: q.y, label: displayLabel(q.label) }));
    layers.push({
      data: { values: p },
      layer: [
        { mark: { type: 'point', filled: true, color: '#111111', size: 20 }, encoding: { x: { field: 'px', type: 'quantitative' }, y: { field: 'py', type: 'quantitative' } } },
        {
          mark: { type: 'text', dx: 7, dy: -7, fontSize: 12, fontWeight: 'bold', color: '#111111' },
          encoding: { x: { field: 'px', type: 'quantitative' }, y: { field: 'py', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(input.title ? { title: input.title } : {}),
    width,
    height,
    data: { values: rows },
    layer: layers,
  };
}
