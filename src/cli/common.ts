/** Shared pieces of the commands: the JSON header, axis/component names, the command contract. */
import type { Command } from 'commander';
import type { CompiledModel } from '../model/types.js';
import type { CliIO } from './context.js';
import type { LoadedModel } from './lib.js';
import { VERSION } from './version.js';

/** What every command action returns; main prints `doc` with --json and `text` otherwise. */
export interface CommandOutput {
  doc: Record<string, unknown>;
  text: string;
}

export interface CommandEnv {
  io: CliIO;
  /** Set by main once the action has produced its output. */
  emit(output: CommandOutput, json: boolean): void;
}

export type RegisterCommand = (program: Command, env: CommandEnv) => void;

/** The DESIGN §4 header: orbitronics version, model {name, dim, bands}, backend. */
export function header(loaded: LoadedModel | { compiled: CompiledModel }, backend?: string): Record<string, unknown> {
  const c = loaded.compiled;
  const h: Record<string, unknown> = {
    orbitronics: VERSION,
    model: { name: c.name, dim: c.dim, bands: c.nb },
  };
  if (backend !== undefined) h.backend = backend;
  return h;
}

export const AXES = ['x', 'y', 'z'] as const;

/** Cartesian components of a polar vector: 2D ["x","y"], 3D ["x","y","z"]. */
export const vectorComponents = (dim: number): string[] => AXES.slice(0, dim) as string[];
/** Symmetric pairs a ≤ b: 2D ["xx","xy","yy"], 3D ["xx","xy","xz","yy","yz","zz"]. */
export function pairComponents(dim: number): string[] {
  const out: string[] = [];
  for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) out.push(AXES[a]! + AXES[b]!);
  return out;
}
/** Axial (pseudo-vector) components: 2D ["z"], 3D ["x","y","z"], 1D none. */
export const axialComponents = (dim: number): string[] => (dim === 2 ? ['z'] : dim === 3 ? ['x', 'y', 'z'] : []);

/** Model line for human output. */
export function modelLine(loaded: LoadedModel, backend?: string): string {
  const c = loaded.compiled;
  return `model ${c.name} (${c.kind}, ${c.dim}D, ${c.nb} bands)${backend ? `, backend ${backend}` : ''}\n`;
}
