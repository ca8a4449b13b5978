/**
 * Decoding and compiling the embedded kernels. The base64 bytes (src/backend/wasm/bytes.generated.ts,
 * written by `npm run build:wasm`) are imported dynamically so that `backend: 'ts'` never decodes
 * them. Compilation is asynchronous (browsers may refuse large synchronous compiles on the main
 * thread) and cached per build; every backend instance gets its own instance and memory.
 */
import { KERNEL_ABI_VERSION, type KernelExports } from './abi.js';

export type WasmBuild = 'simd' | 'scalar';

function decodeBase64(b64: string): Uint8Array {
  if (typeof atob === 'function') {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const B = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (B) return new Uint8Array(B.from(b64, 'base64'));
  throw new Error('no base64 decoder (atob or Buffer) available');
}

const bytesCache = new Map<WasmBuild, Promise<Uint8Array>>();
const moduleCache = new Map<WasmBuild, Promise<WebAssembly.Module>>();

/** The raw bytes of one build. */
export function wasmBytes(build: WasmBuild): Promise<Uint8Array> {
  let p = bytesCache.get(build);
  if (!p) {
    p = import('./bytes.generated.js').then((m) => decodeBase64(build === 'simd' ? m.simdWasmBase64 : m.scalarWasmBase64));
    bytesCache.set(build, p);
  }
  return p;
}

/** True when this engine can compile the build (the SIMD probe of docs/kernel.md). */
export async function wasmSupported(build: WasmBuild): Promise<boolean> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  try {
    const bytes = await wasmBytes(build);
    return WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** Compiles a build once (cached; a failed compile is not cached). */
export function wasmModule(build: WasmBuild): Promise<WebAssembly.Module> {
  let p = moduleCache.get(build);
  if (!p) {
    p = wasmBytes(build).then((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>));
    p.catch(() => moduleCache.delete(build));
    moduleCache.set(build, p);
  }
  return p;
}

/** A fresh instance (own memory) of one build. */
export async function instantiateKernel(build: WasmBuild): Promise<KernelExports> {
  const module = await wasmModule(build);
  const instance = await WebAssembly.instantiate(module, {});
  const ex = instance.exports as unknown as KernelExports;
  if (ex.version() !== KERNEL_ABI_VERSION) {
    throw new Error(`kernel ABI version ${ex.version()} ≠ ${KERNEL_ABI_VERSION}: run npm run build:wasm`);
  }
  return ex;
}
