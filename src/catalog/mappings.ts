/** @module Framework mappings → Mapping values; both frameworks must be loaded and every requirement id known. */
import type { Mapping, MappingRelationship } from "../model/spec.js";
import type { CatalogIndex } from "./catalogs.js";
import { list, obj, str, type LoadContext } from "./context.js";
import type { Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

/**
 * Build one mapping. `optional` mappings (the shipped defaults) between frameworks that are not
 * loaded are skipped silently (`undefined`); a mapping the project names is then an error.
 */
export function buildMapping(
  src: Source,
  index: CatalogIndex,
  optional: boolean,
  ctx: LoadContext,
): Mapping | undefined {
  const meta = obj(obj(src.data)["mapping"]);
  const loaded = new Set(index.frameworks.map((f) => f.id));
  const sourceFramework = str(meta["source"]) ?? "";
  const targetFramework = str(meta["target"]) ?? "";
  if (optional && !(loaded.has(sourceFramework) && loaded.has(targetFramework))) return undefined;
  const catalogsComplete = !ctx.incomplete.has("catalog");
  for (const key of ["source", "target"] as const) {
    const fw = key === "source" ? sourceFramework : targetFramework;
    if (fw && catalogsComplete && !loaded.has(fw)) {
      ctx.problems.error(
        { src, path: ["mapping", key] },
        `mapping ${key} framework "${fw}" is not among the loaded catalogs (${[...loaded].join(", ") || "none"})`,
      );
    }
  }
  const known = (fw: string, id: string): boolean =>
    !catalogsComplete || !loaded.has(fw) || index.requirements.get(id) === fw;
  const ids = (fw: string): string[] => [...index.requirements].filter(([, f]) => f === fw).map(([id]) => id);
  const maps: Mapping["maps"][number][] = [];
  list(obj(src.data)["maps"]).forEach((m, mi) => {
    const entry = obj(m);
    const source = str(entry["source"]);
    if (source === undefined) return;
    if (!known(sourceFramework, source)) {
      ctx.problems.error(
        { src, path: ["maps", mi, "source"] },
        `unknown ${sourceFramework} requirement "${source}"${didYouMean(source, ids(sourceFramework))}`,
      );
    }
    list(entry["targets"]).forEach((t, ti) => {
      const target = obj(t);
      const id = str(target["id"]);
      if (id === undefined) return;
      if (!known(targetFramework, id)) {
        ctx.problems.error(
          { src, path: ["maps", mi, "targets", ti, "id"] },
          `unknown ${targetFramework} requirement "${id}"${didYouMean(id, ids(targetFramework))}`,
        );
      }
      const rationale = str(target["rationale"]);
      maps.push({
        source,
        target: id,
        relationship: (str(target["relationship"]) ?? "intersects-with") as MappingRelationship,
        ...(rationale !== undefined ? { rationale } : {}),
      });
    });
  });
  return { sourceFramework, targetFramework, maps };
}
