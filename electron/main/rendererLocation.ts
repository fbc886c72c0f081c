/**
 * Where the window loads the renderer from: the app:// origin, or in development (`npm run dev`,
 * never a packaged build) the Vite dev server named by DEALERDESK_DEV_SERVER_URL. A packaged app
 * ignores the variable: anyone able to set an environment variable must not be able to point the
 * installed app, and its trusted-sender check, at a page of their choosing.
 */
export interface RendererLocation {
  /** The dev server URL, or undefined (packaged, or the variable unset). */
  devServerUrl: string | undefined
  rendererUrl: string
  isDevelopment: boolean
}

export function rendererLocation(options: {
  env: NodeJS.ProcessEnv
  isPackaged: boolean
  appOrigin: string
}): RendererLocation {
  const requested = options.env.DEALERDESK_DEV_SERVER_URL
  const devServerUrl = !options.isPackaged && requested ? requested : undefined
  return {
    devServerUrl,
    rendererUrl: devServerUrl ?? `${options.appOrigin}/index.html`,
    isDevelopment: devServerUrl !== undefined,
  }
}
