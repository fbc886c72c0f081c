/// <reference types="vite/client" />

declare module 'virtual:locale-messages' {
  /** Every locale file, precompiled to message ASTs (see scripts/vitePlugins.ts). */
  const messages: Record<string, Record<string, unknown>>
  export default messages
}

interface Window {
  /** Provided by the Electron preload; absent in a browser run (the HTTP transport is used). */
  // An import() type keeps this file a global script, so `interface Window` merges.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  portal?: import('../shared/contract/portal').PortalApi
}
