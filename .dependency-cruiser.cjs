/**
 * Dependency rules of Polos (docs/ARCHITECTURE.md, "Modules and dependency directions"), checked by
 * `npm run depcheck` inside `npm test`. Every rule is an error: a new violation fails the build.
 * Type-only imports count too (a type import is still a dependency of the design).
 */

/**
 * The server's feature folders from the bottom up: a feature may import features below it, never one above it,
 * so no two feature folders import each other (directly or through others). Place a new feature here (a folder
 * missing from the list fails the check). Why each sits where it does: docs/ARCHITECTURE.md, "The rules". What
 * many features need from below (the signed-in user, a write's outcome) lives in `server/src/contracts/`.
 */
const FEATURE_LAYERS = [
  'districts',
  'sessions',
  'users',
  'audit',
  'workspaces',
  'auth',
  'questions',
  'blocks',
  'presence',
  'posts',
  'polls',
  'liveSessions',
  'workspaceView',
  'invites',
  'drafts',
  'agenda',
  'profiles',
  'matching',
  'meetings',
  'network',
  'endorsements',
  'privacy',
  'health',
  'search',
  'balance',
  'publication',
];

const featureLayerRules = [
  ...FEATURE_LAYERS.slice(0, -1).map((feature, i) => ({
    name: 'features-import-only-lower-features',
    comment: `${feature} may import only the features below it in FEATURE_LAYERS (no cycles between features).`,
    severity: 'error',
    from: { path: `^server/src/features/${feature}/` },
    to: { path: `^server/src/features/(${FEATURE_LAYERS.slice(i + 1).join('|')})/` },
  })),
  {
    name: 'features-are-layered',
    comment: 'Every server feature folder is placed in FEATURE_LAYERS (.dependency-cruiser.cjs).',
    severity: 'error',
    from: {
      path: '^server/src/features/[^/]+/',
      pathNot: `^server/src/features/(${FEATURE_LAYERS.join('|')})/`,
    },
    to: {},
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-the-bottom',
      comment: 'shared/ is consumed by server and client and imports nothing of theirs.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client|tests|bench)/' },
    },
    {
      name: 'engine-imports-nothing-from-the-app',
      comment: 'The embedded engine is a separate program (it runs in its own process): nothing of the app.',
      severity: 'error',
      from: { path: '^server/src/db/embedded/' },
      to: { path: '^(server/src/(?!db/embedded/)|shared/|client/)' },
    },
    {
      name: 'app-uses-the-engine-only-through-its-entry',
      comment: 'The app starts the engine through its entry points, never its internals.',
      severity: 'error',
      from: { path: '^server/src/(?!db/)' },
      to: { path: '^server/src/db/embedded/' },
    },
    {
      name: 'lib-imports-no-feature',
      comment: 'server/src/lib is below the features: generic helpers only.',
      severity: 'error',
      from: { path: '^server/src/lib/' },
      to: { path: '^server/src/(features|realtime|contracts)/' },
    },
    {
      name: 'contracts-import-no-feature',
      comment: 'The feature contract (command, context, events, limits) sits below every feature.',
      severity: 'error',
      from: { path: '^server/src/contracts/' },
      to: { path: '^server/src/(features|realtime)/' },
    },
    {
      name: 'features-do-not-reach-into-realtime-or-app',
      comment: 'Features talk to the pipeline through the contract, never through realtime/ or the app.',
      severity: 'error',
      from: { path: '^server/src/features/' },
      to: { path: '^server/src/(realtime/|app\\.ts|server\\.ts|index\\.ts)' },
    },
    {
      name: 'pipeline-names-no-feature',
      comment:
        'The socket pipeline, the broadcaster and the router iterate over the feature list; they name no feature.',
      severity: 'error',
      from: { path: '^server/src/(realtime/|app\\.ts$)' },
      to: { path: '^server/src/features/' },
    },
    ...featureLayerRules,
    {
      name: 'no-module-cycles',
      comment: 'No import cycles between modules (server, client, shared, bench).',
      severity: 'error',
      from: { path: '^(server|client|shared|bench)/' },
      to: { circular: true },
    },
    {
      name: 'client-features-through-their-entry',
      comment: 'A client feature uses another client feature only through its public entry (index.ts).',
      severity: 'error',
      from: { path: '^client/src/features/([^/]+)/' },
      to: {
        path: '^client/src/features/([^/]+)/',
        pathNot: ['^client/src/features/$1/', '^client/src/features/[^/]+/index\\.tsx?$'],
      },
    },
    {
      name: 'not-to-tests',
      comment: 'Production code never imports test code.',
      severity: 'error',
      from: { path: '^(server|client|shared)/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
