/**
 * Paper 000 observables through `compute` (src/observables/torque.ts) on the built-in
 * `tilted-dirac-000` k·p model (000 Eq. 12: ħv_F = 10.53 eV·Å, Δ = 35 meV) with the production polar
 * grid, T = 0: the identity Eq. 1 → Eq. 2 (⟨τ_z⟩ = −(v_t eE_x/ħ)Σ∫fΩ), the closed form of Eq. 2 (t → 0
 * only), the Ξ-formalism torque (part `xi`) and its corrected closed form, the precession frequency
 * ω₀ (Fig. 1), symmetry, units, two grids and WASM vs TS. Internal values per unit eE via the
 * result's 'eV·Å per eE' conversion; 000's sign (ħl = −(r×v)) for both parts.
 */
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { HBAR_VF_000 } from '../../src/model/builtins/tilted-dirac-000.js';
import { compileModel } from '../../src/model/compile.js';
import { precessionFrequency } from '../../src/observables/torque.js';
import { siFactor } from '../../src/physics/units.js';
import type { ComputeResult } from '../../src/result.js';
import { HBAR_EV_S } from '../../src/units/constants.js';

const V = HBAR_VF_000, D = 0.035;
const EF = [0.04, 0.05, 0.07, 0.1, 0.2];
const MU = [0, ...EF];
const PI = Math.PI;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const model = (t: number) => compileModel(buildBuiltin('tilted-dirac-000', { t }));

async function run(t: number, E: 0 | 1, extra: { grid?: number[]; backend?: 'ts' | 'wasm-simd'; field?: number } = {}): Promise<ComputeResult> {
  return compute({ model: model(t), observables: ['torque', 'ahc'], mu: MU, T: 0, grid: extra.grid, backend: extra.backend ?? 'ts', threads: 1, params: { E, field: extra.field } });
}
const torque = (r: ComputeResult, part?: string) => {
  const o = r.get('torque');
  const f = o.conversions['eV·Å per eE']!;
  return ((part ? o.parts![part] : o.values) as number[][]).map((x) => x[0]! * f);
};
/** Σ∫fΩ from σ_xy = −(e²/ħ)Σ∫fΩ = −2π(e²/h)Σ∫fΩ. */
const sumFOmega = (r: ComputeResult) => (r.get('ahc').to('e^2/h').values as number[][]).map((x) => -x[0]! / (2 * PI));

describe('paper 000 torque through compute (tilted-dirac-000, production polar grid, T = 0)', () => {
  it('Eq. 1 → Eq. 2: ⟨τ_z⟩ = −v_t Σ∫fΩ per eE_x (t = 0.4 and 1e-4, gap and metal); gap value −v_t/(4π)', async () => {
    for (const t of [0.4, 1e-4]) {
      const r = await run(t, 0);
      const tau = torque(r), s = sumFOmega(r);
      tau.forEach((x, i) => expect(rel(x, -t * V * s[i]!)).toBeLessThan(1e-9));
      expect(rel(tau[0]!, (-t * V) / (4 * PI))).toBeLessThan(1e-9);
      // value = part eq1
      expect(torque(r, 'eq1')).toEqual(tau);
    }
  });

  it('Eq. 2 closed form −t v₀ₓΔ/(4πε_F): holds for t → 0 (1e-6), O(t) off at t = 0.4', async () => {
    const closed = (t: number, e: number) => (-t * V * D) / (4 * PI * e);
    const small = torque(await run(1e-4, 0)), big = torque(await run(0.4, 0));
    const ratios = EF.map((e, j) => big[j + 1]! / closed(0.4, e));
    EF.forEach((e, j) => expect(rel(small[j + 1]!, closed(1e-4, e))).toBeLessThan(1e-6));
    console.log(`[p000 obs] Eq. 2 ratio at t = 0.4: ${ratios.map((x) => x.toFixed(6)).join(', ')} (ε_F = ${EF.join(', ')} eV)`);
    expect(Math.abs(ratios[0]! - 1)).toBeGreaterThan(0.01);
  });

  it('part xi (Ξ equations): = eq1 in the gap; in the metal −v_tΔ(3ε_F²−Δ²)/(8πε_F³) (t → 0), ratio to Eq. 2 = (3ε_F²−Δ²)/(2ε_F²)', async () => {
    const t = 1e-4;
    const r = await run(t, 0);
    const xi = torque(r, 'xi'), eq1 = torque(r);
    expect(rel(xi[0]!, eq1[0]!)).toBeLessThan(1e-9);
    const ratios: number[] = [];
    EF.forEach((e, j) => {
      expect(rel(xi[j + 1]!, (-t * V * D * (3 * e * e - D * D)) / (8 * PI * e ** 3))).toBeLessThan(1e-6);
      ratios.push(xi[j + 1]! / eq1[j + 1]!);
    });
    console.log(`[p000 obs] xi/eq1 (000 sign, t = 1e-4): ${ratios.map((x) => x.toFixed(6)).join(', ')}`);
  });

  it('ω₀ (Fig. 1): t e v_F E/(2ε_F) for t → 0, t e v_F E/(2Δ) at the band bottom; per-k ratio eE v_t/(2ε₀)', async () => {
    const field = 1e3;
    for (const t of [1e-4, 0.4]) {
      const w = await precessionFrequency(model(t), { mu: EF, E: 0, field });
      const closed = EF.map((e) => (t * V * field * 1e-10) / (2 * e) / HBAR_EV_S);
      const r = w.omega.map((x, i) => x / closed[i]!);
      console.log(`[p000 obs] ω₀/(t e v_F E/2ε_F) at t = ${t}: ${r.map((x) => x.toFixed(8)).join(', ')}`);
      if (t < 1e-3) r.forEach((x) => expect(Math.abs(x - 1)).toBeLessThan(1e-6));
    }
    // band bottom (ε_F → Δ⁺, t → 0)
    const w0 = await precessionFrequency(model(1e-4), { mu: [D * (1 + 1e-7)], E: 0, field });
    expect(rel(w0.omega[0]!, (1e-4 * V * field * 1e-10) / (2 * D) / HBAR_EV_S)).toBeLessThan(1e-6);
  });

  it('symmetry (M_xT): only κ_zx (E ∥ x̂); E ∥ ŷ vanishes for both parts', async () => {
    const x = await run(0.4, 0), y = await run(0.4, 1);
    const mx = (a: number[]) => Math.max(...a.map(Math.abs));
    for (const p of ['eq1', 'xi']) expect(mx(torque(y, p))).toBeLessThan(1e-9 * mx(torque(x, p)));
  });

  it('units: 1/s² per V/m (000 sign); for a given field the value scales and the unit drops "per V/m"', async () => {
    const r = await run(0.4, 0), rf = await run(0.4, 0, { field: 1e3 });
    const o = r.get('torque');
    expect(o.unit).toBe('1/s^2 per V/m');
    expect(rel(o.at(2), torque(r)[2]! * siFactor('torque', 2))).toBeLessThan(1e-12);
    expect(rf.get('torque').unit).toBe('1/s^2');
    expect(rel(rf.get('torque').at(2), 1e3 * o.at(2))).toBeLessThan(1e-12);
  });

  it('CLI: compute --observable torque --E x --field 1000 reports the torque for that field and ω₀ (JSON results.torque.omega0)', async () => {
    const r = await cli(['compute', '--model', 'tilted-dirac-000', '--observable', 'torque', '--E', 'x', '--field', '1000', '--mu', '0.05:0.1:2', '--threads', '1', '--backend', 'ts', '--json']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout).results.torque;
    expect(t.unit).toBe('1/s^2');
    const w = await precessionFrequency(model(0.4), { mu: [0.05, 0.1], E: 0, field: 1e3 });
    expect(t.omega0.unit).toBe('1/s');
    t.omega0.values.forEach((x: number, i: number) => expect(rel(x, w.omega[i]!)).toBeLessThan(1e-12));
    const direct = await run(0.4, 0, { field: 1e3 });
    expect(rel(t.values[1][0], direct.get('torque').at(MU.indexOf(0.1)))).toBeLessThan(1e-12);
    const bad = await cli(['compute', '--model', 'tilted-dirac-000', '--observable', 'torque', '--mu', '0.05', '--threads', '1', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/--E/);
  });

  it('two grids and WASM vs TS (1e-10)', async () => {
    const a = await run(0.4, 0), b = await run(0.4, 0, { grid: [128, 32] }), w = await run(0.4, 0, { backend: 'wasm-simd' });
    expect(w.backend).toBe('wasm-simd');
    const diff = (p: ComputeResult, q: ComputeResult) => {
      let worst = 0;
      for (const part of ['eq1', 'xi']) {
        const x = torque(p, part), y = torque(q, part);
        const s = Math.max(...y.map(Math.abs));
        x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - y[i]!) / s)));
      }
      return worst;
    };
    const g = diff(a, b), bw = diff(w, a);
    console.log(`[p000 obs] grid 64×16 vs 128×32: ${g.toExponential(2)}; wasm-simd vs ts: ${bw.toExponential(2)}`);
    expect(g).toBeLessThan(1e-9);
    expect(bw).toBeLessThan(1e-10);
  });
});
