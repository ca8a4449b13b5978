/** Backend selection, the kernel ABI and the arena rules of the WASM backends. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrbitronicsError } from '../../src/errors.js';
import { availableBackends, createBackend } from '../../src/backend/select.js';
import { KERNEL_ABI_VERSION, KERNEL_EXPORTS } from '../../src/backend/wasm/abi.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { wasmBytes } from '../../src/backend/wasm/load.js';
import { compileModel } from '../../src/model/compile.js';
import { massiveDirac, pythtbHaldane } from '../helpers/models.js';

afterEach(() => vi.restoreAllMocks());

describe('kernel ABI', () => {
  for (const build of ['simd', 'scalar'] as const) {
    it(`${build}: exports match abi.ts, no imports, embedded bytes = build/*.wasm`, async () => {
      const bytes = await wasmBytes(build);
      expect(Buffer.from(bytes).equals(readFileSync(`build/orbitronics-${build}.wasm`))).toBe(true);
      const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      expect(WebAssembly.Module.imports(mod)).toEqual([]);
      expect(WebAssembly.Module.exports(mod).map((e) => [e.name, e.kind])).toEqual(KERNEL_EXPORTS);
      const be = await createWasmBackend(build);
      expect(be.name).toBe(build === 'simd' ? 'wasm-simd' : 'wasm');
      expect(KERNEL_ABI_VERSION).toBe(8);
    });
  }
  it('the builds report their feature: simd() = 1 in the SIMD build, 0 in the scalar build', async () => {
    for (const build of ['simd', 'scalar'] as const) {
      const mod = new WebAssembly.Module((await wasmBytes(build)) as Uint8Array<ArrayBuffer>);
      const inst = new WebAssembly.Instance(mod, {});
      expect((inst.exports as { simd(): number }).simd()).toBe(build === 'simd' ? 1 : 0);
    }
  });
});

describe('createBackend', () => {
  it("'auto' picks wasm-simd here, explicit names give their backend", async () => {
    expect((await createBackend()).name).toBe('wasm-simd');
    expect((await createBackend('auto')).name).toBe('wasm-simd');
    expect((await createBackend('wasm-simd')).name).toBe('wasm-simd');
    expect((await createBackend('wasm')).name).toBe('wasm');
    expect((await createBackend('ts')).name).toBe('ts');
    expect(await availableBackends()).toEqual(['wasm-simd', 'wasm', 'ts']);
  });

  it('without SIMD: auto falls back to wasm with one notice; explicit wasm-simd throws WASM_UNAVAILABLE', async () => {
    // an engine without SIMD: the probe rejects the simd bytes only
    const real = WebAssembly.validate.bind(WebAssembly);
    const simd = await wasmBytes('simd');
    vi.spyOn(WebAssembly, 'validate').mockImplementation((b) => (b === simd ? false : real(b)));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const be = await createBackend('auto');
    expect(be.name).toBe('wasm');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/SIMD unavailable.*'wasm'/);
    await expect(createBackend('wasm-simd')).rejects.toMatchObject({ code: 'WASM_UNAVAILABLE' });
    expect(await availableBackends()).toEqual(['wasm', 'ts']);
  });

  it('without WebAssembly: auto falls back to ts with one notice; explicit wasm throws', async () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const be = await createBackend('auto');
    expect(be.name).toBe('ts');
    expect(warn).toHaveBeenCalledTimes(1);
    const err = await createBackend('wasm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrbitronicsError);
    expect((err as OrbitronicsError).code).toBe('WASM_UNAVAILABLE');
    expect(await availableBackends()).toEqual(['ts']);
  });

  it('unknown names are ARGUMENT_INVALID', async () => {
    await expect(createBackend('gpu' as never)).rejects.toMatchObject({ code: 'ARGUMENT_INVALID' });
  });
});

describe('arena', () => {
  it('default outputs are copies that survive later calls and memory growth', async () => {
    const be = await createWasmBackend('simd');
    const model = compileModel(pythtbHaldane());
    const a = be.evaluate(model, { nk: 1, k: new Float64Array([1, 2, 0]) }, { geometry: true });
    const e0 = Array.from(a.energies), o0 = Array.from(a.berryCurvature!);
    be.evaluate(model, { nk: 200000, k: new Float64Array(3 * 200000) }, { geometry: true });
    expect(Array.from(a.energies)).toEqual(e0);
    expect(Array.from(a.berryCurvature!)).toEqual(o0);
  });

  it('aliasOutputs: views are re-created after growth; a held batch is valid only until the next call', async () => {
    const be = await createWasmBackend('simd');
    be.aliasOutputs = true;
    const model = compileModel(pythtbHaldane());
    const k = new Float64Array([1, 2, 0]);
    const a = be.evaluate(model, { nk: 1, k }, { geometry: true });
    const e0 = Array.from(a.energies);
    const bigK = new Float64Array(3 * 200000);
    const before = be.memoryBytes;
    be.evaluate(model, { nk: 200000, k: bigK }, {});
    expect(be.memoryBytes).toBeGreaterThan(before);
    expect(a.energies.length).toBe(0); // detached by memory.grow: the documented lifetime
    const b = be.evaluate(model, { nk: 1, k }, { geometry: true });
    expect(Array.from(b.energies)).toEqual(e0);
  });

  it('k·p and tight-binding models, dim 1 and 3 components layout', async () => {
    const be = await createWasmBackend('scalar');
    const r = be.evaluate(compileModel(massiveDirac(1.5, 0.3)), { nk: 1, k: new Float64Array([0, 0, 0]) }, { geometry: true });
    // Ω_+ = −m v²/(2 d³) at k = 0: d = m
    expect(r.berryCurvature![1]).toBeCloseTo(-(0.3 * 1.5 ** 2) / (2 * 0.3 ** 3), 10);
    expect(r.berryCurvature![0]).toBeCloseTo((0.3 * 1.5 ** 2) / (2 * 0.3 ** 3), 10);
  });

  it('rejects a k array shorter than 3·nk, and non-finite k', async () => {
    const be = await createWasmBackend('simd');
    expect(() => be.evaluate(compileModel(pythtbHaldane()), { nk: 2, k: new Float64Array(3) }, {})).toThrow(OrbitronicsError);
    expect(() => be.evaluate(compileModel(pythtbHaldane()), { nk: 1, k: new Float64Array([0, NaN, 0]) }, {})).toThrow(/non-finite/);
  });

  it('the kernel writes nothing beyond the arena (canary after its end)', async () => {
    const { randomTightBinding } = await import('../helpers/models.js');
    for (const build of ['simd', 'scalar'] as const) {
      const be = await createWasmBackend(build);
      for (const [m, dense] of [[compileModel(randomTightBinding(7, 3, 1)), true], [compileModel(randomTightBinding(7, 3, 1)), false], [compileModel(massiveDirac()), true]] as const) {
        be.denseEnabled = dense;
        for (const needs of [{ eigenvectors: true, velocity: true, hessian: true, geometry: true }, {}, { hessian: true }, { geometry: true }]) {
          const k = new Float64Array(3 * 5).map((_, i) => Math.cos(i));
          be.evaluate(m, { nk: 5, k }, needs); // sizes the arena
          const end = be.arenaEnd;
          const mem = new Uint8Array((be as unknown as { ex: { memory: WebAssembly.Memory } }).ex.memory.buffer);
          const span = Math.min(65536, mem.length - end);
          expect(span).toBeGreaterThan(0);
          mem.fill(0xa5, end, end + span);
          be.evaluate(m, { nk: 5, k }, needs);
          const after = new Uint8Array((be as unknown as { ex: { memory: WebAssembly.Memory } }).ex.memory.buffer, end, span);
          expect(after.every((x) => x === 0xa5)).toBe(true);
        }
      }
    }
  });

  it('empty batches and models without terms', async () => {
    const be = await createWasmBackend('simd');
    const r0 = be.evaluate(compileModel(pythtbHaldane()), { nk: 0, k: new Float64Array(0) }, { geometry: true });
    expect(r0.energies.length).toBe(0);
    expect(r0.degeneratePairs.length).toBe(0);
    const empty = compileModel({ ...pythtbHaldane(0), onsite: [0, 0], hoppings: [] });
    expect(empty.nterm).toBe(0);
    const r1 = be.evaluate(empty, { nk: 2, k: new Float64Array(6) }, { geometry: true });
    expect(Array.from(r1.energies)).toEqual([0, 0, 0, 0]);
    expect(Array.from(r1.degeneratePairs)).toEqual([1, 1]);
    expect(Array.from(r1.berryCurvature!)).toEqual([0, 0, 0, 0]);
  });

  it('disposed backends refuse work', async () => {
    const be = await createWasmBackend('simd');
    be.dispose();
    expect(() => be.evaluate(compileModel(pythtbHaldane()), { nk: 1, k: new Float64Array(3) }, {})).toThrow(/disposed/);
  });
});

describe('tight-binding phase factorisation', () => {
  it('finds one ρ per lattice vector, and reconstructs every δ to rounding', async () => {
    const { factorisePhases } = await import('../../src/backend/wasm/phases.js');
    const { randomTightBinding } = await import('../helpers/models.js');
    const m = compileModel(randomTightBinding(4, 2, 3));
    const f = factorisePhases(m);
    expect(f.nrho).toBe(9); // R ∈ {−1,0,1}², with Hermitian conjugates
    for (let t = 0; t < m.nterm; t++)
      for (let c = 0; c < 3; c++) {
        const d = f.rho[3 * f.rhoIdx[t]! + c]! + m.positions[3 * m.termFrom[t]! + c]! - m.positions[3 * m.termTo[t]! + c]!;
        expect(Math.abs(d - m.termDelta[3 * t + c]!)).toBeLessThan(1e-14);
      }
    // all ρ are lattice vectors with |n| ≤ 1: the power recurrence is used
    expect(f.rhoN).not.toBeNull();
    expect(f.maxPower).toBe(1);
    // a 1-orbital model has as many terms as vectors: not factorised
    expect(factorisePhases(compileModel(randomTightBinding(1, 2, 3))).nrho).toBe(0);
    // k·p: never
    expect(factorisePhases(compileModel(massiveDirac())).nrho).toBe(0);
  });

  it('all three phase paths (per term, per ρ, lattice powers) agree with ts', async () => {
    const { factorisePhases } = await import('../../src/backend/wasm/phases.js');
    const { randomTightBinding } = await import('../helpers/models.js');
    const { createTsBackend } = await import('../../src/backend/ts/index.js');
    const ts = createTsBackend();
    const base = randomTightBinding(3, 2, 8);
    const far = { ...base, hoppings: [...base.hoppings, { from: 0, to: 1, R: [70, -3], t: [0.05, 0.02] as [number, number] }] };
    const long = { ...base, hoppings: [...base.hoppings, { from: 0, to: 1, R: [12, -7], t: [0.05, 0.02] as [number, number] }] };
    const one = randomTightBinding(1, 2, 8);
    const models = [compileModel(far), compileModel(long), compileModel(one)];
    expect(factorisePhases(models[0]!).rhoN).toBeNull(); // |n| = 70 > 64: one sin/cos per ρ
    expect(factorisePhases(models[1]!).maxPower).toBe(12);
    expect(factorisePhases(models[2]!).nrho).toBe(0); // per term
    const k = new Float64Array([0.3, -1.7, 0, 2.9, 0.4, 0, -3.3, 3.1, 0]);
    for (const build of ['simd', 'scalar'] as const) {
      const be = await createWasmBackend(build);
      for (const m of models) {
        const a = be.evaluate(m, { nk: 3, k }, { geometry: true });
        const b = ts.evaluate(m, { nk: 3, k }, { geometry: true });
        for (let i = 0; i < a.energies.length; i++) expect(Math.abs(a.energies[i]! - b.energies[i]!)).toBeLessThan(1e-13);
        for (let i = 0; i < a.berryCurvature!.length; i++)
          expect(Math.abs(a.berryCurvature![i]! - b.berryCurvature![i]!)).toBeLessThan(1e-10 * Math.max(1, Math.abs(b.berryCurvature![i]!)));
      }
    }
  });

  it('sparse derivative products (∂H·U from the terms) equal the dense products', async () => {
    const { denseBlocks } = await import('../../src/backend/wasm/phases.js');
    const all = { eigenvectors: true, velocity: true, hessian: true, geometry: true };
    for (const dim of [1, 2, 3] as const) {
      // a chain-like model: nearest neighbours along each axis only
      const nb = 12;
      const hoppings = [];
      for (let i = 0; i + 1 < nb; i++) hoppings.push({ from: i + 1, to: i, R: Array(dim).fill(0), t: [-1 + 0.1 * i, 0.05 * i] as [number, number] });
      for (let a = 0; a < dim; a++)
        for (let i = 0; i < nb; i += 3) hoppings.push({ from: i, to: (i + a + 1) % nb, R: Array.from({ length: dim }, (_, b) => (a === b ? 1 : 0)), t: [0.3, -0.2 + 0.01 * i] as [number, number] });
      const m = compileModel({
        format: 'orbitronics-model/1', kind: 'tight-binding', name: 'chain', dim,
        lattice: Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 3 : 0))),
        orbitals: Array.from({ length: nb }, (_, i) => Array.from({ length: dim }, (_, a) => ((i * (a + 2)) % 7) / 7)),
        onsite: Array.from({ length: nb }, (_, i) => 0.1 * i), hoppings,
      });
      expect(denseBlocks(m)).toBeNull();
      expect(m.nterm * 2).toBeLessThanOrEqual(nb * nb);
      const k = new Float64Array([0.3, -0.7, 0.5, 1.1, 0.4, -0.9]);
      for (const build of ['simd', 'scalar'] as const) {
        const be = await createWasmBackend(build);
        const a = be.evaluate(m, { nk: 2, k }, all);
        be.sparseEnabled = false;
        const b = be.evaluate(m, { nk: 2, k }, all);
        be.sparseEnabled = true;
        for (const q of ['energies', 'velocity', 'hessian', 'quantumMetric', 'berryCurvature', 'orbitalMoment'] as const) {
          const x = a[q]!, y = b[q]!;
          let max = 0;
          for (const v of y) max = Math.max(max, Math.abs(v));
          // same eigenvectors (same eigensolver input), so even raw matrix elements agree
          for (let i = 0; i < y.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-12 * Math.max(max, 1e-300));
        }
      }
    }
  });

  it('dense assembly (Σ_ρ e^{ik·ρ}T_ρ) and the term scatter give the same H, ∂H, ∂∂H', async () => {
    const { denseBlocks } = await import('../../src/backend/wasm/phases.js');
    const { randomTightBinding } = await import('../helpers/models.js');
    const all = { eigenvectors: true, velocity: true, hessian: true, geometry: true };
    const hess = { hessian: true };
    for (const dim of [1, 2, 3] as const) {
      const m = compileModel(randomTightBinding(5, dim, 40 + dim));
      expect(denseBlocks(m)).not.toBeNull();
      const k = new Float64Array([0.3, -1.7, 0.8, 2.9, 0.4, -1.1]);
      for (const build of ['simd', 'scalar'] as const) {
        const be = await createWasmBackend(build);
        for (const needs of [all, hess]) {
          const a = be.evaluate(m, { nk: 2, k }, needs);
          be.denseEnabled = false;
          const b = be.evaluate(m, { nk: 2, k }, needs);
          be.denseEnabled = true;
          for (const q of ['energies', 'hessian', 'quantumMetric', 'berryCurvature', 'orbitalMoment'] as const) {
            const x = a[q], y = b[q];
            if (!y) continue;
            let max = 0;
            for (const v of y) max = Math.max(max, Math.abs(v));
            // raw Hessian matrix elements are gauge dependent: compare |w_nm|² instead
            if (q === 'hessian') {
              for (let i = 0; i < y.length; i += 2)
                expect(Math.abs(x![i]! ** 2 + x![i + 1]! ** 2 - y[i]! ** 2 - y[i + 1]! ** 2)).toBeLessThan(1e-11 * max * max);
            } else for (let i = 0; i < y.length; i++) expect(Math.abs(x![i]! - y[i]!)).toBeLessThan(1e-11 * Math.max(max, 1e-300));
          }
        }
      }
    }
  });
});
