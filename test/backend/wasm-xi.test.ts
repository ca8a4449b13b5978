/**
 * Backend.responses (src/backend/backend.ts): the per-k Ξ responses (dipole, OME parts and K, paper
 * 003's λ parts) computed in WebAssembly (assembly/xi.ts) agree with the TS reference (src/physics)
 * to 1e-10 relative, with max |value| as the floor (DESIGN §5); degenerate pairs are skipped
 * identically; and `compute` of `ome` (all parts) and `chi-int` gives the same numbers on
 * wasm-simd and ts. Run `npm run build:wasm` first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  RESPONSE_KINDS,
  responseComponents,
  type Backend,
  type BandBatch,
  type ResponseKind,
  type ResponseRequest,
} from '../../src/backend/backend.js';
import { createBackend } from '../../src/backend/select.js';
import { createTsBackend } from '../../src/backend/ts/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { compute } from '../../src/integrate/compute.js';
import { buildBuiltin } from '../../src/model/builtins/index.js';
import { compileModel } from '../../src/model/compile.js';
import type { CompiledModel, TightBindingModel } from '../../src/model/types.js';
import { KGeometry, kpointFromBatch } from '../../src/physics/covariant.js';
import { dipole, lambda003Parts, omeIntrinsic } from '../../src/physics/responses.js';
import type { ComputeResult } from '../../src/result.js';
import { randomTightBinding, rng } from '../helpers/models.js';
import { tiltedDirac001 } from '../physics/covariant-helpers.js';

const ts = createTsBackend();
const wasm: Backend[] = [];
async function wasmBackends(): Promise<Backend[]> {
  if (wasm.length === 0) {
    for (const name of ['wasm-simd', 'wasm'] as const) {
      const b = await createBackend(name);
      expect(b.name).toBe(name); // no silent fallback
      expect(typeof b.responses).toBe('function');
      wasm.push(b);
    }
  }
  return wasm;
}
afterAll(() => wasm.forEach((b) => b.dispose()));

const family = (k: ResponseKind) => (k === 'dipole' ? 'dipole' : k.startsWith('ome') ? 'ome' : 'lambda');

/** The kinds of this file (the Ξ family; the torque, extrinsic, spin and F-tensor kinds: wasm-xi2.test.ts). */
const XI_KINDS = RESPONSE_KINDS.slice(0, RESPONSE_KINDS.indexOf('lambdaMetric') + 1);

/** Every kind at every field direction (λ only in 2D). */
function allRequests(b: BandBatch): ResponseRequest[] {
  const out: ResponseRequest[] = [];
  for (const kind of XI_KINDS) {
    if (kind.startsWith('lambda') && b.dim !== 2) continue;
    for (let beta = 0; beta < b.dim; beta++) out.push({ kind, beta, out: new Float64Array(b.nk * b.nb * responseComponents(kind, b.dim)) });
  }
  return out;
}

/**
 * Max |a − b| / scale per kind, scale = max |ref| of the kind over k, bands, components and β; for a
 * kind that vanishes identically (LC3 for two bands, below 1e-8 of its family) the family's scale.
 */
function compare(ref: ResponseRequest[], got: ResponseRequest[]): Map<ResponseKind, number> {
  const kindMax = new Map<ResponseKind, number>(), famMax = new Map<string, number>(), diff = new Map<ResponseKind, number>();
  ref.forEach((r, i) => {
    const g = got[i]!;
    expect(g.kind).toBe(r.kind);
    let m = kindMax.get(r.kind) ?? 0, d = diff.get(r.kind) ?? 0;
    for (let j = 0; j < r.out.length; j++) {
      expect(Number.isFinite(g.out[j]!)).toBe(true);
      m = Math.max(m, Math.abs(r.out[j]!));
      d = Math.max(d, Math.abs(r.out[j]! - g.out[j]!));
    }
    kindMax.set(r.kind, m);
    diff.set(r.kind, d);
    famMax.set(family(r.kind), Math.max(famMax.get(family(r.kind)) ?? 0, m));
  });
  const rel = new Map<ResponseKind, number>();
  for (const [k, d] of diff) {
    const f = famMax.get(family(k))!, m = kindMax.get(k)!;
    expect(f).toBeGreaterThan(0);
    rel.set(k, d / (m > 1e-8 * f ? m : f));
  }
  return rel;
}

function kpoints(model: CompiledModel, nk: number, seed: number): Float64Array {
  const r = rng(seed);
  const sc = model.kind === 'kp' ? 0.02 : 3;
  return new Float64Array(3 * nk).map((_, i) => (i % 3 >= model.dim ? 0 : sc * (r() - 0.5)));
}

const NEEDS = { velocity: true, hessian: true } as const;

/** A copy of a batch (a new object: the WASM backend must copy it into the arena). */
const cloneBatch = (b: BandBatch): BandBatch => ({
  ...b,
  energies: b.energies.slice(),
  velocity: b.velocity?.slice(),
  hessian: b.hessian?.slice(),
  degeneratePairs: b.degeneratePairs.slice(),
});

/** H ⊕ H: every band exactly twice (degenerate pairs at every k). */
function doubled(m: TightBindingModel): TightBindingModel {
  const nb = m.onsite.length;
  return {
    ...m,
    name: m.name + '-doubled',
    orbitals: [...m.orbitals, ...m.orbitals],
    onsite: [...m.onsite, ...m.onsite],
    hoppings: [...m.hoppings, ...m.hoppings.map((h) => ({ ...h, from: h.from + nb, to: h.to + nb }))],
  };
}

describe('Backend.responses: WASM (assembly/xi.ts) = TS reference (src/physics)', () => {
  const models: Array<[string, CompiledModel]> = [
    ...[2, 3, 4, 5, 6, 7, 8].map((nb) => [`random ${nb}-band 2D`, compileModel(randomTightBinding(nb, 2, 100 + nb))] as [string, CompiledModel]),
    ['tilted Dirac (k·p)', tiltedDirac001(4, 0.01, 0.8)],
    ['tilted-dirac builtin', compileModel(buildBuiltin('tilted-dirac'))],
    ['three-band builtin', compileModel(buildBuiltin('three-band'))],
    ['random 3-band 3D', compileModel(randomTightBinding(3, 3, 7))],
    ['random 5-band 3D', compileModel(randomTightBinding(5, 3, 8))],
  ];
  it('every coefficient to 1e-10 relative, odd batch sizes', async () => {
    const rows: string[] = [];
    for (const be of await wasmBackends()) {
      models.forEach(([label, model], i) => {
        const nk = [1, 7, 33][i % 3]!;
        const k = kpoints(model, nk, 11 + i);
        const a = ts.evaluate(model, { nk, k }, NEEDS);
        const ref = allRequests(a);
        ts.responses!(model, a, ref);
        const b = be.evaluate(model, { nk, k }, NEEDS);
        const got = allRequests(b);
        be.responses!(model, b, got);
        const rel = compare(ref, got);
        const worst = Math.max(...rel.values());
        rows.push(`${be.name} ${label} (nk ${nk}): ${worst.toExponential(1)}`);
        for (const [kind, x] of rel) expect(x, `${be.name} ${label} ${kind}`).toBeLessThan(1e-10);
      });
    }
    console.log('[xi] max relative difference over all kinds:\n  ' + rows.join('\n  '));
  });

  it('the TS backend primitive is the src/physics reference, bit for bit', () => {
    const model = compileModel(randomTightBinding(4, 2, 3));
    const nk = 5;
    const b = ts.evaluate(model, { nk, k: kpoints(model, nk, 2) }, NEEDS);
    const req = allRequests(b);
    ts.responses!(model, b, req);
    for (let ik = 0; ik < nk; ik++) {
      const g = new KGeometry(kpointFromBatch(b, ik));
      for (const r of req) {
        const o = omeIntrinsic(g, r.beta), l = lambda003Parts(g, r.beta);
        const want = {
          dipole: dipole(g, r.beta).sea, omeD: o.parts.d, omeIC: o.parts.ic, omeLC: o.parts.lc, omeLC3: o.parts.lc3,
          omeTotal: o.total, omePaperReading: o.paperReading, lambdaMoment: l.moment, lambdaMetric: l.metric,
        }[r.kind as 'dipole'];
        expect(Array.from(r.out.subarray(ik * want.length, (ik + 1) * want.length))).toEqual(Array.from(want));
      }
    }
  });

  it('degenerate pairs are skipped identically (same batch in every backend: H ⊕ H, and a 1 eV threshold)', async () => {
    const cases: Array<[string, CompiledModel, number]> = [
      ['random 3-band ⊕ itself', compileModel(doubled(randomTightBinding(3, 2, 21))), 1e-8],
      ['random 6-band, threshold 1 eV', compileModel(randomTightBinding(6, 2, 22)), 1],
    ];
    for (const [label, model, thr] of cases) {
      const nk = 9;
      const a = ts.evaluate(model, { nk, k: kpoints(model, nk, 5) }, NEEDS, { degeneracyThreshold: thr });
      const skipped = a.degeneratePairs.reduce((s, x) => s + x, 0);
      expect(skipped, label).toBeGreaterThan(0); // pairs really are skipped
      const ref = allRequests(a);
      ts.responses!(model, a, ref, { degeneracyThreshold: thr });
      for (const be of await wasmBackends()) {
        const got = allRequests(a);
        be.responses!(model, a, got, { degeneracyThreshold: thr });
        for (const [kind, x] of compare(ref, got)) expect(x, `${be.name} ${label} ${kind}`).toBeLessThan(1e-10);
      }
      // and the threshold matters (a pair below it would otherwise blow up or change the numbers)
      const loose = allRequests(a);
      ts.responses!(model, a, loose, { degeneracyThreshold: thr / 10 });
      if (thr > 1e-8) expect(Math.max(...compare(ref, loose).values())).toBeGreaterThan(1e-6);
    }
  });

  it('arena path (batch just evaluated) = copy-in path, bit for bit; memory growth inside responses; model switch', async () => {
    for (const be of await wasmBackends()) {
      const w = be as WasmBackend;
      const small = compileModel(randomTightBinding(2, 2, 31)), big = compileModel(randomTightBinding(8, 2, 32));
      for (const [model, nk] of [[small, 3], [big, 513], [small, 5]] as const) {
        const b = w.evaluate(model, { nk, k: kpoints(model, nk, nk) }, NEEDS);
        const before = w.memoryBytes;
        const inArena = allRequests(b);
        w.responses(model, b, inArena);
        const copied = allRequests(b);
        w.responses(model, cloneBatch(b), copied);
        inArena.forEach((r, i) => expect(Array.from(copied[i]!.out), `${be.name} ${r.kind}/${r.beta}`).toEqual(Array.from(r.out)));
        if (model === big) expect(w.memoryBytes).toBeGreaterThanOrEqual(before);
        // the batch stays usable after responses (a later evaluate still agrees)
        const again = w.evaluate(model, { nk, k: kpoints(model, nk, nk) }, NEEDS);
        expect(Array.from(again.energies)).toEqual(Array.from(b.energies));
      }
    }
  });

  it('errors: hessian missing, λ outside 2D', async () => {
    const [be] = await wasmBackends();
    const m2 = compileModel(randomTightBinding(3, 2, 1)), m3 = compileModel(randomTightBinding(3, 3, 1));
    const b = be!.evaluate(m2, { nk: 2, k: kpoints(m2, 2, 1) }, { velocity: true });
    expect(() => be!.responses!(m2, b, [{ kind: 'omeIC', beta: 0, out: new Float64Array(6) }])).toThrow(/Hessian/);
    const b3 = be!.evaluate(m3, { nk: 2, k: kpoints(m3, 2, 1) }, NEEDS);
    expect(() => be!.responses!(m3, b3, [{ kind: 'lambdaMoment', beta: 0, out: new Float64Array(6) }])).toThrow(/2D/);
  });
});

describe('compute: ome (all parts) and chi-int, wasm-simd = ts', () => {
  /** Max |a − b| over the value and every part, relative to the largest |value or part| of the observable. */
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
  // field directions the model's symmetry allows (three-band: E ∥ x gives δM_z = 0, rounding noise only)
  it.each([
    ['three-band:M=-1.5,vt=0.5', 1],
    ['three-band', 1],
    ['random 4-band', 0],
    ['random 4-band', 1],
  ] as const)('%s, E ∥ %s: 1e-10 relative on every part', async (spec, E) => {
    const model = spec.startsWith('random') ? randomTightBinding(4, 2, 41) : buildBuiltin(spec);
    const [simd] = await wasmBackends();
    // count the primitive's calls (the backend instance is used by the calling thread)
    let calls = 0;
    const counting: Backend = {
      name: simd!.name,
      evaluate: (...a) => simd!.evaluate(...a),
      responses: (...a) => {
        calls++;
        simd!.responses!(...a);
      },
      dispose: () => {},
    };
    const job = { model, observables: ['ome', 'chi-int', 'dipole'], grid: [30, 30], mu: { start: -2, stop: 2, n: 21 }, T: [0, 300], params: { E } };
    const a = await compute({ ...job, backend: 'ts', threads: 1 });
    const b = await compute({ ...job, backend: counting, threads: 1, batchSize: 125 });
    expect(calls).toBeGreaterThanOrEqual(2 * (900 / 125)); // ome, chi-int and dipole per batch
    expect(b.backend).toBe('wasm-simd');
    for (const name of ['ome', 'chi-int', 'dipole']) expect(rel(b, a, name), name).toBeLessThan(1e-10);
    console.log(`[xi] compute ${spec} E=${'xy'[E]}: wasm-simd vs ts, max rel ome ${rel(b, a, 'ome').toExponential(1)}, chi-int ${rel(b, a, 'chi-int').toExponential(1)}, dipole ${rel(b, a, 'dipole').toExponential(1)}`);
  });

  it('3D: ome (x, y, z, all parts) and dipole, random 3-band model, E ∥ z: wasm-simd = ts to 1e-10', async () => {
    const job = { model: randomTightBinding(3, 3, 51), observables: ['ome', 'dipole'], grid: [10, 10, 10], mu: { start: -1.5, stop: 1.5, n: 13 }, T: [0, 300], params: { E: 2 }, threads: 1 } as const;
    const a = await compute({ ...job, backend: 'ts' });
    const b = await compute({ ...job, backend: 'wasm-simd' });
    expect(b.backend).toBe('wasm-simd');
    for (const name of ['ome', 'dipole']) expect(rel(b, a, name), name).toBeLessThan(1e-10);
    console.log(`[xi] compute 3D: wasm-simd vs ts, max rel ome ${rel(b, a, 'ome').toExponential(1)}, dipole ${rel(b, a, 'dipole').toExponential(1)}`);
  });

  it('worker path: each worker creates a WASM backend and uses its primitive (threads 2 = threads 1 bit for bit, ≠ ts bits)', async () => {
    // 130² k-points = 2 chunks of 16384: two workers
    const job = { model: buildBuiltin('three-band'), observables: ['ome', 'chi-int'], grid: [130, 130], mu: { start: -2, stop: 2, n: 11 }, T: 0, params: { E: 1 } } as const;
    const one = await compute({ ...job, backend: 'wasm-simd', threads: 1 });
    const two = await compute({ ...job, backend: 'wasm-simd', threads: 2 });
    const ref = await compute({ ...job, backend: 'ts', threads: 1 });
    let differ = 0;
    for (const name of ['ome', 'chi-int']) {
      const all = (r: ComputeResult) => [r.get(name).data, ...Object.values(r.get(name).partsData)].flatMap((x) => Array.from(x));
      expect(all(two)).toEqual(all(one));
      const t = all(ref);
      all(two).forEach((v, i) => (differ += v === t[i] ? 0 : 1));
      expect(rel(two, ref, name), name).toBeLessThan(1e-10);
    }
    expect(differ).toBeGreaterThan(0); // the workers did not fall back to the TS reference
  });
});
