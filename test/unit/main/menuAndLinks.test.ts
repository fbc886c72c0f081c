import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { buildMenuTemplate } from '../../../electron/main/menu'
import { translatorFor } from '../../../electron/main/messages'
import { isAllowedExternalUrl } from '../../../electron/platform/externalLinks'
import { fitToDisplays } from '../../../electron/main/windowState'

const calls: string[] = []
const actions = {
  openSettings: () => calls.push('settings'),
  showAbout: () => calls.push('about'),
  syncNow: () => calls.push('sync'),
  print: () => calls.push('print'),
}
const labels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label)

describe('application menu', () => {
  it('is in Chinese when the UI is Chinese, from the same locale files as the renderer', () => {
    const template = buildMenuTemplate(translatorFor('zh-CN'), actions, {
      isMac: false,
      isDevelopment: false,
    })
    expect(labels(template)).toEqual(['文件', '编辑', '视图', '窗口', '帮助'])
  })

  it('is in English when the UI is English', () => {
    const template = buildMenuTemplate(translatorFor('en-US'), actions, {
      isMac: false,
      isDevelopment: false,
    })
    expect(labels(template)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    const file = template[0]!.submenu as MenuItemConstructorOptions[]
    expect(file.find((item) => item.accelerator === 'CmdOrCtrl+,')).toMatchObject({
      label: 'Preferences…',
    })
  })

  it.each([
    ['zh-CN', '立即同步', '打印…', '设置…'],
    ['en-US', 'Sync Now', 'Print…', 'Preferences…'],
  ] as const)(
    '%s: File offers Sync now (F5), Print (CmdOrCtrl+P) and Preferences with their shortcuts',
    (language, sync, print, preferences) => {
      const template = buildMenuTemplate(translatorFor(language), actions, {
        isMac: false,
        isDevelopment: false,
      })
      const file = template[0]!.submenu as MenuItemConstructorOptions[]
      const byAccelerator = (accelerator: string) =>
        file.find((item) => item.accelerator === accelerator)
      expect(byAccelerator('F5')).toMatchObject({ label: sync })
      expect(byAccelerator('CmdOrCtrl+P')).toMatchObject({ label: print })
      expect(byAccelerator('CmdOrCtrl+,')).toMatchObject({ label: preferences })
      calls.length = 0
      const click = (item: MenuItemConstructorOptions | undefined) =>
        (item?.click as unknown as () => void)()
      click(byAccelerator('F5'))
      click(byAccelerator('CmdOrCtrl+P'))
      click(byAccelerator('CmdOrCtrl+,'))
      expect(calls).toEqual(['sync', 'print', 'settings'])
    },
  )

  it('has no item without a label in either language (every label comes from the locale files)', () => {
    for (const language of ['zh-CN', 'en-US'] as const) {
      const template = buildMenuTemplate(translatorFor(language), actions, {
        isMac: true,
        isDevelopment: true,
      })
      for (const menu of template) {
        for (const item of menu.submenu as MenuItemConstructorOptions[]) {
          if (item.type === 'separator') continue
          expect(item.label, JSON.stringify(item)).toMatch(/^(?!menu\.)\S/)
        }
      }
    }
  })

  it('offers developer tools only in development', () => {
    const find = (isDevelopment: boolean) =>
      (
        buildMenuTemplate(translatorFor('en-US'), actions, { isMac: false, isDevelopment })[2]!
          .submenu as MenuItemConstructorOptions[]
      ).some((item) => item.role === 'toggleDevTools')
    expect(find(false)).toBe(false)
    expect(find(true)).toBe(true)
  })
})

describe('external link allowlist', () => {
  it.each([
    ['https://www.fxiaoke.com/crm', true],
    ['https://fxiaoke.com', true],
    ['http://www.fxiaoke.com', false],
    ['https://fxiaoke.com.evil.example', false],
    ['https://user:pass@fxiaoke.com', false],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['smb://server/share', false],
    ['not a url', false],
    ['https://github.com/someone/malware/releases', false],
    ['https://electronjs.org/docs', true],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed)
  })
})

describe('window state', () => {
  const display = [{ x: 0, y: 0, width: 1920, height: 1040 }]
  it('keeps a position that is on a display', () => {
    const bounds = { x: 100, y: 100, width: 1200, height: 800, maximized: false }
    expect(fitToDisplays(bounds, display)).toEqual(bounds)
  })
  it('drops a position on a display that is gone', () => {
    expect(
      fitToDisplays({ x: 2500, y: 100, width: 1200, height: 800, maximized: true }, display),
    ).toEqual({
      width: 1200,
      height: 800,
      maximized: true,
    })
  })
})
