/** @module JSON value types: observations and params are plain JSON so they can be canonicalised and signed. */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema (draft 2020-12) as a plain object; validated by ajv. */
export type JsonSchema = { readonly [key: string]: unknown };
