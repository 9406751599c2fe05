/**
 * The layering of ARCHITECTURE.md, checked in `npm test`:
 * domain is pure; application never reaches into adapters; projections only know events and ports.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/: no framework, no I/O, no package',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'application-not-infrastructure',
      comment: 'application/ depends on ports, never on the adapters behind them',
      severity: 'error',
      from: { path: '^application/' },
      to: { path: '^(infrastructure|projections|ui)/' },
    },
    {
      name: 'projections-not-infrastructure',
      comment: 'projections/ know domain events and ports only',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^(infrastructure|ui)/' },
    },
    {
      name: 'nothing-imports-ui',
      severity: 'error',
      from: { pathNot: '^ui/' },
      to: { path: '^ui/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that does not resolve is a typo or a missing dependency',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
