import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSettingsService } from '../../../electron/services/settings/settingsService'
import { DEFAULT_DOCUMENT_SETTINGS } from '../../../shared/contract'
import { writeFileAtomic } from '../../../node/atomicFile'

const directory = () => mkdtemp(join(tmpdir(), 'dealerdesk-settings-'))

describe('settings service', () => {
  it('starts from the defaults (language follows the system) when there is no file', async () => {
    const service = createSettingsService({ dataDirectory: await directory() })
    await expect(service.get()).resolves.toEqual({
      language: null,
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
  })

  it('persists a change so that a new service (a restart) reads it back', async () => {
    const dataDirectory = await directory()
    const changes: unknown[] = []
    await createSettingsService({ dataDirectory, onChanged: (next) => changes.push(next) }).set({
      language: 'en-US',
    })
    expect(changes).toEqual([
      { language: 'en-US', syncIntervalMinutes: 5, documents: DEFAULT_DOCUMENT_SETTINGS },
    ])
    await expect(createSettingsService({ dataDirectory }).get()).resolves.toEqual({
      language: 'en-US',
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
    expect(JSON.parse(await readFile(join(dataDirectory, 'settings.json'), 'utf8'))).toEqual({
      language: 'en-US',
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
  })

  it('moves a corrupt file aside, keeps it, and falls back to the defaults', async () => {
    const dataDirectory = await directory()
    await writeFile(join(dataDirectory, 'settings.json'), '{"language": "en-US"') // truncated
    const corrupt: string[] = []
    const service = createSettingsService({
      dataDirectory,
      onCorrupt: (path) => corrupt.push(path),
    })
    await expect(service.get()).resolves.toEqual({
      language: null,
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
    expect(corrupt).toHaveLength(1)
    const files = await readdir(dataDirectory)
    expect(files.some((file) => file.startsWith('settings.json.corrupt-'))).toBe(true)
    expect(await readFile(corrupt[0]!, 'utf8')).toBe('{"language": "en-US"')
  })

  it('treats a well-formed file with an invalid value as corrupt', async () => {
    const dataDirectory = await directory()
    await writeFile(join(dataDirectory, 'settings.json'), '{"language": "fr-FR"}')
    await expect(createSettingsService({ dataDirectory }).get()).resolves.toEqual({
      language: null,
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
  })

  it('reads a settings file written before the document settings existed, and a partial documents section', async () => {
    const dataDirectory = await directory()
    await writeFile(
      join(dataDirectory, 'settings.json'),
      '{"language": "en-US", "syncIntervalMinutes": 7}',
    )
    await expect(createSettingsService({ dataDirectory }).get()).resolves.toEqual({
      language: 'en-US',
      syncIntervalMinutes: 7,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
    await writeFile(
      join(dataDirectory, 'settings.json'),
      '{"documents": {"companyNameZh": "甲公司", "defaultLanguage": "bilingual"}}',
    )
    await expect(createSettingsService({ dataDirectory }).get()).resolves.toEqual({
      language: null,
      syncIntervalMinutes: 5,
      documents: {
        ...DEFAULT_DOCUMENT_SETTINGS,
        companyNameZh: '甲公司',
        defaultLanguage: 'bilingual',
      },
    })
  })

  it('keeps the last of many rapid changes on disk', async () => {
    const dataDirectory = await directory()
    const service = createSettingsService({ dataDirectory })
    await Promise.all(
      ['zh-CN', 'en-US', 'zh-CN', 'en-US'].map((language) =>
        service.set({ language: language as 'zh-CN' }),
      ),
    )
    await expect(createSettingsService({ dataDirectory }).get()).resolves.toEqual({
      language: 'en-US',
      syncIntervalMinutes: 5,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    })
  })
})

describe('atomic write', () => {
  it('leaves no temporary files behind and replaces the content whole', async () => {
    const dataDirectory = await directory()
    const path = join(dataDirectory, 'nested', 'file.json')
    await writeFileAtomic(path, 'first')
    await writeFileAtomic(path, 'second')
    expect(await readFile(path, 'utf8')).toBe('second')
    expect(await readdir(join(dataDirectory, 'nested'))).toEqual(['file.json'])
  })
})
