/**
 * Node-side rendering of the specs to SVG: Vega-Lite → Vega (compile) → a headless View
 * (renderer 'none') → `toSVG()`. No canvas and no browser needed; text widths are estimated.
 */
import type { VegaLiteSpec } from './specs.js';

/** Renders a Vega-Lite (or, if `$schema` says so, a Vega) spec to an SVG string. */
export async function renderSvg(spec: VegaLiteSpec | Record<string, unknown>): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  const isVega = /\/schema\/vega\/v\d/.test(schema);
  const vgSpec = isVega ? spec : vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(vgSpec as never), { renderer: 'none' });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Rounds path data and transforms to 0.01 px (the renderer writes 15 digits), shrinking large plots ~2×. */
export function compactSvg(svg: string): string {
  const round = (m: string) => m.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (x) => String(Math.round(Number(x) * 100) / 100));
  return svg.replace(/ (d|transform|points)="([^"]*)"/g, (_all, attr: string, v: string) => ` ${attr}="${round(v)}"`);
}
