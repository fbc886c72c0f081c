// ESLint flat config. Besides the usual TypeScript and Vue rules it enforces the layering of
// ../shared/design/architecture.md with no-restricted-imports:
//   - shared/ imports nothing from electron, vue, the DOM layer or the other top-level folders;
//   - electron/services/ and server/ never import `electron`;
//   - electron/ and server/ never import from renderer/;
//   - node/ (Node-only helpers shared by electron/services and server) imports none of them;
//   - server/http and server/routes (the gateway) see backends only through server/backend.ts.
//   - in renderer/, only stores and composables (and main.ts, which wires the app) import the
//     bridge; views and components go through them, and nothing outside bridge/ reads window.portal.
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
// Layout is Prettier's (`prettier --check` runs in `npm run lint`): turn off the stylistic rules it owns.
import prettierConfig from 'eslint-config-prettier'

const electronModule = {
  name: 'electron',
  message:
    'Only the composition root, electron/main, electron/ipc, electron/platform and preload may use Electron; pass what you need in.',
}
const rendererFolder = {
  group: ['**/renderer', '**/renderer/**'],
  message: 'electron/ and server/ must not import from renderer/.',
}
const bridgeFolder = {
  group: ['**/bridge', '**/bridge/**'],
  message:
    'Views and components do not talk to the bridge: use a store or a composable (renderer/stores, renderer/composables).',
}

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
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronModule,
            { name: 'vue', message: 'shared/ is plain TypeScript: no Vue.' },
            { name: 'pinia', message: 'shared/ is plain TypeScript: no Pinia.' },
            { name: 'vue-i18n', message: 'shared/ is plain TypeScript: no vue-i18n.' },
            { name: 'vue-router', message: 'shared/ is plain TypeScript: no vue-router.' },
            { name: 'element-plus', message: 'shared/ is plain TypeScript: no UI library.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node modules.' },
            {
              group: [
                '**/renderer',
                '**/renderer/**',
                '**/electron/**',
                '**/server/**',
                '**/node/**',
                '*.vue',
              ],
              message: 'shared/ imports only from shared/ (and zod).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'sessionStorage',
        'process',
        'Buffer',
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronModule], patterns: [rendererFolder] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/services/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [rendererFolder] }],
    },
  },
  {
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/**', '**/server/**', '**/shared/**'],
              message: 'node/ holds plain Node helpers: it imports only Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/http/**/*.ts', 'server/routes/**/*.ts', 'server/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            rendererFolder,
            {
              group: ['**/backends', '**/backends/**'],
              message:
                'The gateway depends on the PortalBackend port (server/backend.ts) only; a backend is passed to buildGateway.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    ignores: [
      'renderer/bridge/**',
      'renderer/stores/**',
      'renderer/composables/**',
      'renderer/main.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [bridgeFolder] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    ignores: ['renderer/bridge/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'portal',
          message: 'Only renderer/bridge/ touches window.portal.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettierConfig,
)
