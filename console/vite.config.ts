import { defineConfig } from 'vite';

// Built by Maven (console/pom.xml) into the jar's static/console/, which the api serves at /console/.
export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'target/classes/static/console',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/admin': 'http://127.0.0.1:8080', '/hosted': 'http://127.0.0.1:8080' } },
});
