/** compute({ symmetry }): irreducible wedge + symmetrisation = full grid (docs/symmetry.md §4). */
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../../src/backend/ts/index.js';
import { compute } from '../../src/integrate/index.js';
import { buildBuiltin, compileModel, validateModel, type TightBindingModel } from '../../src/model/index.js';
import { defineObservable, primitive } from '../../src/observables/define.js';
import { getObservable, registerObservable } from '../../src/observables/registry.js';
import type { ComputeResult } from '../../src/result.js';
import { detectSymmetries } from '../../src/symmetry/detect.js';
import { closePointGroup } from '../../src/symmetry/detect.js';
import { componentRep, type SymmetryDiagnostics } from '../../src/symmetry/integrate.js';
import { irreducibleWedge } from '../../src/symmetry/wedge.js';
import { PLANNED_CHARACTERS } from '../../src/symmetry/characters.js';

const backend = createTsBackend();
const OBS = ['ahc', 'orbital-magnetization', 'chern'];

/** max |a − b| / max |a| over every value, part and per-band value (absolute below 1e-300 scale). */
function relDiff(a: ComputeResult, b: ComputeResult): { rel: number; abs: number; scale: number } {
  let num = 0, den = 0;
  for (const [n, ra] of Object.entries(a.results)) {
    const rb = b.results[n]!;
    const pairs: Array<[ArrayLike<number>, ArrayLike<number>]> = [[ra.data, rb.data], ...Object.keys(ra.partsData).map((p) => [ra.partsData[p]!, rb.partsData[p]!] as [Float64Array, Float64Array])];
    if (ra.bands) pairs.push([ra.bands.flat(), rb.bands!.flat()]);
    for (const [x, y] of pairs)
      for (let i = 0; i < x.length; i++) {
        num = Math.max(num, Math.abs(x[i]! - y[i]!));
        den = Math.max(den, Math.abs(x[i]!));
      }
  }
  return { rel: den > 0 ? num / den : num, abs: num, scale: den };
}

const run = (spec: string, grid: number[], extra: Record<string, unknown> = {}, observables = OBS) =>
  compute({ model: compileModel(buildBuiltin(spec)), observables, grid, mu: { start: -1.5, stop: 1.5, n: 7 }, T: [0, 300], threads: 1, backend, ...extra });

describe('irreducible wedge', () => {
  it.each([
    ['haldane', [48, 48], 6],
    ['kagome', [48, 48], 6],
    ['haldane:strain=0.2,phi=pi/3', [40, 40], 2],
    ['square-dirac', [40, 40], 2],
    ['three-band', [40, 40], 2],
    ['haldane:delta=0', [36, 36], 12],
  ])('%s: wedge result = full grid to 1e-10 (relative), k-points ÷ ~%i', async (spec, grid, order) => {
    const full = await run(spec, grid);
    const sym = await run(spec, grid, { symmetry: true });
    const d = relDiff(full, sym);
    expect(d.rel).toBeLessThan(1e-10);
    const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.mode).toBe('wedge');
    expect(sd.kpoints!.full).toBe(grid[0]! * grid[1]!);
    // orbit–stabiliser: slightly more than full/order points (high-symmetry points have small orbits)
    expect(sd.kpoints!.wedge).toBeGreaterThanOrEqual(sd.kpoints!.full / order);
    expect(sd.kpoints!.wedge).toBeLessThan((1.15 * sd.kpoints!.full) / order + 10);
    expect(sd.warnings).toEqual([]);
    expect(sym.diagnostics.kpoints).toBe(sd.kpoints!.wedge);
  });

  it('T-symmetric model: σ_xy, M_z and C are forbidden, marked, and come out zero', async () => {
    const sym = await run('haldane:t2=0', [30, 30], { symmetry: true });
    const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.forbidden).toEqual({ ahc: ['xy'], 'orbital-magnetization': ['z'], chern: ['z'] });
    for (const r of Object.values(sym.results)) for (const v of r.data) expect(Math.abs(v)).toBeLessThan(1e-30);
    expect(sd.group).toContain('T');
    expect(sd.wedgeGroup).toContain('T');
    expect(sym.diagnostics.notes!.join('\n')).toMatch(/forbidden by symmetry \(zero\): ahc xy/);
  });

  it('grids the rotations do not map onto themselves: only the compatible operations are used', async () => {
    // 30×24: neither C₃ nor the mirrors map the grid onto itself; k → −k (C₂z of the Δ = 0 model) does
    for (const [spec, reduced] of [['haldane', false], ['haldane:delta=0', true]] as const) {
      const full = await run(spec, [30, 24]);
      const sym = await run(spec, [30, 24], { symmetry: true });
      expect(relDiff(full, sym).rel).toBeLessThan(1e-10);
      const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
      expect(sd.wedgeGroup).not.toContain('C3z');
      expect(sd.wedgeGroup).not.toContain('MxT');
      if (reduced) {
        expect(sd.wedgeGroup).toContain('C2z');
        expect(sd.kpoints!.wedge).toBeLessThan(0.51 * sd.kpoints!.full + 4);
      } else expect(sd.kpoints!.wedge).toBe(sd.kpoints!.full);
    }
  });

  it('antiunitary operations enter the wedge only when the band-resolved integrands pass the per-k sign test', async () => {
    // a fake observable: the Berry curvature declared T-even (wrong). Under MxT its per-k sign test fails,
    // so the wedge falls back to the unitary operations — the numbers still equal the full grid — and the
    // component that the wrong character forbids (σ_xy ≠ 0) triggers the warning.
    registerObservable(defineObservable({
      id: 'fakeAhcEven', title: 'fake', symbol: 'x', source: { paper: 'DESIGN', eq: '-' }, dims: [2], needs: { geometry: true },
      components: () => ['xy'], terms: { sea: { integrand: primitive.berryCurvature, occupation: 'sea' } },
      unit: () => ({ unit: '1', factor: 1 }), character: { rank: 2, kind: 'polar', time: 'even', antisymmetric: true },
    }));
    const full = await run('haldane:strain=0.2,phi=pi/3', [30, 30], {}, ['ahc', 'fake-ahc-even']);
    const sym = await run('haldane:strain=0.2,phi=pi/3', [30, 30], { symmetry: true }, ['ahc', 'fake-ahc-even']);
    expect(relDiff(full, sym).rel).toBeLessThan(1e-10);
    const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.wedgeGroup!.some((n) => n.endsWith('T'))).toBe(false);
    expect(sd.notes.join()).toMatch(/unitary operations only/);
    expect(sd.forbidden['fake-ahc-even']).toEqual(['xy']);
    expect(sd.warnings.join()).toMatch(/fake-ahc-even xy is forbidden/);
    // check mode (full grid): the same warning, the genuine observables clean
    const chk = await run('haldane:strain=0.2,phi=pi/3', [30, 30], { symmetry: 'check' }, ['ahc', 'fake-ahc-even']);
    const cd = chk.diagnostics.symmetry as SymmetryDiagnostics;
    expect(cd.mode).toBe('check');
    expect(cd.warnings).toHaveLength(1);
    expect(relDiff(full, chk).abs).toBe(0);
  });

  it('field-driven responses: only operations that keep the field axis can be used (C₃ cannot, M_xT can for E ∥ x or y)', () => {
    const G = closePointGroup(detectSymmetries(buildBuiltin('haldane')).group);
    const p = PLANNED_CHARACTERS.find((x) => x.name === 'torque')!;
    const def = { character: p.character, components: p.components } as never;
    const usable = (E: number) => G.filter((g) => componentRep(def, 2, E, g) !== null).length;
    expect(usable(0)).toBe(4); // E, MxT, C2yT, Mz
    expect(usable(1)).toBe(4);
    const w = irreducibleWedge(compileModel(buildBuiltin('haldane')), [12, 12], G);
    expect(w.index.length).toBeLessThan(144 / 4);
  });

  it('k·p models: no wedge (polar grid), forbidden components checked on the full grid', async () => {
    const r = await compute({ model: compileModel(buildBuiltin('tilted-dirac:cutoff=0.2')), observables: ['ahc', 'orbital-magnetization'], grid: [32, 12], mu: [0, 0.05], T: 0, threads: 1, backend, symmetry: true });
    const sd = r.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.mode).toBe('check');
    expect(sd.group).toContain('MxT');
    expect(sd.warnings).toEqual([]);
    expect(sd.notes.join()).toMatch(/polar grid/);
  });

  it('shards cannot be combined with symmetry', async () => {
    await expect(run('haldane', [12, 12], { symmetry: true, shard: '1/2' })).rejects.toThrow(/symmetry and shard/);
  });
});

describe('irreducible wedge: field-driven observables (whichever are registered)', () => {
  const fieldDriven = ['dipole', 'ome', 'ome-extrinsic', 'torque'].filter((n) => {
    try {
      getObservable(n);
      return true;
    } catch {
      return false;
    }
  });
  it.skipIf(fieldDriven.length === 0).each(['square-dirac', 'haldane:strain=0.2,phi=pi/3'])('%s: wedge = full grid for E ∥ x and E ∥ y; forbidden components vanish on the full grid', async (spec) => {
    const res: Record<number, { full: ComputeResult; sym: ComputeResult }> = {};
    for (const E of [0, 1]) {
      const base = { model: compileModel(buildBuiltin(spec)), observables: fieldDriven, grid: [24, 24], mu: [-1.2, 0, 0.9], T: 0, threads: 1, backend, params: { E: E as 0 | 1, tau: 1e-14 } };
      res[E] = { full: await compute(base), sym: await compute({ ...base, symmetry: true }) };
    }
    for (const n of fieldDriven) {
      let scale = 0;
      for (const E of [0, 1]) {
        const r = res[E]!.full.results[n]!;
        for (const arr of [r.data, ...Object.values(r.partsData)]) for (const v of arr) scale = Math.max(scale, Math.abs(v));
      }
      for (const E of [0, 1]) {
        const { full, sym } = res[E]!;
        const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
        expect(sd.wedgeGroup).toContain('MxT');
        expect(sd.warnings).toEqual([]);
        const rf = full.results[n]!, rs = sym.results[n]!;
        const nc = rf.components.length;
        for (const [p, a] of [['total', rf.data], ...Object.entries(rf.partsData)] as Array<[string, Float64Array]>) {
          const b = p === 'total' ? rs.data : rs.partsData[p]!;
          for (let i = 0; i < a.length; i++) {
            const forbidden = sd.forbidden[n]!.includes(rf.components[i % nc]!);
            if (forbidden) {
              expect(Math.abs(a[i]!) / scale, `${n} ${p} E${E} full grid`).toBeLessThan(1e-9);
              expect(Math.abs(b[i]!) / scale).toBeLessThan(1e-14);
            } else expect(Math.abs(a[i]! - b[i]!) / scale, `${n} ${p} E${E}`).toBeLessThan(1e-10);
          }
        }
      }
    }
  });
});

describe('irreducible wedge in 3D', () => {
  it('stacked Haldane layers (hexagonal 3D lattice): wedge = full grid, only σ_xy and M_z allowed', async () => {
    const h = buildBuiltin('haldane:phi=pi/3') as TightBindingModel;
    const m3: TightBindingModel = {
      ...h,
      name: 'stacked-haldane',
      dim: 3,
      lattice: [[...h.lattice[0]!, 0], [...h.lattice[1]!, 0], [0, 0, 1.7]],
      orbitals: h.orbitals.map((o) => [...o, 0]),
      hoppings: [
        ...h.hoppings.map((x) => ({ ...x, R: [...x.R, 0] })),
        { from: 0, to: 0, R: [0, 0, 1], t: [0.2, 0] },
        { from: 1, to: 1, R: [0, 0, 1], t: [0.3, 0] },
      ],
    };
    const model = compileModel(validateModel(m3));
    const base = { model, observables: ['ahc', 'orbital-magnetization'], grid: [12, 12, 8], mu: [-0.5, 0, 0.4], T: [0, 300], threads: 1, backend };
    const full = await compute(base);
    const sym = await compute({ ...base, symmetry: true });
    expect(relDiff(full, sym).rel).toBeLessThan(1e-10);
    const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.group).toContain('C3z');
    expect(sd.forbidden).toEqual({ ahc: ['yz', 'zx'], 'orbital-magnetization': ['x', 'y'] });
    expect(sd.kpoints!.wedge).toBeLessThan(sd.kpoints!.full / 3);
    // the full grid agrees that the forbidden components vanish
    const scale = Math.max(...Array.from(full.results.ahc!.data).map(Math.abs));
    for (let i = 0; i < full.results.ahc!.data.length; i += 3) {
      expect(Math.abs(full.results.ahc!.data[i]!) / scale).toBeLessThan(1e-12);
      expect(Math.abs(full.results.ahc!.data[i + 1]!) / scale).toBeLessThan(1e-12);
    }
  });
});

describe('irreducible wedge: full-tensor responses (χ^int, α^int with components zx, zy)', () => {
  const have = ['chi-int', 'alpha-int'].filter((n) => {
    try {
      getObservable(n);
      return true;
    } catch {
      return false;
    }
  });
  it.skipIf(have.length === 0).each([
    ['haldane:strain=0.2,phi=pi/3', 'MxT'],
    ['kagome', 'C3z'],
    ['three-band', 'MxT'],
  ])('%s: both field directions at once, so %s is usable; wedge = full grid', async (spec, op) => {
    const base = { model: compileModel(buildBuiltin(spec)), observables: have, grid: [24, 24], mu: [-1.2, 0, 0.9], T: [0, 300], threads: 1, backend };
    const full = await compute(base);
    const sym = await compute({ ...base, symmetry: true });
    // natural scale: the allowed χ_zy of the strained Haldane model (kagome's C₃ forbids everything)
    const ref = await compute({ ...base, model: compileModel(buildBuiltin('haldane:strain=0.2,phi=pi/3')) });
    const sd = sym.diagnostics.symmetry as SymmetryDiagnostics;
    expect(sd.wedgeGroup).toContain(op);
    expect(sd.warnings).toEqual([]);
    for (const n of have) {
      const rf = full.results[n]!, rs = sym.results[n]!;
      const nc = rf.components.length;
      let scale = 0;
      for (const r of [rf, ref.results[n]!]) for (const arr of [r.data, ...Object.values(r.partsData)]) for (const v of arr) scale = Math.max(scale, Math.abs(v));
      for (const [p, a] of [['total', rf.data], ...Object.entries(rf.partsData)] as Array<[string, Float64Array]>) {
        const b = p === 'total' ? rs.data : rs.partsData[p]!;
        for (let i = 0; i < a.length; i++) {
          if (sd.forbidden[n]!.includes(rf.components[i % nc]!)) {
            expect(Math.abs(a[i]!) / scale, `${n} ${p} full`).toBeLessThan(1e-10);
            expect(Math.abs(b[i]!) / scale, `${n} ${p} wedge`).toBeLessThan(1e-10);
          } else expect(Math.abs(a[i]! - b[i]!) / scale, `${n} ${p}`).toBeLessThan(1e-10);
        }
      }
    }
  });
});
