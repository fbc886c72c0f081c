/**
 * A small JSON document on disk, validated by a zod schema. Missing → the defaults; unreadable or
 * invalid → moved aside (kept for support) and the defaults, reported through `onCorrupt`.
 * Writes are atomic and serialized, so the last `write` wins on disk too.
 */
import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { moveAside, removeStaleTemporaryFiles, writeFileAtomic } from '../../../node/atomicFile'

export interface JsonFile<T> {
  read(): Promise<T>
  write(value: T): Promise<void>
}

export interface JsonFileOptions<S extends z.ZodType> {
  path: string
  schema: S
  defaults: () => z.output<S>
  onCorrupt?: (asidePath: string) => void
}

export function createJsonFile<S extends z.ZodType>(
  options: JsonFileOptions<S>,
): JsonFile<z.output<S>> {
  const { path, schema, defaults, onCorrupt } = options
  // Temporary files of a write a crash interrupted go first; every write queues after that.
  let queue: Promise<void> = removeStaleTemporaryFiles(path).then(
    () => undefined,
    () => undefined,
  )

  async function read(): Promise<z.output<S>> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaults()
      throw error
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    const result = schema.safeParse(parsed)
    if (result.success) return result.data
    const aside = await moveAside(path, 'corrupt')
    onCorrupt?.(aside)
    return defaults()
  }

  function write(value: z.output<S>): Promise<void> {
    const text = JSON.stringify(value, null, 2) + '\n'
    queue = queue.catch(() => undefined).then(() => writeFileAtomic(path, text))
    return queue
  }

  return { read, write }
}
