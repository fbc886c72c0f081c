/** The route of a transaction's document, when it has a page (orders, deliveries, returns); else null. */
import type { Transaction } from '../../../shared/api'

const ROUTES: Partial<Record<NonNullable<Transaction['documentType']>, string>> = {
  order: '/orders/',
  delivery: '/deliveries/',
  return: '/returns/',
}

export function documentRoute(
  transaction: Pick<Transaction, 'documentType' | 'documentId'>,
): string | null {
  const base = transaction.documentType ? ROUTES[transaction.documentType] : undefined
  return base && transaction.documentId
    ? `${base}${encodeURIComponent(transaction.documentId)}`
    : null
}
