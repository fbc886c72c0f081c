/**
 * A growing buffer of UTF-8 text and copied bytes: a feed page of the gateway (server/backends/
 * sandbox/feeds.ts), rows read out of SQLite (node/sqlJs.ts) or packed for it (the cache's
 * packedRows.ts). It owns its memory (never Node's shared pool), so what it wrote can be moved to
 * another thread.
 */
export class ByteWriter {
  private buffer: Buffer
  /** Bytes written so far (where the next write goes). */
  length = 0

  constructor(capacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(256, capacity))
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + bytes))
    this.buffer.copy(grown, 0, 0, this.length)
    this.buffer = grown
  }

  /** Writes `value` as UTF-8; returns its byte length. */
  text(value: string): number {
    // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    this.reserve(value.length * 3)
    const written = this.buffer.write(value, this.length, 'utf8')
    this.length += written
    return written
  }

  /** Copies `source` (from `start` to `end`). */
  bytes(source: Uint8Array, start = 0, end = source.length): void {
    this.reserve(end - start)
    this.buffer.set(source.subarray(start, end), this.length)
    this.length += end - start
  }

  /** What was written (a view of the buffer, which stays this writer's until it writes again). */
  done(): Buffer {
    return this.buffer.subarray(0, this.length)
  }
}
