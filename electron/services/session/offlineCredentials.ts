/**
 * Offline sign-in. After a successful online sign-in we keep, per (server, account), a salted
 * scrypt verifier of the password and the last `/me` profile, so the same user can sign in again
 * while the gateway is unreachable and read what is cached. The password itself is never stored;
 * the verifier costs ~50 ms to check, which makes guessing slow.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keyLength: number, options: object) => Promise<Buffer>
const PARAMETERS = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

export interface PasswordVerifier {
  salt: string
  hash: string
}

export async function createPasswordVerifier(password: string): Promise<PasswordVerifier> {
  const salt = randomBytes(16)
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, PARAMETERS)
  return { salt: salt.toString('base64'), hash: hash.toString('base64') }
}

export async function verifyPassword(password: string, verifier: PasswordVerifier): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'base64')
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(verifier.salt, 'base64'), expected.length, PARAMETERS)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
