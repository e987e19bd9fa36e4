// AppSync's own lint rules on the resolver code: what APPSYNC_JS would reject fails here first.
import appsync from '@aws-appsync/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['resolvers/generated/**'] },
  {
    files: ['resolvers/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ['resolvers/**/*.ts'], ...appsync.configs.recommended },
];
