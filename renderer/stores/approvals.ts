/**
 * Orders approved inside the dealer: the admin's queue (from the cache), its count for the
 * navigation badge, the approval rule (from the gateway, offline from the cache) and the
 * decisions and rule changes (through the outbox).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApprovalRule } from '../../shared/api'
import type {
  ApprovalQueueItem,
  ApprovalRequote,
  ApprovalRuleView,
} from '../../shared/contract/approvals'
import type { OrderActionOutcome } from '../../shared/contract/orders'
import type { PortalErrorData } from '../bridge'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useApprovalsStore = defineStore('approvals', () => {
  const items = ref<ApprovalQueueItem[]>([])
  const count = ref(0)
  const loading = ref(false)
  const rule = ref<ApprovalRuleView | null>(null)
  /** Why the rule could not be read (offline and never synced, ...), shown instead of the form. */
  const ruleError = ref<PortalErrorData | null>(null)
  const notices = useNoticeStore()

  async function loadCount(): Promise<void> {
    const result = await getPortal().approvals.count()
    if (result.ok) count.value = result.data.count
  }

  async function loadQueue(): Promise<void> {
    loading.value = true
    try {
      const result = await getPortal().approvals.queue()
      if (!result.ok) return notices.reportError(result.error)
      items.value = result.data.items
      count.value = result.data.items.filter((item) => item.waiting === null).length
    } finally {
      loading.value = false
    }
  }

  /** Bumped by every read and save: an answer that comes after a newer one is dropped. */
  let ruleRequest = 0
  /**
   * Saves answered so far and the last one's answer. A read sent while a save was on its way may
   * be answered with the rule before it (the gateway read it first, e.g. a sync's reload while the
   * admin saved): the saved rule, modified later, is what the form keeps showing.
   */
  let saves = 0
  let lastSaved: ApprovalRuleView | null = null
  const modifiedAt = (view: ApprovalRuleView | null) => view?.modifiedAt ?? -1

  async function loadRule(): Promise<void> {
    const request = ++ruleRequest
    const savesBefore = saves
    const result = await getPortal().approvals.rule()
    if (request !== ruleRequest) return
    const savedSince = saves !== savesBefore ? lastSaved : null
    if (result.ok && savedSince && modifiedAt(result.data) < modifiedAt(savedSince)) {
      rule.value = savedSince
      ruleError.value = null
      return
    }
    rule.value = result.ok ? result.data : null
    ruleError.value = result.ok ? null : result.error
  }

  /** 'sent', 'pending' (saved in the outbox, sent on reconnect) or null (refused, reported). */
  async function saveRule(next: ApprovalRule): Promise<'sent' | 'pending' | null> {
    const request = ++ruleRequest
    const result = await getPortal().approvals.setRule(next)
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    saves++
    lastSaved = result.data
    // A read answered meanwhile is shown unless the saved rule is newer than what it read.
    if (request === ruleRequest || modifiedAt(rule.value) < modifiedAt(result.data)) {
      rule.value = result.data
      ruleError.value = null
    }
    return result.data.waiting ? 'pending' : 'sent'
  }

  /** null when it cannot be priced now (offline): the approval re-prices when it is sent. */
  async function requote(id: string): Promise<ApprovalRequote | null> {
    const result = await getPortal().approvals.requote({ id })
    return result.ok ? result.data : null
  }

  async function decided(
    answer: Awaited<ReturnType<ReturnType<typeof getPortal>['approvals']['approve']>>,
  ): Promise<OrderActionOutcome | null> {
    if (!answer.ok) {
      notices.reportError(answer.error)
      return null
    }
    await Promise.all([loadQueue(), loadCount()])
    return answer.data
  }

  const approve = async (id: string, expectedTotal?: number) =>
    decided(
      await getPortal().approvals.approve(
        expectedTotal === undefined ? { id } : { id, expectedTotal },
      ),
    )

  const decline = async (id: string, reason: string) =>
    decided(await getPortal().approvals.decline({ id, reason }))

  /**
   * Keeps the count (and with `queue`, the queue and the rule) current: after every sync, outbox
   * change or session change. Returns the unsubscribe.
   */
  function follow(options: { queue?: boolean } = {}): () => void {
    const portal = getPortal()
    const reload = () => {
      void loadCount()
      if (options.queue) void loadQueue()
    }
    reload()
    if (options.queue) void loadRule()
    const stops = [
      portal.onDataChanged(({ feeds }) => {
        reload()
        // A sync brought another rule (not on every sync: the form would lose what is typed).
        if (options.queue && feeds.includes('approvalRule')) void loadRule()
      }),
      portal.onOutboxChanged(() => {
        reload()
        // A change that waited may have been sent.
        if (options.queue && rule.value?.waiting) void loadRule()
      }),
      portal.onSessionChanged(() => {
        reload()
        if (options.queue) void loadRule()
      }),
    ]
    return () => {
      for (const stop of stops) stop()
    }
  }

  return {
    follow,
    items,
    count,
    loading,
    rule,
    ruleError,
    loadCount,
    loadQueue,
    loadRule,
    saveRule,
    requote,
    approve,
    decline,
  }
})
