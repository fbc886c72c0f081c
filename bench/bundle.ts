/**
 * The bench's client, built the way the app ships it: scripts/build-electron.mjs bundles the main
 * process and the cache worker with esbuild into CommonJS (no TypeScript loader at run time). The
 * 100k scenario (sync100k.ts) runs this bundle, so its memory and event loop are those of the
 * shipped main process, not of `tsx` (whose loader thread per isolate adds ~70 MB and ~1 s).
 */
import { build } from 'esbuild'
import { join } from 'node:path'
import { mainProcessBuildOptions, root } from '../scripts/mainProcessBuild.mjs'

const outdir = join(root, 'dist', 'bench')

let bundled: Promise<string> | undefined

/** Builds bench/syncClient.ts and the cache worker beside it; resolves to the client's path. */
export function bundledSyncClient(): Promise<string> {
  bundled ??= (async () => {
    // The options of scripts/build-electron.mjs (runtime dependencies stay external).
    const common = { ...mainProcessBuildOptions(), logLevel: 'error' as const }
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
