import { existsSync, readFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { loadBuilderConfig, root, type TargetEntry } from './builderConfig'

const config = loadBuilderConfig()
const targets = (platform: 'win' | 'mac' | 'linux'): TargetEntry[] => config[platform].target
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

describe('electron-builder.yml', () => {
  it('names the product DealerDesk / 经销商工作台 with ASCII file names', () => {
    expect(config.appId).toBe('com.dealerdesk.app')
    expect(config.productName).toBe('DealerDesk')
    expect(config.executableName).toBe('DealerDesk')
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/)
    expect(config.nsis.artifactName).toMatch(/^[\x20-\x7e]+$/)
    expect(config.nsis.shortcutName).toBe('经销商工作台')
    expect(config.linux.desktop.entry['Name[zh_CN]']).toBe('经销商工作台')
  })

  it('builds NSIS x64 for Windows, per-user or per-machine, in Chinese and English', () => {
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      multiLanguageInstaller: true,
      unicode: true,
    })
    expect(config.nsis.installerLanguages).toEqual(['zh_CN', 'en_US'])
  })

  it('builds dmg for macOS x64 + arm64 with hardened runtime and minimal entitlements', () => {
    expect(targets('mac')).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }])
    expect(config.mac.hardenedRuntime).toBe(true)
    for (const key of ['entitlements', 'entitlementsInherit'] as const) {
      const file = root + config.mac[key]
      expect(existsSync(file), file).toBe(true)
      const plist = readFileSync(file, 'utf8')
      expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>')
      // Nothing beyond what V8 needs.
      expect(plist.match(/<key>/g)).toHaveLength(1)
    }
  })

  it('builds AppImage and deb for Linux', () => {
    expect(targets('linux').map((entry) => entry.target)).toEqual(['AppImage', 'deb'])
  })

  it('packs the app into asar without native rebuilds and with a tight file list', () => {
    expect(config.asar).toBe(true)
    expect(config.npmRebuild).toBe(false)
    expect(config.files).toContain('dist/electron/**')
    expect(config.files).toContain('dist/renderer/**')
    expect(config.files).toContain('!**/*.map')
    const fontExclusions = config.files.filter((f) =>
      f.startsWith('!node_modules/@expo-google-fonts/noto-sans-sc/'),
    )
    expect(fontExclusions.join(' ')).toContain('100Thin')
    expect(fontExclusions.join(' ')).toContain('900Black')
    expect(fontExclusions.join(' ')).not.toMatch(/\{[^}]*400Regular[^}]*\}\/\*\*/)
    const runtimeDependencies = Object.keys(
      JSON.parse(readFileSync(root + 'package.json', 'utf8')).dependencies,
    )
    for (const name of runtimeDependencies) {
      const manifest = JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8'))
      expect(manifest.gypfile ?? false, `${name} must be native-free`).toBe(false)
      expect(
        existsSync(`${root}node_modules/${name}/binding.gyp`),
        `${name} must be native-free`,
      ).toBe(false)
    }
  })

  it('ships fonts, the logo and the locales as extraResources', () => {
    const extra = config.extraResources
    expect(extra).toEqual(
      expect.arrayContaining([
        { from: 'resources/fonts', to: 'fonts' },
        { from: 'resources/logo.png', to: 'logo.png' },
        { from: 'locales', to: 'locales' },
      ]),
    )
    for (const entry of extra) {
      if (entry.from === 'resources/fonts') continue
      expect(existsSync(root + entry.from), entry.from).toBe(true)
    }
    // resources/fonts is filled by `npm run build` (scripts/copy-fonts.mjs) from the npm package;
    // on a fresh clone only the sources exist.
    for (const source of [
      '400Regular/NotoSansSC_400Regular.ttf',
      '700Bold/NotoSansSC_700Bold.ttf',
    ]) {
      expect(
        existsSync(`${root}node_modules/@expo-google-fonts/noto-sans-sc/${source}`),
        source,
      ).toBe(true)
    }
  })

  it('publishes update metadata for a generic server without bundling a real URL', () => {
    expect(config.publish.provider).toBe('generic')
    expect(new URL(config.publish.url).hostname.endsWith('.invalid')).toBe(true)
  })

  it('has valid square PNG icons in every size', () => {
    expect(config.win.icon).toBe('resources/icon.png')
    expect(config.mac.icon).toBe('resources/icon.png')
    expect(config.linux.icon).toBe('resources/icons')
    for (const size of ICON_SIZES) {
      const png = PNG.sync.read(readFileSync(`${root}resources/icons/${size}x${size}.png`))
      expect([png.width, png.height]).toEqual([size, size])
      // The corners are transparent (rounded square), the centre is opaque.
      expect(png.data[3]).toBe(0)
      expect(png.data[((size >> 1) * size + (size >> 1)) * 4 + 3]).toBe(255)
    }
    const main = PNG.sync.read(readFileSync(root + 'resources/icon.png'))
    expect([main.width, main.height]).toEqual([1024, 1024])
  })
})
