// AppSync's own lint rules on the resolver code and the contracts bundled into it (schema/*.ts): what APPSYNC_JS
// would reject fails here first. Everything else gets typescript-eslint's type-checked rules: a promise nobody
// awaits can be a lost event.
import appsync from '@aws-appsync/eslint-plugin';
import tseslint from 'typescript-eslint';

const CODE_OUTSIDE_RESOLVERS = ['{local,functions,infra,web,test,bench,scripts,codegen}/**/*.{ts,tsx,mts,mjs}', '*.ts'];

export default [
  {
    ignores: [
      'resolvers/generated/**',
      'web/src/generated/**',
      'cdk.out/**',
      'test/.out/**',
      '.local/**',
      'build/**',
      'dist/**',
      'coverage/**',
    ],
  },
  {
    files: ['resolvers/**/*.ts', 'schema/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ['resolvers/**/*.ts', 'schema/**/*.ts'], ...appsync.configs.recommended },

  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: CODE_OUTSIDE_RESOLVERS })),
  {
    files: CODE_OUTSIDE_RESOLVERS,
    languageOptions: {
      parserOptions: {
        projectService: {
          // The plain .mjs files (a Lambda worker, asset handlers, the setup script) sit outside every tsconfig:
          // the default project still gives them types from their imports, so the promise rules reach them too.
          allowDefaultProject: [
            'scripts/*.mjs',
            'local/lambda/*.mjs',
            'bench/event-fabric-stack/sink/*.mjs',
            'test/fixtures/engine-stack/lambda/*.mjs',
            // Vite's own config runs in Node, outside the browser app's tsconfig
            'web/vite.config.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The engine, tests and bench read untyped JSON by design (cdk.out templates, GraphQL response bodies,
      // DynamoDB items, events): the no-unsafe family flags every such read (700+) without pointing at a lost event.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An async function without await is how a promise-returning contract (Lambda handler, DataSource.invoke, a
      // verifier) is met by synchronous code: dropping `async` would turn its throws into synchronous ones.
      '@typescript-eslint/require-await': 'off',
      // String(x) and template literals over untyped JSON are how the engine mirrors JavaScript's own conversion
      // (AppSync's runtime stringifies the same way); the rule flags every `unknown`, not an object printed by mistake.
      '@typescript-eslint/no-base-to-string': 'off',
      // A leading underscore names what is there only for its position (a handler's unused context, a rest-omit).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['{test,bench}/**/*.ts'],
    // Tests and the bench read GraphQL and DynamoDB responses as `any` on purpose: the assertion is the type check.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.tsx'],
    rules: {
      // React calls an async form or click handler and ignores what it returns; every handler here settles its own
      // errors (try/catch into the page's error state), so a promise given to a JSX attribute is not a lost one.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
];
