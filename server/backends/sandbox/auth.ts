/**
 * Users and sessions. Passwords: node/passwordHash.ts at SANDBOX_COST. Tokens are random,
 * opaque, stored only as SHA-256 hashes. Access tokens live 15 minutes; refresh tokens 30 days
 * and are single use: refreshing revokes the presented token and issues a new pair in the same
 * family; presenting a revoked refresh token again revokes the whole family (token theft).
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  dummyHash,
  hashPasswordSync,
  verifyPassword,
  type ScryptCost,
} from '../../../node/passwordHash'
import type { TokenPair } from '../../../shared/api'
import type { Principal } from '../../backend'
import { ApiError } from '../../errors'
import type { SandboxContext } from './context'

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3_600_000
/**
 * N = 2^14, below the stored-verifier cost (2^17) on purpose: these are demo accounts with a
 * published password, every seeded sandbox hashes all of them, and the test suites sign in
 * hundreds of times (each check at 2^17 takes ~128 MiB and a few hundred ms on a shared CI core).
 * Real passwords live behind the ShareCRM gateway, at the stored-verifier cost.
 */
const SANDBOX_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 }

/** A sandbox user's stored hash; the salt is given so that seeded images are deterministic. */
export function hashPassword(password: string, salt: Buffer): string {
  return hashPasswordSync(password, SANDBOX_COST, salt)
}

const DUMMY_HASH = dummyHash(SANDBOX_COST)

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export type { Principal }

interface SessionRow {
  kind: string
  user_id: string
  family: string
  expires_at: number
  revoked_at: number | null
}

export type Auth = ReturnType<typeof createAuth>

export function createAuth(ctx: SandboxContext) {
  const { db } = ctx

  function issuePair(userId: string, family: string): TokenPair {
    const now = ctx.now()
    const accessToken = randomBytes(32).toString('base64url')
    const refreshToken = randomBytes(32).toString('base64url')
    const insert =
      'INSERT INTO sessions (token_hash, kind, user_id, family, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    db.run(insert, [
      tokenHash(accessToken),
      'access',
      userId,
      family,
      now + ACCESS_TOKEN_TTL_MS,
      now,
    ])
    db.run(insert, [
      tokenHash(refreshToken),
      'refresh',
      userId,
      family,
      now + REFRESH_TOKEN_TTL_MS,
      now,
    ])
    // Expired sessions are of no use to anyone.
    db.run('DELETE FROM sessions WHERE expires_at < ?', [now - REFRESH_TOKEN_TTL_MS])
    ctx.changed()
    return {
      accessToken,
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_MS / 1000,
      refreshExpiresIn: REFRESH_TOKEN_TTL_MS / 1000,
    }
  }

  /** null when the account or password is wrong (the caller counts the failure). */
  async function login(account: string, password: string): Promise<TokenPair | null> {
    const user = db.get<{ id: string; password_hash: string }>(
      'SELECT id, password_hash FROM users WHERE account = ?',
      [account.trim().toLowerCase()],
    )
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
    if (!user || !ok) return null
    return issuePair(user.id, randomBytes(12).toString('base64url'))
  }

  function refresh(refreshToken: string): TokenPair {
    const hash = tokenHash(refreshToken)
    const row = db.get<SessionRow>(
      "SELECT * FROM sessions WHERE token_hash = ? AND kind = 'refresh'",
      [hash],
    )
    if (!row) throw new ApiError('auth.refreshTokenInvalid')
    const now = ctx.now()
    if (row.revoked_at !== null) {
      // Reuse of a spent refresh token: someone else may hold the newer one; end the family.
      db.run('UPDATE sessions SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL', [
        now,
        row.family,
      ])
      ctx.changed()
      throw new ApiError('auth.refreshTokenInvalid')
    }
    if (row.expires_at <= now) throw new ApiError('auth.refreshTokenExpired')
    return db.transaction(() => {
      db.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?', [now, hash])
      return issuePair(row.user_id, row.family)
    })
  }

  function authenticate(accessToken: string): Principal {
    const row = db.get<SessionRow & { account: string; display_name: string }>(
      `SELECT s.*, u.account, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.kind = 'access'`,
      [tokenHash(accessToken)],
    )
    if (!row || row.revoked_at !== null) throw new ApiError('auth.tokenInvalid')
    if (row.expires_at <= ctx.now()) throw new ApiError('auth.tokenExpired')
    return { userId: row.user_id, account: row.account, displayName: row.display_name }
  }

  /** Ends the session family of the access token (and of the refresh token, if given). */
  function logout(accessToken: string, refreshToken: string | undefined): void {
    const now = ctx.now()
    for (const token of [accessToken, refreshToken]) {
      if (!token) continue
      const row = db.get<SessionRow>('SELECT family FROM sessions WHERE token_hash = ?', [
        tokenHash(token),
      ])
      if (row)
        db.run('UPDATE sessions SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL', [
          now,
          row.family,
        ])
    }
    ctx.changed()
  }

  return { login, refresh, authenticate, logout }
}
