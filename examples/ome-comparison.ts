/**
 * The intrinsic orbital magneto-electric effect (OME, paper 001 Table I, Eqs. 49–56) by parts on the
 * tilted Dirac model H = ħv_t k_x + mσ_z + α(k_yσ_x − k_xσ_y) (paper 001 Eq. 8), field along y:
 * the value K = ∂⟨r×v⟩_z/∂(eE_y) and its parts d (dipole), ic (interband coherence), lc (Eq. 51), and
 * the reading fs (the Fermi-surface term a ribbon along the field adds in a metal, docs/ribbon.md §15;
 * not added), against the closed forms (small tilt): K = v_t/(6πm) and d = v_t/(12πm) in the gap;
 * K = v_t(5m² + 3E_F²)/(48πE_F³) (= paper 003's χ^int) and fs = −v_t m²(E_F² − m²)/(16πE_F⁵) in the
 * conduction band (docs/physics-xi.md §6).
 *
 *   npx tsx examples/ome-comparison.ts
 */
import { pathToFileURL } from 'node:url';
import { buildBuiltin, compute, getObservable } from '../src/index.js';

export async function main(): Promise<{ mu: number[]; ratio: number[]; sumOfParts: number[]; value: number[] }> {
  const ome = getObservable('ome'); // throws OBSERVABLE_UNKNOWN if this build has no `ome`
  const alpha = 4, m = 0.01, vt = 4e-4; // eV·Å, eV, eV·Å (v_t = 1e-4 α: the closed forms are O(v_t))
  const model = buildBuiltin(`tilted-dirac:alpha=${alpha},m=${m},vt=${vt}`);
  const mu = [0, 0.015, 0.03, 0.1]; // gap (|μ| < m) and conduction band
  const r = await compute({ model, observables: ['ome'], mu, T: 0, params: { E: 1 }, threads: 1 });
  const res = r.get('ome');
  const K = res.to('Å per eE'); // internal response K in Å
  const parts = K.parts as Record<string, number[][]>;
  console.log(`${ome.title} (paper ${ome.source.paper}: ${ome.source.eq}); model ${r.model.name}, polar grid ${r.grid.join('x')}, backend ${r.backend}`);
  console.log(`value in ${res.unit}; K = ∂⟨r×v⟩_z/∂(eE_y) and its parts in Å:`);
  console.log('μ (eV)   δM (A per V/m)   K (Å)          d              ic             lc             fs             closed form K   K/closed');
  const closed = (E: number) => (Math.abs(E) < m ? vt / (6 * Math.PI * m) : (vt * (5 * m * m + 3 * E * E)) / (48 * Math.PI * E ** 3));
  const ratio: number[] = [], sumOfParts: number[] = [], value: number[] = [];
  mu.forEach((E, i) => {
    const k = K.at(i);
    const [d, ic, lc, fs] = ['d', 'ic', 'lc', 'fermi-surface'].map((p) => parts[p]![i]![0]!);
    ratio.push(k / closed(E));
    sumOfParts.push(d! + ic! + lc!);
    value.push(k);
    const e = (x: number) => x.toExponential(5).padStart(12);
    console.log(`${E.toFixed(3).padStart(6)}   ${e(res.at(i))}     ${e(k)}   ${e(d!)}   ${e(ic!)}   ${e(lc!)}   ${e(fs!)}   ${e(closed(E))}    ${(k / closed(E)).toFixed(9)}`);
  });
  console.log(`in the gap: d/K = ${(parts.d![0]![0]! / K.at(0)).toFixed(7)} (closed form ½), ic/K = ${(parts.ic![0]![0]! / K.at(0)).toExponential(1)}`);
  console.log(`alternative reading of paper 001 (not added): paper-reading/value = ${(parts['paper-reading']![0]![0]! / K.at(0)).toFixed(7)} in the gap`);
  return { mu, ratio, sumOfParts, value };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
