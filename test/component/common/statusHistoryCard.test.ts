import { describe, expect, it } from 'vitest'
import StatusHistoryCard from '../../../renderer/components/common/StatusHistoryCard.vue'
import { mountWithApp } from '../helpers'

const history = [
  { status: 'pending', at: Date.UTC(2026, 10, 2, 1, 0), note: null },
  { status: 'refunded', at: Date.UTC(2026, 10, 3, 2, 30), note: '已退回预存款' },
  { status: 'archivedUpstream', at: Date.UTC(2026, 10, 4, 3, 0), note: null },
]

describe('status history card', () => {
  it('shows each step translated, with its note; an unknown upstream status as it came', () => {
    for (const [language, refunded] of [
      ['zh-CN', '已退款'],
      ['en-US', 'Refunded'],
    ] as const) {
      const { wrapper } = mountWithApp(StatusHistoryCard, {
        language,
        mount: {
          props: { history, statusKeys: 'returns.status', header: 'History', testId: 'history' },
        },
      })
      const items = wrapper.findAll('.el-timeline-item')
      expect(items).toHaveLength(3)
      expect(items[1]!.text()).toContain(refunded)
      expect(items[1]!.text()).toContain('已退回预存款')
      expect(items[2]!.text()).toContain('archivedUpstream')
    }
  })
})
