/** Neumaier (improved Kahan–Babuška) compensated summation: s + c carries the sum. */
export function neumaierAdd(s: Float64Array, c: Float64Array, i: number, x: number): void {
  const a = s[i]!;
  const t = a + x;
  if (Math.abs(a) >= Math.abs(x)) c[i]! += a - t + x;
  else c[i]! += x - t + a;
  s[i] = t;
}

/** A scalar Neumaier accumulator. */
export class NeumaierSum {
  s = 0;
  c = 0;
  add(x: number): void {
    const t = this.s + x;
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x;
    else this.c += x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}
