export type { KPointBatch, KSampling, KSamplingSpec } from './types.js';
export { monkhorstPack, fromSpec, kList, checkGrid, DEFAULT_TB_GRID } from './grid.js';
export { polarGrid, kpScale, DEFAULT_KP_GRID, type EnergyFn, type PolarOptions } from './polar.js';
export { kPath, highSymmetryPoints, type KPath, type PathPoint } from './path.js';
export { gaussLegendre } from './gauss.js';
export { brillouinZone2D, toCartesian2D, type Point2D } from './bz.js';
