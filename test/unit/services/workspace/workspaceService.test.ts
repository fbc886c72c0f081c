import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { PortalError, type Notice, type SessionState } from '../../../../shared/contract'
import { cacheFilePath } from '../../../../electron/services/cache/cacheDatabase'
import type { SessionService } from '../../../../electron/services/session/sessionService'
import { createWorkspaceService } from '../../../../electron/services/workspace/workspaceService'

const signedIn: SessionState = {
  status: 'signedIn',
  user: { account: 'agent.li', displayName: '李强', preferredLanguage: 'zh-CN' },
  dealers: [
    {
      id: 'd_sh',
      code: 'SH',
      nameZh: '上海',
      nameEn: 'Shanghai',
      city: '上海',
      roles: ['orderer'],
    },
  ],
  dealerId: 'd_sh',
  server: { kind: 'sandbox', url: null },
  connectivity: 'online',
}

/** A session whose gateway is unreachable: enough for the workspace to open caches and try syncs. */
function unreachableSession(): SessionService & { connectivity: boolean[] } {
  const connectivity: boolean[] = []
  return {
    connectivity,
    state: () => signedIn,
    me: () => null,
    server: () => ({ key: 'sandbox', url: '' }),
    client: () => {
      throw new PortalError('upstream.unreachable')
    },
    loginDefaults: async () => ({ server: { kind: 'sandbox' }, account: '', locked: false }),
    restore: async () => signedIn,
    login: async () => signedIn,
    logout: async () => signedIn,
    switchDealer: async () => signedIn,
    setConnectivity: (online) => connectivity.push(online),
  }
}

describe('workspace', () => {
  it('moves a corrupt cache file aside, tells the user in a notice, and opens a fresh cache', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-workspace-'))
    const file = cacheFilePath(dataDirectory, 'sandbox', 'd_sh')
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, 'this is not a database')
    const notices: Notice[] = []
    const session = unreachableSession()
    const workspace = createWorkspaceService({
      dataDirectory,
      session,
      onNotice: (notice) => notices.push(notice),
    })
    await workspace.activate(signedIn)
    expect(notices).toContainEqual({ level: 'warning', code: 'notice.cache.rebuilt' })
    const kept = (await readdir(dirname(file))).find((name) => name.includes('.corrupt-'))
    expect(kept).toBeDefined()
    expect(await readFile(join(dirname(file), kept!), 'utf8')).toBe('this is not a database')
    expect(await workspace.homeSummary()).toMatchObject({
      dealerId: 'd_sh',
      balances: null,
      lastSyncedAt: null,
    })
    await workspace.close()
  })

  it('marks the session offline when the gateway cannot be reached, without an error notice', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-workspace-'))
    const notices: Notice[] = []
    const session = unreachableSession()
    const onSyncProgress = vi.fn()
    const workspace = createWorkspaceService({
      dataDirectory,
      session,
      onNotice: (notice) => notices.push(notice),
      onSyncProgress,
    })
    await workspace.activate(signedIn)
    const status = await workspace.syncNow()
    expect(status.lastError).toEqual({ code: 'upstream.unreachable' })
    expect(session.connectivity.at(-1)).toBe(false)
    expect(notices).toEqual([])
    expect(onSyncProgress).toHaveBeenCalled()
    await workspace.close()
  })

  it('writes a submission answer only into the open cache of the same server and dealer', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-workspace-'))
    const workspace = createWorkspaceService({ dataDirectory, session: unreachableSession() })
    const record = {
      id: 'ret_1',
      number: 'RT1',
      status: 'under_review',
      lines: [],
      createdAt: 1,
      modifiedAt: 5,
    }
    expect(
      await workspace.absorb({ serverKey: 'sandbox', dealerId: 'd_sh' }, 'returns', record),
    ).toBe(false)
    await workspace.activate(signedIn)
    expect(
      await workspace.absorb({ serverKey: 'sandbox', dealerId: 'd_cd' }, 'returns', record),
    ).toBe(false)
    expect(
      await workspace.absorb(
        { serverKey: 'http://elsewhere', dealerId: 'd_sh' },
        'returns',
        record,
      ),
    ).toBe(false)
    expect(
      await workspace.database()!.get('SELECT id FROM returns WHERE id = ?', ['ret_1']),
    ).toBeUndefined()
    expect(
      await workspace.absorb({ serverKey: 'sandbox', dealerId: 'd_sh' }, 'returns', record),
    ).toBe(true)
    expect(
      await workspace.database()!.get('SELECT number FROM returns WHERE id = ?', ['ret_1']),
    ).toEqual({ number: 'RT1' })
    await workspace.close()
  })
})

describe('workspace.current', () => {
  it('answers the cache once the opening under way is done, and null once signed out', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-workspace-'))
    const workspace = createWorkspaceService({ dataDirectory, session: unreachableSession() })
    expect(await workspace.current()).toBeNull()
    const opening = workspace.activate(signedIn)
    expect(workspace.database()).toBeNull()
    const current = await workspace.current()
    expect(current).not.toBeNull()
    expect(current).toBe(workspace.database())
    await opening
    void workspace.activate({ ...signedIn, status: 'signedOut', dealerId: null, dealers: [] })
    expect(await workspace.current()).toBeNull()
    await workspace.close()
  })
})
