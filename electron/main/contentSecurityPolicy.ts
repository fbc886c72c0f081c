/**
 * The renderer's Content Security Policy, sent with every document by the app:// protocol handler
 * and by the web host. No inline or eval'd script (vue-i18n runs runtime-only with precompiled
 * messages); inline styles are allowed because Element Plus positions popups with style attributes.
 */
export function contentSecurityPolicy(
  options: { connectSources?: readonly string[] } = {},
): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'self' blob:",
  ].join('; ')
}

/** Headers sent with every response of the app's own origin. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}
