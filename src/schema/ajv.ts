/**
 * @module The one ajv (JSON Schema draft 2020-12) of the project, used by the catalog loader, the
 * engine and the probe tester alike: same options (`allErrors`, `useDefaults`), same error wording
 * (`./issues.ts`). Validators come from the build (`dist/schema/validators/<key>.cjs`, ajv standalone
 * code, one file per schema keyed by its SHA-256, loaded when first needed: `./precompiled.ts`) or are compiled once per
 * process; ajv itself is loaded only when something was not precompiled. The build also records what
 * validating the shipped controls finds (`dist/schema/validations.json`: key of schema, data and
 * options → issues): `validate` answers those from the record without running a validator, so
 * checking a project that uses the shipped catalogs validates only what the project itself brings.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Ajv2020, Options } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/json.js";
import { describeErrors, type Path, type SchemaIssue } from "./issues.js";
import { precompiledValidator, VALIDATORS_DIR, type Validator } from "./precompiled.js";

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

const compiled = new WeakMap<object, Validator | Error>();
const keys = new WeakMap<object, string>();
let known: ReadonlyMap<string, readonly SchemaIssue[]> | null | undefined;
let recording: Map<string, readonly SchemaIssue[]> | undefined;
let ajv: Ajv2020 | undefined;

/** The folder of precompiled validators and the file of recorded validations, beside this module. */
export const PREBUILT = { validators: VALIDATORS_DIR, validations: "validations.json" } as const;

/** The key of a schema among the precompiled validators: `v_` + SHA-256 of its JSON text. */
export function schemaKey(schema: JsonSchema): string {
  let key = keys.get(schema);
  if (key === undefined) {
    key = `v_${createHash("sha256").update(JSON.stringify(schema)).digest("hex")}`;
    keys.set(schema, key);
  }
  return key;
}

/**
 * The key of one validation: the schema, the data (as JSON text, or the SHA-256 of the file it was
 * parsed from, which decides it) and the options it was given.
 */
export function validationKey(
  schema: JsonSchema,
  data: unknown,
  base: Path,
  hideValues: boolean,
  fileSha256?: string,
): string | undefined {
  let text: string | undefined;
  try {
    text = fileSha256 !== undefined ? `file:${fileSha256}` : JSON.stringify(data);
  } catch {
    return undefined; // not JSON (a BigInt, a cycle): never memoized
  }
  return createHash("sha256")
    .update(`${schemaKey(schema)}\0${JSON.stringify([base, hideValues])}\0${text ?? ""}`)
    .digest("hex");
}

function compile(schema: JsonSchema): Validator | Error {
  const precompiled = precompiledValidator(schemaKey(schema));
  if (precompiled) return precompiled;
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
 * out of messages (connections may hold secrets). `fileSha256`: `data` is a whole file's content,
 * with this hash (the record is then looked up without serialising the data).
 */
export function validate(
  schema: JsonSchema,
  data: unknown,
  base: Path = [],
  hideValues = false,
  fileSha256?: string,
): SchemaIssue[] {
  if (known === undefined) {
    try {
      const record = require(`./${PREBUILT.validations}`) as Record<string, SchemaIssue[]>;
      known = new Map(Object.entries(record));
    } catch {
      known = null; // running from src/, or not built
    }
  }
  const key = known || recording ? validationKey(schema, data, base, hideValues, fileSha256) : undefined;
  const recorded = key !== undefined ? known?.get(key) : undefined;
  if (recorded) return recorded.map((i) => ({ ...i, path: [...i.path] }));
  const { issues } = withDefaults(schema, data, base, hideValues);
  if (key !== undefined) recording?.set(key, issues);
  return issues;
}

/** Build time: record every validation from now on, by key, with what it found (see `validate`). */
export function recordValidations(): ReadonlyMap<string, readonly SchemaIssue[]> {
  known = null; // record every validation, none answered from an earlier build's record
  recording = new Map();
  return recording;
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
