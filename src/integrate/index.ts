export { compute, computePartial, mergePartials, muList, parseShard, DEFAULT_BATCH_SIZE, DEFAULT_SURFACE_SMEARING, type ComputeOptions, type ComputeProgress, type ShardSpec } from './compute.js';
export type { PartialResult } from './partial.js';
export { sea, surface, grand, entropy, fermi, occupationAt, resolveOccupation, OCCUPATIONS, type Occupation, type OccupationName } from './occupations.js';
export { WINDOW, DEFAULT_BINS_PER_KT, MAX_FINE_BINS } from './histogram.js';
export { terminateWorkers } from './pool.js';
