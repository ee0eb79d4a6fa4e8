/**
 * @module The one ajv (JSON Schema draft 2020-12) of the project, used by the catalog loader, the
 * engine and the probe tester alike: same options (`allErrors`, `useDefaults`), same error wording
 * (`./issues.ts`). Validators come from the build (`dist/schema/validators.cjs`, ajv standalone code
 * keyed by the schema's SHA-256) or are compiled once per process; ajv itself is loaded only when
 * something was not precompiled.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, Options } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/json.js";
import { describeErrors, type Path, type SchemaIssue } from "./issues.js";

/**
 * Strict mode off: connector and probe schemas may carry editor keywords. `useDefaults` fills a
 * schema's `default:` values, so a param's default is written once, in its schema.
 */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, logger: false, useDefaults: true };

const require = createRequire(import.meta.url);

/** A new ajv instance with the project's options (`extra` for build-time code generation only). */
export function createAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 };
  return new Ajv({ ...AJV_OPTIONS, ...extra });
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const compiled = new WeakMap<object, Validator | Error>();
let precompiled: Readonly<Record<string, Validator>> | null | undefined;
let ajv: Ajv2020 | undefined;

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
    ajv ??= createAjv();
    return ajv.compile(schema);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function validatorFor(schema: JsonSchema): Validator {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = compile(schema);
    compiled.set(schema, fn);
  }
  if (fn instanceof Error) throw fn;
  return fn;
}

/** Throws when the schema itself is broken (ajv cannot compile it). */
export function assertSchemaCompiles(schema: JsonSchema): void {
  validatorFor(schema);
}

/**
 * Validate `data` (left untouched; defaults go into a copy); issue paths are prefixed with `base`
 * (where `data` sits in its file). A broken schema is thrown. `hideValues` keeps offending values
 * out of messages (connections may hold secrets).
 */
export function validate(schema: JsonSchema, data: unknown, base: Path = [], hideValues = false): SchemaIssue[] {
  return withDefaults(schema, data, base, hideValues).issues;
}

/** Validate a copy of `data` and return it with the schema's defaults filled in. */
export function withDefaults<T>(
  schema: JsonSchema,
  data: T,
  base: Path = [],
  hideValues = false,
): { readonly issues: SchemaIssue[]; readonly value: T } {
  const fn = validatorFor(schema);
  const value = structuredClone(data);
  if (fn(value)) return { issues: [], value };
  return { issues: describeErrors(fn.errors ?? [], value, base, hideValues), value };
}
