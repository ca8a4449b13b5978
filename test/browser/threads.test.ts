/**
 * compute({ threads }) with Web Workers in a real browser (docs/architecture.md §4): builds the page
 * test/browser/fixtures/threads with Vite from the package's dist/ (as an app would see the published
 * package, no bundler configuration), serves it on 127.0.0.1 and drives Debian's Chromium through
 * playwright-core. Checks that Vite emits dist/worker.browser.js as an asset, that threads: 2 runs on
 * two module Web Workers — counted by the page itself, outside the library, and reported by
 * result.diagnostics.threads — from the main thread and nested in a page worker, that the numbers
 * are bit-identical to threads: 1 and to Node, and that a worker script that is not served falls back
 * to the calling thread with one console notice and the same numbers.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH overrides); skipped without it, failed in CI.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  bits: Record<string, string>;
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
    let out = '';
    let server: http.Server | undefined;
    let browser: Browser | undefined;
    let orb: Orbitronics;
    const blocked: { re: RegExp | null } = { re: null };
    let port = 0;
    const pages: Page[] = [];
    let node: { json: string; bits: Record<string, string> } | undefined;

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

    /** The same job in Node from dist/ (threads: 1), computed once. */
    async function nodeReference(job: Job) {
      if (!node) {
        const r = await orb.compute({ ...job, model: orb.buildBuiltin(job.model), threads: 1, backend: 'wasm-simd' });
        node = { json: JSON.stringify(r.toJSON()), bits: Object.fromEntries(Object.entries(r.results).map(([k, o]) => [k, hex(o.data)])) };
      }
      return node;
    }

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build` first (npm test does it in pretest)');
      if (!existsSync(path.join(ROOT, 'dist/worker.browser.js'))) throw new Error('dist/worker.browser.js is missing: run `npm run build`');
      orb = (await import(/* @vite-ignore */ pathToFileURL(DIST).href)) as Orbitronics;
      out = mkdtempSync(path.join(os.tmpdir(), 'orbitronics-threads-'));
      const t0 = Date.now();
      const { build } = await import('vite');
      await build({
        configFile: false,
        root: FIXTURE,
        base: './',
        logLevel: 'error',
        resolve: { alias: [{ find: /^orbitronics$/, replacement: DIST }] },
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
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('Vite emits dist/worker.browser.js as an asset, with no configuration', () => {
      const assets = readdirSync(path.join(out, 'assets'));
      const worker = assets.filter((f) => /^worker\.browser-[\w-]+\.js$/.test(f));
      expect(worker, assets.join(', ')).toHaveLength(1);
      // the asset is the package's file as built (self-contained: no imports to resolve)
      expect(readFileSync(path.join(out, 'assets', worker[0]!), 'utf8')).toBe(readFileSync(path.join(ROOT, 'dist/worker.browser.js'), 'utf8'));
      const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(out, 'assets', f), 'utf8'));
      expect(js.some((s) => s.includes(worker[0]!))).toBe(true);
    });

    it('threads: 2 on the main thread uses two Web Workers; numbers bit-identical to threads: 1 and to Node', async () => {
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
      expect(two.bits).toEqual(one.bits);
      const ref = await nodeReference(one.job);
      expect(one.json).toBe(ref.json);
      expect(one.bits).toEqual(ref.bits);
      // the pool is kept between calls: a second run starts no new worker
      const again = await run(page, 2);
      expect(again.spy.started).toEqual([]);
      expect(again.threads).toBe(2);
      expect(again.bits).toEqual(one.bits);
      expect(messages).toEqual([]);
    });

    it('threads: 2 inside a page worker (nested Web Workers), bit-identical to Node', async () => {
      const { page, messages } = await openPage();
      const two = await run(page, 2, 'worker');
      expect(two.backend).toBe('wasm-simd');
      expect(two.threads).toBe(2);
      expect(two.spy.started).toHaveLength(2);
      expect(two.spy.answers.reduce((a, b) => a + b, 0)).toBe(3);
      for (const n of two.spy.answers) expect(n).toBeGreaterThanOrEqual(1);
      const ref = await nodeReference(two.job);
      expect(two.json).toBe(ref.json);
      expect(two.bits).toEqual(ref.bits);
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
        const ref = await nodeReference(two.job);
        expect(two.json).toBe(ref.json);
        expect(two.bits).toEqual(ref.bits);
        expect(three.bits).toEqual(ref.bits);
      } finally {
        blocked.re = null;
      }
    });
  });
}
