/**
 * Demo figures of paper 000 (Burgos Atencia & Culcer) on its tilted massive Dirac model (Eq. 12;
 * built-in `tilted-dirac-000`: t = 0.4, v_F = 1.6×10⁶ m/s, gap 2Δ = 70 meV), T = 0:
 *   Fig. 1 — the precession frequency ω₀(ε_F) for three fields (Fermi-line torque / Fermi-line OM,
 *            src/observables/torque.ts `precessionFrequency`), with t e v_F E/(2ε_F) (the per-k ratio
 *            for t → 0; t e v_F E/(2Δ) at the band bottom, 000 Fig. 2's ω₀);
 *   Fig. 2 — the net torque ⟨τ_z⟩ (Eq. 2 = ∫ Eq. 1, observable `torque`, E = 1000 V/m ∥ x̂) × A (1 nm²)
 *            in units of ω₀ = t e v_F E/(2Δ) and mm²/s (000's caption), for three Δ; with the printed closed form of Eq. 2
 *            (exact only for t → 0: O(t) off at t = 0.4) and the torque of 000's own Ξ equations
 *            (part `xi`, which differs in metals — docs/physics-xi.md §4 finding 15).
 * 000's sign (ħl = −(r×v)) throughout.
 */
import { lineSpec, type LineSeries } from '../../plot/index.js';
import { precessionFrequency } from '../../observables/torque.js';
import { siFactor } from '../../physics/units.js';
import { HBAR_EV_S } from '../../units/constants.js';
import { HBAR_VF_000 } from '../../model/builtins/tilted-dirac-000.js';
import { firstT, type ComputeResultLike } from '../commands/compute.js';
import { header } from '../common.js';
import { integrateLib } from '../lib.js';
import { tidy } from './paper-001-figures.js';
import type { DemoFigure, Headline } from './types.js';

const MODEL = 'tilted-dirac-000';
const T_TILT = 0.4, VF = 1.6e6; // m/s
const V = HBAR_VF_000; // ħv_F in eV·Å
const PI = Math.PI;

export const paper000Fig1: DemoFigure = {
  id: 'paper-000-fig1-precession-frequency',
  title: 'Paper 000 Fig. 1: precession frequency ω₀(ε_F), t = 0.4, v_F = 1.6×10⁶ m/s, gap 70 meV',
  model: MODEL,
  async run(ctx) {
    const loaded = await ctx.model(MODEL);
    const D = 0.035;
    const x = Array.from({ length: 40 }, (_, i) => Number(((0.1 * (i + 1)) / 40).toFixed(6))); // ε_F − Δ (eV)
    const mu = x.map((e) => e + D);
    const E0 = 1e3;
    const w = await precessionFrequency(loaded.compiled, { mu, E: 0, field: E0, backend: ctx.backend, ntheta: 128 });
    ctx.progress(1);
    const fields = [1e3, 2e3, 5e3];
    const series: LineSeries[] = [];
    for (const F of fields) series.push({ label: `ω₀, E = ${F / 1e3} kV/m (Fermi-line torque / OM, t = 0.4)`, values: w.omega.map((o) => (o * F) / E0) });
    for (const F of fields) series.push({ label: `t e v_F E/(2ε_F), E = ${F / 1e3} kV/m (t → 0)`, values: mu.map((e) => (T_TILT * V * F * 1e-10) / (2 * e) / HBAR_EV_S), overlay: true });
    const spec = tidy(lineSpec({ x, xTitle: 'ε_F − Δ (eV), from the bottom of the conduction band', yTitle: 'ω₀ (1/s)', series, title: 'Paper 000 Fig. 1: precession frequency ω₀ (dl/dt = −ω₀ l on the Fermi line)', width: 640, height: 300 }));
    const bottom = (T_TILT * VF * E0) / (2 * D); // t e v_F E/(2Δ) in 1/s (e·E·v/eV: E[V/m]·v[m/s]/Δ[V])
    const headlines: Headline[] = [
      { quantity: `ω₀ at ε_F − Δ = ${x[0]} eV, E = 1 kV/m`, value: w.omega[0]!, unit: '1/s', reference: bottom, source: '000 Fig. 2 caption: ω₀ = t e v_F E/(2Δ) at the band bottom' },
      { quantity: `ω₀ at ε_F − Δ = ${x[19]} eV, E = 1 kV/m / (t e v_F E/(2ε_F))`, value: w.omega[19]! / ((T_TILT * V * E0 * 1e-10) / (2 * mu[19]!) / HBAR_EV_S), unit: '1', reference: 1, source: 't → 0 limit; the tilt deforms the Fermi line' },
    ];
    return { spec, data: { ...header(loaded, ctx.backend.name), t: T_TILT, vF: { value: VF, unit: 'm/s' }, delta: { value: D, unit: 'eV' }, x: { name: 'ε_F − Δ', unit: 'eV', values: x }, omegaPerField: { unit: '1/s per V/m', values: w.omega.map((o) => o / E0) }, fields: { unit: 'V/m', values: fields }, fermiLine: { torque: w.fermiLineTorque, moment: w.fermiLineMoment } }, headlines };
  },
};

export const paper000Fig2: DemoFigure = {
  id: 'paper-000-fig2-torque',
  title: 'Paper 000 Fig. 2: net torque ⟨τ_z⟩·A/ω₀ (mm²/s) against ε_F for three gaps, t = 0.4, E = 1000 V/m ∥ x̂',
  model: MODEL,
  async run(ctx) {
    const lib = await integrateLib('demo');
    const F = 1e3;
    const EF = Array.from({ length: 31 }, (_, i) => Number(((0.15 * i) / 30).toFixed(6)));
    const deltas = [0.02, 0.035, 0.05];
    const series: LineSeries[] = [];
    const data: Record<string, unknown> = {};
    const headlines: Headline[] = [];
    let first: { backend: string } | null = null;
    for (const [j, D] of deltas.entries()) {
      const loaded = await ctx.model(`${MODEL}:delta=${D}`);
      const r = (await lib.compute({
        model: loaded.compiled,
        observables: ['torque'],
        grid: [32, 6],
        mu: EF,
        T: 0,
        backend: ctx.backend,
        threads: 1,
        params: { E: 0, field: F },
        signal: ctx.signal,
        onProgress: (p: { fraction: number }) => ctx.progress((j + p.fraction) / deltas.length),
      })) as ComputeResultLike;
      first ??= { backend: r.backend };
      const w0 = (T_TILT * VF * F) / (2 * D); // 1/s
      const tq = firstT(r.results.torque!.values).map((x) => x[0]!);
      const xi = firstT(r.results.torque!.parts!.xi!).map((x) => x[0]!);
      // τ [1/s²] × A (1e-18 m²) / ω₀ → m²/s; in mm²/s (the unit of 000's caption) × 1e6
      const y = (v: number) => (v * 1e-18 * 1e6) / w0;
      const printed = EF.map((e) => (e > D ? y((((-T_TILT * V * D) / (4 * PI * e)) * siFactor('torque', 2) * F)) : null));
      const tag = `2Δ = ${Math.round(2000 * D)} meV`;
      series.push({ label: `Eq. 1 → 2 (computed), ${tag}`, values: tq.map(y) });
      series.push({ label: `000 printed Eq. 2 (t → 0 only), ${tag}`, values: printed, overlay: true });
      series.push({ label: `Ξ-equation torque (part xi), ${tag}`, values: xi.map(y), overlay: true });
      data[`delta=${D}`] = { omega0: { value: w0, unit: '1/s' }, torque: r.results.torque!.toJSON(), yPlotted: { unit: 'mm^2/s', eq1: tq.map(y), xi: xi.map(y) } };
      const i = EF.findIndex((e) => e >= 0.1);
      headlines.push({ quantity: `⟨τ_z⟩ at ε_F = ${EF[i]} eV, ${tag}: computed / printed Eq. 2`, value: tq[i]! / (((-T_TILT * V * D) / (4 * PI * EF[i]!)) * siFactor('torque', 2) * F), unit: '1', reference: 1, source: '000 Eq. 2 (exact for t → 0)' });
    }
    const spec = tidy(lineSpec({ x: EF, xTitle: 'ε_F (eV)', yTitle: '⟨τ_z⟩·A/ω₀ (mm²/s), A = 1 nm²', series, title: 'Paper 000 Fig. 2: torque, t = 0.4, v_F = 1.6×10⁶ m/s, E = 1 kV/m; ω₀ = t e v_F E/(2Δ)', width: 640, height: 300 }));
    const loaded = await ctx.model(MODEL);
    return { spec, data: { ...header(loaded, first?.backend), t: T_TILT, field: { value: F, unit: 'V/m' }, EF, sign: '000 (ħl = −(r×v))', ...data }, headlines };
  },
};
