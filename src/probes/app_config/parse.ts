/**
 * @module Reading an application security configuration (YAML, JSON or `.env`) into a flat map of
 * lower-case dotted keys, so `security.jwt.algorithm`, `JWT_ALGORITHM` and `jwt_algorithm` can all
 * be found by the names a check declares.
 */
import { parseEnv } from "node:util";
import { parse as parseYaml } from "yaml";

export type Flat = ReadonlyMap<string, unknown>;

export function parseConfig(text: string, format: string): Flat {
  const fmt = format.toLowerCase();
  if (fmt === "env" || fmt === ".env") return flatten(parseEnv(text));
  const doc: unknown = fmt === "json" ? JSON.parse(text) : parseYaml(text);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`expected a mapping of settings at the top level of the ${fmt} file`);
  }
  return flatten(doc as Record<string, unknown>);
}

export function formatOf(path: string, hint: string | undefined): string {
  if (hint) return hint;
  const base = path.toLowerCase();
  if (base.endsWith(".json")) return "json";
  if (base.endsWith(".env") || base.includes("/.env") || base.startsWith(".env")) return "env";
  return "yaml";
}

function flatten(obj: Record<string, unknown>, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = (prefix ? `${prefix}.${k}` : k).toLowerCase();
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out.set(key, v);
  }
  return out;
}

/** Find the first of `names` (dotted, case-insensitive; `_`/`.` and env-style keys are equivalent). */
export function lookup(flat: Flat, names: readonly string[]): { key: string; value: unknown } | undefined {
  for (const name of names) {
    const n = name.toLowerCase();
    for (const candidate of [n, n.replace(/\./g, "_")]) {
      if (flat.has(candidate)) return { key: candidate, value: flat.get(candidate) };
    }
    // a nested key may be written flat in another file style: `security.jwt_algorithm` vs `jwt_algorithm`
    for (const [k, v] of flat)
      if (k.endsWith(`.${n}`) || k.replace(/\./g, "_").endsWith(`_${n.replace(/\./g, "_")}`))
        return { key: k, value: v };
  }
  return undefined;
}
