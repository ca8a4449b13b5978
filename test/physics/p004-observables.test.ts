/**
 * Paper 004's intrinsic kinetic magnetisation through `compute` (src/observables/kinetic-magnetization.ts):
 *  - orbital part (Eqs. 9–10 with the sign and index reading corrected) = paper 003's χ^int·E, which the
 *    exact ribbon oracle confirms (test/physics/p003-observables.test.ts); Eqs. 9–10 as printed
 *    (`orbital-literal`) are −1× that for two bands and not proportional for three;
 *  - spin part (Eq. 7): for a massive Dirac model with σ as the spin (σ ∝ velocity) it is the anomalous
 *    Hall response, δ⟨σ_x⟩/(eE_x) = −Σ∫fΩ/α = −sign(m)·m/(4π α max(|μ|, |m|)) — checked against the
 *    `ahc` observable and the closed form; it vanishes with time reversal (Rashba gas);
 *  - WASM vs TS. Per-k gauge invariance: test/physics/covariant-responses.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { PAULI_SPIN } from '../../src/model/builtins/define.js';
import { compileModel } from '../../src/model/compile.js';
import type { KpModel, Model } from '../../src/model/types.js';
import type { ComputeResult } from '../../src/result.js';
import { E2_OVER_H_S } from '../../src/units/factors.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const run = (model: Model, mu: number[], E: 0 | 1, T: number | number[] = 0, observables = ['kinetic-magnetization'], grid?: number[], backend: 'ts' | 'wasm-simd' = 'wasm-simd') =>
  compute({ model: compileModel(model), observables, mu, T, grid, backend, threads: 1, params: { E, tau: 1e-14 } });

describe('orbital part: 004 Eqs. 9–10 corrected = paper 003 χ^int; as printed −1× (two bands) or not proportional (three)', () => {
  it('strained Haldane and the 3-band model, insulators and metals, T = 0 and 300 K, E ∥ x and y', async () => {
    const rows: string[] = [];
    for (const [spec, mu] of [
      ['haldane:strain=0.2,phi=pi/3,t2=0.1,delta=0.6', [-0.15, 0.9, 1.3]],
      ['three-band', [-1.5, -0.48, 0.2, 0.77]],
    ] as const) {
      let worst = 0, lit = Infinity, litMax = 0;
      for (const E of [0, 1] as const) {
        const r = await run(buildBuiltin(spec), [...mu], E, [0, 300], ['kinetic-magnetization', 'chi-int'], [60, 60]);
        const k = r.get('kinetic-magnetization'), c = r.get('chi-int');
        const orb = k.partsData.orbital!, litd = k.partsData['orbital-literal']!;
        const big = Math.max(...Array.from(c.data, Math.abs)) * c.conversions['m/Ω']!;
        for (let t = 0; t < 2; t++)
          for (let i = 0; i < mu.length; i++) {
            const j = (t * mu.length + i) * 3;
            const chiE = c.at(i, E, t) * c.conversions['m/Ω']!; // M_z per E_β in A per V/m
            worst = Math.max(worst, Math.abs(orb[j + 2]! - chiE) / big);
            expect(orb[j]! === 0 && orb[j + 1]! === 0).toBe(true);
            if (E === 1) {
              lit = Math.min(lit, Math.abs(litd[j + 2]! / -orb[j + 2]! - 1));
              litMax = Math.max(litMax, Math.abs(litd[j + 2]! / -orb[j + 2]! - 1));
            }
          }
        // no spin matrices: the spin part is zero
        expect(k.partsData.spin!.every((x) => x === 0)).toBe(true);
      }
      rows.push(`${spec}: |orbital − χE|/max ${worst.toExponential(1)}; literal/(−orbital) − 1 in [${lit.toExponential(1)}, ${litMax.toExponential(1)}]`);
      expect(worst).toBeLessThan(1e-12);
      if (spec.startsWith('haldane')) expect(litMax).toBeLessThan(1e-10);
      else expect(litMax).toBeGreaterThan(1e-2);
    }
    console.log('[p004 obs] ' + rows.join('; '));
  });
});

/** Massive Dirac H = mσ_z + α(k_yσ_x − k_xσ_y) with σ as the spin (tilted-dirac, v_t = 0). */
function diracWithSpin(m: number, alpha: number): KpModel {
  const b = buildBuiltin('tilted-dirac', { m, alpha, vt: 0 }) as KpModel;
  return { ...b, name: 'dirac-spin', spin: PAULI_SPIN.map((s) => s.map((r) => r.map((z) => [z[0], z[1]]))) as KpModel['spin'] };
}

describe('spin part (004 Eq. 7): spin Berry curvature', () => {
  it('Dirac model (σ ∝ velocity): δ⟨σ_x⟩/(eE_x) = −Σ∫fΩ/α = AHC/α and the closed form −m/(4πα·max(|μ|,|m|)); E ∥ y gives σ_y', async () => {
    const m = 0.05, alpha = 2;
    const mu = [0, 0.03, 0.08, 0.2, -0.12];
    const model = diracWithSpin(m, alpha);
    const rx = await run(model, mu, 0, 0, ['kinetic-magnetization', 'ahc']);
    const ry = await run(model, mu, 1, 0, ['kinetic-magnetization']);
    const k = rx.get('kinetic-magnetization');
    const toInt = k.conversions['muB/Å^2 per eE']!;
    const e2hbar = 2 * Math.PI * E2_OVER_H_S;
    const rows: string[] = [];
    mu.forEach((x, i) => {
      const sx = -k.at(i, 0) * toInt; // M = −μ_B δ⟨σ⟩
      const sumFOmega = -rx.get('ahc').at(i) / e2hbar; // σ_xy = −(e²/ħ)Σ∫fΩ
      const closed = (-Math.sign(sumFOmega) * Math.abs(m)) / (4 * Math.PI * alpha * Math.max(Math.abs(x), Math.abs(m)));
      rows.push(`μ=${x}: ${(sx / (-sumFOmega / alpha)).toFixed(9)} vs AHC, ${(sx / closed).toFixed(9)} vs closed form`);
      expect(rel(sx, -sumFOmega / alpha)).toBeLessThan(1e-8);
      expect(rel(sx, closed)).toBeLessThan(1e-6);
      // σ_y response to E_y: ħv_x = −ασ_y → δ⟨σ_y⟩(E_y) = δ⟨σ_x⟩(E_x)
      expect(rel(ry.get('kinetic-magnetization').at(i, 1), k.at(i, 0))).toBeLessThan(1e-8);
      expect(Math.abs(k.at(i, 1)) + Math.abs(k.at(i, 2))).toBeLessThan(1e-8 * Math.abs(k.at(i, 0)));
    });
    console.log(`[p004 obs] Dirac spin Berry curvature: ${rows.join('; ')}`);
  });

  it('time reversal (Rashba gas) forbids the intrinsic spin part; WASM = TS to 1e-10', async () => {
    const r = await run(buildBuiltin('rashba'), [-0.1, 0.3], 0, 100, ['kinetic-magnetization', 'edelstein'], undefined, 'wasm-simd');
    const big = Math.max(...Array.from(r.get('edelstein').data, Math.abs));
    expect(big).toBeGreaterThan(0);
    expect(Math.max(...Array.from(r.get('kinetic-magnetization').data, Math.abs))).toBeLessThan(1e-10 * big);
    const model = diracWithSpin(0.05, 2);
    const w = await run(model, [0, 0.08], 0, [0, 300], ['kinetic-magnetization'], undefined, 'wasm-simd');
    const t = await run(model, [0, 0.08], 0, [0, 300], ['kinetic-magnetization'], undefined, 'ts');
    const a = w.get('kinetic-magnetization').data, b = t.get('kinetic-magnetization').data;
    const mx = Math.max(...Array.from(b, Math.abs));
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-10 * mx);
    const h = await run(buildBuiltin('three-band'), [0.2], 1, 300, ['kinetic-magnetization'], [30, 30], 'wasm-simd');
    const ht = await run(buildBuiltin('three-band'), [0.2], 1, 300, ['kinetic-magnetization'], [30, 30], 'ts');
    for (const p of ['orbital', 'orbital-literal']) expect(rel(h.get('kinetic-magnetization').partsData[p]![2]!, ht.get('kinetic-magnetization').partsData[p]![2]!)).toBeLessThan(1e-10);
  });
});

describe('declared characters drive the symmetry machinery correctly (compute symmetry: wedge)', () => {
  it.each(['square-dirac', 'haldane:strain=0.2,phi=pi/3'])('%s: wedge = full grid for edelstein and kinetic-magnetization, E ∥ x and y; forbidden components vanish', async (spec) => {
    const runs: Array<{ E: 0 | 1; full: ComputeResult; sym: ComputeResult }> = [];
    for (const E of [0, 1] as const) {
      const base = { model: compileModel(buildBuiltin(spec)), observables: ['edelstein', 'kinetic-magnetization'], grid: [24, 24], mu: [-1.2, 0, 0.9], T: 300, threads: 1, backend: 'wasm-simd' as const, params: { E, tau: 1e-14 } };
      runs.push({ E, full: await compute(base), sym: await compute({ ...base, symmetry: true }) });
    }
    // scale: the largest value over both field directions (one of them may be entirely forbidden)
    const scaleOf = (n: string) => Math.max(...runs.flatMap(({ full }) => [full.get(n).data, ...Object.values(full.get(n).partsData)].flatMap((a) => Array.from(a, Math.abs))));
    for (const { E, full, sym } of runs) {
      const sd = sym.diagnostics.symmetry as { wedgeGroup: string[]; warnings: string[]; forbidden: Record<string, string[]> };
      expect(sd.wedgeGroup).toContain('MxT');
      expect(sd.warnings).toEqual([]);
      for (const n of ['edelstein', 'kinetic-magnetization']) {
        const r = full.get(n), s = sym.get(n);
        const scale = scaleOf(n);
        expect(scale).toBeGreaterThan(0);
        for (const [p, a] of [['total', r.data], ...Object.entries(r.partsData)] as Array<[string, Float64Array]>) {
          const b = p === 'total' ? s.data : s.partsData[p]!;
          for (let i = 0; i < a.length; i++) {
            if (sd.forbidden[n]!.includes(r.components[i % 3]!)) expect(Math.abs(a[i]!) / scale, `${n} ${p} E${E}`).toBeLessThan(1e-9);
            expect(Math.abs(a[i]! - b[i]!) / scale, `${n} ${p} E${E} ${i}`).toBeLessThan(1e-10);
          }
        }
      }
      // the orbital Edelstein (T-even) needs E ∥ x, the intrinsic orbital part (T-odd) E ∥ y (M_xT)
      expect(sd.forbidden.edelstein).toContain(E === 0 ? 'x' : 'z');
      expect(sd.forbidden['kinetic-magnetization']).toContain(E === 0 ? 'z' : 'x');
    }
  });
});

describe('declared characters reproduce paper 003 Table I', () => {
  it('intrinsic (chi-int, alpha-int, kinetic-magnetization): forbidden by P and by T, allowed with PT; extrinsic (edelstein): forbidden by P and PT, allowed with T', async () => {
    const { getObservable } = await import('../../src/observables/registry.js');
    const { allowedComponents } = await import('../../src/symmetry/tensor.js');
    const I3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    const P = { R: I3.map((x) => -x), antiunitary: false }, T = { R: I3.slice(), antiunitary: true }, PT = { R: I3.map((x) => -x), antiunitary: true };
    const anyFree = (name: string, g: typeof P) => {
      const o = getObservable(name);
      return allowedComponents([g] as never, o.character, { dim: 2, components: o.components(2) }).components.some((c) => c.status !== 'forbidden');
    };
    for (const n of ['chi-int', 'alpha-int', 'kinetic-magnetization']) expect([anyFree(n, P), anyFree(n, T), anyFree(n, PT)], n).toEqual([false, false, true]);
    expect([anyFree('edelstein', P), anyFree('edelstein', T), anyFree('edelstein', PT)]).toEqual([false, true, false]);
  });
});
