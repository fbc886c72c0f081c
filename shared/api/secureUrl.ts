/**
 * Which URLs the app may trust for a server it talks to on its own (the managed gateway URL, the
 * update feed): https, or plain http only to this computer (loopback: 127.0.0.0/8, ::1, localhost),
 * where nothing travels over a network. No credentials in the URL.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** True for `https://…`, and for `http://` to a loopback host. */
export function isSecureServerUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  if (parsed.protocol === 'https:') return true
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)
}
