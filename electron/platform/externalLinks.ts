/**
 * Which links may leave the app for the system browser: https only, to an allowlisted host (or a
 * subdomain of one). Everything else is dropped. Pure, so it is tested without Electron.
 */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = ['fxiaoke.com', 'electronjs.org']

export function isAllowedExternalUrl(
  url: string,
  allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST,
): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false
  const host = parsed.hostname.toLowerCase()
  return allowlist.some((allowed) => host === allowed || host.endsWith('.' + allowed))
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>
}

/** Opens `url` in the system browser when allowed; returns whether it did. */
export function openExternalIfAllowed(shell: ExternalOpener, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false
  void shell.openExternal(url)
  return true
}
