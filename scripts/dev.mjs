// `npm run dev`: Electron against the Vite dev server (HMR for the renderer, esbuild watch for main
// and preload). Needs the Electron binary (fetched when missing); without it, use `npm run web`.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { ensureElectronBinary, missingElectronMessage } from './electronBinary.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { binary: electron } = ensureElectronBinary()
if (!electron) {
  console.error(missingElectronMessage())
  process.exit(1)
}
const server = await createServer({ configFile: `${root}/vite.config.ts` })
await server.listen()
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/'
spawn(process.execPath, ['scripts/build-electron.mjs', '--watch'], { cwd: root, stdio: 'inherit' })
await new Promise((resolve) => setTimeout(resolve, 1500))
const app = spawn(electron, ['.'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DEALERDESK_DEV_SERVER_URL: url },
})
app.on('exit', async (code) => {
  await server.close()
  process.exit(code ?? 0)
})
