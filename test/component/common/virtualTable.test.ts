import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import VirtualTable from '../../../renderer/components/common/VirtualTable.vue'

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `r${index}`, label: `Row ${index}` }))

function mountTable(props: Record<string, unknown>) {
  return mount(VirtualTable, {
    props: {
      columns: '1fr',
      listTestId: 'table',
      rowTestId: (row: { id: string }) => `row-${row.id}`,
      ...props,
    },
    slots: {
      header: () => h('span', 'Label'),
      row: ({ row }: { row: { label: string } }) => h('span', row.label),
    },
  } as never)
}

describe('virtual table', () => {
  it('renders only the rows in view at the given row height and opens a row on click and Enter', async () => {
    const wrapper = mountTable({
      items: rows(1000),
      total: 1000,
      rowHeight: 40,
      fallbackHeight: 400,
    })
    await flushPromises()
    const rendered = wrapper.findAll('[data-testid^="row-"]')
    // 400 px / 40 px = 10 rows in view, plus the overscan of 8 below.
    expect(rendered).toHaveLength(18)
    expect(rendered[0]!.attributes('style')).toContain('height: 40px')
    expect(rendered[0]!.attributes('tabindex')).toBe('0')
    await rendered[3]!.trigger('click')
    await rendered[4]!.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('open')).toEqual([
      [{ id: 'r3', label: 'Row 3' }],
      [{ id: 'r4', label: 'Row 4' }],
    ])
  })

  it('does not open or focus inert rows', async () => {
    const wrapper = mountTable({ items: rows(5), total: 5, inert: true })
    await flushPromises()
    const row = wrapper.find('[data-testid="row-r1"]')
    expect(row.attributes('tabindex')).toBeUndefined()
    await row.trigger('click')
    await row.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('open')).toBeUndefined()
  })

  it('asks for more only while rows remain to be loaded', async () => {
    const partial = mountTable({ items: rows(20), total: 50 })
    await partial.find('[data-testid="table"]').trigger('scroll')
    expect(partial.emitted('endReached')).toHaveLength(1)
    const complete = mountTable({ items: rows(20), total: 20 })
    await complete.find('[data-testid="table"]').trigger('scroll')
    expect(complete.emitted('endReached')).toBeUndefined()
  })
})
