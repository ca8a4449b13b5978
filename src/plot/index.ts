/** Plots: Vega-Lite spec builders (plain JSON, browser-ready) and SVG rendering in Node. */
export {
  VEGA_LITE_SCHEMA,
  bandsSpec,
  displayLabel,
  heatmapSpec,
  lineSpec,
  ribbonProfileSpec,
  sweepSpec,
  type BandsPlotInput,
  type HeatmapInput,
  type LinePlotInput,
  type LineSeries,
  type RibbonPlotInput,
  type SweepPlotInput,
  type VegaLiteSpec,
} from './specs.js';
export { compactSvg, renderSvg } from './render.js';
