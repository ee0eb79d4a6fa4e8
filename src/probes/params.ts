/**
 * @module Probe params, as ESLint handles rule options: each probe declares them once with TypeBox
 * (schema, TypeScript type and defaults in one place), the project's one ajv validates them and
 * fills the defaults, and the result is deep-frozen before the probe sees it. Shared schema
 * fragments live here so probes write a percentage or a list of names the same way.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import type { JsonObject, JsonValue } from "../model/json.js";
import { withDefaults } from "../schema/ajv.js";
import type { SchemaIssue } from "../schema/issues.js";
import { closedObject, withDefault } from "../schema/typebox.js";
import type { AnyProbe } from "./define.js";

/** An optional param with its default, written once: the engine fills it before `run`. */
export { withDefault };

/** Shared fragments of params schemas. */
export const Frag = {
  /** A non-empty list of non-empty names (algorithms, roles, tables). */
  names: () => Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  /** A list of non-empty names that may be empty (allowlists, declared tables). */
  list: () => Type.Array(Type.String({ minLength: 1 })),
  /** A percentage, 0–100. */
  percent: () => Type.Number({ minimum: 0, maximum: 100 }),
  /** A whole number of days, hours… (≥ 0). */
  count: (minimum = 0) => Type.Integer({ minimum }),
  /** A positive duration or size, fractions allowed. */
  positive: () => Type.Number({ exclusiveMinimum: 0 }),
  /** An upper bound that may be switched off with `null` (e.g. a maximum retention). */
  optionalLimit: (minimum = 1) => Type.Union([Type.Integer({ minimum }), Type.Null()]),
  /** Smallest acceptable RSA modulus of a certificate or published key. */
  minRsaBits: () => withDefault(Type.Integer({ minimum: 1024 }), 2048),
  /** Smallest acceptable elliptic-curve size. */
  minEcBits: () => withDefault(Type.Integer({ minimum: 160 }), 256),
} as const;

/** Closed params object: unknown keys are errors, as ESLint's `additionalProperties: false`. */
export function paramsObject<P extends Record<string, TSchema>>(properties: P) {
  return closedObject(properties);
}

export type ResolvedParams =
  | { readonly ok: true; readonly params: Readonly<JsonObject> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validate params against the probe's schema (throws when the schema itself is broken) and return
 * a deep-frozen copy with the defaults filled in, or the problems in the project's one wording.
 */
export function resolveParams(probe: AnyProbe, params: JsonValue): ResolvedParams {
  const { issues, value } = withDefaults(probe.meta.params, params);
  if (issues.length > 0) return { ok: false, problems: issues.map(describeIssue) };
  return { ok: true, params: deepFreeze(value as JsonObject) };
}

/** Plain-language problems with the params; empty when valid. */
export function paramsProblems(probe: AnyProbe, params: JsonValue): readonly string[] {
  const r = resolveParams(probe, params);
  return r.ok ? [] : r.problems;
}

function describeIssue(i: SchemaIssue): string {
  const parent = i.path.slice(0, -1);
  return parent.length > 0 ? `${parent.join(".")}: ${i.message}` : i.message;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
