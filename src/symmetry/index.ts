/**
 * Symmetry: operations, model checks, detection, allowed components, irreducible wedge (docs/symmetry.md).
 * @module
 */
export { type SymmetryOp, type OpInput, symmetryOp, orbitalMap, kMap, opName, pointName, fromLattice, toLattice, identityR, inversionR, rotationR, mirrorR } from './ops.js';
export { checkModel, hamiltonianAt, randomK, type SymmetryReport, type CheckOptions } from './check.js';
export { detectSymmetries, candidatePointOps, standardCandidates, closePointGroup, groupNames, type SymmetryAnalysis, type CandidateReport, type DetectOptions } from './detect.js';
export { allowedComponents, forbiddenComponents, characterSign, tensorRep, invariantBasis, type ComponentTable, type ComponentStatus, type PointPart, type AllowedOptions } from './tensor.js';
export { irreducibleWedge, wedgePoints, gridOps, reducedKMap, mapsGrid, type Wedge } from './wedge.js';
export { symmetryPlan, componentRep, type SymmetryOption, type SymmetryMode, type SymmetryDiagnostics, type SymmetryPlan } from './integrate.js';
export { PLANNED_CHARACTERS, type PlannedCharacter } from './characters.js';
export { symmetryTables, type SymmetryTables } from './report.js';
