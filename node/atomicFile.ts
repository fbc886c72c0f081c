/**
 * The one atomic file write of the project, used by the client's services (outbox, cache,
 * settings) and by the gateway's sandbox. Node only: never imported by shared/ or the renderer.
 *
 * `writeFileAtomic` writes a temporary file beside the target (same directory, so the rename is
 * atomic), fsyncs it, renames it over the target and fsyncs the directory: a reader, or a crash at
 * any moment, sees either the old or the new content, never a torn file, and once it resolves the
 * new content survives a power cut. Files are created 0600 (they may hold tokens, password hashes
 * or the user's submissions). A crash between creating the temporary file and the rename leaves it
 * behind: call `removeStaleTemporaryFiles(target)` at start.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** File mode of a new file; default 0o600. */
  mode?: number
}

/** `.<name>.<12 hex>.tmp`, beside the target. */
const temporaryName = (target: string) =>
  `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`
const TEMPORARY_SUFFIX = /^\.[0-9a-f]{12}\.tmp$/

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = dirname(path)
  await mkdir(directory, { recursive: true })
  const temporary = join(directory, temporaryName(path))
  const handle = await open(temporary, 'w', options.mode ?? 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  await syncDirectory(directory)
}

export async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename itself durable. Not possible on Windows (directories cannot be opened).
  if (process.platform === 'win32') return
  const handle = await open(directory, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Removes the temporary files that an interrupted `writeFileAtomic(target, ...)` left beside
 * `target`; answers how many were removed. Call it before the first write (at start).
 */
export async function removeStaleTemporaryFiles(target: string): Promise<number> {
  const prefix = `.${basename(target)}`
  let entries: string[]
  try {
    entries = await readdir(dirname(target))
  } catch {
    return 0
  }
  const stale = entries.filter(
    (entry) => entry.startsWith(prefix) && TEMPORARY_SUFFIX.test(entry.slice(prefix.length)),
  )
  await Promise.all(stale.map((entry) => rm(join(dirname(target), entry), { force: true })))
  return stale.length
}

/**
 * Moves an unreadable file aside (never deletes it: the user or support may want it back) and
 * returns the new path.
 */
export async function moveAside(path: string, reason: string, now = Date.now()): Promise<string> {
  const aside = `${path}.${reason}-${now}`
  await rename(path, aside)
  return aside
}
