/**
 * Bilingual product vocabulary of the demo manufacturer (fasteners, tools, hardware, small
 * machines). Prices are fen per sales unit; a fastener's sales unit is a box of `pack` pieces.
 */

export interface Category {
  id: string
  nameZh: string
  nameEn: string
}

export const CATEGORIES: Category[] = [
  { id: 'cat_bolts', nameZh: '螺栓', nameEn: 'Bolts' },
  { id: 'cat_screws', nameZh: '螺钉', nameEn: 'Screws' },
  { id: 'cat_nuts', nameZh: '螺母', nameEn: 'Nuts' },
  { id: 'cat_washers', nameZh: '垫圈', nameEn: 'Washers' },
  { id: 'cat_anchors', nameZh: '锚栓与铆钉', nameEn: 'Anchors & rivets' },
  { id: 'cat_power_tools', nameZh: '电动工具', nameEn: 'Power tools' },
  { id: 'cat_hand_tools', nameZh: '手动工具', nameEn: 'Hand tools' },
  { id: 'cat_fittings', nameZh: '五金配件', nameEn: 'Hardware fittings' },
  { id: 'cat_machines', nameZh: '小型设备', nameEn: 'Small machines' },
]

export interface Material {
  code: string
  zh: string
  en: string
  /** Price factor against zinc-plated carbon steel. */
  factor: number
}

export const MATERIALS: Material[] = [
  { code: 'A2', zh: '不锈钢304', en: 'Stainless 304', factor: 2.2 },
  { code: 'A4', zh: '不锈钢316', en: 'Stainless 316', factor: 3.1 },
  { code: 'ZN', zh: '碳钢镀锌', en: 'Zinc-plated steel', factor: 1 },
  { code: 'B8', zh: '8.8级发黑', en: 'Grade 8.8 black oxide', factor: 1.3 },
  { code: 'DC', zh: '10.9级达克罗', en: 'Grade 10.9 Dacromet', factor: 1.8 },
]

export interface FastenerFamily {
  code: string
  categoryId: string
  zh: string
  en: string
  standard: string
  /** Thread sizes and, when the part has a length, lengths in mm. */
  sizes: string[]
  lengths: number[]
  /** Fen per piece of 1 mm², roughly. */
  unitCost: number
}

export const FASTENER_FAMILIES: FastenerFamily[] = [
  {
    code: 'HB',
    categoryId: 'cat_bolts',
    zh: '六角螺栓',
    en: 'hex bolt',
    standard: 'GB/T 5783',
    sizes: ['M6', 'M8', 'M10', 'M12', 'M16', 'M20'],
    lengths: [20, 25, 30, 40, 50, 60, 80, 100],
    unitCost: 0.018,
  },
  {
    code: 'FB',
    categoryId: 'cat_bolts',
    zh: '六角法兰面螺栓',
    en: 'hex flange bolt',
    standard: 'GB/T 5787',
    sizes: ['M6', 'M8', 'M10', 'M12'],
    lengths: [16, 20, 25, 30, 40, 50],
    unitCost: 0.022,
  },
  {
    code: 'CB',
    categoryId: 'cat_bolts',
    zh: '马车螺栓',
    en: 'carriage bolt',
    standard: 'GB/T 14',
    sizes: ['M6', 'M8', 'M10', 'M12'],
    lengths: [30, 40, 50, 60, 80, 100],
    unitCost: 0.02,
  },
  {
    code: 'SC',
    categoryId: 'cat_screws',
    zh: '内六角圆柱头螺钉',
    en: 'socket head cap screw',
    standard: 'GB/T 70.1',
    sizes: ['M3', 'M4', 'M5', 'M6', 'M8', 'M10'],
    lengths: [8, 10, 12, 16, 20, 25, 30, 40],
    unitCost: 0.03,
  },
  {
    code: 'ST',
    categoryId: 'cat_screws',
    zh: '十字盘头自攻螺钉',
    en: 'Phillips pan head self-tapping screw',
    standard: 'GB/T 845',
    sizes: ['ST2.9', 'ST3.5', 'ST4.2', 'ST4.8', 'ST5.5', 'ST6.3'],
    lengths: [9, 13, 16, 19, 25, 32, 38, 50],
    unitCost: 0.025,
  },
  {
    code: 'MS',
    categoryId: 'cat_screws',
    zh: '十字沉头机螺钉',
    en: 'Phillips countersunk machine screw',
    standard: 'GB/T 819.1',
    sizes: ['M3', 'M4', 'M5', 'M6'],
    lengths: [6, 8, 10, 12, 16, 20, 25],
    unitCost: 0.028,
  },
  {
    code: 'DS',
    categoryId: 'cat_screws',
    zh: '钻尾自攻螺钉',
    en: 'self-drilling screw',
    standard: 'GB/T 15856.1',
    sizes: ['ST3.5', 'ST4.2', 'ST4.8', 'ST5.5'],
    lengths: [13, 16, 19, 25, 32, 38],
    unitCost: 0.03,
  },
  {
    code: 'HN',
    categoryId: 'cat_nuts',
    zh: '六角螺母',
    en: 'hex nut',
    standard: 'GB/T 6170',
    sizes: ['M4', 'M5', 'M6', 'M8', 'M10', 'M12', 'M16', 'M20', 'M24'],
    lengths: [],
    unitCost: 0.16,
  },
  {
    code: 'LN',
    categoryId: 'cat_nuts',
    zh: '尼龙锁紧螺母',
    en: 'nylon insert lock nut',
    standard: 'GB/T 889.1',
    sizes: ['M4', 'M5', 'M6', 'M8', 'M10', 'M12', 'M16'],
    lengths: [],
    unitCost: 0.22,
  },
  {
    code: 'FN',
    categoryId: 'cat_nuts',
    zh: '法兰螺母',
    en: 'flange nut',
    standard: 'GB/T 6177.1',
    sizes: ['M5', 'M6', 'M8', 'M10', 'M12'],
    lengths: [],
    unitCost: 0.2,
  },
  {
    code: 'FW',
    categoryId: 'cat_washers',
    zh: '平垫圈',
    en: 'flat washer',
    standard: 'GB/T 97.1',
    sizes: ['M3', 'M4', 'M5', 'M6', 'M8', 'M10', 'M12', 'M16', 'M20'],
    lengths: [],
    unitCost: 0.05,
  },
  {
    code: 'SW',
    categoryId: 'cat_washers',
    zh: '弹簧垫圈',
    en: 'spring lock washer',
    standard: 'GB/T 93',
    sizes: ['M3', 'M4', 'M5', 'M6', 'M8', 'M10', 'M12', 'M16'],
    lengths: [],
    unitCost: 0.06,
  },
  {
    code: 'EA',
    categoryId: 'cat_anchors',
    zh: '膨胀螺栓',
    en: 'sleeve expansion anchor',
    standard: 'JG/T 160',
    sizes: ['M6', 'M8', 'M10', 'M12', 'M16'],
    lengths: [60, 80, 100, 120, 150, 200],
    unitCost: 0.03,
  },
  {
    code: 'CA',
    categoryId: 'cat_anchors',
    zh: '化学锚栓',
    en: 'chemical anchor stud',
    standard: 'JG/T 160',
    sizes: ['M8', 'M10', 'M12', 'M16', 'M20'],
    lengths: [110, 130, 160, 190, 260],
    unitCost: 0.045,
  },
  {
    code: 'BR',
    categoryId: 'cat_anchors',
    zh: '开口型平圆头抽芯铆钉',
    en: 'open-end dome head blind rivet',
    standard: 'GB/T 12618',
    sizes: ['3.2', '4.0', '4.8', '6.4'],
    lengths: [6, 8, 10, 12, 16, 20, 25],
    unitCost: 0.035,
  },
]

export const PACK_SIZES = [100, 200, 500, 50, 1000, 25]

export interface Equipment {
  code: string
  categoryId: string
  zh: string
  en: string
  unitZh: string
  unitEn: string
  models: { zh: string; en: string; price: number }[]
}

export const EQUIPMENT: Equipment[] = [
  {
    code: 'ES',
    categoryId: 'cat_power_tools',
    zh: '电动螺丝刀',
    en: 'Electric screwdriver',
    unitZh: '台',
    unitEn: 'unit',
    models: [
      { zh: '3.6V 锂电 1.5Ah', en: '3.6 V Li-ion 1.5 Ah', price: 12900 },
      { zh: '7.2V 锂电 2.0Ah', en: '7.2 V Li-ion 2.0 Ah', price: 19900 },
      { zh: '12V 无刷 双电', en: '12 V brushless, two batteries', price: 45900 },
      { zh: '插电式 280W', en: 'corded 280 W', price: 15900 },
    ],
  },
  {
    code: 'ID',
    categoryId: 'cat_power_tools',
    zh: '冲击钻',
    en: 'Impact drill',
    unitZh: '台',
    unitEn: 'unit',
    models: [
      { zh: '550W 13mm', en: '550 W 13 mm', price: 21900 },
      { zh: '850W 13mm', en: '850 W 13 mm', price: 32900 },
      { zh: '1200W 16mm', en: '1200 W 16 mm', price: 48900 },
    ],
  },
  {
    code: 'AG',
    categoryId: 'cat_power_tools',
    zh: '角磨机',
    en: 'Angle grinder',
    unitZh: '台',
    unitEn: 'unit',
    models: [
      { zh: '100mm 750W', en: '100 mm 750 W', price: 16900 },
      { zh: '125mm 1100W', en: '125 mm 1100 W', price: 26900 },
    ],
  },
  {
    code: 'IW',
    categoryId: 'cat_power_tools',
    zh: '充电式冲击扳手',
    en: 'Cordless impact wrench',
    unitZh: '台',
    unitEn: 'unit',
    models: [
      { zh: '18V 300N·m', en: '18 V 300 N·m', price: 59900 },
      { zh: '18V 600N·m', en: '18 V 600 N·m', price: 89900 },
    ],
  },
  {
    code: 'DB',
    categoryId: 'cat_hand_tools',
    zh: '麻花钻头套装',
    en: 'Twist drill bit set',
    unitZh: '套',
    unitEn: 'set',
    models: [
      { zh: '13件 HSS', en: '13 pcs HSS', price: 4900 },
      { zh: '19件 含钴', en: '19 pcs cobalt', price: 12900 },
      { zh: '25件 镀钛', en: '25 pcs titanium-coated', price: 9900 },
    ],
  },
  {
    code: 'TW',
    categoryId: 'cat_hand_tools',
    zh: '预置式扭力扳手',
    en: 'Click torque wrench',
    unitZh: '把',
    unitEn: 'pc',
    models: [
      { zh: '1/4" 5–25N·m', en: '1/4" 5–25 N·m', price: 18900 },
      { zh: '1/2" 40–210N·m', en: '1/2" 40–210 N·m', price: 32900 },
    ],
  },
  {
    code: 'HK',
    categoryId: 'cat_hand_tools',
    zh: '内六角扳手套装',
    en: 'Hex key set',
    unitZh: '套',
    unitEn: 'set',
    models: [
      { zh: '9件 公制 球头', en: '9 pcs metric ball-end', price: 3900 },
      { zh: '9件 英制', en: '9 pcs imperial', price: 3900 },
    ],
  },
  {
    code: 'HG',
    categoryId: 'cat_fittings',
    zh: '不锈钢合页',
    en: 'Stainless butt hinge',
    unitZh: '对',
    unitEn: 'pair',
    models: [
      { zh: '3寸 2.0mm', en: '3" 2.0 mm', price: 1290 },
      { zh: '4寸 2.5mm', en: '4" 2.5 mm', price: 1690 },
      { zh: '5寸 3.0mm', en: '5" 3.0 mm', price: 2390 },
    ],
  },
  {
    code: 'DR',
    categoryId: 'cat_fittings',
    zh: '三节抽屉滑轨',
    en: 'Three-section drawer slide',
    unitZh: '副',
    unitEn: 'pair',
    models: [
      { zh: '300mm 静音', en: '300 mm soft-close', price: 2890 },
      { zh: '400mm 静音', en: '400 mm soft-close', price: 3290 },
      { zh: '500mm 静音', en: '500 mm soft-close', price: 3790 },
    ],
  },
  {
    code: 'TM',
    categoryId: 'cat_machines',
    zh: '台式攻丝机',
    en: 'Bench tapping machine',
    unitZh: '台',
    unitEn: 'unit',
    models: [
      { zh: 'M3–M12 伺服', en: 'M3–M12 servo', price: 468000 },
      { zh: 'M6–M24 摇臂', en: 'M6–M24 swing arm', price: 896000 },
    ],
  },
  {
    code: 'SF',
    categoryId: 'cat_machines',
    zh: '自动送钉螺丝机',
    en: 'Automatic screw feeder',
    unitZh: '台',
    unitEn: 'unit',
    models: [{ zh: '手持式 M2–M5', en: 'handheld M2–M5', price: 1580000 }],
  },
]
