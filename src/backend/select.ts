/**
 * Backend selection (DESIGN §1, docs/kernel.md): 'auto' tries wasm-simd (probed with
 * WebAssembly.validate on the SIMD build), then the scalar wasm build, then the TypeScript
 * reference, printing one notice line on stderr when it falls back. An explicitly requested
 * wasm backend that cannot load throws OrbitronicsError('WASM_UNAVAILABLE').
 */
import { OrbitronicsError } from '../errors.js';
import type { Backend, BackendName } from './backend.js';
import { createTsBackend } from './ts/index.js';

/** A backend name, or `auto`: wasm-simd → wasm → ts with one notice line on fallback. */
export type BackendChoice = 'auto' | BackendName;

async function tryWasm(build: 'simd' | 'scalar'): Promise<Backend | Error> {
  try {
    const { createWasmBackend, wasmSupported } = await import('./wasm/index.js');
    if (!(await wasmSupported(build))) return new Error(`this engine cannot validate the ${build} WebAssembly build`);
    return await createWasmBackend(build);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** A backend by name; 'auto' picks the fastest one that loads. */
export async function createBackend(name: BackendChoice = 'auto'): Promise<Backend> {
  switch (name) {
    case 'ts':
      return createTsBackend();
    case 'wasm-simd':
    case 'wasm': {
      const r = await tryWasm(name === 'wasm-simd' ? 'simd' : 'scalar');
      if (r instanceof Error) {
        throw new OrbitronicsError('WASM_UNAVAILABLE', `backend '${name}' is unavailable: ${r.message}`, {
          cause: r,
          hint: name === 'wasm-simd' ? "try backend 'wasm' or 'ts'" : "try backend 'ts'",
        });
      }
      return r;
    }
    case 'auto': {
      const simd = await tryWasm('simd');
      if (!(simd instanceof Error)) return simd;
      const scalar = await tryWasm('scalar');
      if (!(scalar instanceof Error)) {
        console.warn(`orbitronics: WebAssembly SIMD unavailable (${simd.message}); using backend 'wasm'`);
        return scalar;
      }
      console.warn(`orbitronics: WebAssembly unavailable (${scalar.message}); using backend 'ts'`);
      return createTsBackend();
    }
    default:
      throw new OrbitronicsError('ARGUMENT_INVALID', `unknown backend '${String(name)}'; expected auto, wasm-simd, wasm or ts`);
  }
}

/** The backends that load in this engine, fastest first (always ends with 'ts'). */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  for (const [build, bn] of [['simd', 'wasm-simd'], ['scalar', 'wasm']] as const) {
    const r = await tryWasm(build);
    if (!(r instanceof Error)) {
      out.push(bn);
      r.dispose();
    }
  }
  out.push('ts');
  return out;
}
