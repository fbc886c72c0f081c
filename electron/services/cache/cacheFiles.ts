/**
 * Where cache databases live: `<dataDirectory>/cache/cache-<server hash>-<dealer>.sqlite`, one per
 * (server, dealer).
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'

/**
 * `cache-<sha256(server) 12 hex>-<dealer>.sqlite`: stable and filesystem-safe. The server URL is
 * normalized (origin + path without trailing slash); a dealer ID with characters outside
 * [A-Za-z0-9_-] is sanitized and suffixed with a hash of the original so two IDs never collide.
 */
export function cacheFileName(serverUrl: string, dealerId: string): string {
  const server = sha256(normalizeServerUrl(serverUrl)).slice(0, 12)
  let dealer = dealerId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)
  if (dealer !== dealerId || dealer === '') dealer += `~${sha256(dealerId).slice(0, 8)}`
  return `cache-${server}-${dealer}.sqlite`
}

export function cacheFilePath(dataDirectory: string, serverUrl: string, dealerId: string): string {
  return join(dataDirectory, 'cache', cacheFileName(serverUrl, dealerId))
}

function normalizeServerUrl(serverUrl: string): string {
  try {
    const url = new URL(serverUrl.trim())
    return url.origin + url.pathname.replace(/\/+$/, '')
  } catch {
    return serverUrl.trim()
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * The file holding the checksum of the image last written to the cache file `file` (beside it):
 * a cache opened with a matching checksum is exactly what a healthy database exported, so its
 * integrity check is skipped; anything else (no checksum, another one, a damaged image) is checked.
 */
export const checksumFile = (file: string): string => `${file}.crc32`

/** The checksum file's content for an image of `length` bytes whose CRC-32 is `crc`. */
export const imageChecksum = (crc: number, length: number): string =>
  `crc32 ${crc.toString(16).padStart(8, '0')} bytes ${length}\n`
