/**
 * The ShareCRM OpenAPI client paging through the simulator on loopback (no gateway, no mirror):
 * 100,000 ProductObj rows sharing one last_modified_time (like a bulk import: offset paging to
 * 10,000, then keyset on _id) plus 100,000 PriceBookProductObj rows with distinct times.
 * - sharecrm.query200k.callRatio: query calls / (rows / 100), the paging overhead (1.0 = none);
 * - sharecrm.query200k.rps: rows/s read through client + simulator in one process (the budget
 *   raised out of the way: this measures the paging and the simulator, not ShareCRM's limit).
 */
import { ShareCrmClient } from '../server/backends/sharecrm/openApiClient'
import { SIM_CREDENTIALS, startShareCrmSim } from '../server/sharecrm-sim/server'
import { defineSuite } from './harness'

const ROWS = 100_000
const BASE = 1_790_000_000_000

export default defineSuite({
  name: 'sharecrmClient',
  ids: ['sharecrm.query200k.callRatio', 'sharecrm.query200k.rps'],
  async run() {
    const sim = await startShareCrmSim({ port: 0, empty: true, callsPer20s: 1_000_000 })
    try {
      const pad = (index: number) => String(index).padStart(6, '0')
      sim.store.putMany(
        'ProductObj',
        Array.from({ length: ROWS }, (_, index) => ({
          _id: `P${pad(index)}`,
          name: `不锈钢六角螺栓 M8×${index % 90}`,
          product_code: `HB-${pad(index)}`,
          barcode: `690${pad(index)}000`,
          unit: 'box',
          product_status: '1',
          product_spec: '100支/盒 · GB/T 5783',
          last_modified_time: BASE,
        })),
      )
      sim.store.putMany(
        'PriceBookProductObj',
        Array.from({ length: ROWS }, (_, index) => ({
          _id: `pl_std.P${pad(index)}`,
          pricebook_id: 'pl_std',
          product_id: `P${pad(index)}`,
          pricebook_sellingprice: `${46 + (index % 100)}.${String(index % 100).padStart(2, '0')}`,
          min_order_qty__c: '1',
          order_step__c: '1',
          last_modified_time: BASE + index,
        })),
      )
      const client = new ShareCrmClient({
        baseUrl: sim.url,
        ...SIM_CREDENTIALS,
        callsPer20s: 1_000_000,
      })
      const started = process.hrtime.bigint()
      let rows = 0
      for (const api of ['ProductObj', 'PriceBookProductObj']) {
        for await (const page of client.queryPages(api)) rows += page.records.length
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const calls = sim.control.counters.calls['data/query'] ?? 0
      if (rows !== 2 * ROWS) throw new Error(`read ${rows} rows, expected ${2 * ROWS}`)
      return [
        {
          id: 'sharecrm.query200k.callRatio',
          value: calls / (rows / 100),
          unit: 'ratio',
          target: 1.1,
          better: 'lower',
        },
        { id: 'sharecrm.query200k.rps', value: rows / seconds, unit: 'rows/s', better: 'higher' },
      ]
    } finally {
      await sim.close()
    }
  },
})
