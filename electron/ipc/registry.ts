/**
 * The one handler registry. Every bridge call, whether it arrives over Electron IPC or over the
 * web host's HTTP endpoint, goes through `invoke`, which:
 *   1. checks the caller's origin (the sender frame URL, or the web host's own origin),
 *   2. parses the input with the contract's schema (bad input → `bridge.invalidInput`),
 *   3. calls the handler,
 *   4. checks the output against the contract and wraps it in the Result envelope.
 * It never throws: the renderer always gets `{ ok: true, data } | { ok: false, error }`.
 */
import type { z } from 'zod'
import {
  channels,
  methodSpec,
  PortalError,
  failure,
  type Channel,
  type Contract,
  type Result,
} from '../../shared/contract'

export interface CallContext {
  /** URL of the frame that made the call (Electron: senderFrame.url; web host: its own origin). */
  senderUrl: string
}

type Handler<Spec> = Spec extends {
  input: infer I extends z.ZodType
  output: infer O extends z.ZodType
}
  ? (input: z.output<I>, context: CallContext) => Promise<z.input<O>> | z.input<O>
  : never

/** One function per contract method; the compiler refuses a missing or mistyped handler. */
export type Handlers = {
  [D in keyof Contract]: { [M in keyof Contract[D]]: Handler<Contract[D][M]> }
}

export interface Logger {
  error(message: string, detail?: unknown): void
}

export interface Registry {
  readonly channels: readonly Channel[]
  invoke(channel: string, input: unknown, context: CallContext): Promise<Result<unknown>>
}

export interface RegistryOptions {
  handlers: Handlers
  isTrustedSender: (senderUrl: string) => boolean
  logger?: Logger
}

function firstIssue(error: z.ZodError): { path: string; issue: string } {
  const issue = error.issues[0]
  return { path: issue ? issue.path.map(String).join('.') : '', issue: issue?.code ?? 'invalid' }
}

export function createRegistry({
  handlers,
  isTrustedSender,
  logger = console,
}: RegistryOptions): Registry {
  const table = handlers as unknown as Record<
    string,
    Record<string, (input: unknown, context: CallContext) => unknown>
  >

  async function invoke(
    channel: string,
    input: unknown,
    context: CallContext,
  ): Promise<Result<unknown>> {
    const spec = methodSpec(channel)
    if (!spec) return failure('bridge.unknownChannel', { channel })
    if (!isTrustedSender(context.senderUrl)) {
      logger.error(`bridge: refused ${channel} from untrusted sender ${context.senderUrl}`)
      return failure('bridge.untrustedSender')
    }
    const parsed = spec.input.safeParse(input)
    if (!parsed.success)
      return failure('bridge.invalidInput', { channel, ...firstIssue(parsed.error) })

    const [domain = '', method = ''] = channel.split(':')
    const handler = table[domain]?.[method]
    if (!handler) return failure('bridge.unknownChannel', { channel })
    try {
      const data = await handler(parsed.data, context)
      const output = spec.output.safeParse(data)
      if (!output.success) {
        logger.error(
          `bridge: ${channel} returned output that breaks the contract`,
          output.error.issues,
        )
        return failure('bridge.invalidOutput', { channel })
      }
      return { ok: true, data: output.data }
    } catch (error) {
      if (error instanceof PortalError) return { ok: false, error: error.toData() }
      logger.error(`bridge: ${channel} failed`, error)
      return failure('app.unexpected', { channel })
    }
  }

  return { channels, invoke }
}
