/**
 * @module JSON Schema validation with ajv (draft 2020-12). Validators come from the build
 * (`dist/catalog/validators.cjs`, ajv standalone code keyed by the schema's SHA-256) or are compiled
 * once per process; ajv itself is loaded only when something was not precompiled. Every error is
 * turned into a path into the data and a plain-language message.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, Options } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/json.js";
import { PACKAGE_ROOT } from "./resolve.js";
import type { Path } from "./source.js";
import { suggest } from "./suggest.js";

export type InputKind = "project" | "catalog" | "checks" | "profile" | "mapping" | "waivers" | "attestations";

/** One schema violation: where in the data, whether the key or the value is at fault, and what is wrong. */
export interface SchemaIssue {
  readonly path: Path;
  readonly part: "key" | "value";
  readonly message: string;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// Strict mode off: probe and connector schemas are written by others and may carry editor keywords.
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, logger: false };
const require = createRequire(import.meta.url);
const compiled = new WeakMap<object, Validator | Error>();
const inputSchemas = new Map<InputKind, JsonSchema>();
let precompiled: Readonly<Record<string, Validator>> | null | undefined;
let ajv: { compile(schema: object): Validator } | undefined;

/** The key of a schema in the precompiled table: `v_` + SHA-256 of its JSON text. */
export function schemaKey(schema: JsonSchema): string {
  return `v_${createHash("sha256").update(JSON.stringify(schema)).digest("hex")}`;
}

function compile(schema: JsonSchema): Validator | Error {
  if (precompiled === undefined) {
    try {
      precompiled = require("./validators.cjs") as Record<string, Validator>;
    } catch {
      precompiled = null; // running from src/, or not built: compile instead
    }
  }
  const ready = precompiled?.[schemaKey(schema)];
  if (ready) return ready;
  try {
    if (!ajv) {
      const Ajv = (require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 }).Ajv2020;
      ajv = new Ajv(AJV_OPTIONS);
    }
    return ajv.compile(schema);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The published schema of an input kind (`schemas/<kind>.schema.json`). */
export function inputSchema(kind: InputKind): JsonSchema {
  let schema = inputSchemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(`${PACKAGE_ROOT}schemas/${kind}.schema.json`, "utf8")) as JsonSchema;
    inputSchemas.set(kind, schema);
  }
  return schema;
}

/**
 * Validate `data`; issue paths are prefixed with `base` (where `data` sits in its file). A broken
 * schema is thrown. `hideValues` keeps offending values out of messages (connections may hold secrets).
 */
export function validate(schema: JsonSchema, data: unknown, base: Path = [], hideValues = false): SchemaIssue[] {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = compile(schema);
    compiled.set(schema, fn);
  }
  if (fn instanceof Error) throw fn;
  if (fn(data)) return [];
  return describe(fn.errors ?? [], data, base, hideValues ? () => "(value hidden)" : show);
}

type Quote = (v: unknown) => string;

function describe(errors: readonly ErrorObject[], data: unknown, base: Path, quote: Quote): SchemaIssue[] {
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
