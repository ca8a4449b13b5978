/**
 * Progress bar on stderr (cli-progress), shown only when stderr is a TTY, output is not --json,
 * and the run has lasted longer than `delayMs` (default 1 s), so short runs print nothing.
 */
import cliProgress from 'cli-progress';
import type { CliIO } from './context.js';

export interface Progress {
  /** Fraction done in [0, 1]; optional label for the current step. */
  update(fraction: number, label?: string): void;
  stop(): void;
}

const NOOP: Progress = { update: () => {}, stop: () => {} };

export function createProgress(io: CliIO, title: string, opts: { json?: boolean; delayMs?: number } = {}): Progress {
  const stream = io.progressStream;
  if (!stream || !stream.isTTY || opts.json) return NOOP;
  const t0 = Date.now();
  const delay = opts.delayMs ?? 1000;
  let bar: cliProgress.SingleBar | null = null;
  let last = 0;
  let step = '';
  return {
    update(fraction, label) {
      last = Math.max(0, Math.min(1, fraction));
      if (label !== undefined) step = label;
      if (!bar) {
        if (Date.now() - t0 < delay || last >= 1) return;
        bar = new cliProgress.SingleBar(
          { stream, format: `${title} [{bar}] {percentage}% | {step} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, Math.round(last * 1000), { step });
        return;
      }
      bar.update(Math.round(last * 1000), { step });
    },
    stop() {
      if (bar) {
        bar.update(1000, { step });
        bar.stop();
        bar = null;
      }
    },
  };
}
