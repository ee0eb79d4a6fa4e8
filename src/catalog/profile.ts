/** @module Profiles: load one, follow its `extends` chain (cycles and unknown parents are errors), merge values. */
import { basename } from "node:path";
import type { JsonValue } from "../model/json.js";
import type { Profile } from "../model/spec.js";
import { obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { resolveParentProfile } from "./resolve.js";
import type { Source } from "./source.js";

type Values = Record<string, { readonly value: JsonValue; readonly sources: readonly string[] }>;

/** The profile at `file` merged over its ancestors; `undefined` when some file of the chain is unusable. */
export async function loadProfile(file: string, from: Locus, ctx: LoadContext): Promise<Profile | undefined> {
  const chain: { file: string; src: Source }[] = [];
  let at = from;
  for (let next: string | undefined = file; next !== undefined; ) {
    const src = await ctx.open(next, "profile", at);
    if (!src || src.data === undefined) return undefined;
    chain.push({ file: next, src });
    const parent = str(obj(obj(src.data)["profile"])["extends"]);
    if (parent === undefined) break;
    at = { src, path: ["profile", "extends"] };
    const parentFile = await resolveParentProfile(parent, next);
    const loop = chain.findIndex((c) => c.file === parentFile);
    if (loop >= 0) {
      const names = [...chain.slice(loop), chain[loop]].map((c) => (c ? profileId(c.src, c.file) : "?"));
      ctx.problems.error(at, `profile "extends" forms a cycle: ${names.join(" → ")}`);
      ctx.incomplete.add("profile");
      return undefined;
    }
    next = parentFile;
  }
  const values: Values = {};
  for (const { src } of [...chain].reverse()) {
    for (const [key, v] of Object.entries(obj(obj(src.data)["values"]))) {
      const entry = obj(v);
      if ("value" in entry) values[key] = { value: entry["value"] as JsonValue, sources: strs(entry["sources"]) };
    }
  }
  const leaf = chain[0];
  if (!leaf) return undefined;
  const meta = obj(obj(leaf.src.data)["profile"]);
  return { id: profileId(leaf.src, leaf.file), title: str(meta["title"]) ?? "", values, file: leaf.file };
}

function profileId(src: Source, file: string): string {
  return str(obj(obj(src.data)["profile"])["id"]) ?? basename(file).replace(/\.ya?ml$/i, "");
}
