import { test, expect, signIn } from './fixtures/webHost'

const CHINESE_NAVIGATION = [
  '首页',
  '商品目录',
  '购物车',
  '订单',
  // Admins approve their agents' orders (the dealer's approval rule).
  '订单审批',
  '发货单',
  '退货单',
  '开票申请',
  '客户账户',
  '待发送',
  '设置',
]
const ENGLISH_NAVIGATION = [
  'Home',
  'Catalog',
  'Cart',
  'Orders',
  'Approvals',
  'Deliveries',
  'Returns',
  'Invoice requests',
  'Account',
  'Outbox',
  'Settings',
]

test.describe('app shell in Chromium', () => {
  test.use({ locale: 'zh-CN' })

  test('shows Chinese navigation, switches language instantly, remembers it across reload and restart, and shows the version', async ({
    page,
    webHost,
  }) => {
    await page.goto(webHost.url)
    await expect(page.getByTestId('login-submit')).toHaveText('登录')
    // The token left the address bar as soon as the app took it.
    expect(page.url()).not.toContain('token=')
    await signIn(page, 'sh.admin')
    const navigation = page.getByTestId('main-navigation').locator('[data-testid^="nav-"]')
    await expect(navigation).toHaveText(CHINESE_NAVIGATION)

    // The switch shows at once; the choice is stored by the bridge call that follows, which a
    // reload right after the click could cut off, so the reload waits for its answer.
    const stored = page.waitForResponse(
      (response) =>
        response.url().includes(`/bridge/${encodeURIComponent('settings:set')}`) && response.ok(),
    )
    await page.getByTestId('language-en-US').click()
    await expect(navigation).toHaveText(ENGLISH_NAVIGATION)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US')
    await stored

    await page.reload()
    await expect(navigation).toHaveText(ENGLISH_NAVIGATION)

    // A restart of the host (new port, new token, same data directory) keeps the choice and,
    // with "keep me signed in", the session.
    const restarted = await webHost.restart()
    await page.goto(restarted.url)
    await expect(navigation).toHaveText(ENGLISH_NAVIGATION)

    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/)
    await expect(page.getByTestId('app-info')).toContainText('Browser (web host)')

    await page.getByTestId('language-zh-CN').click()
    await expect(page.getByTestId('settings-view')).toContainText('界面语言')
  })

  test('answers a wrong-typed bridge call with bridge.invalidInput and a call without the token with 401', async ({
    page,
    webHost,
  }) => {
    await page.goto(webHost.url)
    await expect(page.getByTestId('login-view')).toBeVisible()
    const answers = await page.evaluate(async (token) => {
      const post = (headers: Record<string, string>, body: unknown) =>
        fetch('/bridge/settings:set', { method: 'POST', headers, body: JSON.stringify(body) })
      const wrongType = await post(
        { Authorization: `Bearer ${token}` },
        { input: { language: 42 } },
      )
      const noToken = await post({}, { input: { language: 'en-US' } })
      return { wrongType: await wrongType.json(), noToken: noToken.status }
    }, webHost.token)
    expect(answers.wrongType).toMatchObject({ ok: false, error: { code: 'bridge.invalidInput' } })
    expect(answers.noToken).toBe(401)
  })

  test('tells the user, in their language, when the link has no valid token', async ({
    page,
    webHost,
  }) => {
    await page.goto(`${webHost.origin}/#token=wrong`)
    await expect(page.getByText('访问令牌缺失或无效').first()).toBeVisible()
  })
})

test.describe('app shell for an English browser', () => {
  test.use({ locale: 'en-US' })

  test('follows the browser locale when no language was chosen', async ({ page, webHost }) => {
    await page.goto(webHost.url)
    await expect(page.getByTestId('login-submit')).toHaveText('Sign in')
    await signIn(page, 'hk.buyer')
    await expect(page.getByTestId('main-navigation').locator('[data-testid^="nav-"]')).toHaveText(
      ENGLISH_NAVIGATION,
    )
  })
})
