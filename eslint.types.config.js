// The typed lint (`npm run lint:types`, run by `npm test`): rules that need the TypeScript type
// checker, over the Node side and the tests. Kept out of `eslint .` (`npm run lint`) because
// building the type programs (electron/tsconfig.json for electron/, server/, node/, bench/;
// test/tsconfig.json for test/) takes minutes and gigabytes on a small machine; README "Checks".
//   - no-floating-promises: a promise nobody awaits, returns or marks `void` (its rejection is
//     lost, its work may outlive what it was for);
//   - no-misused-promises: a promise where a condition or spread expects a value (passing an async
//     callback where a void one is expected is allowed: the codebase does it on purpose);
//   - await-thenable: `await` of something that is not a promise (usually a leftover).
import tseslint from 'typescript-eslint'

export const TYPED_LINT_FILES = [
  'electron/**/*.ts',
  'server/**/*.ts',
  'node/**/*.ts',
  'bench/**/*.ts',
  'test/**/*.ts',
]

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  {
    files: TYPED_LINT_FILES,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // The main config's disable comments name rules this config does not load.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
)
