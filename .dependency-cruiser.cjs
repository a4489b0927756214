/**
 * The shape of the code (issue 8, DESIGN.md "Target shape"): arrows point inward only.
 * domain ← ports ← app ← adapters / handlers / local / cli, and no cycle anywhere.
 * `npm test` checks it (test/unit/architecture.test.ts); `npx depcruise -c .dependency-cruiser.cjs shared functions local cli infra` shows it.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A cycle makes two modules one: break it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain reads like the specification: no I/O, no SDK, nothing from the layers above it.',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', '^shared/lib/', '^node_modules/(ajv|ajv-formats)/', '^node_modules/yauzl/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-knows-no-layer-above',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: ['^shared/(ports|app|adapters|store|http|observability)/', '^functions/', '^local/', '^cli/', '^infra/'] },
    },
    {
      name: 'ports-are-interfaces-over-the-domain',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { pathNot: ['^shared/ports/', '^shared/domain/'] },
    },
    {
      name: 'app-knows-ports-not-adapters',
      severity: 'error',
      comment: 'Use cases take their ports as arguments: no SDK, no adapter, no handler, no configuration.',
      from: { path: '^shared/app/' },
      to: { path: ['^shared/adapters/', '^shared/store/', '^functions/', '^local/', '^cli/', '^infra/', '^shared/config', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'adapters-implement-ports',
      severity: 'error',
      comment: 'An adapter never reaches up into a use case or a handler.',
      from: { path: '^shared/adapters/' },
      to: { path: ['^shared/app/', '^functions/', '^local/', '^cli/', '^infra/', '^shared/http/'] },
    },
    {
      name: 'handlers-are-entry-points',
      severity: 'error',
      comment: 'Nothing but the infrastructure (entry file names) and the local stack (which runs them) depends on a handler.',
      from: { pathNot: ['^functions/', '^local/', '^infra/', '^test/', '^bench/'] },
      to: { path: '^functions/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^cdk\\.out', '^\\.local-data'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
