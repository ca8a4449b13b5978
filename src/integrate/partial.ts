/** Partial results of `compute({ shard })` (`orbitronics compute --shard I/N`), merged by `mergePartials`. */
import type { BackendName } from '../backend/backend.js';
import type { Model } from '../model/types.js';
import type { ObservableParams } from '../observables/define.js';
import type { HistogramPlan } from './histogram.js';

/** A shard's partial result, `orbitronics-partial/1`: the whole job and the raw sums of its chunks (docs/cluster.md). */
export interface PartialResult {
  format: 'orbitronics-partial/1';
  shard: { index: number; count: number };
  /** Total number of chunks of the job. */
  chunks: number;
  /** Everything that defines the job (must be identical in every shard). */
  job: {
    model: Model;
    observables: string[];
    mu: number[];
    T: number | number[];
    grid: number[];
    /** Hash of the k-point sampling (k·p grids depend on root finding with the backend). */
    sampling: string;
    backend: BackendName;
    params: ObservableParams;
    plan: HistogramPlan;
    notes: string[];
    smearIndex: number;
  };
  /** Raw partial sums per chunk: little-endian float64, base64. */
  partials: Array<{ index: number; data: string }>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Float64Array → base64 of its little-endian bytes (exact). */
export function encodeF64(a: Float64Array): string {
  const dv = new DataView(new ArrayBuffer(a.length * 8));
  for (let i = 0; i < a.length; i++) dv.setFloat64(8 * i, a[i]!, true);
  const bytes = new Uint8Array(dv.buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!, b1 = bytes[i + 1], b2 = bytes[i + 2];
    out += B64[b0 >> 2]! + B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    out += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    out += b2 === undefined ? '=' : B64[b2 & 63]!;
  }
  return out;
}

export function decodeF64(s: string): Float64Array {
  const clean = s.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let j = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const v = [0, 1, 2, 3].map((q) => (i + q < clean.length ? B64.indexOf(clean[i + q]!) : 0));
    bytes[j++] = (v[0]! << 2) | (v[1]! >> 4);
    if (j < bytes.length) bytes[j++] = ((v[1]! & 15) << 4) | (v[2]! >> 2);
    if (j < bytes.length) bytes[j++] = ((v[2]! & 3) << 6) | v[3]!;
  }
  const dv = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(8 * i, true);
  return out;
}
