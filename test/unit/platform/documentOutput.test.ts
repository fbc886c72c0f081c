import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BrowserWindow, dialog, StubWebContents } from '../../fixtures/electronStub'
import { createDocumentOutput, safeFileName } from '../../../electron/platform/documentOutput'

const PDF = new TextEncoder().encode('%PDF-1.7 test')
let directory: string

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dd-docout-'))
  BrowserWindow.created.length = 0
  dialog.saveRequests.length = 0
  StubWebContents.printAnswer = true
})
afterEach(() => rm(directory, { recursive: true, force: true }))

describe('document output adapter (against the electron stub)', () => {
  it('prints through a hidden, locked-down viewer window loading the PDF file, then cleans up', async () => {
    const output = createDocumentOutput({ tempDirectory: directory, settleMs: 0 })
    await expect(output.print(PDF, 'DN-1.pdf')).resolves.toBe(true)
    const window = BrowserWindow.created.at(-1)!
    expect(window.options).toMatchObject({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        plugins: true,
      },
    })
    expect(window.loadedUrl).toMatch(/^file:\/\/.*DN-1\.pdf$/)
    expect(window.webContents.printed).toEqual([{ silent: false, printBackground: true }])
    expect(window.isDestroyed()).toBe(true)
    expect(await readdir(directory)).toEqual([])
  })

  it('answers false when the user cancels the print dialog', async () => {
    StubWebContents.printAnswer = false
    const output = createDocumentOutput({ tempDirectory: directory, settleMs: 0 })
    await expect(output.print(PDF, 'DN-2')).resolves.toBe(false)
  })

  it('saves through the native dialog to the chosen path, adding .pdf', async () => {
    dialog.saveAnswer = { canceled: false, filePath: join(directory, 'chosen') }
    const output = createDocumentOutput({ tempDirectory: directory })
    const path = await output.saveWithDialog(PDF, '发货单 DN/3')
    expect(path).toBe(join(directory, 'chosen.pdf'))
    expect(new Uint8Array(await readFile(path!))).toEqual(PDF)
    expect(dialog.saveRequests[0]!.options).toMatchObject({ defaultPath: '发货单 DN_3.pdf' })
  })

  it('writes nothing when the save dialog is cancelled', async () => {
    dialog.saveAnswer = { canceled: true }
    const output = createDocumentOutput({ tempDirectory: directory })
    await expect(output.saveWithDialog(PDF, 'x.pdf')).resolves.toBeNull()
    expect(await readdir(directory)).toEqual([])
  })

  it('previews in a visible window that opens nothing else; the temp file goes when it closes', async () => {
    const output = createDocumentOutput({ tempDirectory: directory })
    await output.preview!(PDF, 'OC-1.pdf')
    const window = BrowserWindow.created.at(-1)!
    expect(window.options).toMatchObject({ show: true })
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    })
    expect(await readdir(directory)).toHaveLength(1)
    window.destroy()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await readdir(directory)).toEqual([])
  })

  it('makes file names safe', () => {
    expect(safeFileName('a:b*c')).toBe('a_b_c.pdf')
    expect(safeFileName('  ')).toBe('document.pdf')
  })
})
