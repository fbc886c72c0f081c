/**
 * `npm run gateway -- --config gateway.yml [--port 8788] [--host 127.0.0.1]` serves the Portal
 * API over ShareCRM (sharecrm.md "Running it") and prints `Gateway ready: http://<host>:<port>`.
 * Administration, on the same database:
 *   users add --account <a> --name <n> --member <AccountObj _id>:<role>[,<role>] ... --password-stdin
 *   users list | users disable <account> | users reset-password <account> --password-stdin
 *   check       signs in to ShareCRM and lists every mapped field the tenant lacks (exit 1 if any)
 *   statements issue <dealerId> <YYYY-MM> | resolve <dealerId> <YYYY-MM> <note> | list <dealerId>
 *               the manufacturer's side of statement confirmation (from the mirror's ledger;
 *               written to ShareCRM as dd_statement__c)
 */
import { parseArgs } from 'node:util'
import { ApiError } from '../errors'
import { openGatewayDb } from '../backends/sharecrm/db/driver'
import { createUserStore, parseMember } from '../backends/sharecrm/db/users'
import { mappedFields, OPTIONAL_FIELDS } from '../backends/sharecrm/fieldMap'
import { ShareCrmClient } from '../backends/sharecrm/openApiClient'
import { ConfigError, loadConfig, type GatewayConfig } from './config'
import { openShareCrmServices, startShareCrmGateway } from './start'

const USAGE = `npm run gateway -- --config gateway.yml [--port 8788] [--host 127.0.0.1] [--log]
npm run gateway -- users add --config gateway.yml --account li.qiang --name 李强 \\
    --member <AccountObj _id>:orderer [--member <id>:accountant ...] --password-stdin
npm run gateway -- users list | disable <account> | reset-password <account> --password-stdin  [--config ...]
npm run gateway -- check --config gateway.yml
npm run gateway -- statements issue <dealerId> <YYYY-MM> | resolve <dealerId> <YYYY-MM> <note> | list <dealerId>  [--config ...]`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    log: { type: 'boolean' },
    account: { type: 'string' },
    name: { type: 'string' },
    member: { type: 'string', multiple: true },
    language: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    help: { type: 'boolean' },
  },
})

async function readPassword(): Promise<string> {
  if (!values['password-stdin'])
    throw new ConfigError('give the password on standard input with --password-stdin')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (!password) throw new ConfigError('no password on standard input')
  return password
}

function config(requireUpstream: boolean): GatewayConfig {
  const loaded = loadConfig(values.config, process.env, { requireUpstream })
  if (values.port !== undefined) loaded.port = Number(values.port)
  if (values.host !== undefined) loaded.host = values.host
  return loaded
}

async function users(command: string | undefined, args: string[]): Promise<void> {
  const db = await openGatewayDb(config(false).database)
  try {
    const store = createUserStore(db)
    await runUsers(store, command, args)
  } catch (error) {
    // Bad input (a malformed --member, a short password, an existing account) is a plain message.
    if (error instanceof Error && !(error instanceof ConfigError) && error.constructor === Error)
      throw new ConfigError(error.message)
    throw error
  } finally {
    await db.close()
  }
}

async function runUsers(
  store: ReturnType<typeof createUserStore>,
  command: string | undefined,
  args: string[],
): Promise<void> {
  {
    if (command === 'add') {
      if (!values.account || !values.name)
        throw new ConfigError('users add needs --account and --name')
      const memberships = (values.member ?? []).map(parseMember)
      if (memberships.length === 0)
        throw new ConfigError('users add needs at least one --member <AccountObj _id>:<role>')
      const language = values.language === 'en-US' ? 'en-US' : 'zh-CN'
      const user = await store.add({
        account: values.account,
        displayName: values.name,
        password: await readPassword(),
        memberships,
        preferredLanguage: language,
      })
      console.log(`Added ${user.account} (${user.displayName})`)
    } else if (command === 'list') {
      for (const user of await store.list()) {
        const members = user.memberships
          .map((membership) => `${membership.dealerId}:${membership.roles.join(',')}`)
          .join(' ')
        console.log(
          `${user.account}\t${user.displayName}\t${user.disabled ? 'disabled' : 'active'}\t${members}`,
        )
      }
    } else if (command === 'disable') {
      if (!args[0] || !(await store.disable(args[0])))
        throw new ConfigError(`no account "${args[0] ?? ''}"`)
      console.log(`Disabled ${args[0]}; its sessions are ended`)
    } else if (command === 'reset-password') {
      if (!args[0]) throw new ConfigError('users reset-password <account> --password-stdin')
      if (!(await store.resetPassword(args[0], await readPassword())))
        throw new ConfigError(`no account "${args[0]}"`)
      console.log(`New password set for ${args[0]}; its sessions are ended`)
    } else throw new ConfigError(`unknown users command "${command ?? ''}"\n\n${USAGE}`)
  }
}

/** The manufacturer's side of statement periods, on the gateway's database and ShareCRM. */
async function statements(command: string | undefined, args: string[]): Promise<void> {
  const [dealerId, period, ...words] = args
  if (!dealerId || (command !== 'list' && !period))
    throw new ConfigError(`statements ${command ?? ''} needs <dealerId> <YYYY-MM>\n\n${USAGE}`)
  const services = await openShareCrmServices(config(true), { poll: false, instanceId: 'cli' })
  try {
    const port = services.backend.statements
    const operator = 'gateway-cli'
    let result: unknown
    if (command === 'list') result = await port.list(dealerId)
    else if (command === 'issue') result = await port.issue(dealerId, String(period), operator)
    else if (command === 'resolve') {
      const note = words.join(' ').trim()
      if (!note) throw new ConfigError('statements resolve needs a resolution note')
      result = await port.resolve(dealerId, String(period), operator, note)
    } else throw new ConfigError(`unknown statements command "${command ?? ''}"\n\n${USAGE}`)
    console.log(JSON.stringify(result, null, 2))
  } catch (error) {
    if (error instanceof ApiError)
      throw new ConfigError(`${error.code} ${JSON.stringify(error.params)}`)
    throw error
  } finally {
    await services.backend.close()
  }
}

/** Signs in and describes every mapped object; answers the exit code. */
async function check(): Promise<number> {
  const loaded = config(true)
  const client = new ShareCrmClient({ ...loaded.sharecrm, retry: { attempts: 3 } })
  await client.token()
  console.log(`Signed in to ${loaded.sharecrm.baseUrl}`)
  const fields = mappedFields(loaded.fieldMap)
  const objects = [...new Set(fields.map((field) => field.object))]
  let missing = 0
  for (const object of objects) {
    let described: Record<string, unknown>
    try {
      described = (await client.describe(object)).fields
    } catch (error) {
      console.log(`${object}: cannot describe (${(error as Error).message})`)
      missing += fields.filter((field) => field.object === object).length
      continue
    }
    for (const field of fields.filter((candidate) => candidate.object === object)) {
      if (field.field in described) continue
      const optional = OPTIONAL_FIELDS.has(field.key)
      if (!optional) missing++
      console.log(
        `${object}.${field.field} missing (mapping ${field.key})${optional ? ': optional, defaults apply' : ''}`,
      )
    }
  }
  console.log(
    missing
      ? `${missing} mapped field(s) missing`
      : `All ${fields.length} mapped fields present in ${objects.length} objects`,
  )
  return missing ? 1 : 0
}

async function serve(): Promise<void> {
  const loaded = config(true)
  const log = {
    info: (message: string, fields?: Record<string, unknown>) =>
      values.log ? console.log(message, JSON.stringify(fields ?? {})) : undefined,
    warn: (message: string, fields?: Record<string, unknown>) =>
      console.warn(message, JSON.stringify(fields ?? {})),
  }
  const gateway = await startShareCrmGateway(loaded, { logger: values.log ?? false, log })
  console.log(`Gateway ready: ${gateway.url}`)
  const stop = async () => {
    await gateway.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

const [command, subcommand, ...rest] = positionals
try {
  if (values.help || command === 'help') console.log(USAGE)
  else if (command === 'users') await users(subcommand, rest)
  else if (command === 'check') process.exitCode = await check()
  else if (command === 'statements') await statements(subcommand, rest)
  else if (command) throw new ConfigError(`unknown command "${command}"\n\n${USAGE}`)
  else await serve()
} catch (error) {
  const plain =
    error instanceof ConfigError || (error instanceof Error && error.name.startsWith('Upstream'))
  console.error(
    plain
      ? (error as Error).message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : error,
  )
  process.exitCode = 1
}
