/** The first Brillouin zone of a 2D lattice (Wigner–Seitz cell of the reciprocal lattice), for maps and plots. */
import type { CompiledModel } from '../model/types.js';

export type Point2D = [number, number];
type P = Point2D;

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
