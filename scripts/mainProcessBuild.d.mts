/** Types of mainProcessBuild.mjs (the electron tsconfig, which compiles bench/, reads no JS). */
export declare const root: string
export declare function mainProcessBuildOptions(): {
  absWorkingDir: string
  bundle: true
  platform: 'node'
  format: 'cjs'
  target: string
  external: string[]
}
