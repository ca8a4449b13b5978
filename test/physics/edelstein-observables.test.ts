/**
 * Paper 004's extrinsic kinetic magnetisation through `compute` (src/observables/edelstein.ts):
 * the spin Edelstein effect of the Rashba gas against its closed form (paper 002 S15–S18, with the
 * factor-2 correction of paper-checks seed 002 item 3), the orbital Edelstein effect (004 Eq. 8)
 * against paper 001's extrinsic Ξ (`ome-extrinsic`), symmetry (T-even, E ∥ x̂ only under M_xT),
 * units, two grids and WASM vs TS. Per-k gauge invariance: test/physics/covariant-responses.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { HBAR2_OVER_2ME_EV_A2 } from '../../src/model/builtins/rashba.js';
import { compileModel } from '../../src/model/compile.js';
import { BOHR_MAGNETON_J_T, HBAR_EV_S } from '../../src/units/constants.js';

const TAU = 1e-14; // s
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

async function run(spec: string, mu: number[], E: 0 | 1, T: number | number[] = 0, extra: { observables?: string[]; grid?: number[]; backend?: 'ts' | 'wasm-simd'; field?: number } = {}) {
  return compute({
    model: compileModel(buildBuiltin(spec)),
    observables: extra.observables ?? ['edelstein'],
    mu,
    T,
    grid: extra.grid,
    backend: extra.backend ?? 'wasm-simd',
    threads: 1,
    params: { E, tau: TAU, field: extra.field },
  });
}

describe('spin Edelstein effect of the Rashba gas (paper 002 S15–S18, paper 004 Eq. 6)', () => {
  it('δ⟨σ_y⟩/(eE_x) = +mατ/(2πħ²) for μ above the band crossing (both bands occupied): S18 as printed is 2× too large', async () => {
    const m = 0.35, alpha = 3.05;
    const mu = [0.1, 0.3, 1];
    const r = await run(`rashba:m=${m},alpha=${alpha}`, mu, 0, 20);
    const o = r.get('edelstein');
    const toInternal = o.conversions['muB/Å^2 per eE']!;
    // closed form: m/ħ² = 1/(2 ħ²/2m) in 1/(eV·Å²), τ/ħ in 1/eV → δ⟨σ_y⟩ per eE in 1/(eV·Å)
    const closed = (1 / (2 * (HBAR2_OVER_2ME_EV_A2 / m))) * alpha * (TAU / HBAR_EV_S) / (2 * Math.PI);
    const s18 = 2 * closed; // S18 as printed: (ħ/2)(m/(πħ²))ατeE
    const rows: string[] = [];
    mu.forEach((x, i) => {
      const spin = (o.parts as Record<string, number[][]>).spin!;
      // M^S = −μ_B δ⟨σ⟩ (g = 2): δ⟨σ_y⟩ = −M_y/μ_B
      const sigmaY = -spin[i]![1]! * toInternal;
      rows.push(`μ=${x}: ${(sigmaY / closed).toFixed(10)} (S18 printed: ${(sigmaY / s18).toFixed(6)})`);
      expect(rel(sigmaY, closed)).toBeLessThan(1e-6);
      expect(Math.abs(spin[i]![0]!) + Math.abs(spin[i]![2]!)).toBeLessThan(1e-10 * Math.abs(spin[i]![1]!)); // only σ_y for E ∥ x
      expect(Math.abs(o.at(i, 2))).toBeLessThan(1e-10 * Math.abs(o.at(i, 1))); // no orbital moment in the Rashba gas
    });
    console.log(`[edelstein] Rashba δ⟨σ_y⟩/closed form (T = 20 K): ${rows.join('; ')}`);
    // magnitude in SI: M_y per field
    const My = o.at(1, 1) * o.conversions['muB/nm^2 per V/m']!;
    expect(rel(My, (-closed * 1e-10) * 100)).toBeLessThan(1e-6); // μ_B/Å² per eE → μ_B/nm² per V/m
    console.log(`[edelstein] Rashba (m = 0.35 mₑ, ħα = 3.05 eV·Å, τ = 10 fs): M_y/E_x = ${o.at(1, 1).toExponential(5)} A/(V/m) = ${My.toExponential(5)} μ_B/nm² per V/m`);
    // E ∥ y: δ⟨σ_x⟩ = −δ⟨σ_y⟩(E ∥ x) (H = α(k_xσ_y − k_yσ_x))
    const ry = await run(`rashba:m=${m},alpha=${alpha}`, [0.3], 1, 100);
    expect(rel(ry.get('edelstein').at(0, 0), -o.at(1, 1))).toBeLessThan(1e-8);
  });
});

describe('orbital Edelstein effect (004 Eq. 8) = extrinsic Ξ of paper 001', () => {
  it('square-dirac, three-band and the tilted Dirac metal, T = 0 (smeared) and 300 K, E ∥ x and y: orbital part = ome-extrinsic to 1e-11', async () => {
    let worst = 0, scale = 0;
    for (const [spec, mu, grid] of [
      ['square-dirac', [0.4, 0.8, -0.6], [60, 60]],
      ['three-band', [-1.5, 0.2, 2], [50, 50]],
      ['tilted-dirac', [0.02, 0.05], undefined],
    ] as const) {
      for (const E of [0, 1] as const) {
        const r = await run(spec, [...mu], E, [0, 300], { observables: ['edelstein', 'ome-extrinsic'], grid: grid ? [...grid] : undefined });
        const a = r.get('edelstein'), b = r.get('ome-extrinsic');
        expect(b.unit).toBe(a.unit);
        const orb = a.partsData.orbital!;
        const big = Math.max(...Array.from(b.data, Math.abs)); // E ∥ y: both ≈ 1e-30 (forbidden by M_xT)
        scale = Math.max(scale, big);
        for (let t = 0; t < 2; t++)
          for (let i = 0; i < mu.length; i++) {
            const x = orb[(t * mu.length + i) * 3 + 2]!, y = b.at(i, 0, t);
            worst = Math.max(worst, Math.abs(x - y) / Math.max(big, 1e-18));
            expect(orb[(t * mu.length + i) * 3]!).toBe(0);
          }
      }
    }
    console.log(`[edelstein] orbital Edelstein vs ome-extrinsic: max |diff|/max|value| ${worst.toExponential(2)} (largest |M/E| ${scale.toExponential(3)} A/(V/m))`);
    expect(scale).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-11);
  });

  it('symmetry: T-even, so M_xT allows only E ∥ x̂ (square-dirac); two grids; WASM = TS to 1e-10', async () => {
    const mu = [0.4, 0.8];
    const x = await run('square-dirac', mu, 0, 300, { grid: [80, 80] });
    const y = await run('square-dirac', mu, 1, 300, { grid: [80, 80] });
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(x.get('edelstein').at(i, 2))).toBeGreaterThan(1e-20);
      expect(Math.abs(y.get('edelstein').at(i, 2))).toBeLessThan(1e-10 * Math.abs(x.get('edelstein').at(i, 2)));
    }
    const x2 = await run('square-dirac', mu, 0, 300, { grid: [120, 120] });
    const d = rel(x2.get('edelstein').at(1, 2), x.get('edelstein').at(1, 2));
    console.log(`[edelstein] square-dirac μ = 0.8, 300 K, M_z/E_x = ${x2.get('edelstein').at(1, 2).toExponential(6)} A/(V/m); grid 80² → 120²: ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-2); // a Fermi-surface term at k_BT = 26 meV: algebraic convergence
    const ts = await run('square-dirac', mu, 0, 300, { grid: [80, 80], backend: 'ts' });
    const w = x.get('edelstein').data, t = ts.get('edelstein').data;
    const mx = Math.max(...Array.from(t, Math.abs));
    for (let i = 0; i < w.length; i++) expect(Math.abs(w[i]! - t[i]!)).toBeLessThanOrEqual(1e-10 * mx);
    const tr = await run('rashba', [0.3], 0, 100, { backend: 'ts' }), wr = await run('rashba', [0.3], 0, 100);
    expect(rel(wr.get('edelstein').at(0, 1), tr.get('edelstein').at(0, 1))).toBeLessThan(1e-10);
    // a given field: the magnetisation itself (μ_B/nm²)
    const f = await run('rashba', [0.3], 0, 100, { field: 1e5 });
    expect(f.get('edelstein').unit).toBe('A');
    expect(rel(f.get('edelstein').at(0, 1), wr.get('edelstein').at(0, 1) * 1e5)).toBeLessThan(1e-14);
    expect(BOHR_MAGNETON_J_T).toBeGreaterThan(0);
  });
});

describe('3D', () => {
  it('decoupled stacked square-dirac layers (c = 1.7 Å): M/V = (M/A of one layer)/c, components x, y zero', async () => {
    const { validateModel } = await import('../../src/model/validate.js');
    const h = buildBuiltin('square-dirac') as import('../../src/model/types.js').TightBindingModel;
    const c = 1.7;
    const m3 = validateModel({ ...h, name: 'stacked', dim: 3, lattice: [[...h.lattice[0]!, 0], [...h.lattice[1]!, 0], [0, 0, c]], orbitals: h.orbitals.map((o) => [...o, 0]), hoppings: h.hoppings.map((x) => ({ ...x, R: [...x.R, 0] })) });
    const opts = { mu: [0.8], T: 300, backend: 'wasm-simd' as const, threads: 1, params: { E: 0 as const, tau: TAU } };
    const r3 = await compute({ model: compileModel(m3), observables: ['edelstein'], grid: [40, 40, 2], ...opts });
    const r2 = await compute({ model: compileModel(h), observables: ['edelstein'], grid: [40, 40], ...opts });
    const o3 = r3.get('edelstein');
    expect(o3.unit).toBe('A/m per V/m');
    expect(rel(o3.at(0, 2), r2.get('edelstein').at(0, 2) / (c * 1e-10))).toBeLessThan(1e-10);
    expect(Math.abs(o3.at(0, 0)) + Math.abs(o3.at(0, 1))).toBeLessThan(1e-12 * Math.abs(o3.at(0, 2)));
  });
});
