/**
 * Chern number of the occupied states C = (1/2π) ∫_BZ d²k Σₙ fₙ Ωₙ^z (Ω = −2 Im Q, DESIGN §2), and
 * per band (`bands[n]`, the whole-band integral). Integer for insulators; PythTB's Haldane example has
 * C = −1 for its lower band. For a continuum (k·p) model it is the plane integral (half-integers for
 * massive Dirac cones).
 */
import { defineObservable, primitive } from './define.js';

export default defineObservable({
  id: 'chern',
  title: 'Chern number',
  symbol: 'C',
  source: { paper: 'DESIGN', eq: '§4' },
  dims: [2],
  needs: { geometry: true },
  components: () => ['z'],
  terms: { fermiSea: { integrand: primitive.berryCurvature, occupation: 'sea' } },
  // Σ wₖ includes 1/(2π)²: C = 2π Σ wₖ fΩ
  unit: () => ({ unit: '1', factor: 2 * Math.PI }),
  character: { rank: 1, kind: 'axial', time: 'odd' },
  bands: { term: 'fermiSea' },
});
