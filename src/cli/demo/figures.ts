/**
 * The demo figures, in order. To add one: write a DemoFigure (see types.ts; haldane-geometry.ts
 * is an example) and add it here. `orbitronics demo` writes <id>.svg and <id>.json for each and
 * prints the headline numbers.
 */
import { haldaneBands, haldaneBerryCurvatureMap, haldaneOrbitalMomentMap } from './haldane-geometry.js';
import { haldaneAhc, haldaneOrbitalMagnetization } from './haldane-responses.js';
import { grapheneRibbonOmmDensity } from './ribbon-omm.js';
import { paper001Fig1, paper001Fig2, paper001Fig3 } from './paper-001-figures.js';
import { paper000Fig1, paper000Fig2 } from './paper-000-figures.js';
import { paper003ChiAlpha } from './paper-003.js';
import { compareOmeFigure } from './compare-ome.js';
import { paper002Fig1, paper002Fig2, paper002Fig3 } from './paper-002-figures.js';
import type { DemoFigure } from './types.js';

export const DEMO_FIGURES: DemoFigure[] = [
  haldaneBands,
  haldaneBerryCurvatureMap,
  haldaneOrbitalMomentMap,
  haldaneAhc,
  haldaneOrbitalMagnetization,
  grapheneRibbonOmmDensity,
  paper001Fig1, paper001Fig2, paper001Fig3, paper000Fig1, paper000Fig2,
  paper003ChiAlpha, compareOmeFigure,
  paper002Fig1, paper002Fig2, paper002Fig3,
];
