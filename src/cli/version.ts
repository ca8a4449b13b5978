import pkg from '../../package.json';

/** The package version written into every JSON document (`"orbitronics": "<version>"`). */
export const VERSION: string = (pkg as { version: string }).version;
