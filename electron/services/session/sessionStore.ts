/**
 * session.json in the data directory: the last server and account (to prefill the login form), the
 * remembered session (refresh token itself is in the SecretStore), and per (server, account) the
 * offline sign-in verifier with the last known profile.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { Me } from '../../../shared/api'
import { ServerChoice } from '../../../shared/contract/session'
import { createJsonFile } from '../storage/jsonFile'

export const OfflineEntry = z.object({
  verifier: z.object({ salt: z.string(), hash: z.string(), logN: z.int().optional() }),
  me: Me,
  savedAt: z.number(),
})
export type OfflineEntry = z.infer<typeof OfflineEntry>

export const SessionFile = z.object({
  lastServer: ServerChoice,
  lastAccount: z.string(),
  remembered: z
    .object({
      server: ServerChoice,
      serverKey: z.string(),
      account: z.string(),
      dealerId: z.string().nullable(),
    })
    .nullable(),
  lastDealerByAccount: z.record(z.string(), z.string()),
  offline: z.record(z.string(), OfflineEntry),
})
export type SessionFile = z.infer<typeof SessionFile>

export const EMPTY_SESSION_FILE: SessionFile = {
  lastServer: { kind: 'sandbox' },
  lastAccount: '',
  remembered: null,
  lastDealerByAccount: {},
  offline: {},
}

export function offlineKey(serverKey: string, account: string): string {
  return `${serverKey}\n${account.toLowerCase()}`
}

export function createSessionStore(dataDirectory: string, onCorrupt?: (aside: string) => void) {
  return createJsonFile({
    path: join(dataDirectory, 'session.json'),
    schema: SessionFile,
    defaults: () => structuredClone(EMPTY_SESSION_FILE),
    onCorrupt,
  })
}
