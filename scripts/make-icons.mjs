// `npm run icons`: draws the DealerDesk logo (a white "D" on a blue rounded square) with pngjs
// and writes resources/icons/<n>x<n>.png for every size electron-builder needs (Linux uses the
// folder; .ico and .icns are built from resources/icon.png, 1024 px). Deterministic: the same
// PNG bytes on every run, so the committed files only change when the drawing does.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PNG } from 'pngjs'

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const SUPERSAMPLE = 4

/** Coverage of the logo at (x, y) in unit coordinates: 'bg', 'fg' (white letter) or null. */
function shapeAt(x, y) {
  const r = 0.22
  const cx = Math.min(Math.max(x, r), 1 - r)
  const cy = Math.min(Math.max(y, r), 1 - r)
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null
  // The letter: a stem and a half ring.
  if (x >= 0.28 && x <= 0.4 && y >= 0.24 && y <= 0.76) return 'fg'
  const d = Math.hypot(x - 0.44, y - 0.5)
  if (x >= 0.34 && x < 0.44 && ((y >= 0.24 && y <= 0.36) || (y >= 0.64 && y <= 0.76))) return 'fg'
  if (x >= 0.44 && d <= 0.26 && d >= 0.14) return 'fg'
  return 'bg'
}

/** RGBA bytes of a size×size icon, anti-aliased by SUPERSAMPLE² samples per pixel. */
export function drawIcon(size) {
  const png = new PNG({ width: size, height: size })
  const n = SUPERSAMPLE
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size
          const y = (py + (sy + 0.5) / n) / size
          const shape = shapeAt(x, y)
          if (!shape) continue
          a += 1
          // White letter; blue background, darker towards the bottom.
          const [cr, cg, cb] =
            shape === 'fg' ? [255, 255, 255] : [24 - 12 * y, 112 - 40 * y, 232 - 60 * y]
          r += cr
          g += cg
          b += cb
        }
      }
      const i = (py * size + px) * 4
      png.data[i] = a ? Math.round(r / a) : 0
      png.data[i + 1] = a ? Math.round(g / a) : 0
      png.data[i + 2] = a ? Math.round(b / a) : 0
      png.data[i + 3] = Math.round((255 * a) / (n * n))
    }
  }
  return PNG.sync.write(png)
}

function main() {
  const resources = new URL('../resources/', import.meta.url)
  const icons = new URL('icons/', resources)
  mkdirSync(fileURLToPath(icons), { recursive: true })
  for (const size of ICON_SIZES) {
    const bytes = drawIcon(size)
    writeFileSync(fileURLToPath(new URL(`${size}x${size}.png`, icons)), bytes)
    if (size === 1024) writeFileSync(fileURLToPath(new URL('icon.png', resources)), bytes)
    console.log(`icons: ${size}x${size}.png`)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
