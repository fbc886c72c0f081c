/**
 * Saves a file made by main (base64) through a Blob link: the browser's download in the web host,
 * Electron's save flow in the desktop app. No file system access from the renderer.
 */
import type { ExportedFile } from '../../../shared/contract/orders'

const MIME_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  pdf: 'application/pdf',
}

export function downloadExportedFile(file: ExportedFile): void {
  const binary = atob(file.contentBase64)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  const extension = file.fileName.split('.').pop() ?? ''
  const url = URL.createObjectURL(
    new Blob([bytes], { type: MIME_TYPES[extension] ?? 'application/octet-stream' }),
  )
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
