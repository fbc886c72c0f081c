/**
 * Money (integer fen) and time, formatted for the current UI language. Formatting happens only here.
 * Times are business time (Beijing, shared/domain/chinaTime) whatever the PC's time zone, so a
 * screen, an export and a PDF always show the same clock. English dates follow the user's own
 * English conventions (a Hong Kong or British user reads day/month), see `dateLocale`.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { chinaTimeFormatOptions } from '../../shared/domain/chinaTime'
import { formatFen } from '../../shared/domain/money'

/**
 * The locale dates are written in: Chinese as is; English in the first English locale the user's
 * system prefers (`en-HK`, `en-GB`…), else English with the region of the system's first locale
 * (`zh-HK` → `en-HK`), else `en-US`.
 */
export function dateLocale(uiLocale: string, preferred: readonly string[]): string {
  if (!uiLocale.startsWith('en')) return uiLocale
  const english = preferred.find((tag) => /^en(-|$)/i.test(tag) && tag.includes('-'))
  if (english) return english
  const region = preferred
    .map((tag) => /^[a-z]{2,3}(?:-[A-Za-z]{4})?-([A-Z]{2})$/.exec(tag)?.[1])
    .find(Boolean)
  if (region && region !== 'CN') return `en-${region}`
  return 'en-US'
}

const systemLocales = (): readonly string[] =>
  typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])

export function useFormatters() {
  const { locale } = useI18n()
  const datesIn = computed(() => dateLocale(locale.value, systemLocales()))
  const dateTime = computed(
    () =>
      new Intl.DateTimeFormat(
        datesIn.value,
        chinaTimeFormatOptions({
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        }),
      ),
  )
  const date = computed(
    () =>
      new Intl.DateTimeFormat(
        datesIn.value,
        chinaTimeFormatOptions({ year: 'numeric', month: '2-digit', day: '2-digit' }),
      ),
  )
  const time = computed(
    () =>
      new Intl.DateTimeFormat(
        datesIn.value,
        chinaTimeFormatOptions({ hour: '2-digit', minute: '2-digit' }),
      ),
  )
  return {
    /** ¥1,234.56 from 123456 fen. */
    money: (fen: number) => formatFen(fen, locale.value, { currency: true }),
    /** Date and time, Beijing time. */
    dateTime: (epochMs: number) => dateTime.value.format(epochMs),
    /** The calendar date, Beijing time. */
    date: (epochMs: number) => date.value.format(epochMs),
    time: (epochMs: number) => time.value.format(epochMs),
  }
}
