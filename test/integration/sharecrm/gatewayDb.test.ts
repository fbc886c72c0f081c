/**
 * The gateway database on both drivers: migrations, users and sessions, idempotency claims and
 * the change sequence. PGlite always; a throwaway PostgreSQL 15 cluster when installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openGatewayDb, type GatewayDb } from '../../../server/backends/sharecrm/db/driver'
import { createIdempotencyStore } from '../../../server/backends/sharecrm/db/idempotency'
import { nextSeq, SCHEMA_VERSION } from '../../../server/backends/sharecrm/db/schema'
import { createAuth, createUserStore } from '../../../server/backends/sharecrm/db/users'
import {
  postgresAvailable,
  startPostgresCluster,
  type PostgresCluster,
} from '../../fixtures/postgresCluster'

const drivers = [
  {
    name: 'PGlite',
    open: async () => ({ db: await openGatewayDb('memory:'), stop: async () => {} }),
  },
  ...(postgresAvailable()
    ? [
        {
          name: 'PostgreSQL 15',
          open: async () => {
            const cluster: PostgresCluster = await startPostgresCluster()
            return {
              db: await openGatewayDb(cluster.url),
              stop: () => cluster.stop(),
              url: cluster.url,
            }
          },
        },
      ]
    : []),
]

describe.each(drivers)('gateway database on $name', ({ open }) => {
  let db: GatewayDb
  let stop: () => Promise<void>
  let now = 1_800_000_000_000
  const clock = () => now

  beforeAll(async () => {
    ;({ db, stop } = await open())
  })
  afterAll(async () => {
    await db?.close()
    await stop?.()
  })

  it('migrates once: a second migration run changes nothing', async () => {
    const { migrate } = await import('../../../server/backends/sharecrm/db/schema')
    await migrate(db)
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')
    // One row per migration, each applied once.
    expect(rows[0]?.n).toBe(SCHEMA_VERSION)
  })

  it('signs a user in with scrypt N=2^17, refreshes once, and ends the family on reuse', async () => {
    const users = createUserStore(db, clock)
    const auth = createAuth(db, clock)
    await users.add({
      account: 'Li.Qiang',
      displayName: '李强',
      password: 'correct horse',
      memberships: [{ dealerId: 'acc_1', roles: ['orderer'] }],
    })
    const stored = await db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE account = $1',
      ['li.qiang'],
    )
    expect(stored[0]?.password_hash.startsWith('scrypt$131072$8$1$')).toBe(true)
    expect(await auth.login('li.qiang', 'wrong password')).toBeNull()
    const pair = await auth.login(' LI.QIANG ', 'correct horse')
    expect(pair).not.toBeNull()
    const principal = await auth.authenticate(pair!.accessToken)
    expect(principal).toMatchObject({ account: 'li.qiang', displayName: '李强' })
    expect(await users.roles(principal.userId, 'acc_1')).toEqual(['orderer'])
    expect(await users.roles(principal.userId, 'acc_2')).toEqual([])

    const second = await auth.refresh(pair!.refreshToken)
    await expect(auth.refresh(pair!.refreshToken)).rejects.toMatchObject({
      code: 'auth.refreshTokenInvalid',
    })
    // The reuse ended the family: the newer pair is dead too.
    await expect(auth.authenticate(second.accessToken)).rejects.toMatchObject({
      code: 'auth.tokenInvalid',
    })
    await expect(auth.refresh(second.refreshToken)).rejects.toMatchObject({
      code: 'auth.refreshTokenInvalid',
    })

    const third = await auth.login('li.qiang', 'correct horse')
    now += 16 * 60_000
    await expect(auth.authenticate(third!.accessToken)).rejects.toMatchObject({
      code: 'auth.tokenExpired',
    })
    expect(await users.disable('li.qiang')).toBe(true)
    await expect(auth.refresh(third!.refreshToken)).rejects.toMatchObject({
      code: 'auth.refreshTokenInvalid',
    })
    expect(await auth.login('li.qiang', 'correct horse')).toBeNull()
    expect(await users.resetPassword('li.qiang', 'battery staple')).toBe(true)
    expect(await auth.login('li.qiang', 'battery staple')).not.toBeNull()
  }, 120_000)

  it('makes concurrent claims of one key wait for the first, then replay its answer', async () => {
    const store = createIdempotencyStore(db, clock)
    const first = await store.claim('acc_1', 'key-00000001', 'hash-a')
    expect(first).toMatchObject({ kind: 'claimed', recovering: false })
    const second = store.claim('acc_1', 'key-00000001', 'hash-a')
    let settled = false
    void second.then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(settled).toBe(false)
    if (first.kind !== 'claimed') throw new Error('not claimed')
    await first.complete({ requestHash: 'hash-a', status: 201, body: '{"id":"x"}' })
    expect(await second).toEqual({
      kind: 'replay',
      response: { requestHash: 'hash-a', status: 201, body: '{"id":"x"}' },
    })
    expect(await store.claim('acc_1', 'key-00000001', 'hash-b')).toEqual({ kind: 'conflict' })
  })

  it('lets a released key be claimed again, and reports a claim that never completed as recovering', async () => {
    const store = createIdempotencyStore(db, clock)
    const first = await store.claim('acc_1', 'key-00000002', 'hash')
    if (first.kind !== 'claimed') throw new Error('not claimed')
    await first.release()
    const again = await store.claim('acc_1', 'key-00000002', 'hash')
    expect(again).toMatchObject({ kind: 'claimed', recovering: false })
    if (again.kind !== 'claimed') throw new Error('not claimed')
    // The process dies here: the pending row stays, its lock goes with the connection.
    await db.query(
      `INSERT INTO idempotency (dealer_id, key, request_hash, state, created_at) VALUES ('acc_1', 'key-00000003', 'hash', 'pending', 0)`,
    )
    await again.release()
    const recovered = await store.claim('acc_1', 'key-00000003', 'hash')
    expect(recovered).toMatchObject({ kind: 'claimed', recovering: true })
    if (recovered.kind === 'claimed') await recovered.release()
  })

  it('hands out change sequence values in commit order, strictly increasing', async () => {
    const values: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => values.push(await nextSeq(tx, 3, now))),
      ),
    )
    const sorted = [...values].sort((a, b) => a - b)
    for (let index = 1; index < sorted.length; index++)
      expect(sorted[index]! - sorted[index - 1]!).toBeGreaterThanOrEqual(3)
    expect(sorted[0]).toBeGreaterThanOrEqual(now)
  })
})
