/**
 * View state belongs to the user who made it. Lists, filters, details and the cart view live in
 * Pinia stores that outlive a sign-out; without this, agent.li's delivery filter would still be
 * applied when cd.accountant signs in next on the same PC. Every store except the ones below is
 * put back to its first state when the signed-in account changes (sign-out included).
 */
import { isRef, toRaw, watch, type WatchStopHandle } from 'vue'
import type { Pinia, PiniaPluginContext } from 'pinia'

/** Not per user: preferences, the session itself, app facts, toasts, sync and outbox status. */
const KEPT_STORES = new Set(['settings', 'session', 'appInfo', 'notices', 'sync', 'outbox'])

/** A deep copy of plain state (objects, arrays, Maps, Sets, Dates), through Vue's proxies. */
function copy<T>(value: T): T {
  if (isRef(value)) return copy(value.value) as T
  const raw = toRaw(value) as unknown
  if (isRef(raw)) return copy(raw.value) as T
  if (raw === null || typeof raw !== 'object') return raw as T
  if (raw instanceof Date) return new Date(raw.getTime()) as T
  if (raw instanceof Map) return new Map([...raw].map(([key, entry]) => [key, copy(entry)])) as T
  if (raw instanceof Set) return new Set([...raw].map(copy)) as T
  if (Array.isArray(raw)) return raw.map(copy) as T
  return Object.fromEntries(Object.entries(raw).map(([key, entry]) => [key, copy(entry)])) as T
}

const resets = new WeakMap<Pinia, Array<() => void>>()

/** The Pinia plugin: remembers each per-user store's first state. */
export function userStatePlugin({ pinia, store }: PiniaPluginContext): void {
  if (KEPT_STORES.has(store.$id)) return
  const initial = copy(store.$state as Record<string, unknown>)
  const list = resets.get(pinia) ?? []
  list.push(() =>
    store.$patch((state: Record<string, unknown>) => {
      for (const key of Object.keys(initial)) state[key] = copy(initial[key])
    }),
  )
  resets.set(pinia, list)
}

/** Puts every per-user store back to its first state. */
export function resetUserState(pinia: Pinia): void {
  for (const reset of resets.get(pinia) ?? []) reset()
}

/** Resets the per-user stores whenever `account()` changes (null: signed out). */
export function resetOnUserChange(pinia: Pinia, account: () => string | null): WatchStopHandle {
  return watch(account, (next, previous) => {
    if (next !== previous) resetUserState(pinia)
  })
}
