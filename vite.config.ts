import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { precompiledLocales, vueI18nDefines, vueI18nRuntimeAlias } from './scripts/vitePlugins.ts'

// The renderer: built into dist/renderer and loaded by Electron (app://dealerdesk/) or served by
// the web host (http://127.0.0.1:<port>/). Relative base so both work.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue(), precompiledLocales()],
  define: vueI18nDefines,
  resolve: { alias: vueI18nRuntimeAlias },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
})
