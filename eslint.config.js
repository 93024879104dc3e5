// `npm run lint` (with spec/lint.mjs, which checks package.json's pins): the design rules of
// DESIGN.md §1 that a linter can check, and a few typescript-eslint rules the code meets.
import tseslint from 'typescript-eslint'

const sdkClient = {
  name: '@aws-sdk/client-dynamodb',
  allowTypeImports: true,
  message: 'A pure module imports no SDK client values (only lib/run/ does I/O): use `import type`.',
}
const local = {
  regex: '(^|/)local/',
  message: 'lib/local (the DynamoDB Local launcher) is the `dynamongo/local` entry, never part of the main one.',
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'docs/', '.bench-out/'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-duplicate-type-constituents': 'error',
      '@typescript-eslint/prefer-as-const': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // the library: errors are values, nothing logs, the DynamoDB Local launcher stays out
    files: ['lib/**/*.ts'],
    ignores: ['lib/local/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ThrowStatement',
          message: 'Errors are values (a Left of DynamoError): lib/ throws only in `absurd` and at model definition (SchemaException).',
        },
      ],
      'no-console': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [local] }],
    },
  },
  {
    // pure modules: everything in lib/ but the I/O (lib/run/) and the launcher
    files: ['lib/**/*.ts'],
    ignores: ['lib/run/**', 'lib/local/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [sdkClient], patterns: [local] }],
    },
  },
  {
    // Evaluate interprets ASTs over items in memory: it reads the pure layers below it (ast,
    // codec, rules, compile, model), never the management and data layer (table/) nor run/
    files: ['lib/evaluate/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [sdkClient],
          patterns: [
            local,
            { regex: '(^|/)(table|run)/', message: 'Evaluate (pure, in memory) does not depend on table/ or run/: move the shared rule to codec/ or rules/.' },
          ],
        },
      ],
    },
  },
  {
    // no focused or skipped spec
    files: ['spec/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'only', message: 'A focused spec (`.only`) hides the others.' },
        { property: 'skip', message: 'A skipped spec (`.skip`) goes unnoticed.' },
      ],
    },
  },
)
