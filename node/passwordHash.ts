/**
 * Password hashing, one implementation for every place that keeps a password verifier: the
 * ShareCRM gateway's users, the sandbox's demo users and the desktop app's offline sign-in.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`. The cost travels with the hash, so
 * a hash made at an older (cheaper) cost still verifies, and `hasCost` tells the caller to replace
 * it after the next successful sign-in (see users.ts / sessionService.ts).
 *
 * STORED_VERIFIER_COST is N = 2^17, r = 8, p = 1 (OWASP's scrypt minimum; ~128 MiB and a few
 * hundred ms per check). Hashes beyond MAX_COST are refused unread (a stored value must not make
 * a sign-in allocate gigabytes). Passwords are hashed exactly as given (callers normalize if they
 * need to).
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto'

export interface ScryptCost {
  N: number
  r: number
  p: number
}

export const STORED_VERIFIER_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }
/** The most a stored hash may ask for: N = 2^20, r = 16, p = 4. */
const MAX_COST: ScryptCost = { N: 2 ** 20, r: 16, p: 4 }
const KEY_LENGTH = 32
const SALT_LENGTH = 16

/** scrypt needs 128 · N · r bytes; leave room for Node's bookkeeping. */
const options = (cost: ScryptCost) => ({ ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 })

export function formatHash(cost: ScryptCost, salt: string, key: string): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt}$${key}`
}

/** The parts of a stored hash, or null when it is not one this module can check. */
export function parseHash(stored: string): { cost: ScryptCost; salt: string; key: string } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$')
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  const valid =
    scheme === 'scrypt' &&
    rest.length === 0 &&
    Boolean(salt) &&
    Boolean(key) &&
    Number.isInteger(Math.log2(cost.N)) &&
    cost.N >= 2 &&
    cost.N <= MAX_COST.N &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= MAX_COST.r &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= MAX_COST.p
  return valid ? { cost, salt: salt!, key: key! } : null
}

export async function hashPassword(
  password: string,
  cost: ScryptCost = STORED_VERIFIER_COST,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options(cost), (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  )
  return formatHash(cost, salt.toString('base64'), key.toString('base64'))
}

/** The same, synchronously and with a given salt: for deterministic seed data only. */
export function hashPasswordSync(password: string, cost: ScryptCost, salt: Buffer): string {
  const key = scryptSync(password, salt, KEY_LENGTH, options(cost))
  return formatHash(cost, salt.toString('base64'), key.toString('base64'))
}

/** Whether `password` matches `stored` (false for anything that is not a valid hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed) return false
  const expected = Buffer.from(parsed.key, 'base64')
  if (expected.length === 0) return false
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password,
      Buffer.from(parsed.salt, 'base64'),
      expected.length,
      options(parsed.cost),
      (error, derived) => (error ? reject(error) : resolve(derived)),
    ),
  )
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Whether `stored` was made at `cost` (else: rehash after the next successful sign-in). */
export function hasCost(stored: string, cost: ScryptCost = STORED_VERIFIER_COST): boolean {
  const parsed = parseHash(stored)
  return parsed !== null && (['N', 'r', 'p'] as const).every((k) => parsed.cost[k] === cost[k])
}

/** A valid hash no password matches, to verify against when the account is unknown (same time). */
export function dummyHash(cost: ScryptCost = STORED_VERIFIER_COST): string {
  return formatHash(cost, 'A'.repeat(22) + '==', 'A'.repeat(43) + '=')
}
