/**
 * The web app's build (`npm run build:web`, and `npm start` when web/ changed) and dev server (`npm run dev:web`,
 * hot reload). The dev server proxies the runtime configuration and the local console's routes to the engine
 * (LOCAL_ENGINE_URL, default http://127.0.0.1:4000); the app then talks to the engine itself.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const engine = process.env.LOCAL_ENGINE_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { app: `${import.meta.dirname}/index.html`, graphiql: `${import.meta.dirname}/graphiql.html` },
      // GraphiQL's React Compiler hints ("use no memo") mean nothing in a bundle
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/config.json': engine, '/_local': engine, '/_outside-world': engine },
  },
});
