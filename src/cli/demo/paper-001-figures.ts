/**
 * Demo figures of paper 001 (Cullen et al.) on its tilted massive Dirac model (Eq. 8; α = 4 eV·Å,
 * m = 0.01 eV, v_t = 0.2α/ħ; built-in `tilted-dirac`), T = 0, against the Fermi energy:
 *   Fig. 1 — |d^y| (as the charge-dipole density |P_y| per field) and the OMM density −(e/2)⟨L^z⟩_d, E ∥ ŷ;
 *   Fig. 2 — the intrinsic OMM per field and its components;
 *   Fig. 3 — intrinsic (E ∥ ŷ) and extrinsic (E ∥ x̂, τ = 0.01 ps) OMM per field.
 * Computed with `compute` (observables dipole, ome, ome-extrinsic). The printed closed forms are
 * overlaid (dashed, "001 printed"), and where they fail the corrected forms ("corrected") —
 * docs/physics-xi.md §4 and §6. Sign: the paper's ⟨L⟩ (Eq. 49) is −(r×v), so its "OMM −(e/2)⟨L⟩" is
 * −1 × the physical M = −(e/2)⟨r×v⟩; both are shown and labelled.
 */
import { lineSpec, type LineSeries, type VegaLiteSpec } from '../../plot/index.js';
import { ELEMENTARY_CHARGE, HBAR_EV_S } from '../../units/constants.js';
import { siFactor } from '../../physics/units.js';
import { firstT, type ComputeResultLike } from '../commands/compute.js';
import { header } from '../common.js';
import { integrateLib } from '../lib.js';
import type { DemoContext, DemoFigure, Headline } from './types.js';

const MODEL = 'tilted-dirac';
const ALPHA = 4, M = 0.01, VT = 0.8; // eV·Å, eV, eV·Å (v_t = 0.2α/ħ)
const TAU = 1e-14; // s (0.01 ps)
const EF = Array.from({ length: 41 }, (_, i) => Number(((0.1 * i) / 40).toFixed(6))); // 0 … 0.1 eV
const GRID = [48, 6]; // NTHETA × NR per radial segment (segments split at every E_F)
const PI = Math.PI;
/** K [Å per eE] → M = −(e/2)K [A per V/m]; d [1/eV per eE] → P = −e d [C/m per V/m]. */
const MF = -0.5 * ELEMENTARY_CHARGE * siFactor('angular-momentum', 2);
const PF = -ELEMENTARY_CHARGE * siFactor('dipole', 2);

const inGap = (e: number) => e < M;
const metal = (f: (e: number) => number) => EF.map((e) => (inGap(e) ? null : f(e)));
const gapOnly = (v: number) => EF.map((e) => (inGap(e) ? v : null));

async function run(ctx: DemoContext, key: string, observables: string[], E: 0 | 1, extra: Record<string, unknown> = {}): Promise<ComputeResultLike> {
  return ctx.memo(`p001-${key}`, async () => {
    const lib = await integrateLib('demo');
    const loaded = await ctx.model(MODEL);
    return (await lib.compute({ model: loaded.compiled, observables, grid: GRID, mu: EF, T: 0, backend: ctx.backend, threads: 1, params: { E, tau: TAU }, signal: ctx.signal, onProgress: (p: { fraction: number }) => ctx.progress(p.fraction), ...extra })) as ComputeResultLike;
  });
}
const col = (v: number[][] | number[][][], c = 0) => firstT(v).map((r) => r[c]!);
const part = (r: ComputeResultLike, obs: string, name: string) => col(r.results[obs]!.parts![name]!);
const near = (x: number) => EF.reduce((b, e, i) => (Math.abs(e - x) < Math.abs(EF[b]! - x) ? i : b), 0);

/** Long labels: the legend goes below the plot, one entry per line; compact tick labels (2e-14). */
export function tidy(spec: VegaLiteSpec): VegaLiteSpec {
  for (const layer of (spec.layer ?? []) as Array<{ encoding?: Record<string, Record<string, unknown>> }>) {
    const enc = layer.encoding;
    if (!enc?.color || !enc.y) continue;
    enc.color.legend = { orient: 'bottom', direction: 'vertical', columns: 1, labelLimit: 900, title: null };
    enc.y.axis = { format: '.3~g' };
  }
  return spec;
}

function panel(title: string, yTitle: string, series: LineSeries[]): VegaLiteSpec {
  return tidy(lineSpec({ x: EF, xTitle: 'E_F (eV)', yTitle, series, title, markers: [{ x: M, label: 'band edge m' }], width: 640, height: 260 }));
}
const stack = (...specs: VegaLiteSpec[]): VegaLiteSpec => ({ $schema: specs[0]!.$schema, vconcat: specs.map(({ $schema: _s, ...rest }) => rest) });

export const paper001Fig1: DemoFigure = {
  id: 'paper-001-fig1-dipole-omm',
  title: 'Paper 001 Fig. 1: dipole |d^y| and OMM density −(e/2)⟨L^z⟩_d per field, tilted Dirac, E ∥ ŷ',
  model: MODEL,
  async run(ctx) {
    const loaded = await ctx.model(MODEL);
    const r = await run(ctx, 'Ey', ['dipole', 'ome'], 1);
    const P = col(r.results.dipole!.values, 1);
    // 001's −(e/2)⟨L⟩_d with its ⟨L⟩ = −(r×v): the part d is the physical contribution (e/2)L_d·sf → paper = −d
    const Md = part(r, 'ome', 'd');
    const paperMd = Md.map((x) => -x);
    const eq9 = (e: number) => PF * (-(M * M + 3 * e * e) / (48 * PI * e ** 3));
    const dGap = PF * (-1 / (12 * PI * M));
    const spec = stack(
      panel('|P_y|/E = e|d^y|/E (charge-dipole density)', '|P_y|/E (C/m per V/m)', [
        { label: 'computed (v_t = 0.2α)', values: P.map(Math.abs) },
        { label: '001 printed: e²/(12πm) in the gap', values: gapOnly(Math.abs(dGap)), overlay: true },
        { label: '001 printed Eq. 9 (exact for v_t → 0; O(t²) off at v_t = 0.2α)', values: metal((e) => Math.abs(eq9(e))), overlay: true },
      ]),
      panel('OMM density of ⟨L^z⟩_d, 001 sign −(e/2)⟨L^z⟩_d', '(A per V/m)', [
        { label: 'computed −(e/2)⟨L⟩_d (001 sign)', values: paperMd },
        { label: '001 printed: ⟨L⟩_d = v_t⟨y⟩ (holds exactly)', values: P.map((p) => (MF * VT * p) / PF), overlay: true },
        { label: '001 printed gap value ⟨L⟩_d = −eEv_t/(12πm)', values: gapOnly(MF * (-VT / (12 * PI * M))), overlay: true },
      ]),
    );
    const i = near(0.05);
    const headlines: Headline[] = [
      { quantity: 'd^y/(eE) in the gap', value: P[0]! / PF, unit: '1/eV', reference: -1 / (12 * PI * M), source: '001 text after Eq. 9' },
      { quantity: `d^y/(eE) at E_F = ${EF[i]} eV (v_t = 0.2α) / Eq. 9`, value: P[i]! / PF / (eq9(EF[i]!) / PF), unit: '1', reference: 1, source: '001 Eq. 9 (v_t → 0)' },
      { quantity: '−(e/2)⟨L⟩_d in the gap (001 sign)', value: paperMd[0]!, unit: 'A per V/m', reference: MF * (-VT / (12 * PI * M)), source: '001: ⟨L⟩_d = −eEv_t/(12πm)' },
    ];
    return { spec, data: { ...header(loaded, r.backend), grid: r.grid, T: r.T, EF, units: { P: 'C/m per V/m', M: 'A per V/m' }, P_y: P, paperOmmD: paperMd, results: { dipole: r.results.dipole!.toJSON(), ome: r.results.ome!.toJSON() } }, headlines };
  },
};

export const paper001Fig2: DemoFigure = {
  id: 'paper-001-fig2-intrinsic-omm',
  title: 'Paper 001 Fig. 2: intrinsic OMM per field and its components, tilted Dirac, E ∥ ŷ',
  model: MODEL,
  async run(ctx) {
    const loaded = await ctx.model(MODEL);
    const r = await run(ctx, 'Ey', ['dipole', 'ome'], 1);
    const tot = col(r.results.ome!.values);
    const reading = part(r, 'ome', 'paper-reading');
    const Ld = part(r, 'ome', 'd').map((x) => -x), IC = part(r, 'ome', 'ic').map((x) => -x);
    const spec = panel('Intrinsic OMM per field (v_t = 0.2α; closed forms are the v_t → 0 forms)', 'δM_z/E_y (A per V/m)', [
      { label: 'physical M = −(e/2)⟨r×v⟩, K = −(L_d+L_IC+LC_Eq51) = 003 χ^int (ribbon-confirmed in the gap)', values: tot },
      { label: 'metal, exact ribbon ∥ E: K + ΔK (ΔK = `fermi-surface`, depends on the ribbon direction)', values: tot.map((x, j) => x + part(r, 'ome', 'fermi-surface')[j]!) },
      { label: "001's reading −(e/2)(⟨L⟩_d+⟨L⟩_IC+⟨L⟩_LC3), 001 sign", values: reading },
      { label: '−(e/2)⟨L⟩_d (001 sign)', values: Ld },
      { label: '−(e/2)⟨L⟩_IC (001 sign)', values: IC },
      { label: '001 printed: gap ⟨L⟩ = −eEv_t/(12πm)', values: gapOnly(MF * (-VT / (12 * PI * M))), overlay: true },
      { label: '001 printed (wrong): ⟨L⟩_d+⟨L⟩_IC = eEm²v_t/(24πE_F³)', values: metal((e) => (MF * M * M * VT) / (24 * PI * e ** 3)), overlay: true },
      { label: 'corrected: ⟨L⟩_d+⟨L⟩_IC = −eEm²v_t/(12πE_F³)', values: metal((e) => (MF * -M * M * VT) / (12 * PI * e ** 3)), overlay: true },
      { label: '001 printed (wrong): ⟨L⟩_IC = eEv_t(m²+E_F²)/(16πE_F³)', values: metal((e) => (MF * VT * (M * M + e * e)) / (16 * PI * e ** 3)), overlay: true },
      { label: 'corrected: ⟨L⟩_IC = eEv_t(E_F²−m²)/(16πE_F³)', values: metal((e) => (MF * VT * (e * e - M * M)) / (16 * PI * e ** 3)), overlay: true },
      { label: 'corrected physical: K = v_t/(6πm) gap, v_t(5m²+3E_F²)/(48πE_F³) metal', values: EF.map((e) => MF * (inGap(e) ? VT / (6 * PI * M) : (VT * (5 * M * M + 3 * e * e)) / (48 * PI * e ** 3))), overlay: true },
      { label: 'ribbon ∥ E closed form: K + ΔK = v_t(3E_F⁴+2m²E_F²+3m⁴)/(48πE_F⁵) metal', values: metal((e) => (MF * VT * (3 * e ** 4 + 2 * M * M * e * e + 3 * M ** 4)) / (48 * PI * e ** 5)), overlay: true },
    ]);
    const i = near(0.03);
    const headlines: Headline[] = [
      { quantity: 'physical δM/E in the gap', value: tot[0]!, unit: 'A per V/m', reference: MF * (VT / (6 * PI * M)), source: 'K = 2·(−⟨L⟩_d) (docs/physics-xi.md §4.6)' },
      { quantity: "001's reading / physical, in the gap", value: reading[0]! / tot[0]!, unit: '1', reference: -0.5, source: 'paper-reading = −½ × value (two bands)' },
      { quantity: `⟨L⟩_IC at E_F = ${EF[i]} eV / 001 printed`, value: IC[i]! / ((MF * VT * (M * M + EF[i]! ** 2)) / (16 * PI * EF[i]! ** 3)), unit: '1', reference: (EF[i]! ** 2 - M * M) / (EF[i]! ** 2 + M * M), source: 'corrected (E_F²−m²)/(E_F²+m²) (v_t → 0)' },
    ];
    return { spec, data: { ...header(loaded, r.backend), grid: r.grid, T: r.T, EF, unit: 'A per V/m', sign: "value: physical M; parts d/ic/lc: physical contributions; 'paper-reading' and the ⟨L⟩ series: 001's sign", results: { ome: r.results.ome!.toJSON() } }, headlines };
  },
};

export const paper001Fig3: DemoFigure = {
  id: 'paper-001-fig3-intrinsic-extrinsic',
  title: 'Paper 001 Fig. 3: intrinsic (E ∥ ŷ) and extrinsic (E ∥ x̂, τ = 0.01 ps) OMM per field, tilted Dirac',
  model: MODEL,
  async run(ctx) {
    const loaded = await ctx.model(MODEL);
    const ri = await run(ctx, 'Ey', ['dipole', 'ome'], 1);
    // T = 0 Fermi-surface weights: smeared with k_BT = 2 meV (m = 10 meV)
    const re = await run(ctx, 'Ex-ext', ['ome-extrinsic'], 0, { surfaceSmearing: 0.002 });
    const int = col(ri.results.ome!.values), reading = part(ri, 'ome', 'paper-reading');
    const ext = col(re.results['ome-extrinsic']!.values);
    const spec = panel('Intrinsic (E ∥ ŷ) and extrinsic (E ∥ x̂, τ = 0.01 ps) OMM per field', 'δM_z/E (A per V/m)', [
      { label: 'intrinsic, physical (E ∥ ŷ)', values: int },
      { label: "intrinsic, 001's reading and sign (E ∥ ŷ)", values: reading, overlay: true },
      { label: 'extrinsic, physical (E ∥ x̂; T = 0 δ smeared, k_BT = 2 meV)', values: ext },
      { label: "extrinsic, 001's sign (= −physical)", values: ext.map((x) => -x), overlay: true },
      { label: 'extrinsic closed form (derived here, v_t → 0): K_ext = −(τ/ħ)v_t m(E_F²−m²)/(2πE_F³)', values: metal((e) => (MF * (-(TAU / HBAR_EV_S) * VT * M * (e * e - M * M))) / (2 * PI * e ** 3)), overlay: true },
    ]);
    const crossover = [0.015, 0.02, 0.03, 0.05, 0.1].map((e) => {
      const j = near(e);
      return { EF: EF[j]!, physical: (Math.abs(int[j]!) / Math.abs(ext[j]! / TAU)) * 1e15, reading: (Math.abs(reading[j]!) / Math.abs(ext[j]! / TAU)) * 1e15 };
    });
    const headlines: Headline[] = crossover.map((c) => ({ quantity: `τ* (extrinsic = intrinsic) at E_F = ${c.EF} eV, physical intrinsic (001 reading: ${c.reading.toFixed(2)} fs)`, value: c.physical, unit: 'fs', reference: 5, source: '001: "for any τ > 5 fs the extrinsic OME exceeds the intrinsic"' }));
    return { spec, data: { ...header(loaded, ri.backend), grid: ri.grid, T: 0, surfaceSmearing: { kT: 0.002, unit: 'eV' }, tau: { value: TAU, unit: 's' }, EF, unit: 'A per V/m', crossoverFs: crossover, results: { intrinsic: ri.results.ome!.toJSON(), extrinsic: re.results['ome-extrinsic']!.toJSON() } }, headlines };
  },
};
