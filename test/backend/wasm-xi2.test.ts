/**
 * Backend.responses, the kinds beyond the Ξ family (src/backend/backend.ts): paper 000's torque
 * (Eq. 1, the Ξ torque by parts, and its direct sea and surface coefficients), the extrinsic OME and the
 * orbital and spin Edelstein effects (∝ τ), the spin Berry curvature and paper 004's F tensor (both
 * readings), computed in WebAssembly (assembly/xi.ts, export responsesEx) agree with the TS reference
 * (src/physics, through responsesReference) to 1e-10 relative with max |value| of the kind as the floor,
 * on random models (2–8 bands 2D, 3 and 5 bands 3D, with random Hermitian spin matrices), tilted-dirac,
 * tilted-dirac-000, three-band and rashba, odd batch sizes. Then `compute` of torque, ome-extrinsic,
 * edelstein and kinetic-magnetization on wasm-simd vs ts. Run `npm run build:wasm` first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RESPONSE_KINDS, responseComponents, responseNeedsSpin, responseOnly2D, type Backend, type BandBatch, type ResponseKind, type ResponseRequest } from '../../src/backend/backend.js';
import { createBackend } from '../../src/backend/select.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel } from '../../src/model/types.js';
import { responsesReference } from '../../src/physics/batch.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { fTensor004, lambda003Parts, omeExtrinsic, orbitalEdelstein, spinBerryCurvature, spinEdelstein, torqueEq1, torqueXi, torqueXiByParts } from '../../src/physics/responses.js';
import type { ComputeResult } from '../../src/result.js';
import { randomTightBinding, rng } from '../helpers/models.js';

const ts = createTsBackend();
const wasm: Backend[] = [];
async function wasmBackends(): Promise<Backend[]> {
  if (wasm.length === 0)
    for (const name of ['wasm-simd', 'wasm'] as const) {
      const b = await createBackend(name);
      expect(b.name).toBe(name);
      wasm.push(b);
    }
  return wasm;
}
afterAll(() => wasm.forEach((b) => b.dispose()));

const NEW_KINDS = RESPONSE_KINDS.slice(RESPONSE_KINDS.indexOf('torqueEq1'));
const TAU = 2e-14;
const NEEDS = { velocity: true, hessian: true, eigenvectors: true } as const;

/** Random Hermitian spin matrices [3][nb][nb][2] (test only: the kernel takes any matrices). */
function randomSpin(nb: number, seed: number): Float64Array {
  const r = rng(seed);
  const s = new Float64Array(3 * nb * nb * 2);
  for (let i = 0; i < 3; i++)
    for (let a = 0; a < nb; a++)
      for (let c = a; c < nb; c++) {
        const re = r() - 0.5, im = a === c ? 0 : r() - 0.5;
        s[((i * nb + a) * nb + c) * 2] = re;
        s[((i * nb + a) * nb + c) * 2 + 1] = im;
        s[((i * nb + c) * nb + a) * 2] = re;
        s[((i * nb + c) * nb + a) * 2 + 1] = -im;
      }
  return s;
}
const withSpin = (m: CompiledModel, seed: number): CompiledModel => (m.spin ? m : { ...m, spin: randomSpin(m.nb, seed) });

function requestsFor(model: CompiledModel, b: BandBatch): ResponseRequest[] {
  const out: ResponseRequest[] = [];
  for (const kind of NEW_KINDS) {
    if (responseOnly2D(kind) && b.dim !== 2) continue;
    if (responseNeedsSpin(kind) && !model.spin) continue;
    for (let beta = 0; beta < b.dim; beta++) out.push({ kind, beta, tau: TAU, out: new Float64Array(b.nk * b.nb * responseComponents(kind, b.dim)) });
  }
  return out;
}

const family = (k: ResponseKind): string =>
  k.startsWith('torque') ? 'torque' : k.startsWith('fTensor') ? 'f' : k === 'spinBerryCurvature' ? 'sbc' : 'tau';

/**
 * Max |a − b| / scale per kind (over k, bands, components, β), scale = max |ref| of the kind; for a kind
 * that vanishes by symmetry (below 1e-8 of its family, e.g. Eq. 1's torque of a two-band model), the family's.
 */
function compare(ref: ResponseRequest[], got: ResponseRequest[]): Map<ResponseKind, number> {
  const m = new Map<ResponseKind, number>(), d = new Map<ResponseKind, number>(), f = new Map<string, number>();
  ref.forEach((r, i) => {
    const g = got[i]!;
    expect(g.kind).toBe(r.kind);
    for (let j = 0; j < r.out.length; j++) {
      expect(Number.isFinite(g.out[j]!), r.kind).toBe(true);
      m.set(r.kind, Math.max(m.get(r.kind) ?? 0, Math.abs(r.out[j]!)));
      f.set(family(r.kind), Math.max(f.get(family(r.kind)) ?? 0, Math.abs(r.out[j]!)));
      d.set(r.kind, Math.max(d.get(r.kind) ?? 0, Math.abs(r.out[j]! - g.out[j]!)));
    }
  });
  // a family that vanishes identically (the torque of the isotropic Rashba model): every kind's max as the floor
  const all = Math.max(...f.values());
  expect(all).toBeGreaterThan(0);
  const rel = new Map<ResponseKind, number>();
  for (const [k, x] of d) {
    const fm = f.get(family(k))!, km = m.get(k)!;
    rel.set(k, x / (km > 1e-8 * fm ? km : fm > 1e-8 * all ? fm : all));
  }
  return rel;
}

function kpoints(model: CompiledModel, nk: number, seed: number): Float64Array {
  const r = rng(seed);
  const sc = model.kind === 'kp' ? 0.05 : 3;
  return new Float64Array(3 * nk).map((_, i) => (i % 3 >= model.dim ? 0 : sc * (r() - 0.5)));
}

describe('Backend.responses, torque / extrinsic / spin / F kinds: WASM = TS reference', () => {
  const models: Array<[string, CompiledModel]> = [
    ...[2, 3, 4, 5, 6, 7, 8].map((nb) => [`random ${nb}-band 2D`, withSpin(compileModel(randomTightBinding(nb, 2, 200 + nb)), nb)] as [string, CompiledModel]),
    ['random 3-band 3D', withSpin(compileModel(randomTightBinding(3, 3, 17)), 3)],
    ['random 5-band 3D', withSpin(compileModel(randomTightBinding(5, 3, 18)), 5)],
    ['tilted-dirac', compileModel(buildBuiltin('tilted-dirac'))],
    ['tilted-dirac-000', compileModel(buildBuiltin('tilted-dirac-000'))],
    ['three-band', compileModel(buildBuiltin('three-band'))],
    ['rashba', compileModel(buildBuiltin('rashba'))],
  ];
  it('every coefficient to 1e-10 relative, odd batch sizes, arena and copy-in paths', async () => {
    const rows: string[] = [];
    for (const be of await wasmBackends()) {
      models.forEach(([label, model], i) => {
        const nk = [1, 7, 33][i % 3]!;
        const k = kpoints(model, nk, 31 + i);
        const a = ts.evaluate(model, { nk, k }, NEEDS);
        const ref = requestsFor(model, a);
        responsesReference(a, ref, { spin: model.spin });
        const b = be.evaluate(model, { nk, k }, NEEDS);
        const got = requestsFor(model, b);
        be.responses!(model, b, got);
        const rel = compare(ref, got);
        rows.push(`${be.name} ${label} (nk ${nk}): ${Math.max(...rel.values()).toExponential(1)}`);
        for (const [kind, x] of rel) expect(x, `${be.name} ${label} ${kind}`).toBeLessThan(1e-10);
        // copy-in path (the TS batch): same bits as the arena path up to the eigenvector gauge → compare to the reference
        const copied = requestsFor(model, a);
        be.responses!(model, a, copied);
        for (const [kind, x] of compare(ref, copied)) expect(x, `${be.name} ${label} ${kind} (copy-in)`).toBeLessThan(1e-10);
      });
    }
    console.log('[xi2] max relative difference over the new kinds:\n  ' + rows.join('\n  '));
  });

  it("the TS backend's responses (Backend interface) pass the model's spin matrices: same bits as the reference", () => {
    for (const [label, model] of [models[2]!, models[8]!, models[12]!]) {
      expect(model.spin, label).toBeTruthy();
      const b = ts.evaluate(model, { nk: 5, k: kpoints(model, 5, 77) }, NEEDS);
      const ref = requestsFor(model, b);
      expect(ref.some((r) => responseNeedsSpin(r.kind)), label).toBe(true);
      responsesReference(b, ref, { spin: model.spin });
      const got = requestsFor(model, b);
      ts.responses!(model, b, got);
      ref.forEach((r, i) => expect(Array.from(got[i]!.out), `${label} ${r.kind}`).toEqual(Array.from(r.out)));
    }
  });

  it('the reference is src/physics, bit for bit', () => {
    const model = withSpin(compileModel(randomTightBinding(4, 2, 3)), 4);
    const nk = 3;
    const b = ts.evaluate(model, { nk, k: kpoints(model, nk, 2) }, NEEDS);
    const req = requestsFor(model, b);
    responsesReference(b, req, { spin: model.spin });
    for (let ik = 0; ik < nk; ik++) {
      const g = new KGeometry(kpointFromBatch(b, ik));
      for (const r of req) {
        const o = { tau: TAU, spin: model.spin };
        const want = {
          torqueEq1: () => torqueEq1(g, r.beta).sea,
          torqueXiByParts: () => torqueXiByParts(g, r.beta).sea,
          torqueXiSea: () => torqueXi(g, r.beta).sea,
          torqueXiSurface: () => torqueXi(g, r.beta).surface!,
          omeExtrinsic: () => omeExtrinsic(g, r.beta, { ...o, physical: true }).surface!,
          orbitalEdelstein: () => orbitalEdelstein(g, r.beta, o).surface!,
          spinEdelstein: () => spinEdelstein(g, r.beta, o).surface!,
          spinBerryCurvature: () => spinBerryCurvature(g, r.beta, o).sea,
          fTensorLiteral: () => fTensor004(g, r.beta).sea,
          fTensorHermitian: () => fTensor004(g, r.beta, { reading: 'hermitian' }).sea,
          lambdaMetricAlong: () => lambda003Parts(g, r.beta).metricAlong,
        }[r.kind as 'torqueEq1']();
        expect(Array.from(r.out.subarray(ik * want.length, (ik + 1) * want.length)), r.kind).toEqual(Array.from(want));
      }
    }
  });

  it('degenerate pairs (1 eV threshold) skipped identically; memory growth; errors', async () => {
    const model = withSpin(compileModel(randomTightBinding(6, 2, 22)), 6);
    const nk = 9;
    const a = ts.evaluate(model, { nk, k: kpoints(model, nk, 5) }, NEEDS, { degeneracyThreshold: 1 });
    expect(a.degeneratePairs.reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
    const ref = requestsFor(model, a);
    responsesReference(a, ref, { degeneracyThreshold: 1, spin: model.spin });
    for (const be of await wasmBackends()) {
      const got = requestsFor(model, a);
      be.responses!(model, a, got, { degeneracyThreshold: 1 });
      for (const [kind, x] of compare(ref, got)) expect(x, `${be.name} ${kind}`).toBeLessThan(1e-10);
      // growth: a large batch of an 8-band model, arena path = copy-in path bit for bit
      const w = be as WasmBackend;
      const big = withSpin(compileModel(randomTightBinding(8, 2, 32)), 8);
      const bb = w.evaluate(big, { nk: 257, k: kpoints(big, 257, 3) }, NEEDS);
      const r1 = requestsFor(big, bb);
      w.responses(big, bb, r1);
      const r2 = requestsFor(big, bb);
      w.responses(big, { ...bb, energies: bb.energies.slice() }, r2);
      r1.forEach((r, i) => expect(Array.from(r2[i]!.out), `${be.name} ${r.kind}/${r.beta}`).toEqual(Array.from(r.out)));
    }
    const [be] = await wasmBackends();
    const m3 = compileModel(randomTightBinding(3, 3, 1));
    const b3 = be!.evaluate(m3, { nk: 2, k: kpoints(m3, 2, 1) }, { velocity: true, hessian: true });
    expect(() => be!.responses!(m3, b3, [{ kind: 'fTensorLiteral', beta: 0, out: new Float64Array(6) }])).toThrow(/2D/);
    expect(() => be!.responses!(m3, b3, [{ kind: 'omeExtrinsic', beta: 0, out: new Float64Array(18) }])).toThrow(/tau/);
    expect(() => be!.responses!(m3, b3, [{ kind: 'spinBerryCurvature', beta: 0, out: new Float64Array(18) }])).toThrow(/eigenvectors/);
  });
});

describe('compute: torque, ome-extrinsic, edelstein, kinetic-magnetization, wasm-simd = ts', () => {
  const rel = (a: ComputeResult, b: ComputeResult, name: string): number => {
    const x = a.get(name), y = b.get(name);
    let d = 0, m = 0;
    for (const [p, arr] of Object.entries({ value: x.data, ...x.partsData })) {
      const ref = p === 'value' ? y.data : y.partsData[p]!;
      for (let i = 0; i < arr.length; i++) {
        d = Math.max(d, Math.abs(arr[i]! - ref[i]!));
        m = Math.max(m, Math.abs(ref[i]!));
      }
    }
    expect(m).toBeGreaterThan(0);
    return d / m;
  };
  const OBS = ['torque', 'ome-extrinsic', 'edelstein', 'kinetic-magnetization'];
  /** Random Hermitian spin matrices as model JSON (ComplexMatrix). */
  const spinJson = (nb: number, seed: number) => {
    const s = randomSpin(nb, seed);
    return [0, 1, 2].map((i) => Array.from({ length: nb }, (_, a) => Array.from({ length: nb }, (_, c) => [s[((i * nb + a) * nb + c) * 2]!, s[((i * nb + a) * nb + c) * 2 + 1]!]))) as never;
  };
  // Both field directions are run and an observable's scale is its max |value or part| over both, so that
  // a direction where it vanishes by symmetry (rounding noise) is judged against the other. The gapped
  // three-band point is used: the default three-band on this grid meets a near-degeneracy where 1/Δ²
  // amplifies the rounding of the eigensolver (wasm and ts differed there before this change too).
  // Rashba (T-symmetric, isotropic): only the spin Edelstein effect is non-zero; the rest is noise.
  it.each([
    ['three-band:M=-1.5,vt=0.5', OBS, [24, 24]],
    ['tilted-dirac-000', OBS, [16, 16]],
    ['rashba', ['edelstein'], [16, 16]],
    ['random 4-band with spin', OBS, [20, 20]],
  ] as const)('%s, E ∥ x and y: 1e-10 relative on value and parts', async (spec, obs, grid) => {
    const model = spec.startsWith('random') ? { ...randomTightBinding(4, 2, 41), spin: spinJson(4, 9) } : buildBuiltin(spec);
    const d = new Map<string, number>(), m = new Map<string, number>();
    for (const E of [0, 1] as const) {
      const job = { model, observables: [...obs], grid: [...grid], mu: { start: -1, stop: 1, n: 11 }, T: [0, 300], params: { E, tau: 1e-14 }, threads: 1 };
      const a = await compute({ ...job, backend: 'ts' });
      const b = await compute({ ...job, backend: 'wasm-simd' });
      expect(b.backend).toBe('wasm-simd');
      for (const o of obs) {
        const x = b.get(o), y = a.get(o);
        for (const [p, arr] of Object.entries({ value: x.data, ...x.partsData })) {
          const ref = p === 'value' ? y.data : y.partsData[p]!;
          for (let i = 0; i < arr.length; i++) {
            d.set(o, Math.max(d.get(o) ?? 0, Math.abs(arr[i]! - ref[i]!)));
            m.set(o, Math.max(m.get(o) ?? 0, Math.abs(ref[i]!)));
          }
        }
      }
    }
    const out = obs.map((o) => {
      expect(m.get(o)!, o).toBeGreaterThan(0);
      const x = d.get(o)! / m.get(o)!;
      expect(x, o).toBeLessThan(1e-10);
      return `${o} ${x.toExponential(1)}`;
    });
    console.log(`[xi2] compute ${spec}: ${out.join(', ')}`);
  });

  it('worker path: threads 2 = threads 1 bit for bit (workers build their WASM backend and copy the spin matrices in)', async () => {
    // 130² k-points = 2 chunks of 16384: two workers
    const job = { model: { ...randomTightBinding(3, 2, 61), spin: spinJson(3, 5) }, observables: OBS, grid: [130, 130], mu: { start: -1, stop: 1, n: 7 }, T: 0, params: { E: 0, tau: 1e-14 }, backend: 'wasm-simd' } as const;
    const one = await compute({ ...job, threads: 1 });
    const two = await compute({ ...job, threads: 2 });
    const ref = await compute({ ...job, backend: 'ts', threads: 1 });
    let differ = 0;
    for (const o of OBS) {
      const all = (r: ComputeResult) => [r.get(o).data, ...Object.values(r.get(o).partsData)].flatMap((x) => Array.from(x));
      expect(all(two), o).toEqual(all(one));
      const t = all(ref), m = Math.max(...t.map(Math.abs));
      expect(m, o).toBeGreaterThan(0);
      all(two).forEach((v, i) => {
        differ += v === t[i] ? 0 : 1;
        expect(Math.abs(v - t[i]!), o).toBeLessThan(1e-10 * m);
      });
    }
    expect(differ).toBeGreaterThan(0); // the workers did not fall back to the TS reference
  });

  it('3D: torque, ome-extrinsic, edelstein on a random 3-band model, E ∥ z', async () => {
    const obs = ['torque', 'ome-extrinsic', 'edelstein'];
    const job = { model: randomTightBinding(3, 3, 51), observables: obs, grid: [8, 8, 8], mu: { start: -1.5, stop: 1.5, n: 9 }, T: [0, 300], params: { E: 2, tau: 1e-14 }, threads: 1 } as const;
    const a = await compute({ ...job, backend: 'ts' });
    const b = await compute({ ...job, backend: 'wasm-simd' });
    for (const o of obs) expect(rel(b, a, o), o).toBeLessThan(1e-10);
  });
});
