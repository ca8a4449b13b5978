/** Small models built inline for tests (independent of src/model/builtins). */
import type { KpModel, TightBindingModel } from '../../src/model/types.js';
import { rng } from '../../src/util/random.js';

export { rng };

/** PythTB's Haldane example (DESIGN §4 calibration). set_hop(amp, i, j, R) ⇒ t_{i,j}(R): to=i, from=j. */
export function pythtbHaldane(delta = 0.2, t = -1, t2abs = 0.15, phi = Math.PI / 2): TightBindingModel {
  const t2: [number, number] = [t2abs * Math.cos(phi), t2abs * Math.sin(phi)];
  const t2c: [number, number] = [t2[0], -t2[1]];
  const hop = (amp: [number, number], i: number, j: number, R: number[]) => ({ from: j, to: i, R, t: amp });
  return {
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: 'pythtb-haldane',
    dim: 2,
    lattice: [[1, 0], [0.5, Math.sqrt(3) / 2]],
    orbitals: [[1 / 3, 1 / 3], [2 / 3, 2 / 3]],
    onsite: [-delta, delta],
    hoppings: [
      hop([t, 0], 0, 1, [0, 0]),
      hop([t, 0], 1, 0, [1, 0]),
      hop([t, 0], 1, 0, [0, 1]),
      hop(t2, 0, 0, [1, 0]),
      hop(t2, 1, 1, [1, -1]),
      hop(t2, 0, 0, [0, -1]),
      hop(t2c, 1, 1, [1, 0]),
      hop(t2c, 1, 1, [0, -1]),
      hop(t2c, 0, 0, [1, -1]),
    ],
  };
}

/** H = v(k_xσ_x + k_yσ_y) + mσ_z (paper 004). */
export function massiveDirac(v = 1.5, m = 0.3): KpModel {
  return {
    format: 'orbitronics-model/1',
    kind: 'kp',
    name: 'massive-dirac',
    dim: 2,
    basis: 2,
    terms: [
      { k: [1, 0], matrix: 'sx', coef: v },
      { k: [0, 1], matrix: 'sy', coef: v },
      { k: [0, 0], matrix: 'sz', coef: m },
    ],
    cutoff: null,
  };
}


/** A random dense tight-binding model: nb orbitals at random positions, random complex hoppings to neighbours. */
export function randomTightBinding(nb: number, dim: 1 | 2 | 3, seed: number, nR = 1): TightBindingModel {
  const r = rng(seed);
  const lattice: number[][] = [];
  for (let i = 0; i < dim; i++) {
    const row: number[] = [];
    for (let j = 0; j < dim; j++) row.push((i === j ? 2 : 0) + 0.3 * (r() - 0.5));
    lattice.push(row);
  }
  const orbitals = Array.from({ length: nb }, () => Array.from({ length: dim }, () => r()));
  const onsite = Array.from({ length: nb }, () => 2 * (r() - 0.5));
  const hoppings: TightBindingModel['hoppings'] = [];
  const Rs: number[][] = [];
  const rec = (pre: number[]) => {
    if (pre.length === dim) { Rs.push(pre); return; }
    for (let x = -nR; x <= nR; x++) rec([...pre, x]);
  };
  rec([]);
  for (const R of Rs) {
    const isZero = R.every((x) => x === 0);
    // keep only one of each ±R pair (the Hermitian conjugate is implicit)
    const firstNonZero = R.find((x) => x !== 0);
    if (!isZero && firstNonZero! < 0) continue;
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) {
        if (isZero && j <= i) continue;
        hoppings.push({ from: j, to: i, R, t: [r() - 0.5, r() - 0.5] });
      }
  }
  return { format: 'orbitronics-model/1', kind: 'tight-binding', name: `random-${nb}-${dim}d-${seed}`, dim, lattice, orbitals, onsite, hoppings };
}
