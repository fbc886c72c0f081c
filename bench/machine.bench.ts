/**
 * How fast this machine is at the moment, for reading the other figures: these 2-core VMs swing
 * (the same 100k sync cost the client 4.8 s of CPU in one session and 9–10 s in another), and a
 * figure that missed its target on a slow day says little without it.
 * - machine.reference.ms: a fixed piece of the work the app does most (JSON of 20,000
 *   product-like records with Chinese names: stringify, UTF-8 encode and decode, parse), the
 *   median of 7 rounds after a warm-up, in this process. No target: compare it between runs.
 */
import { defineSuite, medianOf, timeMs } from './harness'

const RECORDS = 20_000
const NAMES = ['六角螺栓', '圆顶机', '不锈钢法兰', '膨胀螺丝', '平垫圈', '自攻螺钉', '电动扳手']

function records(): object[] {
  return Array.from({ length: RECORDS }, (_, index) => ({
    id: `p${index}`,
    sku: `SKU-${(index * 7919) % 100_000}`,
    nameZh: `${NAMES[index % NAMES.length]} M${(index % 24) + 4}×${(index % 90) + 10}`,
    nameEn: `Part ${index} M${(index % 24) + 4}`,
    price: (index * 131) % 100_000,
    tiers: [{ minQuantity: 10, price: (index * 127) % 100_000 }],
    modifiedAt: 1_780_000_000_000 + index,
  }))
}

function round(source: object[]): number {
  const bytes = new TextEncoder().encode(JSON.stringify(source))
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown[]
  return parsed.length
}

export default defineSuite({
  name: 'machine',
  ids: ['machine.reference.ms'],
  async run() {
    const source = records()
    round(source)
    const samples: number[] = []
    for (let index = 0; index < 7; index++) {
      samples.push(
        await timeMs(() => {
          if (round(source) !== RECORDS) throw new Error('reference round lost records')
        }),
      )
    }
    return [
      {
        id: 'machine.reference.ms',
        ...medianOf(samples.map((ms) => Math.round(ms * 10) / 10)),
        unit: 'ms',
        better: 'lower',
      },
    ]
  },
})
