/**
 * The composition root: the only module that touches Electron's app lifecycle. It builds the core
 * (services + handler registry, shared with the web host), mounts the registry on IPC, serves the
 * renderer over app://, and opens the one main window.
 */
import { join } from 'node:path'
import { autoUpdater } from 'electron-updater'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  webContents,
} from 'electron'
import type { Language } from '../../shared/contract'
import { languageForLocale } from '../../shared/i18n/translate'
import { forwardEventsToWindows, mountRegistryOnIpc } from '../ipc/electronIpc'
import { createSenderCheck } from '../ipc/trustedSender'
import { createDocumentOutput } from '../platform/documentOutput'
import { createNativeNotifier } from '../platform/notifications'
import { createSafeStorageSecretStore } from '../platform/safeStorageSecretStore'
import { startUpdater } from '../platform/updater'
import { startSandbox } from '../../server/sandbox'
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './appProtocol'
import { createCore } from './core'
import { loadManagedConfig, managedConfigFile } from './managedConfig'
import { buildMenuTemplate } from './menu'
import { installPermissionHandlers } from './permissions'
import { translatorFor } from './messages'
import { rendererLocation } from './rendererLocation'
import { createMainWindow } from './windows'
import { createWindowStateStore, fitToDisplays } from './windowState'

// The dev server URL is honoured only when not packaged (see rendererLocation).
const { devServerUrl, rendererUrl, isDevelopment } = rendererLocation({
  env: process.env,
  isPackaged: app.isPackaged,
  appOrigin: APP_ORIGIN,
})
// Bundled by scripts/build-electron.mjs into dist/electron/{main,preload}.cjs.
const preloadPath = join(__dirname, 'preload.cjs')
const rendererDirectory = join(__dirname, '..', 'renderer')

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  const dataDirectory = app.getPath('userData')
  const core = createCore({
    appInfo: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      locale: app.getLocale(),
      dataDirectory,
      runtime: 'electron',
      electronVersion: process.versions.electron ?? null,
    },
    isTrustedSender: createSenderCheck(devServerUrl ? [APP_ORIGIN, devServerUrl] : [APP_ORIGIN]),
    secrets: createSafeStorageSecretStore({
      safeStorage,
      file: join(dataDirectory, 'secrets.json'),
    }),
    startSandbox: () =>
      startSandbox({ dataFile: join(dataDirectory, 'sandbox', 'sandbox.sqlite') }),
    managed: loadManagedConfig(managedConfigFile({ platform: process.platform, env: process.env })),
    documentOutput: createDocumentOutput({ parentWindow: () => mainWindow }),
    notify: createNativeNotifier(Notification, {
      onClick: () => {
        if (mainWindow?.isMinimized()) mainWindow.restore()
        mainWindow?.focus()
      },
    }),
  })
  // Quit only after the cache and the outbox are on disk: hold the first quit, close, quit again.
  let closed = false
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    void core.close().finally(() => {
      closed = true
      app.quit()
    })
  })

  installPermissionHandlers(session.defaultSession)
  // Off unless the IT configuration sets updateUrl (and the app is packaged).
  const updates = startUpdater(autoUpdater, { url: core.updateUrl(), isPackaged: app.isPackaged })
  app.once('will-quit', () => updates.stop())
  registerAppProtocol(protocol, rendererDirectory)
  mountRegistryOnIpc(ipcMain, core.registry)
  forwardEventsToWindows(core.hub, () => webContents.getAllWebContents())

  const windowState = createWindowStateStore(dataDirectory)
  const bounds = fitToDisplays(
    await windowState.load(),
    screen.getAllDisplays().map((display) => display.workArea),
  )
  const languageOf = (setting: Language | null) => setting ?? languageForLocale(app.getLocale())

  let mainWindow: BrowserWindow | undefined
  const openWindow = (title: string) => {
    mainWindow = createMainWindow({
      preloadPath,
      rendererUrl,
      bounds,
      title,
      isDevelopment,
      onBoundsChanged: (next) => void windowState.save(next),
    })
    mainWindow.on('closed', () => (mainWindow = undefined))
  }

  const applyLanguage = (language: Language) => {
    const t = translatorFor(language)
    const template = buildMenuTemplate(
      t,
      {
        openSettings: () => core.hub.emit('app:navigate', { path: '/settings' }),
        // Failures show in the sync status (sync:progress); nothing more to report here.
        syncNow: () => void core.workspace.syncNow().catch(() => undefined),
        print: () => core.hub.emit('app:command', { command: 'print' }),
        showAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: t('app.meta.name'),
            message: t('app.meta.name'),
            detail: t('menu.help.aboutDetail', { version: app.getVersion() }),
          }),
      },
      { isMac: process.platform === 'darwin', isDevelopment },
    )
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
    mainWindow?.setTitle(t('app.meta.name'))
  }

  const settings = await core.settings.get()
  applyLanguage(languageOf(settings.language))
  core.hub.subscribe((event, payload) => {
    if (event === 'settings:changed')
      applyLanguage(languageOf((payload as { language: Language | null }).language))
  })
  openWindow(translatorFor(languageOf(settings.language))('app.meta.name'))

  app.on('second-instance', () => {
    if (!mainWindow)
      return openWindow(translatorFor(languageOf(settings.language))('app.meta.name'))
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0)
      openWindow(translatorFor(languageOf(settings.language))('app.meta.name'))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
