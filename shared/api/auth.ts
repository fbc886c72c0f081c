/** Sign-in, token refresh and the signed-in user's profile (`GET /api/v1/me`). */
import { z } from 'zod'
import { Address, Id } from './common'
import { InvoiceProfile } from './invoices'

export const LoginRequest = z.strictObject({
  account: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
})
export type LoginRequest = z.infer<typeof LoginRequest>

/**
 * Tokens are opaque. `expiresIn` / `refreshExpiresIn` are in seconds. A refresh token is single
 * use: `POST /auth/refresh` answers a new pair and the old refresh token is rejected afterwards.
 */
export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.int().positive(),
  refreshExpiresIn: z.int().positive(),
})
export type TokenPair = z.infer<typeof TokenPair>

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(256) })
export type RefreshRequest = z.infer<typeof RefreshRequest>

/** Logout revokes the session of the bearer token and, if given, the refresh token. */
export const LogoutRequest = z.strictObject({ refreshToken: z.string().min(1).max(256).optional() })

export const Language = z.enum(['zh-CN', 'en-US'])
export const Role = z.enum(['orderer', 'accountant', 'admin'])
export type Role = z.infer<typeof Role>

export const DealerMembership = z.object({
  id: Id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  city: z.string(),
  roles: z.array(Role),
  addresses: z.array(Address),
  invoiceProfiles: z.array(InvoiceProfile),
})
export type DealerMembership = z.infer<typeof DealerMembership>

export const Me = z.object({
  user: z.object({
    id: Id,
    account: z.string(),
    displayName: z.string(),
    preferredLanguage: Language,
  }),
  dealers: z.array(DealerMembership),
})
export type Me = z.infer<typeof Me>
