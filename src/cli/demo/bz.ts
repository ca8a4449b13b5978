/** 2D Brillouin-zone helpers for maps: the Wigner–Seitz cell of the reciprocal lattice and a Cartesian grid over it. */
import type { Backend, BandBatch, Needs } from '../../backend/backend.js';
import type { CompiledModel } from '../../model/types.js';

type P = [number, number];

/** First Brillouin zone of a 2D lattice as a convex polygon (counter-clockwise vertices, Å⁻¹). */
export function brillouinZone2D(model: CompiledModel): P[] {
  const b = model.reciprocal;
  const b1: P = [b[0]!, b[1]!];
  const b2: P = [b[3]!, b[4]!];
  const R = 4 * Math.max(Math.hypot(...b1), Math.hypot(...b2));
  let poly: P[] = [[-R, -R], [R, -R], [R, R], [-R, R]];
  for (let i = -2; i <= 2; i++)
    for (let j = -2; j <= 2; j++) {
      if (i === 0 && j === 0) continue;
      const G: P = [i * b1[0] + j * b2[0], i * b1[1] + j * b2[1]];
      const g2 = (G[0] * G[0] + G[1] * G[1]) / 2;
      // keep k with k·G ≤ |G|²/2 (Sutherland–Hodgman against one half-plane)
      const inside = (p: P) => p[0] * G[0] + p[1] * G[1] <= g2 + 1e-12;
      const cut = (p: P, q: P): P => {
        const fp = p[0] * G[0] + p[1] * G[1] - g2;
        const fq = q[0] * G[0] + q[1] * G[1] - g2;
        const t = fp / (fp - fq);
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      };
      const out: P[] = [];
      for (let k = 0; k < poly.length; k++) {
        const p = poly[k]!;
        const q = poly[(k + 1) % poly.length]!;
        if (inside(p)) {
          out.push(p);
          if (!inside(q)) out.push(cut(p, q));
        } else if (inside(q)) out.push(cut(p, q));
      }
      poly = out;
    }
  return poly.map(([x, y]) => [Math.abs(x) < 1e-12 ? 0 : x, Math.abs(y) < 1e-12 ? 0 : y]);
}

/** Reduced → Cartesian (2D). */
export function toCartesian2D(model: CompiledModel, red: number[]): P {
  const b = model.reciprocal;
  return [red[0]! * b[0]! + red[1]! * b[3]!, red[0]! * b[1]! + red[1]! * b[4]!];
}

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
