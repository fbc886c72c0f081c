// `npm start`: build everything and launch the desktop app. A missing Electron binary is fetched
// first (the electron package's own installer, with its progress bar); only when that fails does
// it explain how to use the web host instead, and exit non-zero.
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ensureElectronBinary, missingElectronMessage } from './electronBinary.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { binary: electron } = ensureElectronBinary()
if (!electron) {
  console.error(missingElectronMessage())
  process.exit(1)
}
const build = spawnSync('npm', ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (build.status !== 0) process.exit(build.status ?? 1)
const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
