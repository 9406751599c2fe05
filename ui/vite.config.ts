import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // The largest chunk is echarts (bar chart only, ~520 kB, 175 kB gzipped), loaded on /leader alone.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // The API and its SSE stream live on the Nest server; same origin in production.
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
});
