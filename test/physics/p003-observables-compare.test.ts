/**
 * src/compare/ome.ts (`orbitronics compare-ome`): the formalisms of papers 001, 003 and 004 side by
 * side with the exact ribbon oracle, and where the oracle does not apply (metal, Chern insulator, k·p).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/select.js';
import { K_TO_NM_PER_OHM, compareOmeData } from '../../src/compare/ome.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';

const backend = await createBackend('wasm-simd');
afterAll(() => backend.dispose());
const data = (spec: string, mu: number[], grid?: number[]) => {
  const m = buildBuiltin(spec);
  return compareOmeData(m, compileModel(m), { E: 1, mu, grid, widths: [8, 12, 16], nk: 32, backend });
};

describe('compare-ome data', () => {
  it('trivial 3-band model: gaps → ribbon = χ^int (1e-5) = 004 corrected = 001 Ξ total; 004 as printed = −1×, 001 reading = −½×; metal → oracle null', async () => {
    const d = await data('three-band:M=-1.5,vt=0.5', [-0.856, 0.2, 1.11], [90, 90]);
    expect(d.unit).toBe('Å');
    for (const i of [0, 2]) {
      expect(d.oracle[i]).toBeNull();
      const c = d.columns;
      expect(Math.abs(c.ribbon[i]! / c.chiInt[i]! - 1)).toBeLessThan(1e-5);
      expect(Math.abs(c.fCorrected[i]! / c.chiInt[i]! - 1)).toBeLessThan(1e-12);
      expect(Math.abs(c.xiTotal[i]! / c.chiInt[i]! - 1)).toBeLessThan(1e-12);
      expect(Math.abs(c.fPrinted[i]! / c.chiInt[i]! + 1)).toBeLessThan(1e-6);
      expect(Math.abs(c.xiPaper[i]! / c.chiInt[i]! + 0.5)).toBeLessThan(1e-6);
    }
    expect(d.columns.ribbon[1]).toBeNull();
    expect(d.oracle[1]).toMatch(/metal/);
    // K → nm/Ω: ΔM_z/E = −(e/2)K
    expect(K_TO_NM_PER_OHM).toBeLessThan(0);
  });

  it('μ values with the same ribbon levels below them share one oracle run: equal to a separate run', async () => {
    const { ribbonOracle } = await import('../../src/ribbon/index.js');
    const spec = 'three-band:M=-1.5,vt=0.5';
    const d = await data(spec, [-0.95, -0.8], [40, 40]);
    expect(d.ribbon.results[0]).toBe(d.ribbon.results[1]);
    const alone = ribbonOracle(buildBuiltin(spec) as never, { along: 0, widths: [8, 12, 16], nk: 32, mu: -0.8, T: 0, observable: 'ome', backend });
    expect(d.columns.ribbon[1]).toBe(alone.slope);
  });

  it('Chern insulator (default Haldane with strain) and a k·p model: the oracle is declared not applicable', async () => {
    const h = await data('haldane:strain=0.2', [0], [40, 40]);
    expect(h.oracle[0]).toMatch(/Chern insulator \(C = -1\)/);
    expect(h.columns.ribbon[0]).toBeNull();
    const k = await data('tilted-dirac', [0, 0.05]);
    expect(k.oracle.every((x) => /k·p/.test(x!))).toBe(true);
    expect(k.notes.join(' ')).toMatch(/needs a tight-binding model/);
    // tilted Dirac in the gap: K = v_t/(6πm) (paper-checks seed 001 finding 6; v_t = 0.8 eV·Å, m = 0.01 eV)
    expect(Math.abs(k.columns.chiInt[0]! / (0.8 / (6 * Math.PI * 0.01)) - 1)).toBeLessThan(1e-6);
  });
});
