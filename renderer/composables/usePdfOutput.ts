/**
 * The browser side of document output: a rendered PDF (base64 from main) as a download (reusing
 * the export download) or in a new tab (a Blob URL; the browser's viewer prints it). A tab must be
 * opened while the click is still being handled or pop-up blockers refuse it, so `reserveTab()`
 * opens an empty one first and `showInTab` fills it once the PDF is there.
 */
import { downloadExportedFile } from '../components/orders/downloadFile'

export interface PdfFile {
  fileName: string
  contentBase64: string
}

export function pdfBlob(file: PdfFile): Blob {
  const binary = atob(file.contentBase64)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return new Blob([bytes], { type: 'application/pdf' })
}

export function downloadPdf(file: PdfFile): void {
  downloadExportedFile(file)
}

/** An empty tab opened during the user's click; null where the browser refused it. */
export function reserveTab(): Window | null {
  try {
    return window.open('', '_blank')
  } catch {
    return null
  }
}

/** Shows the PDF in `tab` (or a new tab when none was reserved). The Blob URL lives a minute. */
export function showInTab(file: PdfFile, tab: Window | null): void {
  const url = URL.createObjectURL(pdfBlob(file))
  if (tab && !tab.closed) tab.location.href = url
  else {
    const link = document.createElement('a')
    link.href = url
    link.target = '_blank'
    link.rel = 'noopener'
    link.style.display = 'none'
    document.body.append(link)
    link.click()
    link.remove()
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function closeTab(tab: Window | null): void {
  if (tab && !tab.closed) tab.close()
}
