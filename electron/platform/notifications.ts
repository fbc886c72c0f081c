/**
 * Native desktop notifications (Electron `Notification`), as the `notify(title, body)` option of
 * the core. Silent no-op where the system has none (isSupported() false). Shown notifications are
 * kept referenced until closed, or the garbage collector may take them before the user clicks.
 */
import type { Notification, NotificationConstructorOptions } from 'electron'

export interface NotificationClass {
  isSupported(): boolean
  new (options: NotificationConstructorOptions): Pick<Notification, 'show' | 'on'>
}

export interface NativeNotifierOptions {
  /** The user clicked a notification (e.g. bring the main window to the front). */
  onClick?: () => void
}

export function createNativeNotifier(
  NotificationType: NotificationClass,
  options: NativeNotifierOptions = {},
): (title: string, body: string) => void {
  const shown = new Set<Pick<Notification, 'show' | 'on'>>()
  return (title, body) => {
    if (!NotificationType.isSupported()) return
    const notification = new NotificationType({ title, body })
    shown.add(notification)
    notification.on('click', () => options.onClick?.())
    notification.on('close', () => shown.delete(notification))
    notification.show()
  }
}
