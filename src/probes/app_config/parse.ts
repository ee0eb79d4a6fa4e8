/**
 * @module Reading an application security configuration (YAML, JSON or `.env`) into a flat map of
 * dotted keys as written (`security.audit.retain_logs_days`, `SECURITY_JWT_EXPIRY_MINUTES`), and
 * finding a setting in it by whole name tokens (`./settings.ts`).
 */
import { parseEnv } from "node:util";
import { parse as parseYaml } from "yaml";
import { keyMatches, tokens } from "./settings.js";

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
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out.set(key, v);
  }
  return out;
}

/** The first key (in file order) that names the first of `names` that any key names. */
export function lookup(flat: Flat, names: readonly string[]): { key: string; value: unknown } | undefined {
  for (const name of names) for (const [key, value] of flat) if (keyMatches(key, [name])) return { key, value };
  return undefined;
}

const GENERIC = new Set(["api", "in", "per", "access", "token", "data", "log", "logs", "audit", "minute", "period"]);

/** Keys of the file that share a distinctive name token with `names`: what a user may want to map. */
export function related(flat: Flat, names: readonly string[], max = 5): string[] {
  const wanted = new Set(names.flatMap(tokens).filter((t) => !GENERIC.has(t)));
  return [...flat.keys()].filter((k) => tokens(k).some((t) => wanted.has(t))).slice(0, max);
}
