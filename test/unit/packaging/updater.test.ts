import { describe, expect, it, vi } from 'vitest'
import {
  startUpdater,
  validFeedUrl,
  type UpdaterLike,
  type UpdaterOptions,
} from '../../../electron/platform/updater'

function fakeUpdater(
  check: () => Promise<unknown> = () => Promise.resolve({ updateInfo: { version: '0.2.0' } }),
) {
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(check),
  }
  return updater as typeof updater & UpdaterLike
}

function fakeTimers() {
  const scheduled: Array<{ kind: 'once' | 'every'; ms: number; run: () => void; handle: number }> =
    []
  const cleared: unknown[] = []
  const timers: NonNullable<UpdaterOptions['timers']> = {
    setTimeout: (run, ms) =>
      scheduled.push({ kind: 'once', ms, run, handle: scheduled.length + 1 }),
    setInterval: (run, ms) =>
      scheduled.push({ kind: 'every', ms, run, handle: scheduled.length + 1 }),
    clear: (handle) => cleared.push(handle),
  }
  return { timers, scheduled, cleared }
}

const log = { info: vi.fn(), warn: vi.fn() }

describe('updater (electron-updater, generic provider)', () => {
  it('is off without a URL: no feed, no check, no timers', async () => {
    const updater = fakeUpdater()
    const { timers, scheduled } = fakeTimers()
    const control = startUpdater(updater, { url: null, isPackaged: true, timers, log })
    expect(control.enabled).toBe(false)
    expect(await control.checkNow()).toEqual({ state: 'disabled', reason: 'no-url' })
    expect(updater.setFeedURL).not.toHaveBeenCalled()
    expect(updater.checkForUpdates).not.toHaveBeenCalled()
    expect(scheduled).toHaveLength(0)
  })

  it('is off for a non-http(s) URL or an unpackaged app', async () => {
    for (const [url, isPackaged, reason] of [
      ['file:///etc/passwd', true, 'invalid-url'],
      ['not a url', true, 'invalid-url'],
      ['https://user:pw@updates.example.com/', true, 'invalid-url'],
      ['https://updates.example.com/', false, 'not-packaged'],
    ] as const) {
      const updater = fakeUpdater()
      const control = startUpdater(updater, { url, isPackaged, timers: fakeTimers().timers, log })
      expect(await control.checkNow()).toEqual({ state: 'disabled', reason })
      expect(updater.setFeedURL).not.toHaveBeenCalled()
    }
  })

  it('sets the generic feed from the configured URL and schedules checks', async () => {
    const updater = fakeUpdater()
    const { timers, scheduled, cleared } = fakeTimers()
    const control = startUpdater(updater, {
      url: 'https://updates.example.com/dealerdesk',
      isPackaged: true,
      firstCheckDelayMs: 5_000,
      intervalMs: 3_600_000,
      timers,
      log,
    })
    expect(control.enabled).toBe(true)
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example.com/dealerdesk',
    })
    expect(updater).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
    })
    expect(scheduled.map(({ kind, ms }) => [kind, ms])).toEqual([
      ['once', 5_000],
      ['every', 3_600_000],
    ])
    scheduled[0]!.run()
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1)
    expect(await control.checkNow()).toEqual({ state: 'checked', version: '0.2.0' })
    control.stop()
    expect(cleared).toEqual([1, 2])
  })

  it('reports a failed check without throwing', async () => {
    const updater = fakeUpdater(() => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED')))
    const control = startUpdater(updater, {
      url: 'https://updates.example.com/',
      isPackaged: true,
      timers: fakeTimers().timers,
      log,
    })
    expect(await control.checkNow()).toEqual({
      state: 'failed',
      message: 'net::ERR_NAME_NOT_RESOLVED',
    })
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('net::ERR_NAME_NOT_RESOLVED'))
  })

  it('accepts only https URLs without credentials (plain http only for loopback)', () => {
    expect(validFeedUrl('https://updates.example.com/a')).toBe('https://updates.example.com/a')
    expect(validFeedUrl('http://10.0.0.5:8080/')).toBeNull()
    expect(validFeedUrl('http://updates.example.com/')).toBeNull()
    expect(validFeedUrl('http://127.0.0.1:8080/feed/')).toBe('http://127.0.0.1:8080/feed/')
    expect(validFeedUrl('http://[::1]:8080/')).toBe('http://[::1]:8080/')
    expect(validFeedUrl('https://user:secret@updates.example.com/')).toBeNull()
    expect(validFeedUrl('')).toBeNull()
    expect(validFeedUrl(undefined)).toBeNull()
    expect(validFeedUrl('ftp://updates.example.com/')).toBeNull()
  })
})
