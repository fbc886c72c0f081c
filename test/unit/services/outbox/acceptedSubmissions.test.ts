import { describe, expect, it, vi } from 'vitest'
import { announcingAccepted } from '../../../../electron/services/outbox/acceptedSubmissions'
import type { OutboxItem, SendOutcome } from '../../../../electron/services/outbox/outbox'

const item = (overrides: Partial<OutboxItem> = {}): OutboxItem =>
  ({
    id: 'ob1',
    kind: 'order.submit',
    dealerId: 'd_sh',
    account: 'agent.li',
    idempotencyKey: 'key-1',
    payload: {},
    createdAt: 0,
    status: 'pending',
    attempts: 0,
    ...overrides,
  }) as OutboxItem

describe('announcing accepted submissions', () => {
  it('announces an accepted order, return or invoice request with the document it made', async () => {
    const announce = vi.fn()
    const send = announcingAccepted(
      () => Promise.resolve({ ok: true, result: { id: 'o9', number: 'SO9', modifiedAt: 1 } }),
      announce,
    )
    const outcome = await send(item())
    expect(outcome).toEqual({ ok: true, result: { id: 'o9', number: 'SO9', modifiedAt: 1 } })
    await send(item({ kind: 'return.submit', account: undefined, idempotencyKey: 'key-2' }))
    expect(announce.mock.calls).toEqual([
      [
        {
          dealerId: 'd_sh',
          account: 'agent.li',
          kind: 'order.submit',
          idempotencyKey: 'key-1',
          document: { id: 'o9', number: 'SO9' },
        },
      ],
      [
        {
          dealerId: 'd_sh',
          account: null,
          kind: 'return.submit',
          idempotencyKey: 'key-2',
          document: { id: 'o9', number: 'SO9' },
        },
      ],
    ])
  })

  it('says nothing for refusals, retries, other kinds or an answer without a number', async () => {
    const announce = vi.fn()
    const outcomes: SendOutcome[] = [
      { ok: false, retry: true, error: { code: 'upstream.unreachable' } },
      { ok: false, retry: false, error: { code: 'order.depositShort' } },
    ]
    for (const outcome of outcomes)
      await announcingAccepted(() => Promise.resolve(outcome), announce)(item())
    await announcingAccepted(
      () => Promise.resolve({ ok: true, result: { id: 'd1', number: 'DN1' } }),
      announce,
    )(item({ kind: 'delivery.confirmReceipt' }))
    await announcingAccepted(() => Promise.resolve({ ok: true, result: null }), announce)(item())
    expect(announce).not.toHaveBeenCalled()
  })

  it('a failing listener never turns an accepted submission into a failed one', async () => {
    const send = announcingAccepted(
      () => Promise.resolve({ ok: true, result: { id: 'o1', number: 'SO1' } }),
      () => {
        throw new Error('listener broke')
      },
    )
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await expect(send(item())).resolves.toMatchObject({ ok: true })
    error.mockRestore()
  })
})
