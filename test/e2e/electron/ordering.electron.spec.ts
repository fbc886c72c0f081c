/** In the desktop app: sign in to the embedded sandbox, then catalog → cart → submit an order. */
import { expect, test } from '@playwright/test'
import { launchApp, signInToSandbox, skipWithoutElectron } from './electronApp'

skipWithoutElectron()

test('signs in to the embedded sandbox and places an order', async () => {
  test.setTimeout(180_000)
  const { app, window } = await launchApp('zh-CN')
  await signInToSandbox(window, 'sh.admin')
  await expect(window.getByTestId('home-dealer')).toContainText('上海')

  await window.getByTestId('nav-catalog').click()
  await expect(window.getByTestId('catalog-row-0')).toBeVisible({ timeout: 30_000 })
  await window.getByTestId('catalog-add-0').click()

  await window.getByTestId('nav-cart').click()
  await expect(window.getByTestId('cart-submit')).toBeVisible()
  await window.getByTestId('payment-default').click()
  await expect(window.getByTestId('cart-submit')).toBeEnabled()
  await window.getByTestId('cart-submit').click()
  await expect(window.getByTestId('cart-result')).toContainText(/SO\d{8}-\d{4}/, {
    timeout: 60_000,
  })
  await app.close()
})
