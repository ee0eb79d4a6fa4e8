/** @module The catalog stage: load and validate every input, resolve it into an AuditSpec. */
export { loadSpec, type LoadResult } from "./load.js";
export type { LoadOptions } from "./context.js";
export { capPerFile, type Problem } from "./problems.js";
export { selectorMatches } from "./selector.js";
export { substitute, scanRefs } from "./refs.js";
export { PACKAGE_ROOT, CONTROLS_DIR } from "./resolve.js";
