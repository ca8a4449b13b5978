import { describe, expect, it } from 'vitest';
import { bandsSpec, heatmapSpec, renderSvg, ribbonProfileSpec, sweepSpec } from '../../src/plot/index.js';

const isPlainJson = (x: unknown) => expect(JSON.parse(JSON.stringify(x))).toEqual(x);

describe('plot specs render to SVG in Node', () => {
  it('bands: high-symmetry labels, axis title, optional colouring', async () => {
    const distance = [0, 0.5, 1, 1.5, 2];
    const energies = distance.map((s) => [-1 - s, 1 + s]);
    const spec = bandsSpec({
      distance,
      energies,
      ticks: [{ label: 'G', distance: 0 }, { label: 'K', distance: 1 }, { label: 'M', distance: 2 }],
      color: { title: 'Ω_z (Å^2)', values: energies.map(() => [-0.5, 0.5]) },
      title: 'test bands',
    });
    isPlainJson(spec);
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const t of ['Γ', 'K', 'M', 'Energy (eV)', 'test bands', 'Ω_z (Å^2)']) expect(svg).toContain(t);
  });

  it('sweep: components, parts and dashed overlays in the legend', async () => {
    const mu = [-1, -0.5, 0, 0.5, 1];
    const spec = sweepSpec({
      mu,
      quantity: 'σ_xy',
      unit: 'e^2/h',
      series: [
        { label: 'xy', values: mu.map((m) => Math.tanh(m)) },
        { label: 'paper 001 closed form', values: mu.map((m) => Math.tanh(m) * 0.9), overlay: true },
        { label: 'corrected', values: [null, 1, 2, Number.NaN, 3], overlay: true },
      ],
      markers: [{ x: 0, label: 'gap' }],
    });
    isPlainJson(spec);
    const svg = await renderSvg(spec);
    for (const t of ['μ (eV)', 'σ_xy (e^2/h)', 'paper 001 closed form', 'corrected', 'gap']) expect(svg).toContain(t);
    expect(svg).toContain('stroke-dasharray');
  });

  it('heat map over the BZ with boundary and labelled points', async () => {
    const x = [-1, 0, 1];
    const y = [-1, 0, 1];
    const values = y.map((yy) => x.map((xx) => xx * yy));
    const spec = heatmapSpec({
      x,
      y,
      values,
      xTitle: 'k_x (Å^-1)',
      yTitle: 'k_y (Å^-1)',
      colorTitle: 'm_z (muB)',
      boundary: [[-1, 0], [0, 1], [1, 0], [0, -1]],
      points: [{ label: 'G', x: 0, y: 0 }, { label: 'K', x: 1, y: 0 }],
    });
    isPlainJson(spec);
    const svg = await renderSvg(spec);
    for (const t of ['k_x (Å^-1)', 'm_z (muB)', 'Γ', 'K']) expect(svg).toContain(t);
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(9);
  });

  it('ribbon profile', async () => {
    const position = [0, 1, 2, 3];
    const spec = ribbonProfileSpec({
      position,
      quantity: 'OMM density',
      unit: 'muB/cell',
      series: [{ label: 'intra', values: [1, 2, 3, 4] }, { label: 'inter', values: [0, 1, 0, 1] }],
    });
    const svg = await renderSvg(spec);
    for (const t of ['transverse position (Å)', 'OMM density (muB/cell)', 'intra', 'inter']) expect(svg).toContain(t);
  });
});
