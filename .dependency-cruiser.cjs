/**
 * Dependency rules checked by `npm run lint` (dependency-cruiser): the pipeline's arrows, written
 * once. Type-only imports count too: a cycle through types still ties two modules together.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "No import cycles anywhere in src/ (docs/architecture.md: the pipeline points one way).",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "targets-not-to-probes",
      severity: "error",
      comment:
        "Connectors open and close connections; probe logic lives in src/probes and may use targets, never the reverse.",
      from: { path: "^src/targets/" },
      to: { path: "^src/probes/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
