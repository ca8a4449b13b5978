/**
 * The demo is a list of figures (figures.ts). A figure computes something on a built-in model and
 * returns a Vega-Lite spec, the data behind it (written as JSON) and headline numbers with units.
 * Adding a figure = one entry in DEMO_FIGURES.
 */
import type { Backend } from '../../backend/backend.js';
import type { VegaLiteSpec } from '../../plot/index.js';
import type { LoadedModel } from '../lib.js';

export interface Headline {
  /** What, e.g. "Ω_z at K, lower band". */
  quantity: string;
  value: number;
  unit: string;
  /** Reference value (paper, PythTB calibration, quantised value), if there is one. */
  reference?: number;
  /** Where the reference comes from. */
  source?: string;
}

export interface DemoContext {
  backend: Backend;
  /** Loads (and caches) a model spec, e.g. 'haldane'. */
  model(spec: string): Promise<LoadedModel>;
  /** Progress of the current figure in [0, 1] (drives the progress bar). */
  progress(fraction: number): void;
  signal?: AbortSignal;
  /** Shares one computation between figures of a run (e.g. one compute() for σ_xy and M). */
  memo<T>(key: string, f: () => Promise<T>): Promise<T>;
}

export interface DemoFigureResult {
  spec: VegaLiteSpec;
  /** The numbers behind the figure (JSON, units named). */
  data: Record<string, unknown>;
  headlines?: Headline[];
}

export interface DemoFigure {
  /** File stem: <out>/<id>.svg and <out>/<id>.json. */
  id: string;
  title: string;
  /** Model spec used (written into the JSON). */
  model: string;
  /** Returns null (with a reason) when a library it needs is not in this build. */
  run(ctx: DemoContext): Promise<DemoFigureResult | { skipped: string }>;
}
