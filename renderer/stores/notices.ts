/**
 * Messages for the user that are data until shown: errors from bridge calls (codes + params) and
 * notices pushed by main. NoticeCenter.vue turns them into words in the current language.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PortalErrorData } from '../bridge'

export interface UserNotice {
  id: number
  level: 'info' | 'warning' | 'error' | 'success'
  /** An i18n key: `errors.<code>` for errors, a message key otherwise. */
  code: string
  params?: Record<string, string | number | boolean | null>
}

export const useNoticeStore = defineStore('notices', () => {
  const queue = ref<UserNotice[]>([])
  let nextId = 1

  function push(notice: Omit<UserNotice, 'id'>): void {
    queue.value.push({ ...notice, id: nextId++ })
  }

  function reportError(error: PortalErrorData): void {
    push({
      level: 'error',
      code: `errors.${error.code}`,
      ...(error.params ? { params: error.params } : {}),
    })
  }

  function take(): UserNotice[] {
    const taken = queue.value
    queue.value = []
    return taken
  }

  return { queue, push, reportError, take }
})
