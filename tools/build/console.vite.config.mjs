// Builds console/ into console/dist: the central console, served by the upstream under /console/
// (upstream/console/static.ts) with a CSP of script-src 'self' and style-src 'self'.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('../../console', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts, styles or data: fonts: the console's CSP allows its own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
