/**
 * A look inside the 100k full sync, outside `npm run bench`: starts the sandbox (100,000
 * products), runs the bundled client (bench/bundle.ts) once with extra Node flags, and prints what
 * it reports. For a CPU profile of every thread of the client:
 *   npx tsx bench/profileSync.ts --cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval=500
 * (then open the .cpuprofile files in Chrome DevTools, or summarise them).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startSandbox } from '../server/sandbox'
import { bundledSyncClient } from './bundle'

const run = promisify(execFile)
const sandbox = await startSandbox({ products: 100_000, seed: 1 })
const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-profile-sync-'))
try {
  const { stdout, stderr } = await run(
    process.execPath,
    [
      '--expose-gc',
      ...process.argv.slice(2),
      await bundledSyncClient(),
      'sync',
      sandbox.url,
      join(directory, 'cache.sqlite'),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  )
  process.stderr.write(stderr)
  console.log(stdout.trim())
} finally {
  await sandbox.close()
  await rm(directory, { recursive: true, force: true })
}
