/**
 * Asks before an irreversible action and says what will happen: a title, an optional sentence and
 * the facts as label / value rows (total, payment split, shortages…). Resolves true when the user
 * confirms, false when they keep editing (nothing is lost either way).
 */
import { h } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessageBox } from 'element-plus'

export interface ConfirmFact {
  label: string
  value: string
  /** data-testid suffix of the row: `confirm-fact-<id>`. */
  id: string
}

export interface ConfirmRequest {
  title: string
  message?: string
  facts: readonly ConfirmFact[]
  confirmText: string
  cancelText?: string
  type?: 'warning' | 'info'
}

export function useConfirmAction() {
  const { t } = useI18n()
  return async (request: ConfirmRequest): Promise<boolean> => {
    const body = h('div', { class: 'confirm-action', 'data-testid': 'confirm-action' }, [
      request.message ? h('p', { class: 'confirm-action__message' }, request.message) : null,
      h(
        'dl',
        {
          class: 'confirm-action__facts',
          style: 'display:grid;grid-template-columns:auto 1fr;gap:4px 16px;margin:8px 0 0',
        },
        request.facts.flatMap((fact) => [
          h('dt', { style: 'color:var(--el-text-color-secondary)' }, fact.label),
          h(
            'dd',
            {
              style: 'margin:0;font-variant-numeric:tabular-nums',
              'data-testid': `confirm-fact-${fact.id}`,
            },
            fact.value,
          ),
        ]),
      ),
    ])
    try {
      await ElMessageBox.confirm(body, request.title, {
        type: request.type ?? 'warning',
        confirmButtonText: request.confirmText,
        cancelButtonText: request.cancelText ?? t('common.confirm.back'),
        distinguishCancelAndClose: false,
        customClass: 'confirm-action-box',
      })
      return true
    } catch {
      return false
    }
  }
}
