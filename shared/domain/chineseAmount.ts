import type { Fen } from './money'
import { roundHalfUp } from './money'

/*
 * 大写金额 for printed documents (domain.md "Deliveries": totals in Chinese capital numerals),
 * following the PRC 支付结算办法 / 正确填写票据和结算凭证的基本规定.
 *
 * Where those rules leave the 零 optional (a zero in the 万 or 元 place followed by a non-zero
 * digit, e.g. ¥1,680.32 or ¥107,000.53), this module uses ONE convention: every run of zero
 * digits with a non-zero digit on both sides is written as a single 零, wherever it lies — inside
 * a group, across 万/亿, or from 元 to 角. That writes every 零 the rules allow, leaving no gap
 * to insert a digit into. Zeros with no non-zero digit after them are never written.
 *   ¥1,409.50     壹仟肆佰零玖元伍角
 *   ¥6,007.14     陆仟零柒元壹角肆分
 *   ¥1,680.32     壹仟陆佰捌拾元零叁角贰分
 *   ¥107,000.53   壹拾万零柒仟元零伍角叁分
 *   ¥1,001,000    壹佰万零壹仟元整
 *   ¥100,000.10   壹拾万元零壹角
 *   ¥10.10        壹拾元零壹角
 *   ¥1.05         壹元零伍分     (角 zero, 分 not: 零 is mandatory)
 *   ¥0.05         伍分           (no yuan: no 元, no leading 零)
 * 整 is written only when both 角 and 分 are zero (壹拾元整, 零元整); never after 角 or 分.
 * 10–19 keep their 壹 (壹拾元整). Negative amounts are prefixed with 负.
 * Range: every safe integer of fen (up to ¥90,071,992,547,409.91, i.e. beyond 万亿).
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const
/** Unit of a digit inside its 4-digit group: 个, 拾, 佰, 仟. */
const PLACE_UNITS = ['', '拾', '佰', '仟'] as const

function digitName(digit: number): string {
  return DIGITS[digit] ?? ''
}

/** The yuan part (integer ≥ 0) in capitals, and whether it ends in zeros (owing a 零). */
function yuanInCapitals(yuan: number): { text: string; endsWithZeros: boolean } {
  const digits = String(yuan)
  let text = ''
  let zeroPending = false
  for (let index = 0; index < digits.length; index++) {
    const place = digits.length - 1 - index // power of ten of this digit
    const digit = Number(digits[index])
    if (digit === 0) {
      if (text !== '') zeroPending = true
    } else {
      if (zeroPending) text += '零'
      zeroPending = false
      text += digitName(digit) + (PLACE_UNITS[place % 4] ?? '')
    }
    if (place > 0 && place % 4 === 0) {
      const group = digits.slice(Math.max(0, index - 3), index + 1)
      if (place % 8 === 0) {
        // 亿 closes everything above it: 壹万亿 needs its 亿 even though the 亿 group is zero.
        if (/[1-9]/.test(digits.slice(0, index + 1))) text += '亿'
      } else if (/[1-9]/.test(group)) {
        text += '万'
      }
    }
  }
  return { text, endsWithZeros: zeroPending }
}

/** An integer of fen in 大写金额 (see the convention above). Throws RangeError if not Fen. */
export function toChineseCapitalAmount(amount: Fen): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be a safe integer of fen')
  if (amount === 0) return '零元整'
  const magnitude = Math.abs(amount)
  const yuan = Math.trunc(magnitude / 100)
  const jiao = Math.trunc(magnitude / 10) % 10
  const fen = magnitude % 10
  let text = ''
  let zeroPending = false
  if (yuan > 0) {
    const yuanPart = yuanInCapitals(yuan)
    text = yuanPart.text + '元'
    zeroPending = yuanPart.endsWithZeros
  }
  if (jiao === 0 && fen === 0) {
    text += '整'
  } else {
    if (jiao !== 0) {
      text += (zeroPending ? '零' : '') + digitName(jiao) + '角'
    } else if (yuan > 0) {
      zeroPending = true
    }
    if (fen !== 0) text += (zeroPending && jiao === 0 ? '零' : '') + digitName(fen) + '分'
  }
  return (amount < 0 ? '负' : '') + text
}

/** A yuan amount (may carry float noise) → rounded half-up to the fen → 大写金额. */
export function toChineseCapitalAmountFromYuan(yuan: number): string {
  return toChineseCapitalAmount(roundHalfUp(yuan * 100))
}
