/** Plain-text tables and number formatting for human (non --json) output. */

/** A number with 6 significant digits, exponent form for very small/large magnitudes; null → '—'. */
export function fmt(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(digits - 2).replace(/e\+?/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** Complex [re, im] as `a+bi`. */
export function fmtComplex(z: [number, number] | null | undefined, digits = 5): string {
  if (!z) return '—';
  const [re, im] = z;
  const sign = im < 0 || Object.is(im, -0) ? '-' : '+';
  return `${fmt(re, digits)}${sign}${fmt(Math.abs(im), digits)}i`;
}

/** Width in terminal columns (combining marks count zero). */
const width = (s: string): number => [...s.normalize('NFC')].filter((c) => !/\p{M}/u.test(c)).length;

const NUMERIC = /^([+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?([+-](\d+\.?\d*|\.\d+)(e[+-]?\d+)?i)?|—|-?∞)$/;

/** Aligned table: numeric columns right-aligned, text columns left-aligned; two spaces between columns. */
export function table(header: string[], rows: string[][], indent = ''): string {
  const all = [header, ...rows];
  const w = header.map((_, j) => Math.max(...all.map((r) => width(r[j] ?? ''))));
  const right = header.map((_, j) => j > 0 && rows.length > 0 && rows.every((r) => NUMERIC.test(r[j] ?? '')));
  const line = (r: string[]) =>
    indent +
    r
      .map((c, j) => {
        const pad = ' '.repeat(Math.max(0, w[j]! - width(c)));
        return right[j] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), indent + w.map((x) => '─'.repeat(x)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
