/**
 * Invoice profiles and invoice requests (domain.md "Invoice requests"). Per order, a request may
 * take at most its invoiceable amount = delivered − returned − already requested (not rejected),
 * kept on the order record. Profiles are validated with shared/domain `validateInvoiceProfile`
 * (taxpayer ID checksum per GB 32100-2015) against the invoice type.
 */
import type {
  CreateInvoiceProfileRequest,
  CreateInvoiceRequestRequest,
  FeedQuery,
  InvoiceProfile,
  InvoiceRequest,
  InvoiceType,
  Order,
} from '../../../shared/api'
import {
  canTransition,
  sumFen,
  validateInvoiceProfile,
  validateTaxpayerId,
  type InvoiceProfileInput,
} from '../../../shared/domain'
import { ApiError, fromDomainErrors, notFound } from '../../errors'
import type { SandboxContext } from './context'
import { loadDocument, saveDocument } from './documents'
import { documentFeed, readFeedPage } from './feeds'
import type { Orders } from './orders'

export type Invoices = ReturnType<typeof createInvoices>

function checkProfile(type: InvoiceType, profile: InvoiceProfileInput): void {
  const errors = validateInvoiceProfile(type, profile)
  if (errors.length > 0)
    throw fromDomainErrors(
      errors.map((error) => ({
        code: error.code,
        params: { ...error.params, field: error.field },
      })),
    )
}

export function createInvoices(ctx: SandboxContext, deps: { orders: Orders }) {
  const { db } = ctx
  const { orders } = deps

  function saveProfile(profile: InvoiceProfile, dealerId: string, deleted = false): void {
    profile.modifiedAt = ctx.stamp()
    db.run(
      `INSERT INTO invoice_profiles (id, dealer_id, json, deleted, modified_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, deleted = excluded.deleted, modified_at = excluded.modified_at`,
      [profile.id, dealerId, JSON.stringify(profile), deleted ? 1 : 0, profile.modifiedAt],
    )
    ctx.changed()
  }

  function profiles(dealerId: string): InvoiceProfile[] {
    return db
      .all<{ json: string }>(
        'SELECT json FROM invoice_profiles WHERE dealer_id = ? AND deleted = 0 ORDER BY id',
        [dealerId],
      )
      .map((row) => JSON.parse(row.json) as InvoiceProfile)
  }

  function createProfile(dealerId: string, request: CreateInvoiceProfileRequest): InvoiceProfile {
    return db.transaction(() => {
      checkProfile(request.type, request)
      const taxpayer = validateTaxpayerId(request.taxpayerId)
      const existing = profiles(dealerId)
      const isDefault = request.isDefault ?? existing.length === 0
      if (isDefault) {
        for (const other of existing.filter((candidate) => candidate.isDefault))
          saveProfile({ ...other, isDefault: false }, dealerId)
      }
      const profile: InvoiceProfile = {
        id: ctx.nextId('ipf'),
        type: request.type,
        title: request.title.trim(),
        taxpayerId: taxpayer.ok ? taxpayer.value : request.taxpayerId,
        address: request.address?.trim() ?? '',
        phone: request.phone?.trim() ?? '',
        bankName: request.bankName?.trim() ?? '',
        bankAccount: request.bankAccount?.trim() ?? '',
        email: request.email?.trim() ?? '',
        isDefault,
        modifiedAt: 0,
      }
      saveProfile(profile, dealerId)
      return profile
    })
  }

  function deleteProfile(dealerId: string, id: string): void {
    db.transaction(() => {
      const profile = profiles(dealerId).find((candidate) => candidate.id === id)
      if (!profile) throw notFound()
      saveProfile(profile, dealerId, true)
    })
  }

  function load(reference: string, dealerId?: string): InvoiceRequest {
    return loadDocument<InvoiceRequest>(db, 'invoice_requests', reference, dealerId)
  }

  function save(request: InvoiceRequest): void {
    request.modifiedAt = ctx.stamp()
    saveDocument(db, 'invoice_requests', request)
    ctx.changed()
  }

  function create(
    dealerId: string,
    createdBy: string,
    request: CreateInvoiceRequestRequest,
  ): InvoiceRequest {
    return db.transaction(() => {
      const profile = profiles(dealerId).find((candidate) => candidate.id === request.profileId)
      if (!profile) throw new ApiError('invoice.profileNotFound', { profileId: request.profileId })
      checkProfile(request.type, profile)
      const touched: { order: Order; amount: number }[] = []
      for (const entry of request.orders) {
        // An order id or number resolves to the canonical order before the duplicate check.
        let order: Order
        try {
          order = orders.load(entry.orderId, dealerId)
        } catch {
          throw new ApiError('invoice.orderNotFound', { orderId: entry.orderId })
        }
        if (touched.some((done) => done.order.id === order.id))
          throw new ApiError('invoice.duplicateOrder', { orderId: entry.orderId })
        if (entry.amount <= 0) throw new ApiError('invoice.amountInvalid', { orderId: order.id })
        if (entry.amount > order.invoiceableAmount) {
          throw new ApiError('invoice.amountAboveInvoiceable', {
            orderId: order.id,
            invoiceable: order.invoiceableAmount,
          })
        }
        touched.push({ order, amount: entry.amount })
      }
      const at = ctx.now()
      const record: InvoiceRequest = {
        id: ctx.nextId('inv'),
        number: ctx.nextDocumentNumber('IV'),
        dealerId,
        status: 'under_review',
        type: request.type,
        profile,
        orders: touched.map(({ order, amount }) => ({
          orderId: order.id,
          orderNumber: order.number,
          amount,
        })),
        amount: sumFen(touched.map((entry) => entry.amount)),
        remark: request.remark ?? null,
        invoiceNumber: null,
        issuedAt: null,
        rejectReason: null,
        statusHistory: [{ status: 'under_review', at, note: null }],
        createdBy,
        createdAt: at,
        modifiedAt: at,
      }
      save(record)
      for (const { order, amount } of touched) {
        order.invoiceRequestedAmount += amount
        order.invoiceRequestIds.push(record.id)
        orders.save(order)
      }
      return record
    })
  }

  function move(
    record: InvoiceRequest,
    status: InvoiceRequest['status'],
    note: string | null,
  ): void {
    if (!canTransition('invoiceRequest', record.status, status)) {
      throw new ApiError('invoice.invalidTransition', { from: record.status, to: status })
    }
    record.status = status
    record.statusHistory.push({ status, at: ctx.now(), note })
  }

  function issue(reference: string, invoiceNumber: string | undefined): InvoiceRequest {
    return db.transaction(() => {
      const record = load(reference)
      move(record, 'issued', null)
      record.invoiceNumber =
        invoiceNumber ?? String(31_000_000 + Number(record.id.slice(4))).padStart(8, '0')
      record.issuedAt = ctx.now()
      save(record)
      return record
    })
  }

  /** Rejecting frees the requested amounts: the orders become invoiceable again. */
  function reject(reference: string, reason: string): InvoiceRequest {
    return db.transaction(() => {
      const record = load(reference)
      move(record, 'rejected', reason)
      record.rejectReason = reason
      for (const entry of record.orders) {
        const order = orders.load(entry.orderId)
        order.invoiceRequestedAmount = Math.max(0, order.invoiceRequestedAmount - entry.amount)
        orders.save(order)
      }
      save(record)
      return record
    })
  }

  function feed(dealerId: string, query: FeedQuery): Buffer {
    return readFeedPage(db, documentFeed('invoice_requests', dealerId), query)
  }

  return { createProfile, deleteProfile, profiles, create, load, issue, reject, feed }
}
