import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../../electron/main/core'
import { createFileSecretStore } from '../../../electron/services/session/secretStore'
import { TEST_APP_INFO } from '../../fixtures/fakeHandlers'

describe('notices raised at start-up', () => {
  it('are kept until the renderer takes them once (a damaged settings file)', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-early-'))
    await writeFile(join(dataDirectory, 'settings.json'), '{ not json')
    const core = createCore({
      appInfo: { ...TEST_APP_INFO, dataDirectory },
      isTrustedSender: () => true,
      secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
      startSandbox: () => Promise.reject(new Error('not needed')),
    })
    await core.ready
    const sender = { senderUrl: 'app://dealerdesk/' }
    const first = await core.registry.invoke('app:takeEarlyNotices', undefined, sender)
    expect(first).toEqual({ ok: true, data: [{ level: 'warning', code: 'notice.settings.reset' }] })
    expect(await core.registry.invoke('app:takeEarlyNotices', undefined, sender)).toEqual({
      ok: true,
      data: [],
    })
    await core.close()
  })
})
