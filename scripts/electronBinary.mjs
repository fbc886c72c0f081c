// Finds the Electron binary without triggering electron's lazy download (which cannot work on
// machines without access to GitHub), and explains what to do when it is missing.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export function electronBinaryPath() {
  try {
    const require = createRequire(import.meta.url)
    const packageDirectory = dirname(require.resolve('electron/package.json'))
    const pathFile = join(packageDirectory, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDirectory, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

export const MISSING_ELECTRON_MESSAGE = `The Electron binary is not installed on this machine (the electron package downloads it from GitHub on first use, and this machine cannot reach GitHub), so the desktop app cannot start here. Run the very same app in your browser instead: \`npm run web\` builds the renderer, starts the web host on http://127.0.0.1:5180 (choose another port with \`npm run web -- --port <n>\`) and prints the URL to open, token included. To get the desktop app, install Electron where GitHub is reachable (\`npx install-electron\`, or set ELECTRON_MIRROR to a mirror you trust) and run \`npm start\` again.`
