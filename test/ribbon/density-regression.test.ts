/**
 * Regression of `ribbonOmmDensity` against the original O(N⁴) algorithm kept in
 * test/ribbon/density-reference.ts: every output (per site, rows, (anti)symmetric parts, totals) for
 * small ribbons — Haldane trivial / Chern, gapped graphene, armchair, strained, T = 0, a random
 * multi-orbital ribbon, exactly degenerate bands — both field directions, on every backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import type { TightBindingModel } from '../../src/model/types.js';
import { makeRibbon, ribbonOmmDensity, type RibbonOmmDensity } from '../../src/ribbon/index.js';
import { backendsUnderTest } from '../helpers/backends.js';
import { pythtbHaldane, randomTightBinding } from '../helpers/models.js';
import { ribbonOmmDensityReference } from './density-reference.js';

/** Two decoupled identical copies of a model: every band exactly twice degenerate. */
function doubled(m: TightBindingModel): TightBindingModel {
  const n = m.orbitals.length;
  return {
    ...m,
    name: `${m.name}-doubled`,
    orbitals: [...m.orbitals, ...m.orbitals],
    onsite: [...m.onsite!, ...m.onsite!],
    hoppings: [...m.hoppings, ...m.hoppings.map((h) => ({ ...h, from: h.from + n, to: h.to + n }))],
  };
}

function strained(): TightBindingModel {
  const m = pythtbHaldane(1.5, -1, 0.1, Math.PI / 3);
  m.hoppings[2]!.t = [-1.2, 0];
  return m;
}

interface Case { label: string; ribbon: TightBindingModel; mu: number; T: number; nk: number }
const armchair = [[1, 1], [-1, 1]];
const CASES: Case[] = [
  { label: 'Haldane trivial φ = 1, zigzag, μ in gap', ribbon: makeRibbon(pythtbHaldane(0.6, -1, 0.1, 1.0), { along: 0, width: 6 }), mu: -0.1, T: 100, nk: 12 },
  { label: 'Haldane Chern φ = π/2, zigzag, μ in the edge bands', ribbon: makeRibbon(pythtbHaldane(0, -1, 0.1, Math.PI / 2), { along: 0, width: 6 }), mu: 0.05, T: 100, nk: 12 },
  { label: 'gapped graphene (t₂ = 0), metal', ribbon: makeRibbon(pythtbHaldane(0.5, -1, 0, 0), { along: 0, width: 6 }), mu: 1.5, T: 300, nk: 12 },
  { label: 'Haldane φ = π/2, armchair', ribbon: makeRibbon(pythtbHaldane(0.6, -1, 0.1, Math.PI / 2), { along: 0, width: 3, supercell: armchair }), mu: -0.1, T: 50, nk: 10 },
  { label: 'strained Haldane, T = 0', ribbon: makeRibbon(strained(), { along: 0, width: 5 }), mu: -0.15, T: 0, nk: 12 },
  { label: 'strained Haldane, T = 2000 K, metal', ribbon: makeRibbon(strained(), { along: 0, width: 5 }), mu: 0.4, T: 2000, nk: 12 },
  { label: 'Haldane φ = 1, armchair, T = 0', ribbon: makeRibbon(pythtbHaldane(0.6, -1, 0.1, 1.0), { along: 0, width: 3, supercell: armchair }), mu: -0.1, T: 0, nk: 10 },
  { label: 'random 3-orbital ribbon (unpaired rows)', ribbon: makeRibbon(randomTightBinding(3, 2, 11), { along: 0, width: 3 }), mu: 0.1, T: 500, nk: 10 },
  { label: 'doubled Haldane (exact degeneracies)', ribbon: makeRibbon(doubled(pythtbHaldane(0.3, -1, 0.1, 0.8)), { along: 0, width: 4 }), mu: 0.2, T: 300, nk: 10 },
];

/** Every number of the output, by name. */
function flatten(d: RibbonOmmDensity): Record<string, { inter: number[]; intra: number[] } | null> {
  return {
    site: { inter: d.inter, intra: d.intra },
    rows: { inter: d.rows.inter, intra: d.rows.intra },
    symmetric: d.symmetric,
    antisymmetric: d.antisymmetric,
    total: { inter: [d.total.inter], intra: [d.total.intra] },
  };
}
const maxAbs = (a: number[]) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

let backends: Backend[] = [];
beforeAll(async () => {
  backends = await backendsUnderTest();
});
afterAll(() => backends.forEach((b) => b.dispose()));

describe('ribbonOmmDensity = the original algorithm (test/ribbon/density-reference.ts)', () => {
  const report: string[] = [];
  afterAll(() => console.log('[density regression] max |new − old| / max(max |old|, 1e-3 × Σ|terms|) per case:\n  ' + report.join('\n  ')));

  for (const c of CASES)
    for (const field of ['x', 'y'] as const)
      it(`${c.label}, E ∥ ${field}`, () => {
        for (const backend of backends) {
          const opts = { nk: c.nk, mu: c.mu, T: c.T, field, backend };
          const old = ribbonOmmDensityReference(c.ribbon, opts);
          const now = ribbonOmmDensity(c.ribbon, opts);
          expect(now.field).toBe(field);
          expect(now.y).toEqual(old.y);
          expect(now.rows.y).toEqual(old.rows.y);
          expect(now.units).toEqual(old.units);
          // scale of each part: its largest site value, but at least 1e-3 × the largest sum of the moduli
          // of the terms the old algorithm adds (`magnitudes`), the scale of rounding errors — parts that
          // vanish by symmetry (Haldane zigzag E ∥ x by M_xT, every interband part with TR) are noise
          const mag = ribbonOmmDensityReference(c.ribbon, opts, true);
          const fo = flatten(old), fn = flatten(now);
          let worst = 0;
          for (const key of Object.keys(fo)) {
            if (fo[key] === null) {
              expect(fn[key], key).toBeNull();
              continue;
            }
            for (const part of ['inter', 'intra'] as const) {
              const a = fo[key]![part], b = fn[key]![part];
              expect(b.length, `${key}.${part}`).toBe(a.length);
              const own = maxAbs(part === 'inter' ? old.inter : old.intra), bound = maxAbs(part === 'inter' ? mag.inter : mag.intra);
              const scale = Math.max(own, 1e-3 * bound);
              if (scale === 0) {
                expect(maxAbs(b), `${backend.name} ${key}.${part}`).toBe(0);
                continue;
              }
              const err = a.reduce((m, x, i) => Math.max(m, Math.abs(b[i]! - x)), 0) / scale;
              worst = Math.max(worst, err);
              expect(err, `${backend.name} ${key}.${part}`).toBeLessThan(1e-12);
            }
          }
          report.push(`${c.label}, E ∥ ${field}, ${backend.name}: ${worst.toExponential(1)}`);
        }
      });
});
