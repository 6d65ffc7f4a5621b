/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, searchForWorkspaceRoot } from 'vite';

// The SPA reads files of the Go policy package rather than copies (one source of truth): the
// common-password list (src/lib/password-rules.ts, a lazy chunk) and, in tests, the shared
// password cases. The dev server and Vitest only load files outside the app from allowed
// directories (a `?raw` import needs the directory, not just the file).
const appRoot = fileURLToPath(new URL('.', import.meta.url));
const policyDir = fileURLToPath(new URL('../backend/internal/policy/', import.meta.url));

export default defineConfig({
  plugins: [react()],
  server: {
    fs: {
      allow: [searchForWorkspaceRoot(appRoot), policyDir],
    },
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // The server's CSP allows no inline script or style, so nothing may be inlined.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie)[\\/]/ },
            // The QR reader (for the badge scanner) and the QR drawer (staff pages) load with the
            // lazy pages that use them, not with every first page in the vendor chunk.
            { name: 'qr-reader', test: /node_modules[\\/]@zxing[\\/]/ },
            { name: 'qr-code', test: /node_modules[\\/]qrcode\.react[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
  },
});
