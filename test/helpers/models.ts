/** Small models built inline for tests (independent of src/model/builtins). */
import type { KpModel, TightBindingModel } from '../../src/model/types.js';
import { rng } from '../../src/util/random.js';
import { validateModel } from '../../src/model/validate.js';
import { combine, cplx, hoppingsFromMatrices } from '../../src/model/builtins/define.js';
import { PAULI } from '../../src/model/compile.js';

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

/**
 * A random 3-orbital 3D model on an oblique cell with centres inside it: `tries` random hoppings
 * (R in {−1, 0, 1}³, complex t in [−½, ½]²), duplicates and their Hermitian partners skipped.
 */
export function randomOblique3D(r: () => number, tries: number): TightBindingModel {
  const nb = 3;
  const hoppings: TightBindingModel['hoppings'] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tries; i++) {
    const R = [Math.floor(3 * r()) - 1, Math.floor(3 * r()) - 1, Math.floor(3 * r()) - 1];
    const from = Math.floor(nb * r());
    const to = Math.floor(nb * r());
    const key = `${to}|${from}|${R}`;
    const rev = `${from}|${to}|${R.map((x) => -x)}`;
    if ((from === to && R.every((x) => x === 0)) || seen.has(key) || seen.has(rev)) continue;
    seen.add(key);
    hoppings.push({ from, to, R, t: [r() - 0.5, r() - 0.5] });
  }
  return validateModel({
    format: 'orbitronics-model/1',
    kind: 'tight-binding',
    name: 'random3d',
    dim: 3,
    lattice: [
      [3, 0.2, 0.1],
      [0.5, 2.5, 0],
      [0.3, -0.4, 4],
    ],
    orbitals: [
      [0.1, 0.2, 0.3],
      [0.7, 0.5, 0.1],
      [0.4, 0.9, 0.6],
    ],
    onsite: [0.1, -0.3, 0.2],
    hoppings,
  }) as TightBindingModel;
}

/**
 * Real H(k) (C2zT) even in k_y (M_y): v_t sin k_x + m_k σ_z + (α sin k_x + β cos k_y + γ sin k_x cos k_y) σ_x,
 * m_k = m + w(2 − cos k_x − cos k_y); a T-broken metal whose relaxation-time steady state conserves charge
 * site by site (docs/ribbon.md §15).
 */
export function c2tModel(p: { vt: number; m: number; w: number; alpha: number; beta: number; gamma: number }): TightBindingModel {
  const { vt, m, w, alpha, beta, gamma } = p;
  const Tx = combine(2, [[cplx(0, -vt / 2), PAULI.s0], [cplx(-w / 2), PAULI.sz], [cplx(0, -alpha / 2), PAULI.sx]]);
  const Ty = combine(2, [[cplx(-w / 2), PAULI.sz], [cplx(beta / 2), PAULI.sx]]);
  const Td = combine(2, [[cplx(0, -gamma / 4), PAULI.sx]]);
  return {
    format: 'orbitronics-model/1', kind: 'tight-binding', name: 'c2t-my', dim: 2,
    lattice: [[1, 0], [0, 1]], orbitals: [[0, 0], [0, 0]], onsite: [m + 2 * w, -(m + 2 * w)],
    hoppings: hoppingsFromMatrices([{ R: [1, 0], T: Tx }, { R: [0, 1], T: Ty }, { R: [1, 1], T: Td }, { R: [1, -1], T: Td }]),
    spin: null, meta: {},
  };
}
