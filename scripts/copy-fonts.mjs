// Copies the Noto Sans SC fonts (regular + bold, OFL) from the npm package
// @expo-google-fonts/noto-sans-sc into resources/fonts/, where the packaged app finds them
// (electron-builder extraResources → <resources>/fonts). Idempotent: skips files already copied.
// The copies are git-ignored (10 MB each); development resolves them from node_modules anyway.
import { copyFile, mkdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const target = fileURLToPath(new URL('../resources/fonts/', import.meta.url))
const fonts = {
  'NotoSansSC-Regular.ttf': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'NotoSansSC-Bold.ttf': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
}

await mkdir(target, { recursive: true })
for (const [name, source] of Object.entries(fonts)) {
  const from = require.resolve(source)
  const to = target + name
  const [a, b] = await Promise.all([stat(from), stat(to).catch(() => null)])
  if (b && b.size === a.size) continue
  await copyFile(from, to)
  console.log(`fonts: ${name} ← ${source}`)
}
