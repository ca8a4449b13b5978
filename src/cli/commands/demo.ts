/**
 * `orbitronics demo`: the figures of demo/figures.ts on built-in models, one SVG + one JSON per
 * figure in ./orbitronics-out (or --out DIR), and a table of headline numbers with units.
 */
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../util/atomic-write.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { OrbitronicsError } from '../../errors.js';
import { renderSvg } from '../../plot/index.js';
import { toJson } from '../context.js';
import { type CommandOutput, type RegisterCommand } from '../common.js';
import { DEMO_FIGURES } from '../demo/figures.js';
import type { DemoContext, Headline } from '../demo/types.js';
import { fmt, table } from '../format.js';
import { BACKEND_CHOICES, getBackend, loadModelArg, type BackendChoice, type LoadedModel } from '../lib.js';
import { createProgress } from '../progress.js';
import { VERSION } from '../version.js';
import type { CliIO } from '../context.js';

export interface DemoArgs {
  out: string;
  backend: BackendChoice;
  figures?: string;
  json?: boolean;
}

export async function demo(args: DemoArgs, io: CliIO): Promise<CommandOutput> {
  const t0 = Date.now();
  let figures = DEMO_FIGURES;
  if (args.figures) {
    const ids = args.figures.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids)
      if (!DEMO_FIGURES.some((f) => f.id === id))
        throw new OrbitronicsError('ARGUMENT_INVALID', `unknown demo figure '${id}'. Valid figures: ${DEMO_FIGURES.map((f) => f.id).join(', ')}.`, { where: '--figures' });
    figures = DEMO_FIGURES.filter((f) => ids.includes(f.id));
  }
  const outDir = path.resolve(io.cwd, args.out);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new OrbitronicsError('IO_ERROR', `cannot create the output directory: ${(e as Error).message}`, { where: args.out });
  }
  const backend = await getBackend(args.backend);
  const models = new Map<string, Promise<LoadedModel>>();
  const bar = createProgress(io, 'demo', { json: args.json });
  let current = 0;
  const memo = new Map<string, Promise<unknown>>();
  const ctx: DemoContext = {
    backend,
    signal: io.signal,
    memo: <T>(key: string, f: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, f());
      return memo.get(key)! as Promise<T>;
    },
    model: (spec) => {
      if (!models.has(spec)) models.set(spec, loadModelArg(spec, io.cwd));
      return models.get(spec)!;
    },
    progress: (f) => bar.update((current + Math.min(1, f)) / figures.length, figures[current]?.id),
  };
  const written: Array<Record<string, unknown>> = [];
  const headlines: Array<Headline & { figure: string }> = [];
  try {
    for (current = 0; current < figures.length; current++) {
      const fig = figures[current]!;
      const tf = Date.now();
      ctx.progress(0);
      const r = await fig.run(ctx);
      if ('skipped' in r) {
        written.push({ id: fig.id, title: fig.title, skipped: r.skipped });
        continue;
      }
      const svgFile = path.join(outDir, `${fig.id}.svg`);
      const jsonFile = path.join(outDir, `${fig.id}.json`);
      const svg = await renderSvg(r.spec);
      const doc = { figure: fig.id, title: fig.title, modelSpec: fig.model, ...r.data, headlines: r.headlines ?? [], vegaLite: r.spec };
      try {
        await writeFileAtomic(svgFile, svg);
        await writeFileAtomic(jsonFile, toJson(doc));
      } catch (e) {
        throw new OrbitronicsError('IO_ERROR', `cannot write demo output: ${(e as Error).message}`, { where: outDir });
      }
      for (const h of r.headlines ?? []) headlines.push({ figure: fig.id, ...h });
      written.push({ id: fig.id, title: fig.title, svg: svgFile, json: jsonFile, seconds: (Date.now() - tf) / 1000 });
    }
  } finally {
    bar.stop();
    backend.dispose();
  }
  const seconds = (Date.now() - t0) / 1000;
  const doc = { orbitronics: VERSION, backend: backend.name, out: outDir, figures: written, headlines, seconds };
  let text = `orbitronics ${VERSION} demo (backend ${backend.name}) → ${outDir}\n\n`;
  text += table(
    ['figure', 'files'],
    written.map((w) => [String(w.id), w.skipped ? `skipped: ${String(w.skipped)}` : `${path.basename(String(w.svg))}, ${path.basename(String(w.json))}`]),
  );
  text += '\n';
  text += table(
    ['quantity', 'value', 'unit', 'reference'],
    headlines.map((h) => [h.quantity, fmt(h.value, 5), h.unit, h.reference !== undefined ? `${fmt(h.reference, 5)}${h.source ? ` (${h.source})` : ''}` : '']),
  );
  text += `\ndone in ${seconds.toFixed(1)} s\n`;
  return { doc, text };
}

export const registerDemo: RegisterCommand = (program: Command, env) => {
  program
    .command('demo')
    .description('the main job: demo figures on built-in models, SVG + JSON per figure in ./orbitronics-out')
    .option('--out <DIR>', 'output directory', 'orbitronics-out')
    .option('--figures <LIST>', `only these figures (comma-separated): ${DEMO_FIGURES.map((f) => f.id).join(', ')}`)
    .addOption(new Option('--backend <B>', 'backend').choices(BACKEND_CHOICES as unknown as string[]).default('auto'))
    .option('--json', 'print one JSON document on stdout (the list of files and the headline numbers)')
    .action(async (opts: DemoArgs) => {
      env.emit(await demo(opts, env.io), !!opts.json);
    });
};
