/**
 * @module Shapes declared once with TypeBox — probe params and connector connections alike: the
 * schema, its TypeScript type and its defaults come from one declaration. `withDefault` writes a
 * default, `Filled<S>` is the type once the one ajv has filled the defaults in, and `filled()`
 * validates a value and fills them.
 */
import { type Static, type TObject, type TOptional, type TSchema, Type } from "@sinclair/typebox";
import { withDefaults } from "./ajv.js";

/** An optional property with its default, written once: ajv (`useDefaults`) fills it in. */
export function withDefault<T extends TSchema, const V extends Static<T>>(
  schema: T,
  value: V,
): TOptional<T & { readonly default: V }> {
  return Type.Optional({ ...schema, default: value }) as unknown as TOptional<T & { readonly default: V }>;
}

type DefaultedKeys<S extends TObject> = {
  [K in keyof S["properties"]]: S["properties"][K] extends { readonly default: unknown } ? K : never;
}[keyof S["properties"]];

/** A value of `S` after validation: a property declared `withDefault` is always present. */
export type Filled<S extends TObject> = Static<S> & {
  readonly [K in DefaultedKeys<S>]-?: Exclude<Static<S>[K & keyof Static<S>], undefined>;
};

/** One of a few strings, as a JSON Schema `enum` (its error names the allowed values). */
export function stringEnum<const V extends readonly string[]>(values: V, options: Record<string, unknown> = {}) {
  return Type.Unsafe<V[number]>({ ...options, type: "string", enum: values });
}

/** Closed object: unknown keys are errors (`additionalProperties: false`). */
export function closedObject<P extends Record<string, TSchema>>(properties: P, options: Record<string, unknown> = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/**
 * `value` validated against `schema` by the one ajv, with its defaults filled in (a copy). Values
 * are kept out of the message (a connection may hold secrets); `what` names the value in it.
 * `unknownKeys: "ignore"` lets keys the schema does not know pass (they are not read).
 */
export function filled<S extends TObject>(
  schema: S,
  value: unknown,
  what: string,
  { unknownKeys = "reject" }: { readonly unknownKeys?: "reject" | "ignore" } = {},
): Filled<S> {
  const found = withDefaults(schema, value, [], true);
  const out = found.value;
  const issues = unknownKeys === "ignore" ? found.issues.filter((i) => i.part !== "key") : found.issues;
  if (issues.length > 0)
    throw new Error(
      `invalid ${what}: ${issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ` : "") + i.message).join("; ")}`,
    );
  return out as Filled<S>;
}
