/**
 * Demo catalog: categories, `count` products (six fixed ones first, the rest generated from the
 * vocabulary in productFamilies.ts, shuffled by the seeded PRNG) and three price lists.
 * Membership rules use the product's ordinal n (P000123 → 123), so tests can rely on them:
 * - pl_std (priority 30, every dealer): every product except n % 41 = 0 and P000005;
 * - pl_east (priority 10, 上海 distributor): n % 5 < 2, at 92 %;
 * - pl_promo (priority 20, 成都 and Hong Kong): n % 10 = 3, at 85 %, list valid from 30 days
 *   before to 60 days after the seed time; items with n % 20 = 13 expired 5 days before it.
 * Off sale: n % 97 = 0 and P000006. Fixed products: P000001 圆顶机, P000002 不锈钢六角螺栓
 * M8×30 (min 20, step 10, tiers at 100 and 500), P000003 自攻螺钉, P000004 电动螺丝刀,
 * P000005 (in no price list), P000006 (off sale).
 */
import type { SandboxDatabase } from '../database'
import type { Random } from '../prng'
import { CATEGORIES, EQUIPMENT, FASTENER_FAMILIES, MATERIALS, PACK_SIZES } from './productFamilies'

const DAY = 86_400_000

interface ProductSeed {
  nameZh: string
  nameEn: string
  categoryId: string
  unitZh: string
  unitEn: string
  specZh: string
  specEn: string
  sku: string
  /** Standard price, fen per sales unit. */
  price: number
  fastener: boolean
}

const FIXED: ProductSeed[] = [
  {
    nameZh: '圆顶机',
    nameEn: 'Dome machine',
    categoryId: 'cat_machines',
    unitZh: '台',
    unitEn: 'unit',
    specZh: '全自动 · 380V · 2.2kW',
    specEn: 'fully automatic · 380 V · 2.2 kW',
    sku: 'YDJ-2200',
    price: 1_280_000,
    fastener: false,
  },
  {
    nameZh: '不锈钢六角螺栓 M8×30',
    nameEn: 'Stainless hex bolt M8×30',
    categoryId: 'cat_bolts',
    unitZh: '盒',
    unitEn: 'box',
    specZh: '100支/盒 · GB/T 5783 · A2-70',
    specEn: '100 pcs/box · GB/T 5783 · A2-70',
    sku: 'HBA2-M8030-100',
    price: 4600,
    fastener: true,
  },
  {
    nameZh: '十字盘头自攻螺钉 ST4.2×16',
    nameEn: 'Phillips pan head self-tapping screw ST4.2×16',
    categoryId: 'cat_screws',
    unitZh: '盒',
    unitEn: 'box',
    specZh: '1000支/盒 · GB/T 845 · 镀锌',
    specEn: '1000 pcs/box · GB/T 845 · zinc-plated',
    sku: 'STZN-4216-1000',
    price: 3800,
    fastener: true,
  },
  {
    nameZh: '电动螺丝刀 12V 无刷',
    nameEn: 'Electric screwdriver 12 V brushless',
    categoryId: 'cat_power_tools',
    unitZh: '台',
    unitEn: 'unit',
    specZh: '双电 · 快充 · 35N·m',
    specEn: 'two batteries · fast charger · 35 N·m',
    sku: 'ES-12BL',
    price: 45_900,
    fastener: false,
  },
  {
    nameZh: '六角法兰面螺栓 M10×40（新品）',
    nameEn: 'Hex flange bolt M10×40 (new)',
    categoryId: 'cat_bolts',
    unitZh: '盒',
    unitEn: 'box',
    specZh: '100支/盒 · GB/T 5787 · 10.9级',
    specEn: '100 pcs/box · GB/T 5787 · grade 10.9',
    sku: 'FBDC-M10040-100',
    price: 9800,
    fastener: true,
  },
  {
    nameZh: '角磨机 100mm（停产）',
    nameEn: 'Angle grinder 100 mm (discontinued)',
    categoryId: 'cat_power_tools',
    unitZh: '台',
    unitEn: 'unit',
    specZh: '710W',
    specEn: '710 W',
    sku: 'AG-100-710',
    price: 15_900,
    fastener: false,
  },
]

const COLOURS = [
  { zh: '', en: '' },
  { zh: ' 工业蓝', en: ', industrial blue' },
  { zh: ' 经典黑', en: ', classic black' },
  { zh: ' 套装版', en: ', kit edition' },
]

function baseCombinations(random: Random): ProductSeed[] {
  const combinations: ProductSeed[] = []
  for (const family of FASTENER_FAMILIES) {
    for (const material of MATERIALS) {
      for (const size of family.sizes) {
        const diameter = Number(size.replace(/^[A-Z]+/, ''))
        for (const length of family.lengths.length > 0 ? family.lengths : [0]) {
          const dimension = length > 0 ? `${size}×${length}` : size
          const perPiece = Math.max(
            3,
            Math.round(
              (family.unitCost * diameter * diameter * (length || 1.5) * material.factor) / 2,
            ),
          )
          combinations.push({
            nameZh: `${material.zh}${family.zh} ${dimension}`,
            nameEn: `${material.en} ${family.en} ${dimension}`,
            categoryId: family.categoryId,
            unitZh: '盒',
            unitEn: 'box',
            specZh: `${family.standard}`,
            specEn: `${family.standard}`,
            sku: `${family.code}${material.code}-${size.replace('.', '')}${length ? String(length).padStart(3, '0') : ''}`,
            price: perPiece,
            fastener: true,
          })
        }
      }
    }
  }
  for (const equipment of EQUIPMENT) {
    equipment.models.forEach((model, index) => {
      combinations.push({
        nameZh: `${equipment.zh} ${model.zh}`,
        nameEn: `${equipment.en} ${model.en}`,
        categoryId: equipment.categoryId,
        unitZh: equipment.unitZh,
        unitEn: equipment.unitEn,
        specZh: model.zh,
        specEn: model.en,
        sku: `${equipment.code}-${index + 1}`,
        price: model.price,
        fastener: false,
      })
    })
  }
  for (let index = combinations.length - 1; index > 0; index--) {
    const other = random.int(0, index)
    ;[combinations[index], combinations[other]] = [
      combinations[other] as ProductSeed,
      combinations[index] as ProductSeed,
    ]
  }
  return combinations
}

/** The generated product number g (0-based): a base combination in one of its pack/colour variants. */
function variant(base: ProductSeed, round: number): ProductSeed {
  if (base.fastener) {
    const pack = PACK_SIZES[round % PACK_SIZES.length] as number
    const batch = Math.floor(round / PACK_SIZES.length)
    const suffixZh = batch > 0 ? `（${batch + 1}号包装）` : ''
    const suffixEn = batch > 0 ? ` (packing ${batch + 1})` : ''
    return {
      ...base,
      nameZh: base.nameZh + suffixZh,
      nameEn: base.nameEn + suffixEn,
      specZh: `${pack}支/盒 · ${base.specZh}`,
      specEn: `${pack} pcs/box · ${base.specEn}`,
      sku: `${base.sku}-${pack}${batch > 0 ? `-P${batch + 1}` : ''}`,
      price: base.price * pack,
    }
  }
  const colour = COLOURS[round % COLOURS.length] as (typeof COLOURS)[number]
  const style = Math.floor(round / COLOURS.length)
  return {
    ...base,
    nameZh: base.nameZh + colour.zh + (style > 0 ? ` 款${style + 1}` : ''),
    nameEn: base.nameEn + colour.en + (style > 0 ? `, style ${style + 1}` : ''),
    sku: `${base.sku}${round > 0 ? `-${String.fromCharCode(65 + (round % 26))}${style || ''}` : ''}`,
    price: base.price + (round % COLOURS.length) * 1000,
  }
}

/** EAN-13 with the 690 (China) prefix. */
function barcode(ordinal: number): string {
  const body = `690${String(ordinal).padStart(9, '0')}`
  const sum = [...body].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  )
  return body + String((10 - (sum % 10)) % 10)
}

export function productId(ordinal: number): string {
  return `P${String(ordinal).padStart(6, '0')}`
}

export function seedCatalog(
  db: SandboxDatabase,
  random: Random,
  count: number,
  anchor: number,
): void {
  const modifiedAt = anchor - 181 * DAY
  for (const category of CATEGORIES) {
    db.run('INSERT INTO categories (id, name_zh, name_en) VALUES (?, ?, ?)', [
      category.id,
      category.nameZh,
      category.nameEn,
    ])
  }
  const lists = [
    ['pl_std', '2026 标准价目表', '2026 Standard Price List', 30, null, null],
    ['pl_east', '华东分销商协议价', 'East China Distributor Price List', 10, null, null],
    [
      'pl_promo',
      '春季促销价目表',
      'Spring Promotion Price List',
      20,
      anchor - 30 * DAY,
      anchor + 60 * DAY,
    ],
  ] as const
  for (const [id, zh, en, priority, from, to] of lists) {
    db.run('INSERT INTO price_lists VALUES (?, ?, ?, ?, 1, ?, ?, ?)', [
      id,
      zh,
      en,
      priority,
      from,
      to,
      modifiedAt,
    ])
  }
  const bases = baseCombinations(random)
  const insertProduct = `INSERT INTO products (id, sku, barcode, name_zh, name_en, category_id, unit_zh, unit_en, spec_zh, spec_en, status, modified_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  const insertItem = `INSERT INTO price_list_items (id, price_list_id, product_id, price, tiers, min_quantity, step, valid_from, valid_to, modified_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  for (let ordinal = 1; ordinal <= count; ordinal++) {
    const generated = ordinal - FIXED.length - 1
    const seed =
      FIXED[ordinal - 1] ??
      variant(bases[generated % bases.length] as ProductSeed, Math.floor(generated / bases.length))
    const id = productId(ordinal)
    const offSale = ordinal === 6 || ordinal % 97 === 0
    db.run(insertProduct, [
      id,
      seed.sku,
      barcode(ordinal),
      seed.nameZh,
      seed.nameEn,
      seed.categoryId,
      seed.unitZh,
      seed.unitEn,
      seed.specZh,
      seed.specEn,
      offSale ? 'offSale' : 'onSale',
      modifiedAt,
    ])
    if (ordinal === 5 || ordinal % 41 === 0) continue

    let step = 1
    let minQuantity = 1
    let tiers: [number, number][] = []
    if (ordinal === 2) {
      ;[step, minQuantity, tiers] = [
        10,
        20,
        [
          [100, 0.95],
          [500, 0.9],
        ],
      ]
    } else if (seed.fastener) {
      if (ordinal % 5 === 1) [step, minQuantity] = [5, 10]
      else if (ordinal % 7 === 2) [step, minQuantity] = [10, 20]
      if (ordinal % 3 === 0)
        tiers = [
          [50, 0.96],
          [200, 0.92],
        ]
    } else if (ordinal % 4 === 0) {
      tiers = [[10, 0.95]]
    }
    const item = (listId: string, factor: number, validTo: number | null) => {
      const price = Math.round(seed.price * factor)
      const tierJson = JSON.stringify(
        tiers.map(([min, tierFactor]) => ({
          minQuantity: min,
          price: Math.round(price * tierFactor),
        })),
      )
      db.run(insertItem, [
        `${listId}.${id}`,
        listId,
        id,
        price,
        tierJson,
        minQuantity,
        step,
        null,
        validTo,
        modifiedAt,
      ])
    }
    item('pl_std', 1, null)
    if (ordinal % 5 < 2) item('pl_east', 0.92, null)
    if (ordinal % 10 === 3) item('pl_promo', 0.85, ordinal % 20 === 13 ? anchor - 5 * DAY : null)
  }
}
