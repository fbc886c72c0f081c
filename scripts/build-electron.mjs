// Bundles the main process and the preload script with esbuild into dist/electron/*.cjs.
// Runtime dependencies stay external (packaged by electron-builder); the preload is fully bundled
// because a sandboxed preload can only require('electron').
import { build, context } from 'esbuild'
import { mainProcessBuildOptions } from './mainProcessBuild.mjs'

const { external, ...main } = mainProcessBuildOptions()
const watch = process.argv.includes('--watch')

const common = { ...main, sourcemap: true, logLevel: 'info' }
const targets = [
  {
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/electron/main.cjs',
    external,
  },
  {
    // The cache worker thread (electron/services/cache/cacheRpc.ts loads it beside main.cjs).
    ...common,
    entryPoints: ['electron/services/cache/cacheWorker.ts'],
    outfile: 'dist/electron/cacheWorker.cjs',
    external,
  },
  {
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
    minify: true,
  },
]

if (watch) {
  for (const options of targets) await (await context(options)).watch()
} else {
  await Promise.all(targets.map((options) => build(options)))
}
