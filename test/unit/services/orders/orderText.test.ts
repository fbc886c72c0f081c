import { describe, expect, it, vi } from 'vitest'
import { translatorFor } from '../../../../electron/main/messages'
import {
  createNativeNotifier,
  type NotificationClass,
} from '../../../../electron/platform/notifications'
import {
  chinaDateTime,
  csvField,
  ordersCsv,
  yuanText,
} from '../../../../electron/services/orders/orderExport'
import { orderStatusNotifications } from '../../../../electron/services/orders/orderNotifications'

describe('order status notifications', () => {
  const change = (number: string, to: string) => ({
    orderId: number,
    number,
    from: 'confirmed',
    to,
  })

  it('says which order reached which status, in the chosen language', () => {
    expect(orderStatusNotifications([change('SO1', 'delivered')], translatorFor('zh-CN'))).toEqual([
      { title: '订单状态更新', body: '订单 SO1 已发货' },
    ])
    expect(
      orderStatusNotifications([change('SO1', 'delivered')], translatorFor('en-US'))[0]!.body,
    ).toBe('Order SO1 is now delivered')
  })

  it('sums up many changes from one sync in a single notification', () => {
    const many = ['SO1', 'SO2', 'SO3', 'SO4'].map((number) => change(number, 'confirmed'))
    expect(orderStatusNotifications(many, translatorFor('en-US'))).toEqual([
      { title: 'Order status update', body: '4 orders changed status' },
    ])
  })

  it('shows a native notification where the system supports them, and reports clicks', () => {
    const shown: { title: string; body: string }[] = []
    const handlers = new Map<string, () => void>()
    class FakeNotification {
      static supported = true
      static isSupported = () => FakeNotification.supported
      constructor(readonly options: { title?: string; body?: string }) {}
      on(event: string, listener: () => void) {
        handlers.set(event, listener)
        return this
      }
      show() {
        shown.push({ title: this.options.title ?? '', body: this.options.body ?? '' })
      }
    }
    const onClick = vi.fn()
    const notify = createNativeNotifier(FakeNotification as unknown as NotificationClass, {
      onClick,
    })
    notify('订单状态更新', '订单 SO1 已发货')
    expect(shown).toEqual([{ title: '订单状态更新', body: '订单 SO1 已发货' }])
    handlers.get('click')?.()
    expect(onClick).toHaveBeenCalledOnce()
    FakeNotification.supported = false
    notify('x', 'y')
    expect(shown).toHaveLength(1)
  })
})

describe('order export text', () => {
  it('writes yuan without grouping and dates in China time', () => {
    expect(yuanText(123_456)).toBe('1234.56')
    expect(yuanText(5)).toBe('0.05')
    expect(chinaDateTime(Date.UTC(2026, 10, 23, 16, 30))).toBe('2026-11-24 00:30')
  })

  it('quotes CSV fields with commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('上海市 浦东新区')).toBe('上海市 浦东新区')
    expect(csvField('a,"b"')).toBe('"a,""b"""')
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
  })

  it('starts the CSV with a UTF-8 BOM and ends lines with CRLF', () => {
    const csv = ordersCsv(
      [
        {
          id: 'p',
          number: null,
          status: 'pending',
          total: 1234,
          lineCount: 2,
          createdAt: 0,
          firstLine: null,
          address: '',
          outbox: null,
        },
      ],
      translatorFor('zh-CN'),
    )
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.toString('utf8').slice(1)).toBe(
      '订单号,下单时间（北京时间）,状态,金额（元）,行数,收货地址\r\n尚无单号,1970-01-01 08:00,待发送,12.34,2,\r\n',
    )
  })
})
