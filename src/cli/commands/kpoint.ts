/**
 * `orbitronics kpoint`: band-resolved quantities at individual k-points (DESIGN §4).
 * k is reduced (tight-binding: k_cart = Σᵢ kᵢ bᵢ) or Cartesian Å⁻¹ (k·p).
 */
import { Option, type Command } from 'commander';
import { DEFAULT_DEGENERACY_THRESHOLD, pairs, type BandBatch, type Needs } from '../../backend/backend.js';
import { OrbitronicsError } from '../../errors.js';
import type { CompiledModel } from '../../model/types.js';
import { ORBITAL_MOMENT_TO_MUB } from '../../units/factors.js';
import { kpointFromBatch } from '../../physics/covariant.js';
import { torqueEq1 } from '../../physics/responses.js';
import { axialComponents, header, modelLine, pairComponents, vectorComponents, type CommandOutput, type RegisterCommand } from '../common.js';
import { fmt, fmtComplex, table } from '../format.js';
import { BACKEND_CHOICES, getBackend, loadModelArg, dimOption, GEOMETRY_OPTION, NO_WSVEC_OPTION, WSVEC_OPTION, type BackendChoice, type ModelFileArgs } from '../lib.js';
import { choices, collect, parseList, parseVector } from '../parse.js';

type Cell = number | null | [number, number] | Array<[number, number] | null>;

/** One per-k quantity: unit, components and how to read it from a BandBatch. */
interface KQuantity {
  name: string;
  title: string;
  unit: string;
  needs: Needs;
  /** Undefined for a band that is degenerate with another at this k (value → null). */
  undefinedAtDegeneracy: boolean;
  components(dim: number): string[] | null;
  /** 'real' numbers, 'complex' [re, im], or 'matrix' (a row over the second band index of [re, im]). */
  kind: 'real' | 'complex' | 'matrix';
  layout: string;
  /** Values for band n at k-index ik: one entry per component (or the scalar for energies). */
  band(b: BandBatch, ik: number, n: number, ctx: { threshold: number; beta: number }): Cell[] | number;
  /** Depends on the field direction (--E). */
  fieldDriven?: boolean;
}

const h = (b: BandBatch, ik: number, a: number, m: number, n: number): [number, number] => {
  const nb = b.nb;
  const o = ((((ik * b.dim + a) * nb + m) * nb + n) * 2) as number;
  return [b.velocity![o]!, b.velocity![o + 1]!];
};
const E = (b: BandBatch, ik: number, n: number) => b.energies[ik * b.nb + n]!;
/** The C components of band n at k-point ik of a per-band batch array [k][band][C], times `factor`. */
const bandRow = (a: Float64Array, C: number, nb: number, ik: number, n: number, factor = 1): number[] =>
  Array.from(a.subarray((ik * nb + n) * C, (ik * nb + n + 1) * C), (x) => x * factor);

/** The kpoint quantities (DESIGN §4 names). `torque` joins when src/physics provides it. */
export const KPOINT_QUANTITIES: readonly KQuantity[] = [
  {
    name: 'energies',
    title: 'E',
    unit: 'eV',
    needs: {},
    undefinedAtDegeneracy: false,
    components: () => null,
    kind: 'real',
    layout: 'values[k][band]',
    band: (b, ik, n) => E(b, ik, n),
  },
  {
    name: 'velocity',
    title: 'ħv',
    unit: 'eV·Å',
    needs: { velocity: true },
    undefinedAtDegeneracy: false,
    components: vectorComponents,
    kind: 'real',
    layout: 'values[k][band][component] = ħv^a_nn = ⟨n|∂_aH|n⟩',
    band: (b, ik, n) => Array.from({ length: b.dim }, (_, a) => h(b, ik, a, n, n)[0]),
  },
  {
    name: 'berry-connection',
    title: '𝓡',
    unit: 'Å',
    needs: { velocity: true },
    undefinedAtDegeneracy: false,
    components: vectorComponents,
    kind: 'matrix',
    layout: 'values[k][m][component][n] = [re, im] of 𝓡^a_mn = i⟨u_m|∂_a u_n⟩ (m ≠ n; diagonal and degenerate pairs null)',
    band: (b, ik, m, { threshold }) =>
      Array.from({ length: b.dim }, (_, a) =>
        Array.from({ length: b.nb }, (_, n) => {
          const d = E(b, ik, m) - E(b, ik, n);
          if (n === m || Math.abs(d) < threshold) return null;
          const [re, im] = h(b, ik, a, m, n);
          // 𝓡 = −i h/(ε_m − ε_n)
          return [im / d, -re / d] as [number, number];
        }),
      ),
  },
  {
    name: 'berry-curvature',
    title: 'Ω',
    unit: 'Å^2',
    needs: { geometry: true },
    undefinedAtDegeneracy: true,
    components: axialComponents,
    kind: 'real',
    layout: 'values[k][band][component]',
    band: (b, ik, n) => bandRow(b.berryCurvature!, axialComponents(b.dim).length, b.nb, ik, n),
  },
  {
    name: 'quantum-metric',
    title: 'g',
    unit: 'Å^2',
    needs: { geometry: true },
    undefinedAtDegeneracy: true,
    components: pairComponents,
    kind: 'real',
    layout: 'values[k][band][component]',
    band: (b, ik, n) => bandRow(b.quantumMetric!, pairComponents(b.dim).length, b.nb, ik, n),
  },
  {
    name: 'qgt',
    title: 'Q',
    unit: 'Å^2',
    needs: { velocity: true },
    undefinedAtDegeneracy: true,
    components: pairComponents,
    kind: 'complex',
    layout: 'values[k][band][component] = [re, im] of Q^ab_n = Σ_{m≠n} 𝓡^a_nm 𝓡^b_mn (g = Re Q, Ω = −2 Im Q)',
    band: (b, ik, n, { threshold }) =>
      pairs(b.dim).map(([a, c]) => {
        let re = 0;
        let im = 0;
        for (let m = 0; m < b.nb; m++) {
          if (m === n) continue;
          const d = E(b, ik, n) - E(b, ik, m);
          if (Math.abs(d) < threshold) continue;
          const [xr, xi] = h(b, ik, a, n, m);
          const [yr, yi] = h(b, ik, c, m, n);
          re += (xr * yr - xi * yi) / (d * d);
          im += (xr * yi + xi * yr) / (d * d);
        }
        return [re, im] as [number, number];
      }),
  },
  {
    name: 'orbital-moment',
    title: 'm',
    unit: 'muB',
    needs: { geometry: true },
    undefinedAtDegeneracy: true,
    components: axialComponents,
    kind: 'real',
    layout: 'values[k][band][component]',
    band: (b, ik, n) => bandRow(b.orbitalMoment!, axialComponents(b.dim).length, b.nb, ik, n, ORBITAL_MOMENT_TO_MUB),
  },
  {
    name: 'torque',
    title: 'τ',
    unit: 'eV·Å^3',
    needs: { velocity: true },
    undefinedAtDegeneracy: true,
    fieldDriven: true,
    components: axialComponents,
    kind: 'real',
    layout: 'values[k][band][component] = τ^i_nn per unit eE along --E (paper 000 Eq. 1, ħ = 1; sign of 000: −(r×v))',
    band: (b, ik, n, { threshold, beta }) => {
      const r = torqueEq1(kpointFromBatch(b, ik), beta, { degeneracyThreshold: threshold });
      const C = r.components.length;
      return Array.from(r.sea.subarray(n * C, (n + 1) * C));
    },
  },
];

/** BZ-integrated observables: named here only to point users to `compute`. */
const INTEGRATED = ['chern', 'ahc', 'orbital-magnetization', 'dipole', 'ome', 'ome-extrinsic', 'chi-int', 'alpha-int', 'edelstein', 'kinetic-magnetization', 'omm-density'];

export function lookupQuantities(names: string[]): KQuantity[] {
  const valid = KPOINT_QUANTITIES.map((q) => q.name);
  return names.map((raw) => {
    const name = raw.toLowerCase().replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const q = KPOINT_QUANTITIES.find((x) => x.name === name || x.name === raw.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    if (q) return q;
    if (INTEGRATED.includes(name))
      throw new OrbitronicsError('QUANTITY_UNKNOWN', `'${raw}' is a Brillouin-zone integrated observable, not a per-k quantity. Valid quantities: ${choices(valid)}.`, {
        where: '--quantity',
        hint: `use: orbitronics compute --observable ${name}`,
      });
    throw new OrbitronicsError('QUANTITY_UNKNOWN', `unknown quantity '${raw}'. Valid quantities: ${choices(valid)}.`, { where: '--quantity' });
  });
}

/** `--k` strings → Cartesian k (Å⁻¹, padded to 3) after checking the dimension. */
export function kpointsToCartesian(ks: string[], model: CompiledModel): { given: number[][]; cart: Float64Array } {
  const dim = model.dim;
  const given = ks.map((s, i) => {
    const v = parseVector(s, `--k #${i + 1}`);
    if (v.length !== dim)
      throw new OrbitronicsError('KPOINT_INVALID', `k-point '${s}' has ${v.length} component${v.length === 1 ? '' : 's'} but the model '${model.name}' is ${dim}D.`, {
        where: `--k #${i + 1}`,
        hint: model.kind === 'tight-binding' ? `give ${dim} reduced coordinates, e.g. --k ${Array(dim).fill('0.5').join(',')}` : `give ${dim} Cartesian components in Å⁻¹`,
      });
    return v;
  });
  const cart = new Float64Array(3 * given.length);
  given.forEach((v, i) => {
    if (model.kind === 'tight-binding') {
      for (let j = 0; j < dim; j++) for (let c = 0; c < 3; c++) cart[3 * i + c] += v[j]! * model.reciprocal[3 * j + c]!;
    } else for (let c = 0; c < dim; c++) cart[3 * i + c] = v[c]!;
  });
  return { given, cart };
}

export interface KpointArgs extends ModelFileArgs {
  model: string;
  k: string[];
  quantity: string[];
  backend: BackendChoice;
  E?: 'x' | 'y' | 'z';
}

export async function kpoint(args: KpointArgs, cwd: string, note?: (line: string) => void): Promise<CommandOutput> {
  if (!args.quantity?.length)
    throw new OrbitronicsError('ARGUMENT_INVALID', `--quantity is required. Valid quantities: ${choices(KPOINT_QUANTITIES.map((q) => q.name))}.`, { where: '--quantity' });
  const quantities = [...new Set(lookupQuantities(parseList(args.quantity, '--quantity')))];
  if (!args.k.length) throw new OrbitronicsError('KPOINT_INVALID', 'give at least one --k.', { where: '--k' });
  const loaded = await loadModelArg(args.model, cwd, { ...args, note });
  const { compiled } = loaded;
  for (const q of quantities)
    if (q.components(compiled.dim)?.length === 0)
      throw new OrbitronicsError('QUANTITY_UNKNOWN', `'${q.name}' has no components in a ${compiled.dim}D model (it is an axial vector: z in 2D, x,y,z in 3D).`, { where: '--quantity' });
  const { given, cart } = kpointsToCartesian(args.k, compiled);
  const needs: Needs = {};
  for (const q of quantities) Object.assign(needs, q.needs);
  const backend = await getBackend(args.backend);
  const threshold = DEFAULT_DEGENERACY_THRESHOLD;
  const beta = { x: 0, y: 1, z: 2 }[args.E ?? 'x'];
  if (beta >= compiled.dim) throw new OrbitronicsError('ARGUMENT_INVALID', `--E ${args.E} is not a direction of a ${compiled.dim}D model.`, { where: '--E' });
  try {
    const b = backend.evaluate(compiled, { nk: given.length, k: cart }, needs, { degeneracyThreshold: threshold });
    const nb = b.nb;
    // degenerate pairs per k (reported; band-resolved geometry of those bands is null)
    const degenerate: Array<{ k: number; bands: [number, number]; energy: number }> = [];
    const undefinedBand: boolean[][] = given.map(() => new Array<boolean>(nb).fill(false));
    for (let ik = 0; ik < given.length; ik++)
      for (let n = 0; n < nb; n++)
        for (let m = 0; m < n; m++)
          if (Math.abs(E(b, ik, n) - E(b, ik, m)) < threshold) {
            degenerate.push({ k: ik, bands: [m, n], energy: E(b, ik, n) });
            undefinedBand[ik]![m] = undefinedBand[ik]![n] = true;
          }
    const results: Record<string, Record<string, unknown>> = {};
    for (const q of quantities) {
      const values = given.map((_, ik) =>
        Array.from({ length: nb }, (_, n) => {
          const v = q.band(b, ik, n, { threshold, beta });
          if (q.undefinedAtDegeneracy && undefinedBand[ik]![n]) return Array.isArray(v) ? v.map(() => null) : null;
          return v;
        }),
      );
      const comps = q.components(compiled.dim);
      const entry: Record<string, unknown> = { unit: q.unit };
      if (comps) entry.components = comps;
      if (q.kind !== 'real') entry.complex = true;
      if (q.kind !== 'real' || q.name === 'velocity' || q.fieldDriven) entry.layout = q.layout;
      if (q.fieldDriven) entry.field = { direction: args.E ?? 'x', perUnit: 'eE (eV/Å)' };
      entry.values = values;
      results[q.name] = entry;
    }
    const kCart = given.map((_, i) => Array.from(cart.subarray(3 * i, 3 * i + compiled.dim)));
    const doc = {
      ...header(loaded, backend.name),
      k: given,
      kUnit: compiled.kind === 'tight-binding' ? 'reduced' : 'Å^-1',
      kCartesian: kCart,
      results,
      diagnostics: { degeneracyThreshold: threshold, degeneratePairs: degenerate },
    };
    return { doc, text: kpointText(loaded, backend.name, given, kCart, quantities, results, degenerate, compiled) };
  } finally {
    backend.dispose();
  }
}

function kpointText(
  loaded: Awaited<ReturnType<typeof loadModelArg>>,
  backend: string,
  given: number[][],
  kCart: number[][],
  quantities: KQuantity[],
  results: Record<string, Record<string, unknown>>,
  degenerate: Array<{ k: number; bands: [number, number]; energy: number }>,
  c: CompiledModel,
): string {
  let s = modelLine(loaded, backend);
  const tb = c.kind === 'tight-binding';
  given.forEach((k, ik) => {
    s += `\nk = (${k.map((x) => fmt(x)).join(', ')})${tb ? ` reduced = (${kCart[ik]!.map((x) => fmt(x)).join(', ')}) Å^-1` : ' Å^-1'}\n`;
    const head = ['band'];
    const rows: string[][] = Array.from({ length: c.nb }, (_, n) => [String(n)]);
    const matrices: string[] = [];
    for (const q of quantities) {
      const r = results[q.name]!;
      const comps = (r.components as string[] | undefined) ?? null;
      const vals = (r.values as Cell[][][])[ik]!;
      if (q.kind === 'matrix') {
        const mrows: string[][] = [];
        for (let m = 0; m < c.nb; m++)
          for (let n = 0; n < c.nb; n++) {
            if (m === n) continue;
            mrows.push([`${m},${n}`, ...comps!.map((_, a) => fmtComplex(((vals[m] as unknown as Cell[])[a] as Array<[number, number] | null>)[n]))]);
          }
        matrices.push(`  ${q.name} ${q.title}_mn (${q.unit})\n` + table(['m,n', ...comps!.map((x) => `${q.title}${x}`)], mrows, '  '));
        continue;
      }
      if (!comps) {
        head.push(`${q.title} (${q.unit})`);
        rows.forEach((row, n) => row.push(fmt(vals[n] as unknown as number)));
        continue;
      }
      comps.forEach((cname, a) => {
        head.push(`${q.title}_${cname} (${q.unit})`);
        rows.forEach((row, n) => {
          const v = (vals[n] as unknown as Cell[])[a];
          row.push(q.kind === 'complex' ? fmtComplex(v as [number, number] | null) : fmt(v as number | null));
        });
      });
    }
    if (head.length > 1) s += table(head, rows, '  ');
    for (const mtab of matrices) s += mtab;
    for (const d of degenerate.filter((d) => d.k === ik))
      s += `  degenerate: bands ${d.bands[0]} and ${d.bands[1]} at E = ${fmt(d.energy)} eV (their band-resolved geometry is undefined: null)\n`;
  });
  return s;
}

export const registerKpoint: RegisterCommand = (program: Command, env) => {
  program
    .command('kpoint')
    .description('band-resolved quantities at k-points (energies, velocity, Berry connection/curvature, quantum metric, QGT, orbital moment)')
    .requiredOption('--model <FILE|NAME>', 'model file (orbitronics-model/1 JSON, Wannier90 _tb.dat/_hr.dat) or built-in NAME[:p=v,...]')
    .option(...GEOMETRY_OPTION)
    .addOption(dimOption())
    .option(...WSVEC_OPTION)
    .option(...NO_WSVEC_OPTION)
    .option('--k <kx,ky[,kz]>', 'k-point: reduced coordinates (tight-binding) or Å⁻¹ (k·p); repeat for several', collect, [])
    .option('--quantity <LIST>', `comma-separated (required): ${KPOINT_QUANTITIES.map((q) => q.name).join(', ')}`, collect)
    .addOption(new Option('--backend <B>', 'backend').choices(BACKEND_CHOICES as unknown as string[]).default('auto'))
    .addOption(new Option('--E <DIR>', 'field direction for field-driven quantities (torque); default x').choices(['x', 'y', 'z']))
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: KpointArgs & { json?: boolean }) => {
      env.emit(await kpoint(opts, env.io.cwd, env.io.err), !!opts.json);
    });
};
