/**
 * Jest runs in CommonJS mode: every runtime package of this stack ships a `require` build, and
 * @swc/jest transpiles our TypeScript (type checking is `npm run typecheck`'s job).
 * ESM-only extras are listed in `esmOnly` and transpiled too.
 */
// intl-messageformat 11 and its @formatjs parts (client ICU messages, i18next-icu) ship ESM only.
const esmOnly = ['intl-messageformat', '@formatjs'];
const transformIgnorePatterns = esmOnly.length ? [`/node_modules/(?!(${esmOnly.join('|')})/)`] : ['/node_modules/'];

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  moduleNameMapper: {
    '^@polos/shared$': '<rootDir>/shared/src/index.ts',
    '^@polos/shared/editor$': '<rootDir>/shared/src/drafts/editorSchema.ts',
    '^@polos/shared/markdown$': '<rootDir>/shared/src/markdown.ts',
  },
  rootDir: __dirname,
};

module.exports = {
  testTimeout: 20000,
  // Two workers on the 2-core CI box: most suites wait on sockets, child processes (engine, app, Redis) and
  // Chromium rather than on the CPU, so two overlap well (Jest's default there is one).
  maxWorkers: 2,
  projects: [
    {
      ...base,
      displayName: 'shared',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/shared/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'client',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/client/**/*.test.ts?(x)'],
      // jsdom applies the `browser` export condition; `ws` would resolve to its stub and break sockets.
      moduleNameMapper: { ...base.moduleNameMapper, '^ws$': require.resolve('ws') },
    },
    {
      ...base,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    },
  ],
};
