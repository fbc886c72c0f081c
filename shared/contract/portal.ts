/**
 * `window.portal`: one async function per contract method and one `on<Event>` subscription per
 * event. Built from the contract by preload (over ipcRenderer) and by the renderer's HTTP transport
 * (over the web host), so nobody hand-writes a switch over channels.
 */
import type { z } from 'zod'
import {
  contract,
  events,
  type Contract,
  type EventName,
  type EventPayload,
  type Events,
} from './index'
import type { Result } from './result'

type MethodFunction<Spec> = Spec extends {
  input: infer I extends z.ZodType
  output: infer O extends z.ZodType
}
  ? undefined extends z.input<I>
    ? (input?: z.input<I>) => Promise<Result<z.output<O>>>
    : (input: z.input<I>) => Promise<Result<z.output<O>>>
  : never

type DomainApi<Methods> = { [M in keyof Methods]: MethodFunction<Methods[M]> }

/** `settings:changed` → `onSettingsChanged`. */
export type SubscriptionName<E extends string> = E extends `${infer D}:${infer N}`
  ? `on${Capitalize<D>}${Capitalize<N>}`
  : never

export type Unsubscribe = () => void

type Subscriptions = {
  [E in keyof Events as SubscriptionName<E & string>]: (
    listener: (payload: z.output<Events[E]>) => void,
  ) => Unsubscribe
}

export type PortalApi = { [D in keyof Contract]: DomainApi<Contract[D]> } & Subscriptions

export interface PortalTransport {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe
}

export function subscriptionName(event: string): string {
  const [domain = '', name = ''] = event.split(':')
  const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
  return `on${capitalize(domain)}${capitalize(name)}`
}

/** Event channel on the wire, distinct from every method channel. */
export function eventChannel(event: string): string {
  return `event:${event}`
}

export function buildPortal(transport: PortalTransport): PortalApi {
  const portal: Record<string, unknown> = {}
  for (const [domain, methods] of Object.entries(contract)) {
    const api: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {}
    for (const method of Object.keys(methods)) {
      const channel = `${domain}:${method}`
      api[method] = (input?: unknown) => transport.invoke(channel, input)
    }
    portal[domain] = api
  }
  for (const event of Object.keys(events) as EventName[]) {
    portal[subscriptionName(event)] = (listener: (payload: EventPayload<typeof event>) => void) =>
      transport.subscribe(event, listener)
  }
  return portal as PortalApi
}
