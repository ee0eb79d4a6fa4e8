/**
 * @module What loading and checking a catalog needs of the probes: their metas, without their code.
 * From `src/` and `dist/` this is the registry itself; the CLI bundle (scripts/bundle-cli.ts)
 * replaces this module by the metas of the registry it bundles, written as JSON by `metasModule`,
 * so `assay check` does not load every probe's implementation and its libraries.
 */
import type { AnyProbe } from "./define.js";
import { PROBES } from "./registry.js";

/** A probe as the loader and the coverage report see it: its meta only. */
export type ProbeMetaOnly = Pick<AnyProbe, "meta">;

export const PROBE_METAS: ReadonlyMap<string, ProbeMetaOnly> = PROBES;

/** The source of this module with the metas of `probes` inlined (plain JSON: a meta holds data only). */
export function metasModule(probes: ReadonlyMap<string, ProbeMetaOnly>): string {
  const metas = JSON.stringify(Object.fromEntries([...probes].map(([id, p]) => [id, p.meta])));
  return [
    `const metas = JSON.parse(${JSON.stringify(metas)});`,
    "export const PROBE_METAS = new Map(Object.entries(metas).map(([id, meta]) => [id, { meta }]));",
    "",
  ].join("\n");
}
