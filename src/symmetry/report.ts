/** The document behind `orbitronics symmetry`: the group, the broken standard candidates and the allowed-component tables. */
import type { CompiledModel } from '../model/types.js';
import { OBSERVABLES } from '../observables/registry.js';
import type { TensorCharacter } from '../observables/define.js';
import { PLANNED_CHARACTERS } from './characters.js';
import { closePointGroup, type SymmetryAnalysis } from './detect.js';
import { allowedComponents, type ComponentStatus } from './tensor.js';

/** The JSON of `orbitronics symmetry`: group, broken candidates, allowed components per observable. */
export interface SymmetryTables {
  group: Array<{ name: string; antiunitary: boolean; R: number[][]; t: number[]; U: Array<Array<[number, number]>>; perm?: number[]; shift?: number[][] }>;
  /** Group order of the closure of the point parts (equals group.length when the detection is consistent). */
  order: number;
  broken: Array<{ name: string; violation: number | null; relative: number | null; reason?: string }>;
  observables: Record<string, { title: string; registered: boolean; character: TensorCharacter; free: number; components: ComponentStatus[] }>;
  notes: string[];
}

const r6 = (x: number) => (Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(12)));

/** Tables of `orbitronics symmetry` from a model and its symmetry analysis. */
export function symmetryTables(m: CompiledModel, a: SymmetryAnalysis): SymmetryTables {
  const nb = m.nb;
  const group = a.group.map((g) => ({
    name: g.name,
    antiunitary: g.antiunitary,
    R: [0, 1, 2].map((i) => [0, 1, 2].map((j) => r6(g.R[3 * i + j]!))),
    t: g.t.map(r6),
    U: Array.from({ length: nb }, (_, i) => Array.from({ length: nb }, (_, j) => [r6(g.U[2 * (i * nb + j)]!), r6(g.U[2 * (i * nb + j) + 1]!)] as [number, number])),
    ...(g.perm ? { perm: g.perm, shift: g.shift } : {}),
  }));
  const seen = new Set<string>();
  const broken = a.reports
    .filter((r) => r.standard && !r.holds)
    .filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)))
    .map((r) => ({ name: r.name, violation: Number.isFinite(r.violation) ? r.violation : null, relative: Number.isFinite(r.relative) ? r.relative : null, ...(r.error ? { reason: r.error } : {}) }));
  const G = closePointGroup(a.group);
  const observables: SymmetryTables['observables'] = {};
  for (const o of OBSERVABLES) {
    if (!o.dims.includes(m.dim)) continue;
    const t = allowedComponents(G, o.character, { dim: m.dim, components: o.components(m.dim) });
    observables[o.name] = { title: o.title, registered: true, character: o.character, free: t.free, components: t.components };
  }
  for (const p of PLANNED_CHARACTERS) {
    if (observables[p.name]) continue;
    const t = allowedComponents(G, p.character, { dim: m.dim, components: p.components(m.dim) });
    observables[p.name] = { title: p.title, registered: false, character: p.character, free: t.free, components: t.components };
  }
  return { group, order: G.length, broken, observables, notes: a.notes };
}
