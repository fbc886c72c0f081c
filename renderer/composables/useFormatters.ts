/**
 * Money (integer fen) and time, formatted for the current UI language. Formatting happens only here.
 * Times are business time (Beijing, shared/domain/chinaTime) whatever the PC's zone, as on documents.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { chinaTimeFormatOptions } from '../../shared/domain/chinaTime'
import { formatFen } from '../../shared/domain/money'

export function useFormatters() {
  const { locale } = useI18n()
  const dateTime = computed(
    () =>
      new Intl.DateTimeFormat(
        locale.value,
        chinaTimeFormatOptions({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }),
      ),
  )
  const time = computed(() => new Intl.DateTimeFormat(locale.value, chinaTimeFormatOptions({ hour: '2-digit', minute: '2-digit' })))
  return {
    /** ¥1,234.56 from 123456 fen. */
    money: (fen: number) => formatFen(fen, locale.value, { currency: true }),
    dateTime: (epochMs: number) => dateTime.value.format(epochMs),
    time: (epochMs: number) => time.value.format(epochMs),
  }
}
