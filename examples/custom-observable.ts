/**
 * A new observable from existing per-k primitives, registered at run time (docs/adding-an-observable.md):
 * the band-resolved trace of the quantum metric integrated over the Fermi sea,
 *
 *   G(μ) = (1/2π) ∫_BZ d²k Σₙ fₙ(k) Tr gₙ(k),   gₙ^{ab} = Re Qₙ^{ab} (DESIGN §2).
 *
 * It is dimensionless in 2D and bounds the Chern number: Qₙ is positive semidefinite, so
 * g_xx g_yy − g_xy² ≥ Ω²/4 and Tr gₙ ≥ 2√det gₙ ≥ |Ωₙ| at every k, hence G ≥ |C| for an insulator.
 * With one isolated band occupied, (A_cell/2π)·G is the gauge-invariant Wannier spread Ω_I (Å²).
 *
 *   npx tsx examples/custom-observable.ts
 */
import { pathToFileURL } from 'node:url';
import {
  buildBuiltin,
  compileModel,
  compute,
  createBackend,
  defineObservable,
  monkhorstPack,
  pairIndex,
  registerObservable,
  type BandBatch,
  type Integrand,
} from '../src/index.js';

/** Per k and band: Tr gₙ = Σₐ gₙ^{aa} (Å²), from the `quantumMetric` primitive ([nk][nb][P], P = xx,xy,yy in 2D). */
const metricTrace: Integrand = {
  key: 'metricTrace', // equal keys are binned once across observables
  components: () => 1,
  evaluate(b: BandBatch, out: Float64Array) {
    const P = (b.dim * (b.dim + 1)) / 2;
    const g = b.quantumMetric!;
    for (let i = 0; i < b.nk * b.nb; i++) {
      let tr = 0;
      for (let a = 0; a < b.dim; a++) tr += g[i * P + pairIndex(b.dim, a, a)]!;
      out[i] = tr;
    }
  },
};

export const quantumMetricTrace = defineObservable({
  id: 'metricTrace', // CLI/JSON name: 'metric-trace'
  title: 'Fermi-sea integral of the band-resolved quantum-metric trace',
  symbol: 'G',
  source: { paper: 'DESIGN', eq: '§2 (g = Re Q)' },
  dims: [2],
  needs: { geometry: true }, // the backend computes Ω, g and m per band
  components: () => ['tr'],
  terms: { fermiSea: { integrand: metricTrace, occupation: 'sea' } },
  // Σₖ wₖ includes 1/(2π)², so (1/2π)∫d²k … = 2π Σₖ wₖ …
  unit: (model) => {
    const conversions: Record<string, number> = {};
    if (model.kind === 'tight-binding') conversions['Å^2'] = model.cellMeasure / (2 * Math.PI);
    return { unit: '1', factor: 2 * Math.PI, conversions };
  },
  character: { rank: 0, kind: 'polar', time: 'even' },
  bands: { term: 'fermiSea' }, // also report whole-band integrals per band
});

export async function main(): Promise<{ G: number[]; C: number[]; spread: number; direct: number }> {
  registerObservable(quantumMetricTrace);
  const model = compileModel(buildBuiltin('haldane'));
  const mu = [-0.5, 0, 0.5, 1.0, 3.5];
  // run-time observables exist only in this thread's registry: compute runs them with threads = 1
  const r = await compute({ model, observables: ['metric-trace', 'chern'], grid: [60, 60], mu, T: 0 });
  const G = r.get('metric-trace');
  const C = r.get('chern');
  console.log(`model ${model.name}, grid ${r.grid.join('x')}, T = 0 K, backend ${r.backend}`);
  console.log('μ (eV)   G = (1/2π)∫Σf Tr g   C = (1/2π)∫Σf Ω   G ≥ |C|');
  mu.forEach((m, i) => console.log(`${m.toFixed(2).padStart(5)}    ${G.at(i).toFixed(6).padStart(12)}        ${C.at(i).toFixed(6).padStart(10)}      ${G.at(i) >= Math.abs(C.at(i)) - 1e-9}`));
  console.log(`per band (whole-band integrals): G = ${G.bands!.map((x) => x[0]!.toFixed(6)).join(', ')}`);
  const spread = G.to('Å^2').at(1);
  console.log(`lower band filled (μ = 0): Ω_I = (A_cell/2π)·G = ${spread.toFixed(6)} Å²  (A_cell = ${model.cellMeasure.toFixed(6)} Å²)`);

  // An independent route: the same integral summed by hand over the same grid from backend.evaluate.
  const backend = await createBackend('ts');
  const grid = monkhorstPack(model, [60, 60]);
  const kb = grid.batch(0, grid.size);
  const bb = backend.evaluate(model, kb, { geometry: true });
  const tr = new Float64Array(bb.nk * bb.nb);
  metricTrace.evaluate(bb, tr, { model, params: {} });
  let sum = 0;
  for (let k = 0; k < bb.nk; k++) for (let n = 0; n < bb.nb; n++) if (bb.energies[k * bb.nb + n]! < 0) sum += kb.w[k]! * tr[k * bb.nb + n]!;
  const direct = 2 * Math.PI * sum;
  console.log(`direct sum with the ts backend at μ = 0: G = ${direct.toFixed(6)} (relative difference ${(Math.abs(direct - G.at(1)) / G.at(1)).toExponential(1)})`);
  backend.dispose();
  return { G: mu.map((_, i) => G.at(i)), C: mu.map((_, i) => C.at(i)), spread, direct };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
