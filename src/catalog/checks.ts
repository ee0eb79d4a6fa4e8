/**
 * @module Checks → Check values: unique ids, known probes and aspects, selectors the probe can
 * serve, well-formed references, `${profile:…}` substituted, params valid for the probe.
 */
import type { JsonObject } from "../model/json.js";
import type { Check, Profile, TargetSelector } from "../model/spec.js";
import { PROBE_METAS } from "../probes/metas.js";
import { isTargetType } from "../targets/index.js";
import { json, list, obj, str, strs, type LoadContext } from "./context.js";
import { checkParams, type ParamsScope } from "./params.js";
import type { Locus } from "./problems.js";
import { eachString, scanRefs, substitute } from "./refs.js";
import { positionOf, type Path, type Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

export function buildChecks(
  sources: readonly Source[],
  profile: Profile | undefined,
  scope: Omit<ParamsScope, "check" | "src" | "base">,
  ctx: LoadContext,
): Map<string, Check> {
  const checks = new Map<string, Check>();
  const seen = new Map<string, Locus>();
  for (const src of sources) {
    list(obj(src.data)["checks"]).forEach((c, i) => {
      const item = obj(c);
      const id = str(item["id"]);
      if (!id) return;
      const base: Path = ["checks", i];
      const first = seen.get(id);
      if (first)
        return ctx.problems.error(
          { src, path: [...base, "id"] },
          `duplicate check id "${id}" (first defined at ${ctx.problems.where(first)})`,
        );
      seen.set(id, { src, path: [...base, "id"] });
      const check = buildCheck(src, base, item, id, profile, ctx);
      checks.set(id, check);
      if (PROBE_METAS.has(check.probe)) checkParams(check, { ...scope, src, base: [...base, "params"] }, ctx);
    });
  }
  return checks;
}

function buildCheck(
  src: Source,
  base: Path,
  item: Record<string, unknown>,
  id: string,
  profile: Profile | undefined,
  ctx: LoadContext,
): Check {
  const probeId = str(item["probe"]) ?? "";
  const probe = PROBE_METAS.get(probeId);
  if (probeId && !probe) {
    const known = [...PROBE_METAS.keys()];
    const hint = didYouMean(probeId, known);
    ctx.problems.error(
      { src, path: [...base, "probe"] },
      `check "${id}" uses unknown probe "${probeId}"${hint || (known.length ? ` (known: ${known.join(", ")})` : " (no probe is registered)")}`,
    );
  }
  const aspects = "aspects" in item ? strs(item["aspects"]) : undefined;
  if (probe && aspects) {
    const known = Object.keys(probe.meta.aspects);
    aspects.forEach((a, ai) => {
      if (!known.includes(a))
        ctx.problems.error(
          { src, path: [...base, "aspects", ai] },
          `probe "${probeId}" has no aspect "${a}"${didYouMean(a, known)} (aspects: ${known.join(", ")})`,
        );
    });
  }
  const selector = obj(item["targets"]);
  const types = "types" in selector ? strs(selector["types"]) : probe ? [...probe.meta.targetTypes] : undefined;
  strs(selector["types"]).forEach((t, ti) => {
    const at: Locus = { src, path: [...base, "targets", "types", ti] };
    if (!isTargetType(t)) ctx.problems.error(at, `unknown target type "${t}"`);
    else if (probe && !(probe.meta.targetTypes as readonly string[]).includes(t)) {
      ctx.problems.error(
        at,
        `probe "${probeId}" cannot check ${t} targets (it runs on: ${probe.meta.targetTypes.join(", ")})`,
      );
    }
  });
  const targets: TargetSelector = {
    ...(types ? { types } : {}),
    ...("tags" in selector ? { tags: strs(selector["tags"]) } : {}),
    ...("ids" in selector ? { ids: strs(selector["ids"]) } : {}),
  };
  const params = substitute(
    paramRefs(src, [...base, "params"], json(item["params"]), profile, ctx),
    "profile",
    (k) => profile?.values[k]?.value,
  ) as JsonObject;
  const description = str(item["description"]);
  return {
    id,
    title: str(item["title"]) ?? id,
    ...(description !== undefined ? { description } : {}),
    probe: probeId,
    ...(aspects ? { aspects } : {}),
    targets,
    params,
    source: { file: src.file, ...positionOf(src, base, "value") },
  };
}

/** Report malformed references, secrets in params, and unknown profile keys; returns the params unchanged. */
function paramRefs(
  src: Source,
  base: Path,
  params: JsonObject,
  profile: Profile | undefined,
  ctx: LoadContext,
): JsonObject {
  eachString(params, base, (s, path) => {
    const { refs, bad } = scanRefs(s, ["profile", "target"]);
    for (const message of bad) ctx.problems.error({ src, path }, message);
    for (const ref of refs) {
      if (ref.kind === "env" || ref.kind === "file") {
        ctx.problems.error(
          { src, path },
          `${ref.text}: secrets do not belong in check params; put them in the target's connection`,
        );
      } else if (ref.kind === "target" && s !== ref.text) {
        // The plan stage substitutes whole values only, keeping the attribute's JSON type.
        ctx.problems.error({ src, path }, `${ref.text} must be the whole value, not part of a longer string`);
      } else if (ref.kind === "profile" && profile && !(ref.name in profile.values)) {
        ctx.problems.error(
          { src, path },
          `unknown profile key "${ref.name}" in ${ref.text}${didYouMean(ref.name, Object.keys(profile.values))} (profile "${profile.id}")`,
        );
      }
    }
  });
  return params;
}
