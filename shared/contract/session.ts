/** Bridge schemas of the session: which server, who is signed in, for which dealer. */
import { z } from 'zod'
import { Role } from '../api/auth'

/** The built-in demo sandbox (started in-process on a free loopback port), or a gateway URL. */
export const ServerChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sandbox') }),
  z.object({ kind: z.literal('url'), url: z.url({ protocol: /^https?$/ }).max(300) }),
])
export type ServerChoice = z.infer<typeof ServerChoice>

export const LoginInput = z.strictObject({
  server: ServerChoice,
  account: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
  remember: z.boolean(),
})
export type LoginInput = z.infer<typeof LoginInput>

export const DealerSummary = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  city: z.string(),
  roles: z.array(Role),
})
export type DealerSummary = z.infer<typeof DealerSummary>

export const SessionState = z.object({
  status: z.enum(['signedOut', 'signedIn']),
  user: z
    .object({
      account: z.string(),
      displayName: z.string(),
      preferredLanguage: z.enum(['zh-CN', 'en-US']),
    })
    .nullable(),
  dealers: z.array(DealerSummary),
  dealerId: z.string().nullable(),
  /** url: the gateway's address (the demo sandbox's loopback one too); operatorToken: the demo sandbox's. */
  server: z
    .object({
      kind: z.enum(['sandbox', 'url']),
      url: z.string().nullable(),
      operatorToken: z.string().optional(),
    })
    .nullable(),
  /** offline: the gateway could not be reached lately; cached data is shown. */
  connectivity: z.enum(['online', 'offline']),
})
export type SessionState = z.infer<typeof SessionState>

export const SIGNED_OUT: SessionState = {
  status: 'signedOut',
  user: null,
  dealers: [],
  dealerId: null,
  server: null,
  connectivity: 'online',
}

/**
 * What the login form starts with: the last server and account used on this computer, or the IT
 * department's server (electron/main/managedConfig.ts); `locked`: that server cannot be changed.
 */
export const LoginDefaults = z.object({
  server: ServerChoice,
  account: z.string(),
  locked: z.boolean(),
})
export type LoginDefaults = z.infer<typeof LoginDefaults>
