/**
 * The bridge contract, declared once: domain → method → input/output schema. The channel of a
 * method is `domain:method`. Preload (and the web host's HTTP transport) build `window.portal` from
 * it, and main registers every handler against it through electron/ipc/registry.ts.
 *
 * To add a method: declare it here, implement it in the handlers (electron/main/handlers.ts), add
 * any new error codes to both locale files. Types flow from here to both sides.
 */
import { z } from 'zod'
import { cartEvents, cartMethods } from './cart'
import { catalogMethods } from './catalog'
import { defineMethod } from './define'
import { AppInfo, Notice, Settings, SettingsPatch } from './schemas'
import { LoginDefaults, LoginInput, SessionState } from './session'
import {
  DocumentStatusChange,
  HomeSummary,
  OutboxCounts,
  OutboxEntry,
  SubmissionAccepted,
  SyncRequest,
  SyncStatus,
} from './workspace'
import { ordersEvents, ordersMethods } from './orders'
import { invoicesMethods } from './invoices'
import { deliveriesMethods } from './deliveries'
import { returnsMethods } from './returns'
import { accountMethods } from './account'
import { documentsEvents, documentsMethods } from './documents'
import { homeMethods } from './home'
import { approvalsEvents, approvalsMethods } from './approvals'

export const contract = {
  app: {
    info: defineMethod(z.undefined(), AppInfo),
    /** Notices raised before the renderer was listening (damaged files at start-up, ...), once. */
    takeEarlyNotices: defineMethod(z.undefined(), z.array(Notice)),
  },
  settings: {
    get: defineMethod(z.undefined(), Settings),
    set: defineMethod(SettingsPatch, Settings),
  },
  session: {
    defaults: defineMethod(z.undefined(), LoginDefaults),
    state: defineMethod(z.undefined(), SessionState),
    login: defineMethod(LoginInput, SessionState),
    logout: defineMethod(z.undefined(), SessionState),
    switchDealer: defineMethod(
      z.strictObject({ dealerId: z.string().min(1).max(64) }),
      SessionState,
    ),
  },
  sync: {
    status: defineMethod(z.undefined(), SyncStatus),
    now: defineMethod(SyncRequest, SyncStatus),
  },
  home: {
    /** Balances and counts only. */
    summary: defineMethod(z.undefined(), HomeSummary.nullable()),
    ...homeMethods,
  },
  outbox: {
    list: defineMethod(z.undefined(), z.array(OutboxEntry)),
    counts: defineMethod(z.undefined(), OutboxCounts),
    discard: defineMethod(z.strictObject({ id: z.string().min(1).max(64) }), OutboxCounts),
    retry: defineMethod(z.strictObject({ id: z.string().min(1).max(64) }), OutboxCounts),
  },
  catalog: catalogMethods,
  cart: cartMethods,
  orders: ordersMethods,
  approvals: approvalsMethods,
  invoices: invoicesMethods,
  deliveries: deliveriesMethods,
  returns: returnsMethods,
  account: accountMethods,
  documents: documentsMethods,
} as const

/** Pushes from main to the renderer. Subscribed to as `portal.on<Domain><Name>(listener)`. */
export const events = {
  'settings:changed': Settings,
  'app:notice': Notice,
  /** Main asks the renderer to show a screen (menu items such as Preferences). */
  'app:navigate': z.object({ path: z.string().startsWith('/') }),
  /** A menu command the visible screen carries out (Print: the document shown on screen). */
  'app:command': z.object({ command: z.enum(['print']) }),
  'session:changed': SessionState,
  'sync:progress': SyncStatus,
  'outbox:changed': OutboxCounts,
  /** A submission that had waited (offline, slow gateway) was accepted: "Order SO… accepted". */
  'outbox:accepted': SubmissionAccepted,
  /** A sync brought a new status for a return / an invoice request (refunded, issued, ...). */
  'returns:statusChanged': DocumentStatusChange,
  'invoices:statusChanged': DocumentStatusChange,
  /** Something new arrived by sync (an order changed status, ...): the cached views reload. */
  'data:changed': z.object({ dealerId: z.string(), feeds: z.array(z.string()) }),
  ...cartEvents,
  ...ordersEvents,
  ...approvalsEvents,
  ...documentsEvents,
} as const

export type Contract = typeof contract
export type Events = typeof events
export type DomainName = keyof Contract
export type Channel = {
  [D in DomainName]: `${D}:${Extract<keyof Contract[D], string>}`
}[DomainName]
export type EventName = keyof Events

export type MethodInput<C extends Channel> = C extends `${infer D}:${infer M}`
  ? D extends DomainName
    ? M extends keyof Contract[D]
      ? Contract[D][M] extends { input: infer I extends z.ZodType }
        ? z.output<I>
        : never
      : never
    : never
  : never

export type MethodOutput<C extends Channel> = C extends `${infer D}:${infer M}`
  ? D extends DomainName
    ? M extends keyof Contract[D]
      ? Contract[D][M] extends { output: infer O extends z.ZodType }
        ? z.output<O>
        : never
      : never
    : never
  : never

export type EventPayload<E extends EventName> = z.output<Events[E]>

/** Every channel of the contract, in declaration order. */
export const channels: readonly Channel[] = Object.entries(contract).flatMap(([domain, methods]) =>
  Object.keys(methods).map((method) => `${domain}:${method}` as Channel),
)

export function methodSpec(channel: string): { input: z.ZodType; output: z.ZodType } | undefined {
  const [domain, method, ...rest] = channel.split(':')
  if (!domain || !method || rest.length > 0 || !Object.hasOwn(contract, domain)) return undefined
  const methods = contract[domain as DomainName] as Record<
    string,
    { input: z.ZodType; output: z.ZodType }
  >
  return Object.hasOwn(methods, method) ? methods[method] : undefined
}

export * from './result'
export * from './schemas'
export * from './session'
export * from './workspace'
