import { beforeEach, describe, expect, it } from 'vitest'
import { BrowserWindow, shell } from '../../fixtures/electronStub'
import { createMainWindow } from '../../../electron/main/windows'
import { rendererLocation } from '../../../electron/main/rendererLocation'

function open(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  createMainWindow({
    preloadPath: '/app/dist/electron/preload.cjs',
    rendererUrl: 'app://dealerdesk/index.html',
    bounds: { width: 1300, height: 820, maximized: false },
    title: 'DealerDesk',
    isDevelopment: false,
    ...overrides,
  })
  return BrowserWindow.created.at(-1)!
}

describe('main window factory (against the electron stub)', () => {
  beforeEach(() => {
    BrowserWindow.created.length = 0
    shell.opened.length = 0
  })

  it('locks the renderer down: isolation, sandbox, no Node, web security, no devtools in production', () => {
    const window = open()
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/dist/electron/preload.cjs',
    })
    expect(window.loadedUrl).toBe('app://dealerdesk/index.html')
  })

  it('restores the remembered size and position', () => {
    const window = open({ bounds: { x: 40, y: 60, width: 1400, height: 900, maximized: false } })
    expect(window.options).toMatchObject({ x: 40, y: 60, width: 1400, height: 900 })
  })

  it('denies every new window and sends allowlisted https links to the system browser', () => {
    const window = open()
    const handler = window.webContents.windowOpenHandler!
    expect(handler({ url: 'https://www.fxiaoke.com/help' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'http://www.fxiaoke.com/' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(shell.opened).toEqual(['https://www.fxiaoke.com/help'])
  })

  it('blocks navigation away from the app', () => {
    const window = open()
    let prevented = 0
    const event = { preventDefault: () => prevented++ }
    window.webContents.emit('will-navigate', event, 'https://evil.example/phish')
    window.webContents.emit('will-navigate', event, 'file:///etc/passwd')
    window.webContents.emit('will-redirect', event, 'https://evil.example/')
    window.webContents.emit('will-attach-webview', event)
    expect(prevented).toBe(4)
    window.webContents.emit('will-navigate', event, 'app://dealerdesk/index.html#/orders')
    expect(prevented).toBe(4)
  })

  it('reports bounds when the window closes, so they can be remembered', () => {
    const saved: unknown[] = []
    const window = open({ onBoundsChanged: (bounds) => saved.push(bounds) })
    window.emit('close')
    expect(saved).toEqual([{ x: 10, y: 20, width: 1200, height: 800, maximized: false }])
  })
})

describe('renderer location', () => {
  const appOrigin = 'app://dealerdesk'
  const env = { DEALERDESK_DEV_SERVER_URL: 'http://127.0.0.1:5173/' }
  it('honours the dev server URL only when not packaged', () => {
    expect(rendererLocation({ env, isPackaged: false, appOrigin })).toEqual({
      devServerUrl: 'http://127.0.0.1:5173/',
      rendererUrl: 'http://127.0.0.1:5173/',
      isDevelopment: true,
    })
    expect(rendererLocation({ env, isPackaged: true, appOrigin })).toEqual({
      devServerUrl: undefined,
      rendererUrl: 'app://dealerdesk/index.html',
      isDevelopment: false,
    })
    expect(rendererLocation({ env: {}, isPackaged: false, appOrigin }).rendererUrl).toBe(
      'app://dealerdesk/index.html',
    )
  })
})
