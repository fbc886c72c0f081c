/** The rules of statement periods (对账确认): snapshot, changes since issue, status transitions. */
import { describe, expect, it } from 'vitest'
import {
  changedSinceIssued,
  confirmProblem,
  disputeProblem,
  issueProblem,
  resolveProblem,
  snapshotStatement,
  statementChanges,
  type PeriodEntry,
} from '../../../shared/domain/statementPeriods'

const entry = (transactionId: string, amount = 100): PeriodEntry => ({
  transactionId,
  accountType: 'deposit',
  amount,
})
const none = { added: [], removed: [], changed: [] }

describe('statement periods', () => {
  it('snapshots totals and the movements of every account', () => {
    const snapshot = snapshotStatement({
      accounts: [
        {
          accountType: 'deposit',
          opening: 10,
          closing: 110,
          totalIn: 100,
          totalOut: 0,
          movements: [{ id: 't1', accountType: 'deposit', amount: 100 }],
        },
        {
          accountType: 'credit',
          opening: 0,
          closing: -5,
          totalIn: 0,
          totalOut: 5,
          movements: [{ id: 't2', accountType: 'credit', amount: -5 }],
        },
      ],
    })
    expect(snapshot.totals).toEqual([
      { accountType: 'deposit', opening: 10, closing: 110, totalIn: 100, totalOut: 0 },
      { accountType: 'credit', opening: 0, closing: -5, totalIn: 0, totalOut: 5 },
    ])
    expect(snapshot.entries).toEqual([entry('t1'), { ...entry('t2', -5), accountType: 'credit' }])
  })

  it('finds entries added, removed and changed since issue', () => {
    const issued = [entry('a'), entry('b'), entry('c')]
    const now = [entry('a'), entry('b', 90), entry('d')]
    expect(statementChanges(issued, now)).toEqual({ added: ['d'], removed: ['c'], changed: ['b'] })
    expect(statementChanges(issued, issued)).toEqual(none)
    expect(changedSinceIssued({ added: ['d'], removed: ['c'], changed: ['b'] })).toEqual({
      code: 'statement.changedSinceIssued',
      params: { added: 1, removed: 1, changed: 1, transactionIds: 'd,c,b' },
    })
  })

  it('confirms an issued or resolved period whose entries did not change', () => {
    expect(confirmProblem('issued', none)).toBeNull()
    expect(confirmProblem('resolved', none)).toBeNull()
    expect(confirmProblem('disputed', none)?.code).toBe('statement.notConfirmable')
    expect(confirmProblem('confirmed', none)).toEqual({
      code: 'statement.notConfirmable',
      params: { status: 'confirmed' },
    })
    expect(confirmProblem('issued', { ...none, added: ['x'] })?.code).toBe(
      'statement.changedSinceIssued',
    )
  })

  it('disputes entries of the issued statement, each once, while issued or resolved', () => {
    const issued = [entry('a'), entry('b')]
    expect(disputeProblem('issued', issued, [{ transactionId: 'a' }])).toBeNull()
    expect(disputeProblem('resolved', issued, [])).toBeNull()
    expect(disputeProblem('disputed', issued, [])?.code).toBe('statement.notDisputable')
    expect(disputeProblem('confirmed', issued, [])?.code).toBe('statement.notDisputable')
    expect(disputeProblem('issued', issued, [{ transactionId: 'z' }])).toEqual({
      code: 'statement.entryNotInPeriod',
      params: { transactionId: 'z' },
    })
    expect(
      disputeProblem('issued', issued, [{ transactionId: 'a' }, { transactionId: 'a' }]),
    ).toEqual({ code: 'statement.duplicateEntry', params: { transactionId: 'a' } })
  })

  it('resolves only a dispute; a confirmed period is never issued again', () => {
    expect(resolveProblem('disputed')).toBeNull()
    expect(resolveProblem('issued')?.code).toBe('statement.notDisputed')
    expect(issueProblem(null)).toBeNull()
    expect(issueProblem('disputed')).toBeNull()
    expect(issueProblem('confirmed')?.code).toBe('statement.alreadyConfirmed')
  })
})
