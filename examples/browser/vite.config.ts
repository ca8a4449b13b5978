/**
 * Vite config of the browser example. `orbitronics` resolves to the repository's built package
 * (dist/index.js, `npm run build`), the way an app would see the published package; the .wasm is
 * inlined there, so nothing else needs configuring. Module workers are bundled as ES modules.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  resolve: {
    alias: [{ find: /^orbitronics$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) }],
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
