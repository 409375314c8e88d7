import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `npm run dev` forwards API and Socket.IO traffic (the server started by `npm run dev`). */
const apiTarget = process.env.POLOS_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
});
