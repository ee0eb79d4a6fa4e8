/**
 * @module ajv errors → plain-language issues, each with a path into the data and whether the key or
 * the value is at fault. The one wording of schema errors, for input files, connections and params.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { suggest } from "./suggest.js";

/** A path into parsed data: keys and list indices. */
export type Path = readonly (string | number)[];

/** One schema violation: where in the data, whether the key or the value is at fault, and what is wrong. */
export interface SchemaIssue {
  readonly path: Path;
  readonly part: "key" | "value";
  readonly message: string;
}

type Quote = (v: unknown) => string;

export function describeErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  base: Path,
  hideValues: boolean,
): SchemaIssue[] {
  const quote: Quote = hideValues ? () => "(value hidden)" : show;
  // With allErrors, anyOf/oneOf also report every branch's failure; keep only the summary.
  const alternatives = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .map((e) => `${e.schemaPath}/`);
  return errors
    .filter((e) => !alternatives.some((a) => e.schemaPath.startsWith(a)))
    .map((e) => issue(e, data, base, quote));
}
function issue(e: ErrorObject, data: unknown, base: Path, quote: Quote): SchemaIssue {
  const at = pointer(e.instancePath, data);
  const path = [...base, ...at];
  const name = nameOf(path);
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as { properties?: Record<string, unknown>; description?: string };
  switch (e.keyword) {
    case "additionalProperties":
    case "unevaluatedProperties": {
      const key = String(p["additionalProperty"] ?? p["unevaluatedProperty"]);
      const allowed = Object.keys(parent.properties ?? {});
      const hint = suggest(key, allowed);
      return {
        path: [...path, key],
        part: "key",
        message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""} (allowed: ${allowed.join(", ") || "none"})`,
      };
    }
    case "required":
      return {
        path,
        part: "value",
        message: `missing required key "${String(p["missingProperty"])}"${path.length ? ` in ${name}` : ""}`,
      };
    case "enum":
      return {
        path,
        part: "value",
        message: `${name} must be one of ${(p["allowedValues"] as unknown[]).map(String).join(", ")} (got ${quote(e.data)})`,
      };
    case "const":
      return { path, part: "value", message: `${name} must be ${show(p["allowedValue"])}` };
    case "type":
      return {
        path,
        part: "value",
        message:
          path.length === 0
            ? `the file must hold a mapping of keys at the top level (got ${kind(e.data, quote)})`
            : `${name} must be ${article(String(p["type"]))} (got ${kind(e.data, quote)})`,
      };
    case "minItems":
      return {
        path,
        part: "value",
        message: `${name} must list at least ${String(p["limit"])} item${p["limit"] === 1 ? "" : "s"}`,
      };
    case "maxItems":
      return { path, part: "value", message: `${name} must list at most ${String(p["limit"])} items` };
    case "minLength":
      return {
        path,
        part: "value",
        message:
          p["limit"] === 1
            ? `${name} must not be empty`
            : `${name} must be at least ${String(p["limit"])} characters long`,
      };
    case "pattern":
      return {
        path,
        part: "value",
        message: `${name} ${quote(e.data)} is not in the expected form${parent.description ? ` (${parent.description})` : ` ${String(p["pattern"])}`}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        path,
        part: "value",
        message: `${name} must be ${COMPARE[String(p["comparison"])] ?? String(p["comparison"])} ${String(p["limit"])} (got ${quote(e.data)})`,
      };
    case "uniqueItems":
      return {
        path: [...path, Number(p["i"])],
        part: "value",
        message: `${name} lists ${quote(itemAt(e.data, Number(p["i"])))} more than once`,
      };
    case "anyOf":
    case "oneOf":
      return { path, part: "value", message: `${name} does not match any of the allowed forms` };
    default:
      return { path, part: "value", message: `${name} ${e.message ?? "is invalid"}` };
  }
}

const COMPARE: Record<string, string> = { ">=": "at least", "<=": "at most", ">": "greater than", "<": "less than" };

/** JSON pointer → path segments, array indices as numbers (found by walking the data). */
function pointer(ptr: string, data: unknown): (string | number)[] {
  if (ptr === "") return [];
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of ptr.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const index = Array.isArray(node) ? Number(seg) : undefined;
    out.push(index ?? seg);
    node =
      index !== undefined
        ? (node as unknown[])[index]
        : node && typeof node === "object"
          ? (node as Record<string, unknown>)[seg]
          : undefined;
  }
  return out;
}

/** A readable name for the value at a path: its key, or `key[3]` for list items. */
export function nameOf(path: Path): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the file";
  if (typeof last === "string") return last;
  const key = path[path.length - 2];
  return typeof key === "string" ? `${key}[${last}]` : `item ${last}`;
}

function itemAt(list: unknown, i: number): unknown {
  return Array.isArray(list) ? (list as unknown[])[i] : undefined;
}

function show(v: unknown): string {
  const s = typeof v === "string" ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function kind(v: unknown, quote: Quote): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${quote(v)}`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    integer: "a whole number",
    number: "a number",
    string: "a string",
    boolean: "true or false",
    null: "empty",
  };
  return type
    .split(",")
    .map((t) => names[t] ?? t)
    .join(" or ");
}
