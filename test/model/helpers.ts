/**
 * Test-only linear algebra, independent of the backends (which are written concurrently):
 * H(k) and ∂H(k) straight from the compiled terms, a Jacobi eigensolver for complex Hermitian
 * matrices (via the real symmetric embedding), and band geometry per paper 004 Eqs. (3)–(4).
 */
import type { CompiledModel } from '../../src/model/types.js';

export type C = [number, number];
export type CMat = C[][];

const zeros = (n: number): CMat => Array.from({ length: n }, () => Array.from({ length: n }, (): C => [0, 0]));

/** H(k) (deriv = −1) or ∂_a H(k) (deriv = a) at a Cartesian k (Å⁻¹, padded to 3). */
export function hamiltonian(m: CompiledModel, k: number[], deriv = -1): CMat {
  const H = zeros(m.nb);
  const kk = [k[0] ?? 0, k[1] ?? 0, k[2] ?? 0];
  for (let t = 0; t < m.nterm; t++) {
    const cre = m.termRe[t]!;
    const cim = m.termIm[t]!;
    let fre: number;
    let fim: number;
    if (m.kind === 'tight-binding') {
      const d = [m.termDelta[3 * t]!, m.termDelta[3 * t + 1]!, m.termDelta[3 * t + 2]!];
      const ph = kk[0]! * d[0]! + kk[1]! * d[1]! + kk[2]! * d[2]!;
      fre = Math.cos(ph);
      fim = Math.sin(ph);
      if (deriv >= 0) {
        // ∂_a e^{ik·δ} = iδ_a e^{ik·δ}
        const da = d[deriv]!;
        [fre, fim] = [-da * fim, da * fre];
      }
    } else {
      const p = [m.termPow[3 * t]!, m.termPow[3 * t + 1]!, m.termPow[3 * t + 2]!];
      let f = 1;
      for (let a = 0; a < 3; a++) {
        if (a === deriv) f *= p[a]! === 0 ? 0 : p[a]! * kk[a]! ** (p[a]! - 1);
        else f *= kk[a]! ** p[a]!;
      }
      fre = f;
      fim = 0;
    }
    const e = H[m.termTo[t]!]![m.termFrom[t]!]!;
    e[0] += cre * fre - cim * fim;
    e[1] += cre * fim + cim * fre;
  }
  return H;
}

/** k in reduced coordinates → Cartesian (Å⁻¹) with the compiled reciprocal vectors. */
export function cartesian(m: CompiledModel, kred: number[]): number[] {
  const out = [0, 0, 0];
  for (let i = 0; i < kred.length; i++) for (let c = 0; c < 3; c++) out[c] += kred[i]! * m.reciprocal[3 * i + c]!;
  return out;
}

/** Real symmetric Jacobi eigen-decomposition (cyclic). Returns eigenvalues and column eigenvectors. */
function jacobiReal(A: number[][]): { w: number[]; V: number[][] } {
  const n = A.length;
  const a = A.map((r) => [...r]);
  const V = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k]![p]!;
          const vkq = V[k]![q]!;
          V[k]![p] = c * vkp - s * vkq;
          V[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  return { w: a.map((r, i) => r[i]!), V };
}

/** Eigenvalues (ascending) and eigenvectors U[i][n] of a complex Hermitian matrix (non-degenerate spectra). */
export function eigh(H: CMat): { e: number[]; U: CMat } {
  const n = H.length;
  const A = Array.from({ length: 2 * n }, () => new Array<number>(2 * n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const [re, im] = H[i]![j]!;
      A[i]![j] = re;
      A[i + n]![j + n] = re;
      A[i]![j + n] = -im;
      A[i + n]![j] = im;
    }
  const { w, V } = jacobiReal(A);
  const order = w.map((x, i) => i).sort((p, q) => w[p]! - w[q]!);
  const e: number[] = [];
  const U = zeros(n);
  for (let b = 0; b < n; b++) {
    const col = order[2 * b]!;
    e.push(0.5 * (w[order[2 * b]!]! + w[order[2 * b + 1]!]!));
    let norm = 0;
    for (let i = 0; i < n; i++) norm += V[i]![col]! ** 2 + V[i + n]![col]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) U[i]![b] = [V[i]![col]! / norm, V[i + n]![col]! / norm];
  }
  return { e, U };
}

/** U† M U. */
export function rotate(M: CMat, U: CMat): CMat {
  const n = M.length;
  const out = zeros(n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const [ur, ui] = U[i]![a]!; // conj
          const [mr, mi] = M[i]![j]!;
          const [vr, vi] = U[j]![b]!;
          const xr = mr * vr - mi * vi;
          const xi = mr * vi + mi * vr;
          re += ur * xr + ui * xi;
          im += ur * xi - ui * xr;
        }
      out[a]![b] = [re, im];
    }
  return out;
}

/** Energies, Berry curvature Ω^z_n = −2 Im Σ h^x_nm h^y_mn/(εₙ−εₘ)² (Å²) and X_n = −Im Σ h^x_nm h^y_mn/(εₙ−εₘ) (eV·Å²). */
export function geometry2d(m: CompiledModel, k: number[]): { e: number[]; omega: number[]; X: number[] } {
  const { e, U } = eigh(hamiltonian(m, k));
  const hx = rotate(hamiltonian(m, k, 0), U);
  const hy = rotate(hamiltonian(m, k, 1), U);
  const omega: number[] = [];
  const X: number[] = [];
  for (let n = 0; n < e.length; n++) {
    let o = 0;
    let x = 0;
    for (let q = 0; q < e.length; q++) {
      if (q === n) continue;
      const [ar, ai] = hx[n]![q]!;
      const [br, bi] = hy[q]![n]!;
      const im = ar * bi + ai * br;
      const de = e[n]! - e[q]!;
      o += im / (de * de);
      x += im / de;
    }
    omega.push(-2 * o);
    X.push(-x);
  }
  return { e, omega, X };
}

export function maxAbsDiff(A: CMat, B: CMat): number {
  let d = 0;
  A.forEach((row, i) => row.forEach((z, j) => (d = Math.max(d, Math.abs(z[0] - B[i]![j]![0]), Math.abs(z[1] - B[i]![j]![1])))));
  return d;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
