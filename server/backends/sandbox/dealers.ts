/** Dealers, memberships (roles per dealer), ship-to addresses and the `GET /me` view. */
import type { Address, Balances, InvoiceProfile, Me, RebateRule, Role } from '../../../shared/api'
import type { SandboxContext } from './context'

interface DealerRow {
  id: string
  code: string
  name_zh: string
  name_en: string
  city: string
  credit_terms_days: number
  terms_zh: string
  terms_en: string
  rebate_min_order: number | null
  rebate_max_amount: number | null
  rebate_max_percent: number | null
}

export type Dealers = ReturnType<typeof createDealers>

export function createDealers(ctx: SandboxContext) {
  const { db } = ctx

  function dealer(dealerId: string): DealerRow | undefined {
    return db.get<DealerRow>('SELECT * FROM dealers WHERE id = ?', [dealerId])
  }

  function rebateRule(dealerId: string): RebateRule | null {
    const row = dealer(dealerId)
    if (
      !row ||
      (row.rebate_min_order === null &&
        row.rebate_max_amount === null &&
        row.rebate_max_percent === null)
    )
      return null
    return {
      minOrderAmount: row.rebate_min_order,
      maxAmount: row.rebate_max_amount,
      maxPercent: row.rebate_max_percent,
    }
  }

  function creditTerms(dealerId: string): Balances['credit']['terms'] {
    const row = dealer(dealerId)
    return {
      days: row?.credit_terms_days ?? 0,
      descriptionZh: row?.terms_zh ?? '',
      descriptionEn: row?.terms_en ?? '',
    }
  }

  /** Roles of the user for the dealer; empty when the user may not act for it. */
  function roles(userId: string, dealerId: string): Role[] {
    const row = db.get<{ roles: string }>(
      'SELECT roles FROM memberships WHERE user_id = ? AND dealer_id = ?',
      [userId, dealerId],
    )
    return row ? (row.roles.split(',') as Role[]) : []
  }

  function addresses(dealerId: string): Address[] {
    return db
      .all<Record<string, string | number>>(
        'SELECT * FROM addresses WHERE dealer_id = ? ORDER BY is_default DESC, id',
        [dealerId],
      )
      .map((row) => ({
        id: row.id as string,
        contact: row.contact as string,
        phone: row.phone as string,
        province: row.province as string,
        city: row.city as string,
        district: row.district as string,
        line: row.line as string,
        isDefault: row.is_default === 1,
      }))
  }

  function invoiceProfiles(dealerId: string): InvoiceProfile[] {
    return db
      .all<{ json: string }>(
        'SELECT json FROM invoice_profiles WHERE dealer_id = ? AND deleted = 0 ORDER BY id',
        [dealerId],
      )
      .map((row) => JSON.parse(row.json) as InvoiceProfile)
  }

  function me(userId: string): Me {
    const user = db.get<{
      id: string
      account: string
      display_name: string
      preferred_language: string
    }>('SELECT id, account, display_name, preferred_language FROM users WHERE id = ?', [userId])
    if (!user) throw new Error(`no user ${userId}`)
    const memberships = db.all<{ dealer_id: string; roles: string }>(
      'SELECT dealer_id, roles FROM memberships WHERE user_id = ? ORDER BY dealer_id',
      [userId],
    )
    return {
      user: {
        id: user.id,
        account: user.account,
        displayName: user.display_name,
        preferredLanguage: user.preferred_language as Me['user']['preferredLanguage'],
      },
      dealers: memberships.flatMap((membership) => {
        const row = dealer(membership.dealer_id)
        if (!row) return []
        return [
          {
            id: row.id,
            code: row.code,
            nameZh: row.name_zh,
            nameEn: row.name_en,
            city: row.city,
            roles: membership.roles.split(',') as Role[],
            addresses: addresses(row.id),
            invoiceProfiles: invoiceProfiles(row.id),
          },
        ]
      }),
    }
  }

  function setRebateRule(dealerId: string, rule: RebateRule): void {
    db.run(
      'UPDATE dealers SET rebate_min_order = ?, rebate_max_amount = ?, rebate_max_percent = ? WHERE id = ?',
      [rule.minOrderAmount, rule.maxAmount, rule.maxPercent, dealerId],
    )
    ctx.changed()
  }

  function dealerIds(): string[] {
    return db.all<{ id: string }>('SELECT id FROM dealers ORDER BY id').map((row) => row.id)
  }

  return {
    dealer,
    rebateRule,
    creditTerms,
    roles,
    addresses,
    invoiceProfiles,
    me,
    setRebateRule,
    dealerIds,
  }
}
