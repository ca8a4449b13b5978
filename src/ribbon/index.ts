/** Ribbons: construction, matrix elements in the ribbon eigenbasis, and the exact ribbon oracle (docs/ribbon.md). */
export { makeRibbon, makeSupercell, ribbonMeta, type RibbonMeta, type RibbonOptions } from './make.js';
export {
  forEachK,
  ribbonKGrid,
  ribbonBands,
  ribbonMatrixElements,
  matrixElementsFromEigen,
  ommDensityMatrix,
  type RibbonBands,
  type RibbonKData,
  type RibbonMatrixElements,
  type RibbonEvalOptions,
} from './elements.js';
export {
  ribbonOracle,
  ribbonTotal,
  fermi,
  fermiDerivative,
  type RibbonObservable,
  type RibbonOracleOptions,
  type RibbonOracleResult,
  type RibbonTotal,
} from './oracle.js';
export { ribbonOmmDensity, type RibbonOmmDensity, type RibbonOmmDensityOptions } from './density.js';
export {
  chi,
  chiPairs,
  reciprocity,
  resolveOperator,
  rowSites,
  ribbonRows,
  responseKGrid,
  forEachResponseK,
  connection,
  toEigenbasis,
  type ChiResult,
  type Complex,
  type KContext,
  type OperatorSpec,
  type ReciprocityResult,
  type ResponseOperator,
  type ResponseOptions,
} from './response.js';
export { netTorque, properCurrent, type TorqueOptions, type TorqueResult, type ProperCurrentResult } from './torque.js';
export {
  ribbonDrivenOracle,
  omeMetalCorrection,
  evenLaurentExtrapolation,
  type RibbonDrivenOptions,
  type RibbonDrivenResult,
  type DrivenEta,
  type DrivenSeries,
  type OmeMetalCorrectionOptions,
} from './metal-oracle.js';
