/**
 * Demo dealers, users (all with password `Demo@2026`), roles, ship-to addresses, price-list
 * assignments, empty accounts and invoice profiles with valid taxpayer IDs.
 *   agent.li       李强, sales agent: orderer for 上海 (d_sh) and 成都 (d_cd)
 *   sh.admin       王芳: admin of the 上海 distributor
 *   cd.accountant  张敏: accountant of the 成都 dealer
 *   hk.buyer       Kelvin Chan: admin of the Hong Kong dealer, prefers English
 */
import { taxpayerIdCheckCharacter } from '../../../../shared/domain'
import { hashPassword } from '../auth'
import type { SandboxDatabase } from '../database'
import type { Random } from '../prng'

export const DEMO_PASSWORD = 'Demo@2026'

export const DEALERS = [
  {
    id: 'd_sh',
    code: 'SH-D001',
    nameZh: '上海明远五金机电有限公司',
    nameEn: 'Shanghai Mingyuan Hardware & Electromechanical Co., Ltd.',
    city: '上海',
    termsDays: 30,
    termsZh: '月结30天',
    termsEn: 'Net 30 days',
    rule: [100_000, 500_000, 10] as const,
    creditLimit: 50_000_000,
    lists: ['pl_east', 'pl_std'],
  },
  {
    id: 'd_cd',
    code: 'CD-D017',
    nameZh: '成都蓉泰建材五金经营部',
    nameEn: 'Chengdu Rongtai Building Hardware Store',
    city: '成都',
    termsDays: 15,
    termsZh: '半月结15天',
    termsEn: 'Net 15 days',
    rule: [50_000, null, 5] as const,
    creditLimit: 10_000_000,
    lists: ['pl_promo', 'pl_std'],
  },
  {
    id: 'd_hk',
    code: 'HK-D003',
    nameZh: '香港海联五金贸易有限公司',
    nameEn: 'Hoi Luen Hardware Trading (Hong Kong) Limited',
    city: '香港',
    termsDays: 45,
    termsZh: '月结45天',
    termsEn: 'Net 45 days',
    rule: [null, 200_000, null] as const,
    creditLimit: 20_000_000,
    lists: ['pl_promo', 'pl_std'],
  },
]

export const USERS = [
  {
    id: 'u_agent_li',
    account: 'agent.li',
    displayName: '李强',
    language: 'zh-CN',
    memberships: [
      ['d_sh', 'orderer'],
      ['d_cd', 'orderer'],
    ],
  },
  {
    id: 'u_sh_admin',
    account: 'sh.admin',
    displayName: '王芳',
    language: 'zh-CN',
    memberships: [['d_sh', 'admin']],
  },
  {
    id: 'u_cd_accountant',
    account: 'cd.accountant',
    displayName: '张敏',
    language: 'zh-CN',
    memberships: [['d_cd', 'accountant']],
  },
  {
    id: 'u_hk_buyer',
    account: 'hk.buyer',
    displayName: 'Kelvin Chan',
    language: 'en-US',
    memberships: [['d_hk', 'admin']],
  },
] as const

const ADDRESSES = [
  [
    'adr_sh_1',
    'd_sh',
    '周建国',
    '021-58831234',
    '上海市',
    '上海市',
    '浦东新区',
    '康桥东路 1288 弄 5 号仓库',
    1,
  ],
  [
    'adr_sh_2',
    'd_sh',
    '陈晓燕',
    '13916602231',
    '江苏省',
    '苏州市',
    '昆山市',
    '花桥镇徐公桥路 88 号 3 号门',
    0,
  ],
  [
    'adr_cd_1',
    'd_cd',
    '刘德明',
    '028-85567721',
    '四川省',
    '成都市',
    '武侯区',
    '武科西二路 66 号五金城 B 区 12 号',
    1,
  ],
  [
    'adr_cd_2',
    'd_cd',
    '刘德明',
    '13808012345',
    '四川省',
    '成都市',
    '郫都区',
    '现代工业港北片区港通北二路 219 号',
    0,
  ],
  [
    'adr_hk_1',
    'd_hk',
    'Kelvin Chan',
    '+852 2345 6789',
    '香港特别行政区',
    '香港',
    '观塘区 Kwun Tong',
    '开源道 55 号 11 楼 Unit 1103, 55 Hoi Yuen Road',
    1,
  ],
] as const

function taxpayerId(first17: string): string {
  return first17 + taxpayerIdCheckCharacter(first17)
}

const PROFILES = [
  {
    id: 'ipf_sh_1',
    dealerId: 'd_sh',
    type: 'vatSpecial',
    title: '上海明远五金机电有限公司',
    taxpayerId: taxpayerId('91310115MA1FL2X3Q'),
    address: '上海市浦东新区康桥东路 1288 弄 5 号',
    phone: '021-58831234',
    bankName: '招商银行上海张江支行',
    bankAccount: '1219 0843 2110 901',
    email: 'finance@mingyuan-hw.cn',
  },
  {
    id: 'ipf_cd_1',
    dealerId: 'd_cd',
    type: 'vatGeneral',
    title: '成都蓉泰建材五金经营部',
    taxpayerId: taxpayerId('92510107MA6CTKR51'),
    address: '成都市武侯区武科西二路 66 号',
    phone: '028-85567721',
    bankName: '',
    bankAccount: '',
    email: '',
  },
  {
    id: 'ipf_hk_1',
    dealerId: 'd_hk',
    type: 'electronicGeneral',
    title: '海联五金（深圳）有限公司',
    taxpayerId: taxpayerId('91440300MA5G8H2K7'),
    address: '',
    phone: '',
    bankName: '',
    bankAccount: '',
    email: 'accounts@hoiluen.com.hk',
  },
] as const

export function seedPeople(db: SandboxDatabase, random: Random, anchor: number): void {
  for (const dealer of DEALERS) {
    db.run('INSERT INTO dealers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      dealer.id,
      dealer.code,
      dealer.nameZh,
      dealer.nameEn,
      dealer.city,
      dealer.termsDays,
      dealer.termsZh,
      dealer.termsEn,
      ...dealer.rule,
    ])
    for (const accountType of ['deposit', 'rebate', 'credit']) {
      db.run('INSERT INTO accounts VALUES (?, ?, 0, 0, 0)', [dealer.id, accountType])
    }
    for (const listId of dealer.lists)
      db.run('INSERT INTO price_list_assignments VALUES (?, ?, 1)', [dealer.id, listId])
  }
  for (const user of USERS) {
    const salt = Buffer.from(Array.from({ length: 16 }, () => random.int(0, 255)))
    db.run('INSERT INTO users VALUES (?, ?, ?, ?, ?)', [
      user.id,
      user.account,
      user.displayName,
      user.language,
      hashPassword(DEMO_PASSWORD, salt),
    ])
    for (const [dealerId, roles] of user.memberships)
      db.run('INSERT INTO memberships VALUES (?, ?, ?)', [user.id, dealerId, roles])
  }
  for (const address of ADDRESSES)
    db.run('INSERT INTO addresses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [...address])
  for (const { dealerId, ...profile } of PROFILES) {
    const record = { ...profile, isDefault: true, modifiedAt: anchor - 181 * 86_400_000 }
    db.run('INSERT INTO invoice_profiles VALUES (?, ?, ?, 0, ?)', [
      profile.id,
      dealerId,
      JSON.stringify(record),
      record.modifiedAt,
    ])
  }
}
