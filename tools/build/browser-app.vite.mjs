// What the two browser apps' builds share (renderer/ and console/): React, no inline scripts or
// inlined assets — both are served under a CSP of script-src 'self' — and source maps.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The Vite config of the app in `folder` (relative to the repository), served under `base`. */
export function browserApp(folder, base) {
  return defineConfig({
    root: fileURLToPath(new URL(`../../${folder}`, import.meta.url)),
    base,
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
    },
  });
}
