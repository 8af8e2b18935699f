import { defineConfig } from 'vite';

// `npm run dev` serves the app with hot reload and sends /api to a running
// `sigap serve` (SIGAP_URL, default http://127.0.0.1:8080).
const sigap = process.env.SIGAP_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // `make` builds quietly (SIGAP_QUIET=1): only warnings and errors.
  logLevel: process.env.SIGAP_QUIET ? 'warn' : 'info',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: {
    proxy: {
      '/api': { target: sigap, changeOrigin: false },
      '/healthz': sigap,
    },
  },
  build: {
    outDir: 'dist',
    target: 'es2020',
    // Hashed names under assets/: `sigap serve` caches them for a year.
    assetsDir: 'assets',
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each screen loads (scripts/size.mjs).
    manifest: true,
    reportCompressedSize: true,
  },
});
