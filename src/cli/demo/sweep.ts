/**
 * A demo figure from one compute() μ-sweep: `sweepFigure({...})` is all a new figure needs —
 * model, observable, field direction, μ range, display unit — and returns a DemoFigure plotting
 * the value (solid) and its named parts (dashed) against μ, with optional overlay curves
 * (closed forms, other readings) computed from μ.
 */
import type { LineSeries } from '../../plot/index.js';
import { firstT, observablePlot, type ComputeResultLike } from '../commands/compute.js';
import { header } from '../common.js';
import { fmt } from '../format.js';
import { integrateLib } from '../lib.js';
import type { DemoFigure, Headline } from './types.js';

export interface SweepFigureOptions {
  id: string;
  title: string;
  /** Built-in model spec. */
  model: string;
  observable: string;
  /** Field direction for field-driven observables. */
  E?: 'x' | 'y' | 'z';
  mu: { start: number; stop: number; n: number };
  T?: number;
  grid?: number[];
  /** Plot (and headline) unit: the result's unit or one of its conversions. */
  unit?: string;
  /** Overlay curves: label and value(μ) in `unit`. */
  overlays?: Array<{ label: string; f: (mu: number) => number | null }>;
  /** Headline values: the value at these μ (eV). */
  headlineAt?: number[];
}

export function sweepFigure(o: SweepFigureOptions): DemoFigure {
  return {
    id: o.id,
    title: o.title,
    model: o.model,
    async run(ctx) {
      const loaded = await ctx.model(o.model);
      const lib = await integrateLib('demo');
      const res = (await lib.compute({
        model: loaded.compiled,
        observables: [o.observable],
        grid: o.grid,
        mu: o.mu,
        T: o.T ?? 0,
        backend: ctx.backend,
        threads: 1,
        params: o.E ? { E: { x: 0, y: 1, z: 2 }[o.E] } : {},
        signal: ctx.signal,
        onProgress: (p: { fraction: number }) => ctx.progress(p.fraction),
      })) as ComputeResultLike;
      const r = res.results[o.observable]!;
      const unit = o.unit ?? r.unit;
      const f = unit === r.unit ? 1 : r.conversions[unit];
      if (f === undefined) throw new Error(`demo figure ${o.id}: ${o.observable} has no unit '${unit}' (have ${[r.unit, ...Object.keys(r.conversions)].join(', ')})`);
      const overlays: LineSeries[] = (o.overlays ?? []).map((ov) => ({ label: ov.label, values: r.mu.map(ov.f), overlay: true }));
      const spec = observablePlot(r, { unit, title: o.title, overlays });
      const v = firstT(r.values);
      const headlines: Headline[] = (o.headlineAt ?? []).map((mu) => {
        let i = 0;
        r.mu.forEach((m, j) => {
          if (Math.abs(m - mu) < Math.abs(r.mu[i]! - mu)) i = j;
        });
        return { quantity: `${o.observable}${o.E ? ` (E ∥ ${o.E})` : ''} ${r.components[0]} at μ = ${fmt(r.mu[i]!)} eV, ${loaded.compiled.name}`, value: v[i]![0]! * f, unit };
      });
      const data = { ...header(loaded, res.backend), grid: res.grid, T: res.T, mu: res.mu, E: o.E ?? null, results: { [o.observable]: r.toJSON() }, conversions: r.conversions, diagnostics: res.diagnostics };
      return { spec, data, headlines };
    },
  };
}
