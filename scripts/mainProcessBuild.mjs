// The esbuild options shared by everything that runs as the app's main process or its cache
// worker: scripts/build-electron.mjs (what ships) and bench/bundle.ts (the 100k bench's client,
// built the same way). Runtime dependencies stay external (electron-builder packages them).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** @returns {{ absWorkingDir: string, bundle: true, platform: 'node', format: 'cjs', target: string, external: string[] }} */
export function mainProcessBuildOptions() {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', ...Object.keys(packageJson.dependencies ?? {})],
  }
}
