/**
 * The desktop's document output (the core's optional `documentOutput`): prints a PDF through a
 * hidden window showing it in Chromium's PDF viewer and `webContents.print` (the system print
 * dialog), saves through the native save dialog, previews in a locked-down window. The PDF is
 * written to a private temp file first (Chromium's viewer needs a URL); temp files are removed
 * when the window closes. A failed print resolves false; a failed write of a save rejects.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, dialog } from 'electron'
import type { BrowserWindowConstructorOptions } from 'electron'

export interface DocumentOutput {
  /** Resolves true once the user sent the document to a printer, false when cancelled or failed. */
  print(pdf: Uint8Array, title: string): Promise<boolean>
  /** Resolves the path written, or null when the user cancelled the dialog. */
  saveWithDialog(pdf: Uint8Array, defaultName: string): Promise<string | null>
  preview?(pdf: Uint8Array, title: string): Promise<void>
}

export interface DocumentOutputOptions {
  /** The window the save dialog belongs to (modal to it); none = free-standing dialog. */
  parentWindow?: () => BrowserWindow | undefined
  /** Where temp PDFs go; the OS temp directory by default. */
  tempDirectory?: string
  /** Ms to let the PDF viewer lay the pages out before printing. */
  settleMs?: number
}

/** Only the PDF viewer runs in these windows: no preload, no Node, sandboxed, plugins for the viewer. */
const VIEWER_PREFERENCES: BrowserWindowConstructorOptions['webPreferences'] = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  plugins: true,
}

/** File names from main may still carry characters a file system refuses. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
  return cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned || 'document'}.pdf`
}

export function createDocumentOutput(options: DocumentOutputOptions = {}): DocumentOutput {
  const settleMs = options.settleMs ?? 300

  async function writeTemp(
    pdf: Uint8Array,
    title: string,
  ): Promise<{ file: string; cleanup: () => Promise<void> }> {
    const directory = await mkdtemp(join(options.tempDirectory ?? tmpdir(), 'dealerdesk-doc-'))
    const file = join(directory, safeFileName(title))
    await writeFile(file, pdf)
    return { file, cleanup: () => rm(directory, { recursive: true, force: true }) }
  }

  function openViewer(title: string, show: boolean): BrowserWindow {
    const window = new BrowserWindow({
      show,
      title,
      width: 900,
      height: 1000,
      autoHideMenuBar: true,
      webPreferences: {
        ...VIEWER_PREFERENCES,
        // Literals for the static audit (npm run audit:electron); no middle-click new windows.
        contextIsolation: true,
        sandbox: true,
        disableBlinkFeatures: 'Auxclick',
      },
    })
    // The viewer never opens other pages or windows.
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    window.webContents.on('will-navigate', (event: Electron.Event) => event.preventDefault())
    return window
  }

  async function print(pdf: Uint8Array, title: string): Promise<boolean> {
    let temp: Awaited<ReturnType<typeof writeTemp>> | undefined
    let window: BrowserWindow | undefined
    try {
      temp = await writeTemp(pdf, title)
      const viewer = (window = openViewer(title, false))
      await viewer.loadURL(pathToFileURL(temp.file).toString())
      await new Promise((resolve) => setTimeout(resolve, settleMs))
      return await new Promise<boolean>((resolve) => {
        viewer.webContents.print({ silent: false, printBackground: true }, (success) =>
          resolve(success),
        )
      })
    } catch {
      return false
    } finally {
      if (window && !window.isDestroyed()) window.destroy()
      await temp?.cleanup()
    }
  }

  async function saveWithDialog(pdf: Uint8Array, defaultName: string): Promise<string | null> {
    const dialogOptions = {
      defaultPath: safeFileName(defaultName),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
        'createDirectory' | 'showOverwriteConfirmation'
      >,
    }
    const parent = options.parentWindow?.()
    const answer = parent
      ? await dialog.showSaveDialog(parent, dialogOptions)
      : await dialog.showSaveDialog(dialogOptions)
    if (answer.canceled || !answer.filePath) return null
    const path = answer.filePath.toLowerCase().endsWith('.pdf')
      ? answer.filePath
      : `${answer.filePath}.pdf`
    await writeFile(path, pdf)
    return path
  }

  async function preview(pdf: Uint8Array, title: string): Promise<void> {
    const temp = await writeTemp(pdf, title)
    const window = openViewer(title, true)
    window.on('closed', () => void temp.cleanup())
    await window.loadURL(pathToFileURL(temp.file).toString())
  }

  return { print, saveWithDialog, preview }
}
