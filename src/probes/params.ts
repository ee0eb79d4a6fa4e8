/**
 * @module Probe params validation, as ESLint validates rule options: each probe's `meta.params`
 * schema is compiled once (ajv, draft 2020-12) and cached; valid params are deep-frozen before
 * the probe sees them. Used by the catalog stage (load errors) and the engine (last line of defence).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { JsonValue } from "../model/json.js";
import type { AnyProbe } from "./define.js";

const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false });
const cache = new WeakMap<AnyProbe, ValidateFunction>();

function validatorFor(probe: AnyProbe): ValidateFunction {
  let v = cache.get(probe);
  if (!v) {
    v = ajv.compile(probe.meta.params);
    cache.set(probe, v);
  }
  return v;
}

/** Plain-language problems with the params, each prefixed by its JSON path; empty when valid. */
export function paramsProblems(probe: AnyProbe, params: JsonValue): string[] {
  const validate = validatorFor(probe);
  if (validate(params)) return [];
  return (validate.errors ?? []).map((e) => describe(e));
}

function describe(e: ErrorObject): string {
  const at = e.instancePath ? `params${e.instancePath.replace(/\//g, ".")}` : "params";
  switch (e.keyword) {
    case "additionalProperties":
      return `${at}: unknown param "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
    case "required":
      return `${at}: missing required param "${String((e.params as { missingProperty: string }).missingProperty)}"`;
    case "enum":
      return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(", ")}`;
    default:
      return `${at} ${e.message ?? "is invalid"}`;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
