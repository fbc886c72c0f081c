/**
 * The account area: cached balances, the transaction flow (filters, pages loaded as the list
 * scrolls) and the statement of the chosen period, read through the bridge; reloaded on sync.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AccountType, Balances, Transaction, TransactionType } from '../../shared/api'
import type { Language } from '../../shared/contract'
import type {
  AccountExportRequest,
  DisputeStatementInput,
  StatementActionOutcome,
  StatementPeriodView,
  StatementView,
  TransactionFilter,
} from '../../shared/contract/account'
import type { ExportedFile } from '../../shared/contract/orders'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

/** Rows fetched per request: a few screens of the virtual list. */
export const TRANSACTION_PAGE_SIZE = 300

export interface FlowFilterState {
  accountType: AccountType | null
  type: TransactionType | null
  /** Epoch ms: from inclusive, to exclusive; null = open. */
  from: number | null
  to: number | null
}

export const useAccountStore = defineStore('account', () => {
  const balances = ref<Balances | null>(null)
  const filter = ref<FlowFilterState>({ accountType: null, type: null, from: null, to: null })
  const items = ref<Transaction[]>([])
  const total = ref(0)
  const loading = ref(false)
  const period = ref<{ from: number; to: number } | null>(null)
  const statement = ref<StatementView | null>(null)
  const statementLoading = ref(false)
  /** Issued statement periods (对账确认), newest first. */
  const periods = ref<StatementPeriodView[]>([])
  const notices = useNoticeStore()
  let generation = 0

  function filterInput(): TransactionFilter {
    const { accountType, type, from, to } = filter.value
    return {
      ...(accountType ? { accountType } : {}),
      ...(type ? { type } : {}),
      ...(from !== null ? { from } : {}),
      ...(to !== null ? { to } : {}),
    }
  }

  async function loadBalances(): Promise<void> {
    const result = await getPortal().account.balances()
    if (result.ok) balances.value = result.data
    else notices.reportError(result.error)
  }

  async function loadFlow(append = false): Promise<void> {
    if (append && (loading.value || items.value.length >= total.value)) return
    const mine = append ? generation : ++generation
    loading.value = true
    try {
      const offset = append ? items.value.length : 0
      const result = await getPortal().account.transactions({
        ...filterInput(),
        offset,
        limit: TRANSACTION_PAGE_SIZE,
      })
      if (mine !== generation) return
      if (!result.ok) return notices.reportError(result.error)
      items.value = append ? [...items.value, ...result.data.items] : result.data.items
      total.value = result.data.total
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadStatement(next?: { from: number; to: number }): Promise<void> {
    if (next) period.value = next
    if (!period.value) return
    statementLoading.value = true
    try {
      const result = await getPortal().account.statement(period.value)
      if (result.ok) statement.value = result.data
      else notices.reportError(result.error)
    } finally {
      statementLoading.value = false
    }
  }

  async function loadPeriods(): Promise<void> {
    const result = await getPortal().account.statementPeriods()
    if (result.ok) periods.value = result.data
    else notices.reportError(result.error)
  }

  /** Confirms or disputes a period; null when refused before queueing (reported). */
  async function act(
    call: () => ReturnType<ReturnType<typeof getPortal>['account']['confirmStatement']>,
  ): Promise<StatementActionOutcome | null> {
    const result = await call()
    await loadPeriods()
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }
  const confirmStatement = (period: string) =>
    act(() => getPortal().account.confirmStatement({ period }))
  const disputeStatement = (input: DisputeStatementInput) =>
    act(() => getPortal().account.disputeStatement(input))

  async function exportFile(
    kind: 'flow' | 'statement',
    format: 'xlsx' | 'csv',
    language: Language,
  ): Promise<ExportedFile | null> {
    let request: AccountExportRequest
    if (kind === 'flow') request = { kind, format, language, filter: filterInput() }
    else if (period.value) request = { kind, format, language, period: period.value }
    else return null
    const result = await getPortal().account.export(request)
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }

  return {
    balances,
    filter,
    items,
    total,
    loading,
    period,
    statement,
    statementLoading,
    loadBalances,
    loadFlow,
    loadStatement,
    periods,
    loadPeriods,
    confirmStatement,
    disputeStatement,
    exportFile,
  }
})
