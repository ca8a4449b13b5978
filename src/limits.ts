/**
 * Resource limits (docs/reliability.md). Every check runs BEFORE the allocation it guards and
 * throws OrbitronicsError('LIMIT_EXCEEDED') naming the option or the place in the input, so that a
 * typo (`--grid 30000x30000`, `num_wann 1000000`) fails at once instead of exhausting memory or
 * running for days. The limits are generous for real work; `LIMITS` may be raised by an API user
 * (or with the environment variables ORBITRONICS_MAX_KPOINTS, ORBITRONICS_MAX_INPUT_BYTES).
 *
 * Memory of a BZ integration is bounded by the batch (k-points per backend call), not by the grid:
 * `batchSizeForBudget` picks a batch that keeps the per-batch backend outputs within a budget.
 */
import { axialCount, pairCount, type Needs } from './backend/backend.js';
import { OrbitronicsError } from './errors.js';

const envNumber = (name: string, fallback: number): number => {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const v = g.process?.env?.[name];
  const x = v !== undefined && /^\d+(\.\d+)?(e\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(x) && x > 0 ? x : fallback;
};

export const LIMITS = {
  /** Bytes of one input file (model JSON, Wannier90 files, partial results). */
  maxInputBytes: envNumber('ORBITRONICS_MAX_INPUT_BYTES', 256 * 1024 * 1024),
  /** Orbitals (bands) of a model: every k-point holds nb × nb complex matrices. */
  maxBands: 4096,
  /** k-points of one integration grid (2D: 30000²; 3D: ~1000³). */
  maxKpoints: envNumber('ORBITRONICS_MAX_KPOINTS', 1e9),
  /** k-points × bands² of one integration (the work and the size of the per-k data streamed). */
  maxKpointBands2: 1e12,
  /** Chemical potentials × temperatures of one integration (results are T × μ × components). */
  maxMuT: 1_000_000,
  /** k-points of a band path / a kpoint command. */
  maxPathPoints: 1_000_000,
  /** Orbitals of a ribbon supercell (width × nb): dense Hermitian eigenproblems of that size per k. */
  maxRibbonOrbitals: 2048,
  /** k-points along a ribbon. */
  maxRibbonK: 100_000,
  /** Matrix elements num_wann² × nrpts of a Wannier90 file. */
  maxWannierElements: 2e8,
  /** Shift vectors T of one (R, i, j) entry of a Wannier90 seedname_wsvec.dat (Wannier90 itself stops at 8). */
  maxWsvecImages: 64,
  /** Nesting depth of a JSON input (a model needs 6; recursive checks would overflow the stack at ~10⁴). */
  maxJsonDepth: 64,
};

const limit = (message: string, where?: string, hint?: string): never => {
  throw new OrbitronicsError('LIMIT_EXCEEDED', message, { where, hint });
};

/** Input text/file size check (call with the byte length before reading or parsing). */
export function checkInputSize(bytes: number, where?: string): void {
  if (bytes > LIMITS.maxInputBytes) {
    limit(`${where ? `${where}: ` : ''}input of ${bytes} bytes is larger than the limit of ${LIMITS.maxInputBytes} bytes.`, where, 'raise LIMITS.maxInputBytes (or ORBITRONICS_MAX_INPUT_BYTES) if the file is really this large');
  }
}

/** Number of orbitals / bands of a model. */
export function checkBands(nb: number, where?: string): void {
  if (nb > LIMITS.maxBands) limit(`${where ? `${where}: ` : ''}${nb} orbitals is more than the limit of ${LIMITS.maxBands}.`, where);
}

/** A BZ integration: grid (k-points), bands, μ and T counts. */
export function checkIntegration(grid: readonly number[], nb: number, nMu = 1, nT = 1, where = '--grid'): void {
  let nk = 1;
  for (const n of grid) nk *= n;
  if (nk > LIMITS.maxKpoints) {
    limit(`the grid ${grid.join('x')} has ${nk.toExponential(3)} k-points, more than the limit of ${LIMITS.maxKpoints.toExponential(0)}.`, where, 'a typo in --grid? (memory is bounded by the batch, but the run time is not)');
  }
  if (nk * nb * nb > LIMITS.maxKpointBands2) {
    limit(`the grid ${grid.join('x')} × ${nb} bands² = ${(nk * nb * nb).toExponential(3)} exceeds the limit of ${LIMITS.maxKpointBands2.toExponential(0)} (k-points × bands²).`, where);
  }
  if (nMu * nT > LIMITS.maxMuT) limit(`${nMu} chemical potentials × ${nT} temperatures is more than the limit of ${LIMITS.maxMuT}.`, '--mu');
}

/** A count of points given on the command line (`--mu START:STOP:N`, `--n`, `--nk`). */
export function checkCount(n: number, max: number, where: string): void {
  if (n > max) limit(`${where} ${n} is more than the limit of ${max}.`, where);
}

/** Wannier90 num_wann and nrpts, checked before num_wann² × nrpts elements are allocated. */
export function checkWannier(numWann: number, nrpts: number, where: string): void {
  checkBands(numWann, where);
  if (numWann * numWann * nrpts > LIMITS.maxWannierElements) {
    limit(`${where}: num_wann² × nrpts = ${(numWann * numWann * nrpts).toExponential(3)} matrix elements is more than the limit of ${LIMITS.maxWannierElements.toExponential(0)}.`, where);
  }
}

/** Ribbon supercell: width × orbitals and k-points along the ribbon. */
export function checkRibbon(width: number, nb: number, nk: number): void {
  if (width * nb > LIMITS.maxRibbonOrbitals) limit(`a ribbon of ${width} cells × ${nb} orbitals = ${width * nb} orbitals is more than the limit of ${LIMITS.maxRibbonOrbitals}.`, '--width');
  if (nk > LIMITS.maxRibbonK) limit(`--nk ${nk} is more than the limit of ${LIMITS.maxRibbonK}.`, '--nk');
}

/**
 * k-points per backend call such that the per-batch outputs (energies, eigenvectors, velocities,
 * Hessians, geometry) stay within `budgetBytes` (default 32 MiB), clamped to [1, cap]. Any batch size
 * gives the same result bits (the chunks, not the batches, fix the summation order).
 */
export function batchSizeForBudget(nb: number, dim: number, needs: Needs, cap = 1024, budgetBytes = 32 * 1024 * 1024): number {
  const n2 = nb * nb;
  let perK = 8 * nb + 4 + 24 + 16 * n2; // energies, counters, k; the Hamiltonian / workspace
  if (needs.eigenvectors || needs.velocity || needs.hessian || needs.geometry) perK += 16 * n2;
  if (needs.velocity || needs.geometry) perK += 16 * dim * n2;
  if (needs.hessian) perK += 16 * pairCount(dim) * n2;
  if (needs.geometry) perK += 8 * nb * (2 * axialCount(dim) + pairCount(dim));
  return Math.max(1, Math.min(cap, Math.floor(budgetBytes / perK)));
}

/**
 * JSON nesting depth, checked by an iterative scan BEFORE the recursive parsers and validators run
 * (`[[[[…` 10⁵ deep overflowed their stacks: RangeError). LIMIT_EXCEEDED at `source:line:column`.
 */
export function checkJsonDepth(text: string, source: string, maxDepth = LIMITS.maxJsonDepth): void {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) {
        const where = `${source}:${line}:${i - lineStart + 1}`;
        limit(`${where}: JSON nested deeper than ${maxDepth} levels.`, where, 'an orbitronics-model/1 document needs 6 levels');
      }
    } else if (c === 93 || c === 125) depth--;
  }
}
