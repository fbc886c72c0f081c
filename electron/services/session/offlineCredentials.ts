/**
 * Offline sign-in. After a successful online sign-in we keep, per (server, account), a salted
 * scrypt verifier of the password and the last `/me` profile, so the same user can sign in again
 * while the gateway is unreachable and read what is cached. The password itself is never stored.
 *
 * Cost: N = 2^17, r = 8, p = 1 (OWASP's scrypt minimum; ~128 MiB and a few hundred ms per check),
 * recorded in the verifier as `logN`. A verifier without `logN` was made with N = 2^14 by an older
 * version: it still verifies, and the next online sign-in replaces it (every online sign-in writes
 * a fresh verifier at the current cost).
 */
import {
  formatHash,
  hashPassword,
  parseHash,
  verifyPassword as verifyHash,
} from '../../../node/passwordHash'

/** log2 of scrypt's N for new verifiers (node/passwordHash's stored-verifier cost). */
export const VERIFIER_LOG_N = 17
/** log2 of N of verifiers written before the cost was recorded. */
const LEGACY_LOG_N = 14

export interface PasswordVerifier {
  salt: string
  hash: string
  /** log2 of scrypt's N; absent on verifiers of older versions (2^14). */
  logN?: number
}

const costOf = (logN: number) => ({ N: 2 ** logN, r: 8, p: 1 })

export async function createPasswordVerifier(
  password: string,
  logN = VERIFIER_LOG_N,
): Promise<PasswordVerifier> {
  const parsed = parseHash(await hashPassword(password.normalize('NFKC'), costOf(logN)))!
  return { salt: parsed.salt, hash: parsed.key, logN }
}

export async function verifyPassword(
  password: string,
  verifier: PasswordVerifier,
): Promise<boolean> {
  const logN = verifier.logN ?? LEGACY_LOG_N
  if (!Number.isInteger(logN) || logN < LEGACY_LOG_N || logN > 20) return false
  return verifyHash(
    password.normalize('NFKC'),
    formatHash(costOf(logN), verifier.salt, verifier.hash),
  )
}
