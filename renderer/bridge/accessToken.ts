/**
 * The web host's per-run token arrives in the URL fragment (`#token=…`). It is moved to
 * sessionStorage at start-up (so a reload keeps working) and removed from the address bar.
 */
const STORAGE_KEY = 'dealerdesk.webHostToken'

export function takeAccessToken(
  location: Location,
  history: History,
  storage: Storage,
): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match?.[1]) {
    const token = decodeURIComponent(match[1])
    storage.setItem(STORAGE_KEY, token)
    history.replaceState(history.state, '', `${location.pathname}${location.search}#/`)
    return token
  }
  return storage.getItem(STORAGE_KEY)
}
