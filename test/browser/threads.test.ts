/**
 * compute({ threads }) with Web Workers in a real browser (docs/architecture.md §4): builds the page
 * test/browser/fixtures/threads with Vite from the package's dist/ (as an app would see the published
 * package, no bundler configuration), serves it on 127.0.0.1 and drives Debian's Chromium through
 * playwright-core. Checks that Vite emits dist/worker.browser.js as an asset, that threads: 2 runs on
 * two module Web Workers — counted by the page itself, outside the library, and reported by
 * result.diagnostics.threads — from the main thread and nested in a page worker, that the whole
 * document is bit-identical to threads: 1, and that a worker script that is not served falls back
 * to the calling thread with one console notice and the same numbers.
 *
 * Against Node (same dist/, threads: 1): T = 0 values are bit-identical. T > 0 values are compared
 * to 1e-13 relative: the Fermi weights (src/integrate/occupations.ts) call Math.exp in JavaScript,
 * and Chromium's V8 and Node 20's V8 round Math.exp (also log, sin, cos, pow) differently in the last
 * bit for some arguments (Node 20.20 vs Chromium 156 here: 9% of random arguments in [−30, 30]), so
 * one engine gives the same bits for any thread count, but two engines need not.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH overrides); skipped without it, failed in CI.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Orbitronics = typeof import('../../src/index.js');
const DIST = path.join(ROOT, 'dist/index.js');
const FIXTURE = path.join(ROOT, 'test/browser/fixtures/threads');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Chromium flags that work on this machine (as in page.test.ts). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Job {
  model: string;
  observables: string[];
  grid: number[];
  mu: { start: number; stop: number; n: number };
  T: number[];
}
interface Answer {
  job: Job;
  backend: string;
  threads: unknown;
  json: string;
  /** float64 hex per observable, per part ('total' and the parts), per temperature. */
  series: Record<string, Record<string, string[]>>;
  ms: number;
  spy: { started: string[]; answers: number[] };
}

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/** Static server; `blocked` paths (regexp) answer 404, as when a bundler or server does not ship the worker script. */
function serve(dir: string, blocked: { re: RegExp | null }): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir) || (blocked.re && blocked.re.test(url.pathname))) {
      res.writeHead(404).end('not found');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function hex(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

function unhex(h: string): Float64Array {
  const b = Buffer.from(h, 'hex');
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

type Series = Answer['series'];

/**
 * Browser vs Node: T = 0 bit for bit; T > 0 to `tol` relative to the largest value of the curve
 * (Math.exp differs between the two V8 versions, see the header).
 */
function expectMatchesNode(page: Series, node: Series, T: number[], tol = 1e-13): void {
  expect(Object.keys(page).sort()).toEqual(Object.keys(node).sort());
  let diff = 0;
  for (const [name, parts] of Object.entries(node)) {
    expect(Object.keys(page[name]!).sort(), name).toEqual(Object.keys(parts).sort());
    for (const [part, perT] of Object.entries(parts)) {
      T.forEach((temp, t) => {
        const what = `${name} ${part} T = ${temp} K`;
        if (temp === 0) expect(page[name]![part]![t], what).toBe(perT[t]);
        else {
          const a = unhex(page[name]![part]![t]!);
          const b = unhex(perT[t]!);
          expect(a.length, what).toBe(b.length);
          const scale = Math.max(...Array.from(b, Math.abs), 1e-300);
          for (let i = 0; i < b.length; i++) {
            if (!Object.is(a[i], b[i])) diff++;
            expect(Math.abs(a[i]! - b[i]!) / scale, `${what} [${i}]`).toBeLessThanOrEqual(tol);
          }
        }
      });
    }
  }
  if (diff > 0) console.log(`[test/browser/threads] browser vs Node: ${diff} T > 0 values differ in the last bits (Math.exp of the two V8 versions)`);
}

if (!HAVE_CHROMIUM && process.env.CI) {
  describe('browser threads (Chromium)', () => {
    it('needs Chromium', () => {
      throw new Error(`Chromium not found at ${CHROMIUM}: the browser test needs it in CI (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    });
  });
} else if (!HAVE_CHROMIUM) {
  console.warn(`\n[test/browser] SKIPPED: Chromium not found at ${CHROMIUM}.\n`);
  describe.skip(`browser threads (Chromium not found at ${CHROMIUM}: skipped)`, () => {
    it('runs in Chromium', () => {});
  });
} else {
  describe('browser threads (Chromium)', () => {
    let tmp = '';
    let out = '';
    /** A snapshot of dist/ (other jobs may rebuild dist/ while this test runs): the page and the Node reference both use it. */
    let pkgDist = '';
    let server: http.Server | undefined;
    let browser: Browser | undefined;
    let orb: Orbitronics;
    const blocked: { re: RegExp | null } = { re: null };
    let port = 0;
    const pages: Page[] = [];
    let node: Series | undefined;

    async function openPage(): Promise<{ page: Page; messages: string[] }> {
      const page = await browser!.newPage();
      pages.push(page);
      const messages: string[] = [];
      page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') messages.push(`console.${m.type()}: ${m.text()}`);
      });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', undefined, { timeout: 20_000 });
      return { page, messages };
    }

    const run = (page: Page, threads: number, where: 'main' | 'worker' = 'main') =>
      page.evaluate(([t, w]) => (window as unknown as { orbitronicsThreads: { run(t: number, w: string): Promise<unknown> } }).orbitronicsThreads.run(t as number, w as string), [threads, where] as const) as Promise<Answer>;

    /** The same job in Node from dist/ (threads: 1), computed once: float64 hex per observable, part and T. */
    async function nodeReference(job: Job): Promise<Series> {
      if (!node) {
        const r = await orb.compute({ ...job, model: orb.buildBuiltin(job.model), threads: 1, backend: 'wasm-simd' });
        node = {};
        for (const [name, o] of Object.entries(r.results)) {
          const per = o.data.length / o.T.length;
          const split = (a: Float64Array) => o.T.map((_, t) => hex(a.subarray(t * per, (t + 1) * per)));
          node[name] = { total: split(o.data) };
          for (const [k, v] of Object.entries(o.partsData)) node[name]![k] = split(v);
        }
      }
      return node;
    }

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build` first (npm test does it in pretest)');
      if (!existsSync(path.join(ROOT, 'dist/worker.browser.js'))) throw new Error('dist/worker.browser.js is missing: run `npm run build`');
      tmp = mkdtempSync(path.join(os.tmpdir(), 'orbitronics-threads-'));
      out = path.join(tmp, 'www');
      pkgDist = path.join(tmp, 'pkg/dist');
      mkdirSync(path.dirname(pkgDist), { recursive: true });
      cpSync(path.join(ROOT, 'dist'), pkgDist, { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'pkg/node_modules'), 'dir'); // workerpool, ajv, … for the snapshot
      orb = (await import(/* @vite-ignore */ pathToFileURL(path.join(pkgDist, 'index.js')).href)) as Orbitronics;
      const t0 = Date.now();
      const { build } = await import('vite');
      await build({
        configFile: false,
        root: FIXTURE,
        base: './',
        logLevel: 'error',
        resolve: { alias: [{ find: /^orbitronics$/, replacement: path.join(pkgDist, 'index.js') }] },
        worker: { format: 'es' },
        build: { outDir: out, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
      });
      console.log(`[test/browser/threads] vite build ${Date.now() - t0} ms → ${out}`);
      server = await serve(out, blocked);
      port = (server.address() as AddressInfo).port;
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await orb?.terminateWorkers();
      if (tmp) rmSync(tmp, { recursive: true, force: true }); // the node_modules symlink is removed, not followed
    });

    it('Vite emits dist/worker.browser.js as an asset, with no configuration', () => {
      const assets = readdirSync(path.join(out, 'assets'));
      const worker = assets.filter((f) => /^worker\.browser-[\w-]+\.js$/.test(f));
      expect(worker, assets.join(', ')).toHaveLength(1);
      // the asset is the package's file as built (self-contained: no imports to resolve)
      expect(readFileSync(path.join(out, 'assets', worker[0]!), 'utf8')).toBe(readFileSync(path.join(pkgDist, 'worker.browser.js'), 'utf8'));
      const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(out, 'assets', f), 'utf8'));
      expect(js.some((s) => s.includes(worker[0]!))).toBe(true);
    });

    it('threads: 2 on the main thread uses two Web Workers; document bit-identical to threads: 1; numbers equal Node', async () => {
      const { page, messages } = await openPage();
      const one = await run(page, 1);
      const two = await run(page, 2);
      console.log(`[test/browser/threads] main thread: threads 1 ${one.ms.toFixed(0)} ms, threads 2 ${two.ms.toFixed(0)} ms (cold workers; hardwareConcurrency ${await page.evaluate(() => navigator.hardwareConcurrency)})`);
      expect(messages).toEqual([]);
      expect(one.backend).toBe('wasm-simd');
      expect(one.threads).toBe(1);
      expect(one.spy.started).toEqual([]);
      expect(two.threads).toBe(2);
      expect(two.spy.started).toHaveLength(2);
      for (const u of two.spy.started) expect(u).toMatch(/\/assets\/worker\.browser-[\w-]+\.js$/);
      // 200² k-points = 3 chunks, each answered once, and both workers answered at least one
      expect(two.spy.answers.reduce((a, b) => a + b, 0)).toBe(3);
      for (const n of two.spy.answers) expect(n).toBeGreaterThanOrEqual(1);
      expect(two.json).toBe(one.json);
      expect(two.series).toEqual(one.series);
      expectMatchesNode(one.series, await nodeReference(one.job), one.job.T);
      // the pool is kept between calls: a second run starts no new worker
      const again = await run(page, 2);
      expect(again.spy.started).toEqual([]);
      expect(again.threads).toBe(2);
      expect(again.json).toBe(one.json);
      expect(messages).toEqual([]);
    });

    it('threads: 2 inside a page worker (nested Web Workers): same document as on the main thread', async () => {
      const { page, messages } = await openPage();
      const two = await run(page, 2, 'worker');
      expect(two.backend).toBe('wasm-simd');
      expect(two.threads).toBe(2);
      expect(two.spy.started).toHaveLength(2);
      expect(two.spy.answers.reduce((a, b) => a + b, 0)).toBe(3);
      for (const n of two.spy.answers) expect(n).toBeGreaterThanOrEqual(1);
      const main = await run(page, 1);
      expect(two.json).toBe(main.json);
      expect(two.series).toEqual(main.series);
      expectMatchesNode(two.series, await nodeReference(two.job), two.job.T);
      expect(messages).toEqual([]);
    });

    it('worker script not served: falls back to the calling thread with one console notice, same numbers', async () => {
      blocked.re = /worker\.browser/;
      try {
        const { page, messages } = await openPage();
        const two = await run(page, 2);
        const three = await run(page, 3); // no second attempt, no second notice
        expect(two.threads).toBe(1);
        expect(three.threads).toBe(1);
        const notices = messages.filter((m) => m.startsWith('console.warning: orbitronics: Web Workers unavailable'));
        expect(notices, messages.join('\n')).toHaveLength(1);
        expect(notices[0]).toMatch(/worker\.browser-[\w-]+\.js did not start as a module worker: it failed to load .*; computing with threads: 1$/);
        const one = await run(page, 1);
        expect(two.json).toBe(one.json);
        expect(three.json).toBe(one.json);
        expectMatchesNode(two.series, await nodeReference(two.job), two.job.T);
      } finally {
        blocked.re = null;
      }
    });
  });
}
