/**
 * The menu's Print (CmdOrCtrl+P): main sends 'app:command' { command: 'print' } and the document
 * shown on screen prints itself. Each mounted DocumentActions registers its print action here; the
 * most recently mounted one (the visible screen's) wins. With none, a translated hint is shown.
 */
import { onBeforeUnmount } from 'vue'
import { ElMessage } from 'element-plus'
import { getPortal } from '../bridge'

type Translate = (key: string) => string
type PrintAction = () => Promise<void> | void
const targets: PrintAction[] = []

/** Called from a component's setup: `action` is the print of the document it shows. */
export function usePrintTarget(action: PrintAction): void {
  targets.push(action)
  onBeforeUnmount(() => {
    const index = targets.lastIndexOf(action)
    if (index >= 0) targets.splice(index, 1)
  })
}

/** Runs the visible document's print; false (and a hint) when no document is shown. */
export async function runPrintCommand(t: Translate): Promise<boolean> {
  const action = targets.at(-1)
  if (!action) {
    ElMessage({ type: 'info', message: t('documents.actions.nothingToPrint') })
    return false
  }
  await action()
  return true
}

/** Subscribes once at start-up (renderer/main.ts). Returns the unsubscribe function. */
export function followAppCommands(t: Translate): () => void {
  return getPortal().onAppCommand(({ command }) => {
    if (command === 'print') void runPrintCommand(t)
  })
}
