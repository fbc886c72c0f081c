/** Launch: the window, the localized application menu with its shortcuts, and the hardening. */
import { expect, test } from '@playwright/test'
import { launchApp, skipWithoutElectron } from './electronApp'

skipWithoutElectron()

test('launches with the Chinese menu (Sync now F5, Print Ctrl+P) and denies browser permissions', async () => {
  const { app, window } = await launchApp('zh-CN')
  await expect(window.getByTestId('login-view')).toBeVisible({ timeout: 30_000 })
  const fileMenu = await app.evaluate(({ Menu }) =>
    (Menu.getApplicationMenu()?.items[0]?.submenu?.items ?? []).map((item) => ({
      label: item.label,
      accelerator: item.accelerator ?? null,
    })),
  )
  expect(fileMenu).toEqual(
    expect.arrayContaining([
      { label: '立即同步', accelerator: 'F5' },
      { label: '打印…', accelerator: 'CmdOrCtrl+P' },
    ]),
  )
  // Every permission is refused (electron/main/permissions.ts).
  const state = await window.evaluate(
    async () => (await navigator.permissions.query({ name: 'geolocation' })).state,
  )
  expect(state).toBe('denied')
  await app.close()
})
