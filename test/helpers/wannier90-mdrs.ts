/**
 * Test-only stand-in for a Wannier90 run with `use_ws_distance = .true.` (independent of
 * src/io/wannier90.ts): a tight-binding model is "sampled" on an mp_grid and written the way
 * Wannier90 writes it —
 *   - seedname_hr.dat: R over the Wigner–Seitz supercell of the mp_grid (Wannier90 `wigner_seitz`:
 *     R whose length is minimal among its supercell images R + N·s, ndegen = number of ties), with
 *     the value H_mn(R) = Σ_{R' ≡ R (mod N)} t_mn(R') — the inverse Fourier transform of H(k) on the
 *     mesh, the same for every member of a star, so that Σ_star H/ndegen counts it once;
 *   - seedname_wsvec.dat: for every (R, i, j) the supercell shifts T = N·s that make
 *     |R + T + τ_j − τ_i| minimal (all of them on ties), as ws_distance.F90 `ws_write_vec` does.
 * Reading the pair back with MDRS gives the model again whenever each of its hoppings is the
 * shortest member of its class modulo the supercell (or is split equally over tied members).
 */
import { hrGeometryOf } from '../../src/io/wannier90.js';
import type { TightBindingModel } from '../../src/model/types.js';

type V3 = [number, number, number];

const i5 = (x: number) => String(x).padStart(5);
const num = (x: number) => ' ' + (Object.is(x, -0) ? '0' : String(x)).padStart(24);

function cart(f: number[], L: number[][]): V3 {
  return [0, 1, 2].map((c) => f[0]! * L[0]![c]! + f[1]! * L[1]![c]! + f[2]! * L[2]![c]!) as V3;
}
const norm = (v: number[]) => Math.hypot(v[0]!, v[1]!, v[2]!);

function* box(r: V3): Generator<V3> {
  for (let a = -r[0]; a <= r[0]; a++) for (let b = -r[1]; b <= r[1]; b++) for (let c = -r[2]; c <= r[2]; c++) yield [a, b, c];
}

export interface Folded {
  hr: string;
  wsvec: string;
  geometry: ReturnType<typeof hrGeometryOf>;
  /** Wigner–Seitz R vectors with their ndegen. */
  rvecs: Array<{ R: V3; ndegen: number }>;
}

/** The model as Wannier90 would write it for the k-mesh `mp` (3 integers; 1 along vacuum directions). */
export function foldToWannier90(m: TightBindingModel, mp: V3, options: { useWsDistance?: boolean; tol?: number } = {}): Folded {
  const geometry = hrGeometryOf(m);
  const L = geometry.lattice;
  const nw = m.orbitals.length;
  const tau = m.orbitals.map((o) => [0, 1, 2].map((a) => o[a] ?? 0));
  const tol = options.tol ?? 1e-6;
  // the full Hermitian set t[to][from] at R (explicit: as listed; implicit: plus the conjugates)
  const terms: Array<{ to: number; from: number; R: V3; re: number; im: number }> = [];
  m.onsite.forEach((e, i) => terms.push({ to: i, from: i, R: [0, 0, 0], re: e, im: 0 }));
  for (const h of m.hoppings) {
    const R = [0, 1, 2].map((a) => h.R[a] ?? 0) as V3;
    terms.push({ to: h.to, from: h.from, R, re: h.t[0], im: h.t[1] });
    if (m.hermitian !== 'explicit') terms.push({ to: h.from, from: h.to, R: R.map((x) => -x) as V3, re: h.t[0], im: -h.t[1] });
  }
  const mod = (x: number, n: number) => ((x % n) + n) % n;
  const classKey = (R: V3) => R.map((x, a) => mod(x, mp[a]!)).join(',');
  // Wigner–Seitz R vectors of the supercell
  const rvecs: Array<{ R: V3; ndegen: number }> = [];
  for (const R of box(mp)) {
    const d0 = norm(cart(R, L));
    const ds = [...box([2, 2, 2])].map((s) => norm(cart(R.map((x, a) => x + s[a]! * mp[a]!), L)));
    const dmin = Math.min(...ds);
    if (d0 <= dmin + tol) rvecs.push({ R, ndegen: ds.filter((d) => d <= dmin + tol).length });
  }
  // H_mn(R) = Σ over the class of R
  const H = new Map<string, Float64Array>(); // class → [re, im] × nw²
  for (const t of terms) {
    const k = classKey(t.R);
    let a = H.get(k);
    if (!a) H.set(k, (a = new Float64Array(2 * nw * nw)));
    const s = t.to + t.from * nw;
    a[2 * s] += t.re;
    a[2 * s + 1] += t.im;
  }
  const hr = [`written by test/helpers/wannier90-mdrs.ts (mp_grid ${mp.join(' ')})`, String(nw).padStart(12), String(rvecs.length).padStart(12)];
  for (let i = 0; i < rvecs.length; i += 15) hr.push(rvecs.slice(i, i + 15).map((r) => i5(r.ndegen)).join(''));
  const ws = [`## written by test/helpers/wannier90-mdrs.ts with use_ws_distance=${options.useWsDistance === false ? '.false.' : '.true.'}`];
  for (const { R } of rvecs) {
    const a = H.get(classKey(R));
    for (let n = 0; n < nw; n++)
      for (let mm = 0; mm < nw; mm++) {
        const s = mm + n * nw;
        hr.push(`${R.map(i5).join('')}${i5(mm + 1)}${i5(n + 1)}${num(a ? a[2 * s]! : 0)}${num(a ? a[2 * s + 1]! : 0)}`);
      }
    for (let i = 0; i < nw; i++)
      for (let j = 0; j < nw; j++) {
        ws.push(`${R.map(i5).join('')}${i5(i + 1)}${i5(j + 1)}`);
        if (options.useWsDistance === false) {
          ws.push(i5(1), [0, 0, 0].map(i5).join(''));
          continue;
        }
        const v = R.map((x, c) => x + tau[j]![c]! - tau[i]![c]!);
        const cand = [...box([2, 2, 2])].map((s) => {
          const T = s.map((x, c) => x * mp[c]!) as V3;
          return { T, d: norm(cart(v.map((x, c) => x + T[c]!), L)) };
        });
        const dmin = Math.min(...cand.map((c) => c.d));
        const best = cand.filter((c) => c.d <= dmin + tol);
        ws.push(i5(best.length), ...best.map((c) => c.T.map((x) => i5(x + 0)).join('')));
      }
  }
  return { hr: hr.join('\n') + '\n', wsvec: ws.join('\n') + '\n', geometry, rvecs };
}
