/**
 * Atomic file replacement: write a temporary file beside the target, fsync it, rename it over the
 * target, then fsync the directory. A reader (or a crash at any moment) sees either the old or the
 * new content, never a torn file.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const directory = dirname(path)
  await mkdir(directory, { recursive: true })
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'w', 0o600)
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

async function syncDirectory(directory: string): Promise<void> {
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
 * Moves an unreadable file aside (never deletes it: the user or support may want it back) and
 * returns the new path.
 */
export async function moveAside(path: string, reason: string, now = Date.now()): Promise<string> {
  const aside = `${path}.${reason}-${now}`
  await rename(path, aside)
  return aside
}
