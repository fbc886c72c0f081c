// `npm run web [-- --port 5180 --data <dir>]`: build the renderer, then serve it and the handler
// registry on 127.0.0.1 (electron/host/cli.ts). `--no-build` skips the build (tests build once).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const skipBuild = args.includes('--no-build')
const hostArgs = args.filter((arg) => arg !== '--no-build')

if (!skipBuild) await build({ configFile: `${root}/vite.config.ts`, logLevel: 'warn' })
const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', ...hostArgs], {
  cwd: root,
  stdio: 'inherit',
})
const forward = (signal) => child.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
