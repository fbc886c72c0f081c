import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadBuilderConfig, root } from './builderConfig'

const fuses = loadBuilderConfig().electronFuses

describe('Electron fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, and enforces the asar', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('uses only fuse names electron-builder 26 knows', () => {
    const scheme = JSON.parse(
      readFileSync(root + 'node_modules/app-builder-lib/scheme.json', 'utf8'),
    )
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties)
    for (const name of Object.keys(fuses)) expect(known).toContain(name)
    for (const value of Object.values(fuses)) expect(typeof value).toBe('boolean')
  })

  it('needs an asar for the asar-only fuses', () => {
    expect(loadBuilderConfig().asar).toBe(true)
  })
})
