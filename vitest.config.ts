import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { precompiledLocales, vueI18nDefines, vueI18nRuntimeAlias } from './scripts/vitePlugins.ts'

const electronStub = fileURLToPath(new URL('./test/fixtures/electronStub.ts', import.meta.url))

export default defineConfig({
  test: {
    projects: [
      {
        // Plain Node: shared/, electron/ (against the electron stub), server/, scripts.
        resolve: { alias: { electron: electronStub } },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        // The real gateway on a loopback port, and the PortalBackend contract suite (test/contract:
        // the same cases for every backend); slower, so kept apart from unit.
        test: {
          name: 'api',
          environment: 'node',
          include: [
            'test/api/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/contract/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [vue(), precompiledLocales()],
        define: vueI18nDefines,
        resolve: { alias: vueI18nRuntimeAlias },
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['test/component/**/*.test.ts'],
          setupFiles: ['test/component/setup.ts'],
          server: { deps: { inline: ['element-plus'] } },
        },
      },
    ],
  },
})
