/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build goes straight into the Go package that embeds it (internal/webui), so `go build`
// ships the app without Node.js. Names are content-hashed under assets/ (served immutable);
// the same lockfile and sources give the same bytes, which CI checks against the committed copy.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../internal/webui/dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Nothing inline: the CSP allows scripts only from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The first-load chunk (React, Mantine, the router) is ~600 kB raw, ~190 kB gzipped: see
    // the budget in docs/web.md.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev` talks to a local `wfb serve` (default port; WFB_API to change it).
    proxy: {
      '/v1': process.env.WFB_API ?? 'http://127.0.0.1:8080',
      '/openapi.json': process.env.WFB_API ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
