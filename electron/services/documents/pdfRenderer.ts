/**
 * Renders pdfmake document definitions to PDF bytes in the main process. The Noto Sans SC fonts
 * (regular + bold, OFL) and the logo are read ONCE per process into pdfmake's virtual file system;
 * pdfkit then embeds a subset of the glyphs each document uses (~70 KB for 200 rows).
 *
 * Fonts are looked up in resources/fonts/ (process.resourcesPath/fonts when packaged, the
 * repository's resources/fonts when copied by scripts/copy-fonts.mjs), else in the npm package
 * @expo-google-fonts/noto-sans-sc. Never downloaded: every URL and local path is refused to the
 * document definitions (only the virtual files load).
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DocumentDefinition, DocumentSection } from './pdfTypes'

export const FONT_FAMILY = 'NotoSansSC'
export const FONT_FILES = {
  regular: 'NotoSansSC-Regular.ttf',
  bold: 'NotoSansSC-Bold.ttf',
} as const
const PACKAGE_FONTS = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const
const LOGO_FILE = 'logo.png'

interface PdfMakeServer {
  virtualfs: {
    writeFileSync(name: string, content: Buffer): void
    existsSync(name: string): boolean
  }
  setFonts(
    fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>,
  ): void
  setUrlAccessPolicy(policy: (url: string) => boolean): void
  setLocalAccessPolicy(policy: (path: string) => boolean): void
  createPdf(definition: object): { getBuffer(): Promise<Buffer> }
}

const moduleRequire: NodeJS.Require = (() => {
  const base = import.meta.url as string | undefined
  return base ? createRequire(base) : require
})()

/** resources/ candidates: the packaged app's resources, then the repository's. */
export function resourceDirectories(): string[] {
  const directories: string[] = []
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged) directories.push(packaged)
  const base = import.meta.url as string | undefined
  directories.push(
    base
      ? fileURLToPath(new URL('../../../resources/', base))
      : join(__dirname, '..', '..', 'resources'),
  )
  return directories
}

export function resolveFontFiles(): { regular: string; bold: string } {
  for (const directory of resourceDirectories()) {
    const regular = join(directory, 'fonts', FONT_FILES.regular)
    const bold = join(directory, 'fonts', FONT_FILES.bold)
    if (existsSync(regular) && existsSync(bold)) return { regular, bold }
  }
  return {
    regular: moduleRequire.resolve(PACKAGE_FONTS.regular),
    bold: moduleRequire.resolve(PACKAGE_FONTS.bold),
  }
}

function resolveLogo(): string | null {
  for (const directory of resourceDirectories()) {
    const path = join(directory, LOGO_FILE)
    if (existsSync(path)) return path
  }
  return null
}

let loading: Promise<{ pdfmake: PdfMakeServer; logo: boolean }> | undefined

/** Loads pdfmake, the fonts and the logo once per process; a failure is forgotten (next call retries). */
export function loadPdfEngine(): Promise<{ pdfmake: PdfMakeServer; logo: boolean }> {
  loading ??= (async () => {
    const pdfmake = moduleRequire('pdfmake') as PdfMakeServer
    const files = resolveFontFiles()
    const logoPath = resolveLogo()
    const [regular, bold, logo] = await Promise.all([
      readFile(files.regular),
      readFile(files.bold),
      logoPath ? readFile(logoPath) : null,
    ])
    pdfmake.virtualfs.writeFileSync(FONT_FILES.regular, regular)
    pdfmake.virtualfs.writeFileSync(FONT_FILES.bold, bold)
    if (logo) pdfmake.virtualfs.writeFileSync(LOGO_FILE, logo)
    pdfmake.setFonts({
      [FONT_FAMILY]: {
        normal: FONT_FILES.regular,
        bold: FONT_FILES.bold,
        italics: FONT_FILES.regular,
        bolditalics: FONT_FILES.bold,
      },
    })
    pdfmake.setUrlAccessPolicy(() => false)
    pdfmake.setLocalAccessPolicy(() => false)
    return { pdfmake, logo: logo !== null }
  })().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

export interface RenderedPdf {
  pdf: Buffer
  /** Pages of the whole file. */
  pageCount: number
}

/**
 * One or more documents (sections) into one PDF. Each section starts on a new page and numbers its
 * own pages: its header and footer get (page within the section, pages of the section). pdfmake
 * lays out every page before it asks for headers, then asks for all headers before any footer, so
 * the headers record which pages belong to which section and the footers number from that.
 */
export async function renderPdf(
  sections: readonly DocumentSection[],
  meta: { title: string },
): Promise<RenderedPdf> {
  const engine = await loadPdfEngine()
  const pagesOf = sections.map(() => new Set<number>())
  let pageCount = 0
  const local = (index: number, page: number) => {
    const pages = [...(pagesOf[index] ?? [])]
    return { page: page - Math.min(...pages) + 1, count: pages.length }
  }
  const definition: DocumentDefinition = {
    info: { title: meta.title, creator: 'DealerDesk', producer: 'DealerDesk (pdfmake)' },
    pageSize: 'A4',
    pageMargins: [36, 78, 36, 54],
    defaultStyle: { font: FONT_FAMILY, fontSize: 9, lineHeight: 1.15 },
    images: engine.logo ? { logo: LOGO_FILE } : {},
    content: [],
  }
  definition.content = sections.map((section, index) => ({
    section: section.content,
    header: (page: number) => {
      pagesOf[index]?.add(page)
      return section.header(local(index, page).page, engine.logo)
    },
    footer: (page: number, count: number) => {
      pageCount = Math.max(pageCount, count)
      const position = local(index, page)
      return section.footer(position.page, position.count)
    },
  }))
  const pdf = await engine.pdfmake.createPdf(definition).getBuffer()
  return { pdf, pageCount }
}
