// Bundles the main process and the preload script with esbuild into dist/electron/*.cjs.
// Runtime dependencies stay external (packaged by electron-builder); the preload is fully bundled
// because a sandboxed preload can only require('electron').
import { build, context } from 'esbuild'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const external = ['electron', ...Object.keys(packageJson.dependencies ?? {})]
const watch = process.argv.includes('--watch')

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'info',
}
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
