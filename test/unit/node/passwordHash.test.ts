import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  STORED_VERIFIER_COST,
  dummyHash,
  hasCost,
  hashPassword,
  hashPasswordSync,
  parseHash,
  verifyPassword,
} from '../../../node/passwordHash'

const CHEAP = { N: 2 ** 14, r: 8, p: 1 }

describe('password hashing (one helper for the gateway, the sandbox and offline sign-in)', () => {
  it('stores new verifiers at N = 2^17 or more, with the cost in the hash', async () => {
    expect(STORED_VERIFIER_COST.N).toBeGreaterThanOrEqual(2 ** 17)
    const stored = await hashPassword('Demo@2026')
    expect(parseHash(stored)?.cost).toEqual(STORED_VERIFIER_COST)
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(await verifyPassword('Demo@2026', stored)).toBe(true)
    expect(await verifyPassword('demo@2026', stored)).toBe(false)
    expect(hasCost(stored)).toBe(true)
    // A fresh salt every time.
    expect(await hashPassword('Demo@2026')).not.toBe(stored)
  }, 30_000)

  it('still verifies a hash written at an older, cheaper cost and says it must be upgraded', async () => {
    // Exactly what the gateway and the sandbox wrote before this helper existed.
    const salt = Buffer.alloc(16, 7)
    const key = scryptSync('Demo@2026', salt, 32, CHEAP)
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`
    expect(hashPasswordSync('Demo@2026', CHEAP, salt)).toBe(old)
    expect(await verifyPassword('Demo@2026', old)).toBe(true)
    expect(await verifyPassword('Demo@2027', old)).toBe(false)
    expect(hasCost(old)).toBe(false)
    expect(hasCost(old, CHEAP)).toBe(true)
  })

  it('answers false, without deriving anything, for what is not a hash it can check', async () => {
    const valid = hashPasswordSync('x', CHEAP, Buffer.alloc(16))
    const [, , r, p, salt, key] = valid.split('$')
    for (const stored of [
      '',
      'plain',
      `bcrypt$16384$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // gigabytes: refused unread
      `scrypt$16384$0$${p}$${salt}$${key}`,
      `scrypt$16384$${r}$${p}$$${key}`,
      `${valid}$extra`,
    ]) {
      expect(await verifyPassword('x', stored), stored).toBe(false)
      expect(hasCost(stored, CHEAP), stored).toBe(false)
    }
    expect(await verifyPassword('x', valid)).toBe(true)
  })

  it('has a dummy hash for unknown accounts that is checkable and matches nothing', async () => {
    expect(parseHash(dummyHash(CHEAP))?.cost).toEqual(CHEAP)
    expect(await verifyPassword('', dummyHash(CHEAP))).toBe(false)
  })
})
