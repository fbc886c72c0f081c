/**
 * Statement periods over HTTP (对账确认): roles, the Idempotency-Key protocol on confirm and
 * dispute, strict bodies and period keys, the operator's issue / resolve routes, and the problem
 * `statement.changedSinceIssued` carrying what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StatementPeriod, StatementPeriodList } from '../../shared/api'
import { chinaPeriod, chinaPeriodBounds } from '../../shared/domain'
import { expectProblem, idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
let orderer: string
let accountant: string
const dealer = '/dealers/d_cd'
const thisMonth = chinaPeriod(Date.now())
const lastMonth = chinaPeriod(chinaPeriodBounds(thisMonth).from - 1)

beforeAll(async () => {
  t = await startTestApi()
  orderer = (await t.login('agent.li')).accessToken
  accountant = (await t.login('cd.accountant')).accessToken
})
afterAll(() => t.close())

const post = (path: string, body: unknown, key: string | null = idempotencyKey()) =>
  t.call('POST', `${dealer}/statement-periods/${path}`, {
    token: accountant,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  })

describe('statement periods', () => {
  it('lists the issued periods for accountants and admins only', async () => {
    const list = await t.call('GET', `${dealer}/statement-periods`, { token: accountant })
    expect(list.status).toBe(200)
    const parsed = StatementPeriodList.parse(list.body)
    expect(parsed.items.map((item) => item.period)).toContain(lastMonth)
    expectProblem(
      await t.call('GET', `${dealer}/statement-periods`, { token: orderer }),
      'auth.forbidden',
    )
    expectProblem(
      await t.call('GET', '/dealers/d_sh/statement-periods', { token: accountant }),
      'resource.notFound',
    )
  })

  it('needs an Idempotency-Key, a YYYY-MM period and a strict body', async () => {
    expectProblem(await post(`${lastMonth}/confirm`, {}, null), 'idempotency.keyRequired')
    expectProblem(await post('2026-13/confirm', {}), 'request.invalid')
    expectProblem(await post(`${lastMonth}/dispute`, { note: '' }), 'request.invalid')
    expectProblem(await post(`${lastMonth}/dispute`, { note: 'x', extra: 1 }), 'request.invalid')
    expectProblem(await post('2001-01/confirm', {}), 'resource.notFound')
  })

  it('disputes once per key (a retry replays), the operator resolves, the accountant confirms', async () => {
    const issued = StatementPeriodList.parse(
      (await t.call('GET', `${dealer}/statement-periods`, { token: accountant })).body,
    ).items.find((item) => item.period === lastMonth)!
    const entry = issued.entries.at(-1)!.transactionId
    const key = idempotencyKey()
    const body = {
      note: '运费多扣 freight charged twice',
      entries: [{ transactionId: entry, note: '重复 twice' }],
    }
    const first = await post(`${lastMonth}/dispute`, body, key)
    expect(first.status).toBe(200)
    expect(StatementPeriod.parse(first.body)).toMatchObject({
      status: 'disputed',
      disputedBy: '张敏',
      disputedEntries: [{ transactionId: entry, note: '重复 twice' }],
    })
    const replay = await post(`${lastMonth}/dispute`, body, key)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.body).toEqual(first.body)
    expectProblem(
      await post(`${lastMonth}/dispute`, { note: 'other' }, key),
      'idempotency.conflict',
    )
    expectProblem(await post(`${lastMonth}/confirm`, {}), 'statement.notConfirmable')

    // The operator's side needs its token, then resolves with a note.
    const denied = await fetch(
      `${t.base}/sandbox${dealer}/statement-periods/${lastMonth}/resolve`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resolution: 'x' }),
      },
    )
    expect(denied.status).toBe(401)
    const resolved = (
      await t.operator('POST', `${dealer}/statement-periods/${lastMonth}/resolve`, {
        resolution: '已退运费 freight refunded',
      })
    ).body
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'operator' })

    const confirmed = await post(`${lastMonth}/confirm`, undefined)
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: '张敏' })
  })

  it('refuses to confirm after the entries changed, with what changed; a re-issue allows it', async () => {
    await t.operator('POST', `${dealer}/statement-periods/${thisMonth}/issue`)
    await t.operator('POST', `${dealer}/top-up`, { amount: 10_000 })
    const refused = await post(`${thisMonth}/confirm`, {})
    expectProblem(refused, 'statement.changedSinceIssued')
    expect(refused.status).toBe(409)
    expect(refused.body.params).toMatchObject({ added: 1, removed: 0, changed: 0 })
    expect(refused.body.params.transactionIds).toMatch(/^\S+$/)

    await t.operator('POST', `${dealer}/statement-periods/${thisMonth}/issue`)
    expect((await post(`${thisMonth}/confirm`, {})).body.status).toBe('confirmed')
    // Confirmed is final: no re-issue, and no issue of a month that has not started.
    expectProblem(
      await t.operator('POST', `${dealer}/statement-periods/${thisMonth}/issue`),
      'statement.alreadyConfirmed',
    )
    const future = chinaPeriod(chinaPeriodBounds(thisMonth).to + 40 * 86_400_000)
    expectProblem(
      await t.operator('POST', `${dealer}/statement-periods/${future}/issue`),
      'statement.periodInFuture',
    )
  })

  it("the demo auto-pilot resolves a dispute as the manufacturer's staff would", async () => {
    const admin = (await t.login('hk.buyer')).accessToken
    const disputed = await t.call('POST', `/dealers/d_hk/statement-periods/${lastMonth}/dispute`, {
      token: admin,
      body: { note: 'please check' },
      headers: { 'idempotency-key': idempotencyKey() },
    })
    expect(disputed.body.status).toBe('disputed')
    await t.operator('POST', '/autopilot/tick')
    const list = await t.call('GET', '/dealers/d_hk/statement-periods', { token: admin })
    expect(
      StatementPeriodList.parse(list.body).items.find((item) => item.period === lastMonth),
    ).toMatchObject({ status: 'resolved', resolvedBy: 'auto-pilot' })
  })
})
