/**
 * Remembers the main window's size, position and maximized state (window-state.json in the data
 * directory) and restores it on a display that still exists.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { createJsonFile } from '../services/storage/jsonFile'

export const WindowBounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
})
export type WindowBounds = z.infer<typeof WindowBounds>

export const DEFAULT_WINDOW_BOUNDS: WindowBounds = { width: 1280, height: 800, maximized: false }

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Keeps the saved position only if the window's top-left area lies on one of the current displays'
 * work areas (a monitor may have been unplugged); otherwise the OS centres it.
 */
export function fitToDisplays(bounds: WindowBounds, workAreas: readonly Rectangle[]): WindowBounds {
  const { x, y } = bounds
  if (x === undefined || y === undefined) return bounds
  const visible = workAreas.some(
    (area) =>
      x + 50 >= area.x &&
      y >= area.y &&
      x + 50 <= area.x + area.width &&
      y + 30 <= area.y + area.height,
  )
  if (visible) return bounds
  return { width: bounds.width, height: bounds.height, maximized: bounds.maximized }
}

export function createWindowStateStore(dataDirectory: string) {
  const file = createJsonFile({
    path: join(dataDirectory, 'window-state.json'),
    schema: WindowBounds,
    defaults: () => ({ ...DEFAULT_WINDOW_BOUNDS }),
  })
  return { load: () => file.read(), save: (bounds: WindowBounds) => file.write(bounds) }
}
