/**
 * The bridge over the web host (browser runs): POST /bridge/<channel> per call, and one
 * text/event-stream for pushes, read with fetch so the token travels in a header, not the URL.
 */
import type { EventName, EventPayload, Result } from '../../shared/contract'
import type { PortalTransport } from '../../shared/contract/portal'
import { retryDelayMs, type BackoffPolicy } from '../../shared/retry/retryPolicy'

/** Reconnecting the event stream after the host restarted or the network blipped. */
const RECONNECT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 10_000 }

type Listener = (payload: unknown) => void

export function createHttpTransport(
  token: string | null,
  fetchImpl: typeof fetch = fetch,
): PortalTransport {
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` }
  const listeners = new Map<string, Set<Listener>>()
  let streaming = false

  async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    try {
      const response = await fetchImpl(`/bridge/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input === undefined ? {} : { input }),
      })
      if (response.status === 401) return { ok: false, error: { code: 'bridge.unauthorized' } }
      return (await response.json()) as Result<unknown>
    } catch {
      return { ok: false, error: { code: 'bridge.unreachable' } }
    }
  }

  function dispatch(block: string): void {
    let event = ''
    let data = ''
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data += line.slice(6)
    }
    if (!event || !data) return
    const payload: unknown = JSON.parse(data)
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }

  async function stream(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetchImpl('/bridge/events', { headers })
        if (response.status === 401 || !response.body) return
        attempt = 1
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += value
          let boundary: number
          while ((boundary = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, boundary))
            buffer = buffer.slice(boundary + 2)
          }
        }
      } catch {
        // The host restarted or the network blipped: reconnect after a back-off.
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt, RECONNECT_BACKOFF)))
    }
  }

  function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
    const set = listeners.get(event) ?? new Set<Listener>()
    set.add(listener as Listener)
    listeners.set(event, set)
    if (!streaming) {
      streaming = true
      void stream()
    }
    return () => {
      set.delete(listener as Listener)
    }
  }

  return { invoke, subscribe }
}
