/**
 * Quickstart: the Haldane model (built-in, PythTB's calibration parameters), its band geometry at K,
 * and the anomalous Hall conductivity and orbital magnetisation against the chemical potential.
 *
 *   npx tsx examples/quickstart.ts          (from the repository; the package itself: import from 'orbitronics')
 */
import { pathToFileURL } from 'node:url';
import { buildBuiltin, compileModel, compute, constants, createBackend, factors } from '../src/index.js';

export async function main(): Promise<{ omegaK: number[]; momentK: number[]; ahcE2h: number[]; M: number[]; dMdmu: number; streda: number }> {
  // 1. A model: built-in name with optional parameters (docs/models.md). Energies eV, lengths Å.
  const model = compileModel(buildBuiltin('haldane:t=-1,t2=0.15,phi=pi/2,delta=0.2'));
  console.log(`model ${model.name}: ${model.kind}, ${model.dim}D, ${model.nb} bands`);

  // 2. Per-k band geometry at K = (2/3, 1/3) (reduced): k_cart = Σᵢ kᵢ bᵢ in Å⁻¹.
  const b = model.reciprocal; // rows b₁, b₂ (padded to 3×3)
  const red = [2 / 3, 1 / 3];
  const k = new Float64Array(3);
  for (let i = 0; i < 2; i++) for (let c = 0; c < 3; c++) k[c]! += red[i]! * b[3 * i + c]!;
  const backend = await createBackend(); // 'auto': wasm-simd → wasm → ts
  const bb = backend.evaluate(model, { nk: 1, k }, { geometry: true });
  console.log(`\nat K = (2/3, 1/3), backend ${backend.name}:`);
  console.log('band   E (eV)      Ω_z (Å²)    m_z (μ_B)   g_xx (Å²)');
  const omegaK: number[] = [], momentK: number[] = [];
  for (let n = 0; n < model.nb; n++) {
    const E = bb.energies[n]!;
    const omega = bb.berryCurvature![n]!; // 2D: one axial component (z)
    const m = bb.orbitalMoment![n]! * factors.ORBITAL_MOMENT_TO_MUB; // X (eV·Å²) → μ_B
    const gxx = bb.quantumMetric![3 * n]!; // xx, xy, yy
    console.log(`${n}    ${E.toFixed(6).padStart(10)}   ${omega.toFixed(5).padStart(9)}   ${m.toFixed(5).padStart(9)}   ${gxx.toFixed(5).padStart(9)}`);
    omegaK.push(omega);
    momentK.push(m);
  }
  backend.dispose();

  // 3. BZ integrals for many μ in one pass over k (a small grid: this is an example).
  const r = await compute({
    model,
    observables: ['ahc', 'orbital-magnetization'],
    grid: [60, 60],
    mu: { start: -1.5, stop: 1.5, n: 7 },
    T: 0,
    threads: 1,
  });
  const ahc = r.get('ahc');
  const M = r.get('orbital-magnetization');
  const ahcE2h = ahc.to('e^2/h');
  console.log(`\n${r.grid.join('x')} grid, T = ${r.T} K, backend ${r.backend}`);
  console.log(`μ (eV)   σ_xy (${ahc.unit})      σ_xy (e²/h)   M_z (${M.unit})   moment      berry`);
  const parts = M.parts as Record<string, number[][]>;
  r.mu.forEach((mu, i) => {
    console.log(
      `${mu.toFixed(2).padStart(5)}   ${ahc.at(i).toExponential(5).padStart(12)}   ${ahcE2h.at(i).toFixed(6).padStart(9)}   ` +
        `${M.at(i).toExponential(5).padStart(12)}   ${parts.moment![i]![0]!.toExponential(4).padStart(11)}   ${parts.berry![i]![0]!.toExponential(4).padStart(11)}`,
    );
  });
  // μ = −0.5, 0, 0.5 eV lie in the gap: σ_xy = +e²/h (the lower band has C = −1, σ = −C e²/h) and
  // dM/dμ = (e/h)·C per cell (Streda): check it from two μ in the gap, in μ_B per cell per eV.
  const dMdmu = (M.at(4) - M.at(2)) / (r.mu[4]! - r.mu[2]!);
  const streda = (-1 / (2 * Math.PI)) * (model.cellMeasure * 1e-20) * ((constants.ELEMENTARY_CHARGE * constants.EV_J) / constants.HBAR_J_S) / constants.BOHR_MAGNETON_J_T;
  console.log(`\ndM/dμ in the gap = ${dMdmu.toFixed(6)} μ_B/cell per eV; Streda (e/h)·C·A_cell with C = −1: ${streda.toFixed(6)}`);
  console.log(`degenerate k-points: ${r.diagnostics.degenerateKpoints} of ${r.diagnostics.kpoints}`);
  return { omegaK, momentK, ahcE2h: r.mu.map((_, i) => ahcE2h.at(i)), M: r.mu.map((_, i) => M.at(i)), dMdmu, streda };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
