/**
 * The bench's client, built the way the app ships it: scripts/build-electron.mjs bundles the main
 * process and the cache worker with esbuild into CommonJS (no TypeScript loader at run time). The
 * 100k scenario (sync100k.ts) runs this bundle, so its memory and event loop are those of the
 * shipped main process, not of `tsx` (whose loader thread per isolate adds ~70 MB and ~1 s).
 */
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = join(root, 'dist', 'bench')

let bundled: Promise<string> | undefined

/** Builds bench/syncClient.ts and the cache worker beside it; resolves to the client's path. */
export function bundledSyncClient(): Promise<string> {
  bundled ??= (async () => {
    const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    // The options of scripts/build-electron.mjs (runtime dependencies stay external).
    const common = {
      absWorkingDir: root,
      bundle: true,
      platform: 'node' as const,
      format: 'cjs' as const,
      target: 'node22',
      external: ['electron', ...Object.keys(packageJson.dependencies ?? {})],
      logLevel: 'error' as const,
    }
    await Promise.all([
      build({
        ...common,
        entryPoints: ['bench/syncClient.ts'],
        outfile: join(outdir, 'syncClient.cjs'),
      }),
      // cacheRpc.ts loads `cacheWorker.cjs` beside the bundle that starts it.
      build({
        ...common,
        entryPoints: ['electron/services/cache/cacheWorker.ts'],
        outfile: join(outdir, 'cacheWorker.cjs'),
      }),
    ])
    return join(outdir, 'syncClient.cjs')
  })()
  return bundled
}
