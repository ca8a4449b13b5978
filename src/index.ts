/** orbitronics: quantum geometry and orbital responses of Bloch electrons. Public API. */
export * from './errors.js';
export * from './model/index.js';
export * from './backend/backend.js';
export { createBackend, availableBackends, type BackendChoice } from './backend/select.js';
export { createTsBackend, eigh } from './backend/ts/index.js';
export * from './kspace/index.js';
export * from './integrate/index.js';
export { OBSERVABLES, getObservable, registerObservable } from './observables/registry.js';
export { defineObservable, primitive, kebab, type ObservableDef, type TensorCharacter, type Integrand, type ObservableParams, type UnitSpec, type Term, type IntegrandContext } from './observables/define.js';
export * from './result.js';
export { makeRibbon, makeSupercell, ribbonMeta, ribbonBands, ribbonMatrixElements, matrixElementsFromEigen, forEachK, ribbonKGrid, ribbonOracle, ribbonTotal, ommDensityMatrix, ribbonOmmDensity, ribbonDrivenOracle, omeMetalCorrection, evenLaurentExtrapolation, type RibbonDrivenOptions, type RibbonDrivenResult, type OmeMetalCorrectionOptions, type RibbonMeta, type RibbonOptions, type RibbonOracleOptions, type RibbonOracleResult, type RibbonOmmDensity, type RibbonOmmDensityOptions } from './ribbon/index.js';
export * as physics from './physics/index.js';
export * from './plot/index.js';
export * as constants from './units/constants.js';
export * as factors from './units/factors.js';
export * as symmetry from './symmetry/index.js';
