/**
 * The application menu, in the UI language, rebuilt when the language changes. Built as a plain
 * template (testable without Electron); the composition root hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { Translate } from '../../shared/i18n/translate'

export interface MenuActions {
  openSettings(): void
  showAbout(): void
  /** Syncs the signed-in workspace now (core.workspace.syncNow). */
  syncNow(): void
  /** Asks the renderer to print the visible document ('app:command' { command: 'print' }). */
  print(): void
}

export function buildMenuTemplate(
  t: Translate,
  actions: MenuActions,
  options: { isMac: boolean; isDevelopment: boolean },
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: t('menu.file.title'),
    submenu: [
      { label: t('menu.file.syncNow'), accelerator: 'F5', click: () => actions.syncNow() },
      { label: t('menu.file.print'), accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
      { type: 'separator' },
      {
        label: t('menu.file.preferences'),
        accelerator: 'CmdOrCtrl+,',
        click: () => actions.openSettings(),
      },
      { type: 'separator' },
      options.isMac
        ? { label: t('menu.file.close'), role: 'close' }
        : { label: t('menu.file.quit'), role: 'quit' },
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: t('menu.edit.title'),
    submenu: [
      { label: t('menu.edit.undo'), role: 'undo' },
      { label: t('menu.edit.redo'), role: 'redo' },
      { type: 'separator' },
      { label: t('menu.edit.cut'), role: 'cut' },
      { label: t('menu.edit.copy'), role: 'copy' },
      { label: t('menu.edit.paste'), role: 'paste' },
      { label: t('menu.edit.selectAll'), role: 'selectAll' },
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: t('menu.view.title'),
    submenu: [
      { label: t('menu.view.reload'), role: 'reload' },
      ...(options.isDevelopment
        ? [{ label: t('menu.view.devTools'), role: 'toggleDevTools' } as const]
        : []),
      { type: 'separator' },
      { label: t('menu.view.resetZoom'), role: 'resetZoom' },
      { label: t('menu.view.zoomIn'), role: 'zoomIn' },
      { label: t('menu.view.zoomOut'), role: 'zoomOut' },
      { type: 'separator' },
      { label: t('menu.view.fullScreen'), role: 'togglefullscreen' },
    ],
  }
  const window: MenuItemConstructorOptions = {
    label: t('menu.window.title'),
    submenu: [
      { label: t('menu.window.minimize'), role: 'minimize' },
      { label: t('menu.window.zoom'), role: 'zoom' },
    ],
  }
  const help: MenuItemConstructorOptions = {
    label: t('menu.help.title'),
    role: 'help',
    submenu: [{ label: t('menu.help.about'), click: () => actions.showAbout() }],
  }
  return [file, edit, view, window, help]
}
