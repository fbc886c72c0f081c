// `npm start`: build everything and launch the desktop app (needs the Electron binary).
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { electronBinaryPath, MISSING_ELECTRON_MESSAGE } from './electronBinary.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const electron = electronBinaryPath()
if (!electron) {
  console.error(MISSING_ELECTRON_MESSAGE)
  process.exit(1)
}
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
if (build.status !== 0) process.exit(build.status ?? 1)
const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
