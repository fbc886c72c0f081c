import { describe, expect, it } from 'vitest'
import {
  buildStatement,
  chinaMidnight,
  compareStatements,
  statementPeriod,
  type StatementMovementInput,
} from '../../../shared/domain'

const NOV = { from: chinaMidnight(2026, 10), to: chinaMidnight(2026, 11) }
let sequence = 0
function tx(
  accountType: StatementMovementInput['accountType'],
  at: number,
  amount: number,
  balanceAfter: number,
): StatementMovementInput {
  sequence++
  return { id: `t${String(sequence).padStart(4, '0')}`, at, accountType, amount, balanceAfter }
}

describe('buildStatement', () => {
  it('a period without movements: opening = closing = the last balance before it, or 0', () => {
    const flow = [
      tx('deposit', NOV.from - 10, 50_000, 50_000),
      tx('deposit', NOV.from - 5, -20_000, 30_000),
    ]
    const statement = buildStatement(flow, NOV)
    const deposit = statement.accounts.find((account) => account.accountType === 'deposit')!
    expect(deposit).toMatchObject({
      opening: 30_000,
      closing: 30_000,
      totalIn: 0,
      totalOut: 0,
      movements: [],
      reconciled: true,
    })
    const rebate = statement.accounts.find((account) => account.accountType === 'rebate')!
    expect(rebate).toMatchObject({ opening: 0, closing: 0, reconciled: true })
    expect(statement.reconciled).toBe(true)
    expect(buildStatement([], NOV).accounts.map((account) => account.closing)).toEqual([0, 0, 0])
  })

  it('from is inclusive, to is exclusive', () => {
    const flow = [
      tx('deposit', NOV.from - 1, 10_000, 10_000),
      tx('deposit', NOV.from, 5_000, 15_000),
      tx('deposit', NOV.to - 1, -2_000, 13_000),
      tx('deposit', NOV.to, 1_000, 14_000),
    ]
    const deposit = buildStatement(flow, NOV).accounts[0]!
    expect(deposit.movements.map((movement) => movement.at)).toEqual([NOV.from, NOV.to - 1])
    expect(deposit).toMatchObject({
      opening: 10_000,
      closing: 13_000,
      totalIn: 5_000,
      totalOut: 2_000,
      reconciled: true,
    })
  })

  it('derives the opening from the first movement when nothing precedes it in the cache', () => {
    const deposit = buildStatement([tx('deposit', NOV.from + 1, -3_000, 7_000)], NOV).accounts[0]!
    expect(deposit).toMatchObject({ opening: 10_000, closing: 7_000, reconciled: true })
  })

  it('keeps account types apart; credit books occupied; reservations (amount 0) do not move the figure', () => {
    const flow = [
      tx('deposit', NOV.from + 1, 100_000, 100_000),
      tx('rebate', NOV.from + 2, 8_000, 8_000),
      tx('credit', NOV.from + 3, 40_000, 40_000),
      tx('deposit', NOV.from + 4, 0, 100_000),
      tx('credit', NOV.from + 5, -15_000, 25_000),
      tx('rebate', NOV.from + 6, -3_000, 5_000),
    ]
    const statement = buildStatement(flow, NOV)
    expect(
      statement.accounts.map((account) => [
        account.accountType,
        account.opening,
        account.closing,
        account.totalIn,
        account.totalOut,
      ]),
    ).toEqual([
      ['deposit', 0, 100_000, 100_000, 0],
      ['rebate', 0, 5_000, 8_000, 3_000],
      ['credit', 0, 25_000, 40_000, 15_000],
    ])
    expect(statement.accounts[0]!.movements).toHaveLength(2)
    expect(statement.reconciled).toBe(true)
  })

  it('detects a gap in the flow (a balanceAfter that does not follow) and a broken opening', () => {
    const gap = [
      tx('deposit', NOV.from + 1, 1_000, 1_000),
      tx('deposit', NOV.from + 2, 1_000, 5_000),
    ]
    const deposit = buildStatement(gap, NOV).accounts[0]!
    expect(deposit.reconciled).toBe(false)
    expect(deposit.mismatches).toEqual([
      { transactionId: gap[1]!.id, expected: 2_000, actual: 5_000 },
    ])
    const broken = [
      tx('rebate', NOV.from - 1, 1_000, 1_000),
      tx('rebate', NOV.from + 1, 1_000, 9_000),
    ]
    const statement = buildStatement(broken, NOV)
    expect(statement.accounts[1]!.reconciled).toBe(false)
    expect(statement.reconciled).toBe(false)
  })

  it('refuses an empty or reversed period', () => {
    expect(() => buildStatement([], { from: 5, to: 5 })).toThrow(RangeError)
  })
})

describe('compareStatements', () => {
  it('names the differing figures per account type', () => {
    const flow = [tx('deposit', NOV.from + 1, 1_000, 1_000)]
    const local = buildStatement(flow, NOV)
    expect(compareStatements(local, local)).toEqual([])
    const remote = {
      accounts: local.accounts.map((account) =>
        account.accountType === 'deposit' ? { ...account, closing: 2_000 } : account,
      ),
    }
    expect(compareStatements(local, remote)).toEqual([
      { accountType: 'deposit', field: 'closing', local: 1_000, remote: 2_000 },
    ])
  })
})

describe('statementPeriod (China calendar)', () => {
  // 2026-12-01 01:00 in Shanghai is still 30 November in UTC.
  const now = Date.UTC(2026, 10, 30, 17, 0)
  it('this and last month', () => {
    expect(statementPeriod('thisMonth', now)).toEqual({
      from: Date.UTC(2026, 10, 30, 16),
      to: Date.UTC(2026, 11, 31, 16),
    })
    expect(statementPeriod('lastMonth', now)).toEqual(NOV)
  })
  it('quarters, across the year boundary', () => {
    expect(statementPeriod('thisQuarter', now)).toEqual({
      from: chinaMidnight(2026, 9),
      to: chinaMidnight(2027, 0),
    })
    const january = Date.UTC(2027, 0, 10)
    expect(statementPeriod('lastQuarter', january)).toEqual({
      from: chinaMidnight(2026, 9),
      to: chinaMidnight(2027, 0),
    })
    expect(statementPeriod('lastMonth', january)).toEqual({
      from: chinaMidnight(2026, 11),
      to: chinaMidnight(2027, 0),
    })
  })
})
