/** All observables, by camelCase id. Adding an observable: one file + one line here. */
import { OrbitronicsError } from '../errors.js';
import ahc from './ahc.js';
import chern from './chern.js';
import type { ObservableDef } from './define.js';
import orbitalMagnetization from './orbital-magnetization.js';
import dipole from './dipole.js';
import ome from './ome.js';
import omeExtrinsic from './ome-extrinsic.js';
import torque from './torque.js';
import chiInt from './chi-int.js';
import alphaInt from './alpha-int.js';
import edelstein from './edelstein.js';
import kineticMagnetization from './kinetic-magnetization.js';

/** The built-in observables (DESIGN §4 names); `registerObservable` adds more at run time. */
export const OBSERVABLES: readonly ObservableDef[] = [chern, ahc, orbitalMagnetization, dipole, ome, omeExtrinsic, torque, chiInt, alphaInt, edelstein, kineticMagnetization];

const byName = new Map<string, ObservableDef>();
for (const o of OBSERVABLES) {
  byName.set(o.id, o);
  byName.set(o.name, o);
}

/** Looks an observable up by camelCase id or kebab-case name. */
export function getObservable(name: string): ObservableDef {
  const o = byName.get(name);
  if (!o) {
    throw new OrbitronicsError('OBSERVABLE_UNKNOWN', `unknown observable "${name}". Known: ${OBSERVABLES.map((x) => x.name).join(', ')}.`);
  }
  return o;
}

/** Registers an observable defined outside the package (same contract as the built-ins). */
export function registerObservable(o: ObservableDef): void {
  byName.set(o.id, o);
  byName.set(o.name, o);
}
