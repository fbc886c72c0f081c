/**
 * The subset of pdfmake's document definition the builders use (pdfmake ships no types). Content
 * nodes stay loosely typed: pdfmake validates them when it lays the document out.
 */
export type Content = string | ContentNode | Content[]
export interface ContentNode {
  [property: string]: unknown
}

/** One printed document: its body, and its page header / footer given its own page numbers. */
export interface DocumentSection {
  title: string
  /** The printed document number (statements: see statementNumber). */
  number: string
  content: Content[]
  /** `page` counts from 1 within this document; `logo` = the logo image is available as 'logo'. */
  header(page: number, logo: boolean): Content | null
  footer(page: number, pageCount: number): Content | null
}

export interface DocumentDefinition {
  info: { title: string; creator: string; producer: string }
  pageSize: 'A4'
  pageMargins: [number, number, number, number]
  defaultStyle: ContentNode
  images: Record<string, string>
  content: Content[]
}
