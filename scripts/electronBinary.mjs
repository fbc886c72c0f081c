// Finds the Electron binary and, when it is missing, lets the electron package fetch it (its own
// installer, `install-electron`, which shows a progress bar); explains what to do when that fails.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

function electronPackageDirectory() {
  return dirname(require.resolve('electron/package.json'))
}

/** The installed binary, or null. Never downloads. */
export function electronBinaryPath() {
  try {
    const packageDirectory = electronPackageDirectory()
    const pathFile = join(packageDirectory, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDirectory, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

/** The Node version the electron package's installer declares (`engines.node`), e.g. `22.12.0`. */
export function electronInstallerNode() {
  try {
    const engines =
      JSON.parse(readFileSync(join(electronPackageDirectory(), 'package.json'), 'utf8')).engines
        ?.node ?? ''
    return /(\d+\.\d+\.\d+)/.exec(engines)?.[1] ?? null
  } catch {
    return null
  }
}

/** a ≥ b for `major.minor.patch` strings. */
export function versionAtLeast(a, b) {
  const left = a.replace(/^v/, '').split('.').map(Number)
  const right = b.replace(/^v/, '').split('.').map(Number)
  for (let index = 0; index < 3; index++) {
    if ((left[index] ?? 0) !== (right[index] ?? 0)) return (left[index] ?? 0) > (right[index] ?? 0)
  }
  return true
}

/**
 * Runs the electron package's installer (node_modules/electron/install.js, the `install-electron`
 * bin) with the terminal attached, so its download progress bar shows. True when it succeeded.
 */
export function runElectronInstaller(options = {}) {
  const result = spawnSync(process.execPath, [join(electronPackageDirectory(), 'install.js')], {
    stdio: options.stdio ?? 'inherit',
    timeout: options.timeoutMs ?? 15 * 60_000,
    env: process.env,
  })
  return result.status === 0
}

/**
 * The decision `npm start` and `npm run dev` make: the binary if installed; else fetch it (unless
 * DEALERDESK_NO_ELECTRON_DOWNLOAD=1) and look again; null when there is still none. `find`,
 * `install` and `log` are injectable so the decision is tested without a network.
 */
export function ensureElectronBinary({
  find = electronBinaryPath,
  install = runElectronInstaller,
  log = (line) => console.error(line),
  env = process.env,
} = {}) {
  const installed = find()
  if (installed) return { binary: installed, fetched: false }
  if (env.DEALERDESK_NO_ELECTRON_DOWNLOAD === '1') return { binary: null, fetched: false }
  log(
    'The Electron binary is not installed yet: fetching it with the electron package installer (install-electron)…',
  )
  let succeeded = false
  try {
    succeeded = install()
  } catch {
    succeeded = false
  }
  const binary = succeeded ? find() : null
  if (binary) log('Electron is installed.')
  return { binary, fetched: succeeded }
}

/** The one-paragraph explanation printed when there is no binary after the attempt. */
export function missingElectronMessage(
  nodeVersion = process.versions.node,
  installerNode = electronInstallerNode(),
) {
  const oldNode =
    installerNode && !versionAtLeast(nodeVersion, installerNode)
      ? ` The electron package's installer needs Node ${installerNode} or newer (this is Node ${nodeVersion}).`
      : ''
  return `The Electron binary is not installed on this machine and fetching it failed (the electron package downloads it from GitHub; this machine may not reach it), so the desktop app cannot start here.${oldNode} Run the very same app in your browser instead: \`npm run web\` builds the renderer, starts the web host on http://127.0.0.1:5180 (choose another port with \`npm run web -- --port <n>\`) and prints the URL to open, token included. To get the desktop app, install Electron where GitHub is reachable (\`npx install-electron\`, or set ELECTRON_MIRROR to a mirror you trust) and run \`npm start\` again.`
}
