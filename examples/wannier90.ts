/**
 * A Wannier90 model: a small hand-written `seedname_hr.dat` (examples/models/haldane_hr.dat, the
 * Haldane model as Wannier90 would print it) plus its geometry (hr.dat has no lattice or Wannier
 * centres; `loadModelSync` finds `haldane_geometry.json` next to it). Bands along Γ–K–M–Γ, the
 * Chern number and the anomalous Hall conductivity in the gap.
 *
 *   npx tsx examples/wannier90.ts
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBuiltin, compileModel, compute, createBackend, kPath, loadModelSync } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function main(): Promise<{ gapAtK: number; chern: number; ahcE2h: number; maxDiffVsBuiltin: number }> {
  const file = path.join(here, 'models', 'haldane_hr.dat');
  // dim: 2 reads the layered file as a 2D model (a3 ⟂ plane, every hopping has R3 = 0)
  const model = compileModel(loadModelSync(file, { dim: 2 }));
  console.log(`read ${path.relative(process.cwd(), file)}: ${model.nb} Wannier functions, ${model.nterm} hopping terms, cell area ${model.cellMeasure.toFixed(6)} Å²`);

  // bands along the path (labels of the hexagonal lattice, detected from the lattice vectors)
  const p = kPath(model, 'G-K-M-G', 31);
  const backend = await createBackend();
  const bb = backend.evaluate(model, p.sampling.batch(0, p.sampling.size), {});
  console.log(`\nbands along G-K-M-G (${p.sampling.size} points, backend ${backend.name}):`);
  console.log('point  |k| (Å⁻¹)   E₀ (eV)     E₁ (eV)');
  for (const t of p.ticks) {
    const i = t.index;
    console.log(`${t.label.padEnd(5)}  ${p.distance[i]!.toFixed(4).padStart(7)}   ${bb.energies[2 * i]!.toFixed(6).padStart(9)}   ${bb.energies[2 * i + 1]!.toFixed(6).padStart(9)}`);
  }
  const iK = p.ticks.find((t) => t.label === 'K')!.index;
  const gapAtK = bb.energies[2 * iK + 1]! - bb.energies[2 * iK]!;

  // the same model from the built-in: the file reproduces it to the 6 printed decimals
  const ref = compileModel(buildBuiltin('haldane'));
  const bref = backend.evaluate(ref, p.sampling.batch(0, p.sampling.size), {});
  let maxDiffVsBuiltin = 0;
  for (let i = 0; i < bb.energies.length; i++) maxDiffVsBuiltin = Math.max(maxDiffVsBuiltin, Math.abs(bb.energies[i]! - bref.energies[i]!));
  console.log(`max |E(hr.dat) − E(built-in haldane)| along the path: ${maxDiffVsBuiltin.toExponential(2)} eV`);
  backend.dispose();

  // Chern number per band and AHC with μ in the gap
  const r = await compute({ model, observables: ['chern', 'ahc'], grid: [48, 48], mu: [0], T: 0, threads: 1 });
  const chern = r.get('chern');
  const ahc = r.get('ahc');
  console.log(`\n${r.grid.join('x')} grid, μ = 0 eV (in the gap), T = 0 K:`);
  console.log(`Chern number of the occupied states: ${chern.at(0).toFixed(6)}; per band: ${chern.bands!.map((b) => b[0]!.toFixed(6)).join(', ')}`);
  console.log(`σ_xy = ${ahc.at(0).toExponential(6)} ${ahc.unit} = ${ahc.to('e^2/h').at(0).toFixed(6)} e²/h`);
  return { gapAtK, chern: chern.at(0), ahcE2h: ahc.to('e^2/h').at(0), maxDiffVsBuiltin };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
