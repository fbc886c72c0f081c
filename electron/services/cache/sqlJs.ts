/**
 * Loads sql.js (SQLite compiled to WebAssembly) once per process. Every cache database of the
 * process shares the one module; a failed load is forgotten so the next call tries again.
 */
import { createRequire } from 'node:module'
import initSqlJs, { type SqlJsStatic } from 'sql.js'

export interface SqlJsOptions {
  /**
   * Absolute path of `sql-wasm.wasm`. Electron main passes it when the file is shipped outside
   * node_modules (e.g. unpacked from the asar); otherwise it is resolved from the sql.js package.
   */
  wasmPath?: string
}

let loading: Promise<SqlJsStatic> | undefined

export function loadSqlJs(options: SqlJsOptions = {}): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => options.wasmPath ?? resolveSqlJsWasm() }).catch(
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}

/**
 * The wasm file inside the installed sql.js package. Under ESM (tsx, vitest) `import.meta.url`
 * anchors the lookup; bundled to CJS by esbuild `import.meta` is empty and the bundle's own
 * `require` is used instead.
 */
export function resolveSqlJsWasm(): string {
  const base = import.meta.url as string | undefined
  const resolver = base ? createRequire(base) : require
  return resolver.resolve('sql.js/dist/sql-wasm.wasm')
}
