import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    // node: builtins are only reached through dynamic import() on Node code paths
    external: [/^node:/],
  },
  {
    entry: { cli: 'src/cli/main.ts', worker: 'src/integrate/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // the Web Worker of compute({ threads }) in browsers (src/integrate/pool.ts): one self-contained
    // ES module (workerpool's worker side, engine, inlined .wasm), found next to index.js
    entry: { 'worker.browser': 'src/integrate/worker.browser.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'browser',
    splitting: false,
    noExternal: ['workerpool'],
    // workerpool reaches these only on Node code paths
    external: ['worker_threads', 'os', 'child_process'],
  },
]);
