/**
 * The gateway's own users (ShareCRM does not check dealers' staff passwords), their memberships
 * (dealer = AccountObj `_id`, roles) and sessions, in the gateway database. Same semantics as the
 * sandbox (server/backends/sandbox/auth.ts): opaque random tokens stored as SHA-256 hashes,
 * access 15 min, refresh 30 days and single use; reuse of a spent refresh token ends its family.
 * Passwords: node/passwordHash.ts at the stored-verifier cost (N=2^17, r=8, p=1); stored hashes
 * carry their own parameters, so older hashes still verify and are upgraded at the next sign-in.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { dummyHash, hasCost, hashPassword, verifyPassword } from '../../../../node/passwordHash'
import type { Role, TokenPair } from '../../../../shared/api'
import type { AuthPort, Principal } from '../../../backend'
import { ApiError } from '../../../errors'
import type { GatewayDb } from './driver'

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3_600_000
const ROLES: readonly Role[] = ['orderer', 'accountant', 'admin']
const DUMMY_HASH = dummyHash()

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export interface UserRecord {
  id: string
  account: string
  displayName: string
  preferredLanguage: string
  disabled: boolean
  memberships: { dealerId: string; roles: Role[] }[]
}

export interface NewUser {
  account: string
  displayName: string
  password: string
  preferredLanguage?: 'zh-CN' | 'en-US'
  memberships: { dealerId: string; roles: Role[] }[]
}

/** `<AccountObj _id>:orderer[,accountant]` as given to `users add --member`. */
export function parseMember(text: string): { dealerId: string; roles: Role[] } {
  const at = text.lastIndexOf(':')
  const dealerId = at > 0 ? text.slice(0, at).trim() : ''
  const roles =
    at > 0
      ? text
          .slice(at + 1)
          .split(/[,+]/)
          .map((role) => role.trim())
      : []
  if (!dealerId || roles.length === 0 || roles.some((role) => !ROLES.includes(role as Role))) {
    throw new Error(
      `--member must be <AccountObj _id>:<role>[,<role>] with roles ${ROLES.join(', ')}: got "${text}"`,
    )
  }
  return { dealerId, roles: roles as Role[] }
}

export function normalizeAccount(account: string): string {
  return account.trim().toLowerCase()
}

export type UserStore = ReturnType<typeof createUserStore>

export function createUserStore(db: GatewayDb, clock: () => number = Date.now) {
  async function add(user: NewUser): Promise<UserRecord> {
    const account = normalizeAccount(user.account)
    if (!/^[a-z0-9._@-]{2,64}$/.test(account))
      throw new Error(`account "${user.account}": 2–64 of a-z 0-9 . _ @ -`)
    if (user.password.length < 8) throw new Error('password: at least 8 characters')
    const hash = await hashPassword(user.password)
    const id = `usr_${randomUUID()}`
    await db.transaction(async (tx) => {
      const existing = await tx.query('SELECT 1 FROM users WHERE account = $1', [account])
      if (existing.length) throw new Error(`account "${account}" exists`)
      await tx.query(
        'INSERT INTO users (id, account, display_name, preferred_language, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, account, user.displayName, user.preferredLanguage ?? 'zh-CN', hash, clock()],
      )
      for (const membership of user.memberships) {
        await tx.query(
          `INSERT INTO memberships (user_id, dealer_id, roles) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, dealer_id) DO UPDATE SET roles = excluded.roles`,
          [id, membership.dealerId, [...new Set(membership.roles)].join(',')],
        )
      }
    })
    return (await find(account)) as UserRecord
  }

  async function list(): Promise<UserRecord[]> {
    const users = await db.query<{
      id: string
      account: string
      display_name: string
      preferred_language: string
      disabled: boolean
    }>('SELECT id, account, display_name, preferred_language, disabled FROM users ORDER BY account')
    const memberships = await db.query<{ user_id: string; dealer_id: string; roles: string }>(
      'SELECT user_id, dealer_id, roles FROM memberships ORDER BY dealer_id',
    )
    return users.map((row) => ({
      id: row.id,
      account: row.account,
      displayName: row.display_name,
      preferredLanguage: row.preferred_language,
      disabled: row.disabled,
      memberships: memberships
        .filter((membership) => membership.user_id === row.id)
        .map((membership) => ({
          dealerId: membership.dealer_id,
          roles: membership.roles.split(',') as Role[],
        })),
    }))
  }

  async function find(account: string): Promise<UserRecord | undefined> {
    return (await list()).find((user) => user.account === normalizeAccount(account))
  }

  /** Disables the account and ends every session it has. */
  async function disable(account: string): Promise<boolean> {
    const rows = await db.query<{ id: string }>(
      'UPDATE users SET disabled = true WHERE account = $1 RETURNING id',
      [normalizeAccount(account)],
    )
    if (!rows[0]) return false
    await db.query(
      'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
      [clock(), rows[0].id],
    )
    return true
  }

  /** New password; re-enables the account and ends its sessions. */
  async function resetPassword(account: string, password: string): Promise<boolean> {
    if (password.length < 8) throw new Error('password: at least 8 characters')
    const hash = await hashPassword(password)
    const rows = await db.query<{ id: string }>(
      'UPDATE users SET password_hash = $1, disabled = false WHERE account = $2 RETURNING id',
      [hash, normalizeAccount(account)],
    )
    if (!rows[0]) return false
    await db.query(
      'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
      [clock(), rows[0].id],
    )
    return true
  }

  async function roles(userId: string, dealerId: string): Promise<Role[]> {
    const rows = await db.query<{ roles: string }>(
      `SELECT m.roles FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.user_id = $1 AND m.dealer_id = $2 AND NOT u.disabled`,
      [userId, dealerId],
    )
    return rows[0] ? (rows[0].roles.split(',') as Role[]) : []
  }

  return { add, list, find, disable, resetPassword, roles }
}

interface SessionRow {
  kind: string
  user_id: string
  family: string
  expires_at: number
  revoked_at: number | null
}

export function createAuth(db: GatewayDb, clock: () => number = Date.now): AuthPort {
  async function issuePair(
    tx: { query: GatewayDb['query'] },
    userId: string,
    family: string,
  ): Promise<TokenPair> {
    const now = clock()
    const accessToken = randomBytes(32).toString('base64url')
    const refreshToken = randomBytes(32).toString('base64url')
    await tx.query(
      `INSERT INTO sessions (token_hash, kind, user_id, family, expires_at, created_at)
       VALUES ($1, 'access', $3, $4, $5, $7), ($2, 'refresh', $3, $4, $6, $7)`,
      [
        tokenHash(accessToken),
        tokenHash(refreshToken),
        userId,
        family,
        now + ACCESS_TOKEN_TTL_MS,
        now + REFRESH_TOKEN_TTL_MS,
        now,
      ],
    )
    await tx.query('DELETE FROM sessions WHERE expires_at < $1', [now - REFRESH_TOKEN_TTL_MS])
    return {
      accessToken,
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_MS / 1000,
      refreshExpiresIn: REFRESH_TOKEN_TTL_MS / 1000,
    }
  }

  return {
    async login(account, password) {
      const rows = await db.query<{ id: string; password_hash: string; disabled: boolean }>(
        'SELECT id, password_hash, disabled FROM users WHERE account = $1',
        [normalizeAccount(account)],
      )
      const user = rows[0]
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      if (!user || !ok || user.disabled) return null
      if (!hasCost(user.password_hash)) {
        await db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [
          await hashPassword(password),
          user.id,
        ])
      }
      return issuePair(db, user.id, randomBytes(12).toString('base64url'))
    },

    async refresh(refreshToken) {
      const hash = tokenHash(refreshToken)
      const now = clock()
      const outcome = await db.transaction(async (tx) => {
        // FOR UPDATE: two instances refreshing the same token at once: one wins, one sees it spent.
        const rows = await tx.query<SessionRow & { disabled: boolean }>(
          `SELECT s.*, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1 AND s.kind = 'refresh' FOR UPDATE OF s`,
          [hash],
        )
        const row = rows[0]
        if (!row || row.disabled) return { error: 'auth.refreshTokenInvalid' as const }
        if (row.revoked_at !== null)
          return { error: 'auth.refreshTokenInvalid' as const, reuse: row.family }
        if (Number(row.expires_at) <= now) return { error: 'auth.refreshTokenExpired' as const }
        await tx.query('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2', [now, hash])
        return { pair: await issuePair(tx, row.user_id, row.family) }
      })
      if ('pair' in outcome && outcome.pair) return outcome.pair
      if (outcome.reuse) {
        // Reuse of a spent refresh token: someone else may hold the newer one; end the family.
        await db.query(
          'UPDATE sessions SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL',
          [now, outcome.reuse],
        )
      }
      throw new ApiError(outcome.error ?? 'auth.refreshTokenInvalid')
    },

    async authenticate(accessToken): Promise<Principal> {
      const rows = await db.query<
        SessionRow & { account: string; display_name: string; disabled: boolean }
      >(
        `SELECT s.*, u.account, u.display_name, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.kind = 'access'`,
        [tokenHash(accessToken)],
      )
      const row = rows[0]
      if (!row || row.revoked_at !== null || row.disabled) throw new ApiError('auth.tokenInvalid')
      if (Number(row.expires_at) <= clock()) throw new ApiError('auth.tokenExpired')
      return { userId: row.user_id, account: row.account, displayName: row.display_name }
    },

    async logout(accessToken, refreshToken) {
      const now = clock()
      for (const token of [accessToken, refreshToken]) {
        if (!token) continue
        await db.query(
          `UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL
             AND family = (SELECT family FROM sessions WHERE token_hash = $2)`,
          [now, tokenHash(token)],
        )
      }
    },
  }
}
