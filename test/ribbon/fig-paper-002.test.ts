/**
 * Paper 002 demo figures (src/cli/demo/paper-002-figures.ts): each runs in a few seconds, renders,
 * and carries the physics it claims (TR: m odd in k and zero interband accumulation; Fig. 3: the
 * paper-geometry interband accumulation is zero by M_xT, the field-across one is not).
 */
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/select.js';
import { loadModelArg } from '../../src/cli/lib.js';
import { paper002Fig1, paper002Fig2, paper002Fig3 } from '../../src/cli/demo/paper-002-figures.js';
import type { DemoContext, DemoFigure, DemoFigureResult, Headline } from '../../src/cli/demo/types.js';
import { renderSvg } from '../../src/plot/index.js';
import type { LoadedModel } from '../../src/cli/lib.js';

async function runFigure(fig: DemoFigure): Promise<{ r: DemoFigureResult; ms: number }> {
  const backend = await createBackend();
  const models = new Map<string, Promise<LoadedModel>>();
  const ctx: DemoContext = {
    backend,
    model: (s) => {
      if (!models.has(s)) models.set(s, loadModelArg(s, process.cwd()));
      return models.get(s)!;
    },
    progress: () => {},
    memo: (_k, f) => f(),
  };
  const t0 = performance.now();
  const r = await fig.run(ctx);
  const ms = performance.now() - t0;
  backend.dispose();
  if ('skipped' in r) throw new Error(r.skipped);
  return { r, ms };
}
const hl = (r: DemoFigureResult, q: string): Headline => {
  const h = r.headlines!.find((x) => x.quantity.includes(q));
  if (!h) throw new Error(`no headline '${q}'`);
  return h;
};

describe('paper 002 demo figures', () => {
  it('Fig. 1(b–d): three ribbon band panels with ⟨y⟩; gapped phases keep a gap, the Chern ribbon closes it (edge states)', async () => {
    const { r, ms } = await runFigure(paper002Fig1);
    console.log(`paper 002 Fig. 1: ${ms.toFixed(0)} ms`);
    const gaps = r.headlines!.map((h) => h.value);
    expect(gaps[0]!).toBeGreaterThan(0.5); // 2Δ = 1 eV minus finite-size
    expect(gaps[1]!).toBeGreaterThan(0.1);
    expect(gaps[2]!).toBeLessThan(0.05);
    const svg = await renderSvg(r.spec);
    expect(svg).toContain('<svg');
  });

  it('Fig. 2: m odd in k (TR), interband accumulation zero, intraband with symmetric and antisymmetric parts', async () => {
    const { r, ms } = await runFigure(paper002Fig2);
    console.log(`paper 002 Fig. 2: ${ms.toFixed(0)} ms`, r.headlines);
    expect(hl(r, 'm(k) + m(−k)').value).toBeLessThan(1e-10);
    expect(hl(r, 'interband accumulation').value).toBeLessThan(1e-12);
    // the diagonal moment of each ribbon state vanishes for NN-only honeycomb (paper's odd pattern not reproduced)
    expect(hl(r, 'max |mₙₙ(k)| for |k·a| < 2.5').value).toBeLessThan(1e-10);
    expect(Math.abs(hl(r, 'upper edge row').value)).toBeGreaterThan(0);
    expect(hl(r, 'symmetric|').value).toBeGreaterThan(0.01);
    expect(await renderSvg(r.spec)).toContain('<svg');
  });

  it('Fig. 3: interband accumulation for E ∥ x is exactly zero (M_xT — not the paper\'s large value), nonzero for E across; trivial m not odd in k, Chern valence m even in k', async () => {
    const { r, ms } = await runFigure(paper002Fig3);
    console.log(`paper 002 Fig. 3: ${ms.toFixed(0)} ms`, r.headlines);
    expect((r.data as { reproduced: boolean }).reproduced).toBe(false);
    for (const phase of ['trivial', 'Chern']) {
      expect(hl(r, `${phase} Δ = ${phase === 'trivial' ? '0.5' : '0'}: interband accumulation E ∥ x`).value).toBeLessThan(1e-12);
      expect(hl(r, `${phase} Δ = ${phase === 'trivial' ? '0.5' : '0'}: interband accumulation E ∥ y`).value).toBeGreaterThan(1e-3);
    }
    expect(hl(r, 'Chern Δ = 0: valence').value).toBeLessThan(1e-8);
    expect(hl(r, 'trivial Δ = 0.5: valence').value).toBeGreaterThan(1e-3);
    expect(hl(r, 'trivial Δ = 0.5: intraband').value).toBeLessThan(1e-6);
    expect(hl(r, 'Chern Δ = 0: intraband').value).toBeGreaterThan(1e-3);
    expect(await renderSvg(r.spec)).toContain('<svg');
  });
});
