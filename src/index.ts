/** orbitronics: quantum geometry and orbital responses of Bloch electrons. Public API. */
export * from './errors.js';
export * from './model/types.js';
export { compileModel, reciprocalOf, PAULI } from './model/compile.js';
export * from './backend/backend.js';
export { createTsBackend, eigh } from './backend/ts/index.js';
export * as constants from './units/constants.js';
export * as factors from './units/factors.js';
