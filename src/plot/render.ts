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
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
