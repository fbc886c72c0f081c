/**
 * Main → renderer pushes. Services emit typed events here; each transport (Electron IPC to every
 * window, the web host's event stream) subscribes once and forwards them.
 */
import { events, type EventName, type EventPayload } from '../../shared/contract'

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  subscribe(listener: EventListener): () => void
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>()
  return {
    emit(event, payload) {
      const checked = events[event].parse(payload) as EventPayload<typeof event>
      for (const listener of listeners) listener(event, checked)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
