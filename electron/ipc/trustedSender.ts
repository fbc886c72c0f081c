/**
 * Which frames may call the bridge: only documents served from the app's own origins
 * (app://dealerdesk in production, the Vite dev server in development, the web host's origin).
 * Compared as scheme + host + port, because Node's URL gives `origin === 'null'` for custom schemes.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (!parsed.host) return null
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

export function createSenderCheck(
  allowedOrigins: readonly string[],
): (senderUrl: string) => boolean {
  const allowed = new Set(
    allowedOrigins.map((origin) => originOf(origin)).filter((origin) => origin !== null),
  )
  return (senderUrl) => {
    const origin = originOf(senderUrl)
    return origin !== null && allowed.has(origin)
  }
}
