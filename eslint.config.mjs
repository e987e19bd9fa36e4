// AppSync's own lint rules on the resolver code and the contracts bundled into it (schema/*.ts): what APPSYNC_JS
// would reject fails here first.
import appsync from '@aws-appsync/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['resolvers/generated/**'] },
  {
    files: ['resolvers/**/*.ts', 'schema/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ['resolvers/**/*.ts', 'schema/**/*.ts'], ...appsync.configs.recommended },
];
