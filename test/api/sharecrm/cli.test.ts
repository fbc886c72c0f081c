/** `npm run sharecrm-sim` as a process: the ready line, flags, and a call through the client. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import { UpstreamRefusedError } from '../../../server/backends/sharecrm/errors'
import { ShareCrmClient } from '../../../server/backends/sharecrm/openApiClient'
import { SIM_CREDENTIALS } from '../../../server/sharecrm-sim/server'

const root = fileURLToPath(new URL('../../../', import.meta.url))
let child: ChildProcess | undefined

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  child = undefined
})

function start(args: string[]): Promise<{ url: string; output: () => string }> {
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/sharecrm-sim/cli.ts', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child = started
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ShareCRM simulator ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match) resolve({ url: match[1]!, output: () => output })
    }
    started.stdout!.on('data', onData)
    started.stderr!.on('data', onData)
    started.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
  })
}

it('prints the ready line, serves the seed and honours --fault and --calls-per-20s', async () => {
  const { url } = await start([
    '--port',
    '0',
    '--products',
    '60',
    '--fault',
    'data/query:10001:1',
    '--calls-per-20s',
    '50',
  ])
  const client = new ShareCrmClient({
    baseUrl: url,
    ...SIM_CREDENTIALS,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  })
  await expect(client.count('ProductObj')).rejects.toBeInstanceOf(UpstreamRefusedError)
  expect(await client.count('ProductObj')).toBe(60)
  const state = (await (await fetch(`${url}/sim/state`)).json()) as {
    settings: { callsPer20s: number }
    counters: { tokensIssued: number }
  }
  expect(state.settings.callsPer20s).toBe(50)
  expect(state.counters.tokensIssued).toBe(1)
})

it('refuses bad flags with the usage', async () => {
  await expect(start(['--port', 'x'])).rejects.toThrow(
    /--port must be a whole number[\s\S]*npm run sharecrm-sim/,
  )
})
