/** A Cartesian grid of per-k quantities over a 2D Brillouin zone (the zone itself: src/kspace/bz.ts). */
import type { Backend, BandBatch, Needs } from '../../backend/backend.js';
import type { CompiledModel } from '../../model/types.js';
export { brillouinZone2D, toCartesian2D } from '../../kspace/bz.js';

export interface GridMap {
  x: number[];
  y: number[];
  /** values[band][iy][ix] per requested field. */
  fields: Record<string, number[][][]>;
}

/**
 * Evaluates the backend on an n×n Cartesian grid covering `box` (margin included) and extracts
 * per-band fields (each extractor gets the batch, the k index in the batch and the band).
 */
export function evaluateMap(
  model: CompiledModel,
  backend: Backend,
  box: { x0: number; x1: number; y0: number; y1: number },
  n: number,
  needs: Needs,
  extract: Record<string, (b: BandBatch, i: number, band: number) => number | null>,
  progress?: (f: number) => void,
): GridMap {
  const nx = n;
  const ny = Math.max(2, Math.round((n * (box.y1 - box.y0)) / (box.x1 - box.x0)));
  const x = Array.from({ length: nx }, (_, i) => box.x0 + ((box.x1 - box.x0) * i) / (nx - 1));
  const y = Array.from({ length: ny }, (_, i) => box.y0 + ((box.y1 - box.y0) * i) / (ny - 1));
  const fields: Record<string, number[][][]> = {};
  for (const f of Object.keys(extract)) fields[f] = Array.from({ length: model.nb }, () => Array.from({ length: ny }, () => new Array<number>(nx).fill(NaN)));
  const k = new Float64Array(3 * nx);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      k[3 * ix] = x[ix]!;
      k[3 * ix + 1] = y[iy]!;
      k[3 * ix + 2] = 0;
    }
    const b = backend.evaluate(model, { nk: nx, k }, needs);
    for (const [f, fn] of Object.entries(extract))
      for (let band = 0; band < model.nb; band++) {
        const row = fields[f]![band]![iy]!;
        for (let ix = 0; ix < nx; ix++) row[ix] = fn(b, ix, band) ?? NaN;
      }
    progress?.((iy + 1) / ny);
  }
  return { x, y, fields };
}
