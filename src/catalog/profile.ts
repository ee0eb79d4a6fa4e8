/** @module Profiles: load one, follow its `extends` chain (cycles and unknown parents are errors), merge values. */
import { access, readdir } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { JsonValue } from "../model/json.js";
import type { Profile } from "../model/spec.js";
import { obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { CONTROLS_DIR, resolveParentProfile } from "./resolve.js";
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
    if (!(await exists(parentFile))) {
      const shipped = (await shippedProfiles()).join(", ") || "none";
      ctx.problems.error(
        at,
        `profile "${profileId(src, next)}" extends unknown profile "${parent}" (not found at ${relative(ctx.baseDir, parentFile)}; shipped profiles: ${shipped})`,
      );
      ctx.incomplete.add("profile");
      return undefined;
    }
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

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function shippedProfiles(): Promise<string[]> {
  const names = await readdir(join(CONTROLS_DIR, "profiles")).catch(() => []);
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => n.replace(/\.ya?ml$/, ""))
    .sort();
}
