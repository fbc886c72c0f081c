/*
 * Document numbers: <prefix><yyyyMMdd>-<sequence>, e.g. SO20261122-0007. The date is the
 * Beijing calendar day of `at` (business time, chinaTime.ts); the sequence is
 * zero-padded to 4 digits and simply grows longer past 9999 (SO20261122-12345).
 */

/** SO 销售订单, DN 发货单, RT 退货单, IV 开票申请, TX 收支流水. */
export type DocumentPrefix = 'SO' | 'DN' | 'RT' | 'IV' | 'TX'

export const DOCUMENT_PREFIXES: readonly DocumentPrefix[] = ['SO', 'DN', 'RT', 'IV', 'TX']

import { chinaCompactDate } from './chinaTime'

/**
 * `SO20261122-0007`. `sequence` is a positive safe integer and `at` epoch ms (RangeError
 * otherwise).
 */
export function formatDocumentNumber(prefix: DocumentPrefix, at: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError('sequence must be a positive safe integer')
  }
  return `${prefix}${chinaCompactDate(at)}-${String(sequence).padStart(4, '0')}`
}

export interface ParsedDocumentNumber {
  prefix: DocumentPrefix
  year: number
  /** 1–12 */
  month: number
  day: number
  sequence: number
}

/**
 * The parts of a document number, or null when `text` is not one. Case-insensitive, surrounding
 * spaces ignored; the date must exist (no 20260230) and the sequence must be written as
 * `formatDocumentNumber` writes it (4 digits, or more without a leading zero), so that every
 * number has exactly one spelling.
 */
export function parseDocumentNumber(text: string): ParsedDocumentNumber | null {
  const match = /^(SO|DN|RT|IV|TX)(\d{4})(\d{2})(\d{2})-(\d{4}|[1-9]\d{4,})$/.exec(
    text.trim().toUpperCase(),
  )
  if (match === null) return null
  const [, prefix, yearText, monthText, dayText, sequenceText] = match
  const year = Number(yearText)
  const month = Number(monthText)
  const day = Number(dayText)
  const sequence = Number(sequenceText)
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null
  return { prefix: prefix as DocumentPrefix, year, month, day, sequence }
}
