/**
 * @module The published input schemas (`schemas/<kind>.schema.json`), read once per process.
 * Validation itself is the project's one ajv in `src/schema/`.
 */
import { readFileSync } from "node:fs";
import type { JsonSchema } from "../model/json.js";
import { PACKAGE_ROOT } from "./resolve.js";

/** Every input kind with a published schema. */
export const INPUT_KINDS = [
  "project",
  "catalog",
  "checks",
  "profile",
  "mapping",
  "waivers",
  "attestations",
  "inventory",
] as const;

export type InputKind = (typeof INPUT_KINDS)[number];

const inputSchemas = new Map<InputKind, JsonSchema>();

/** The published schema of an input kind (`schemas/<kind>.schema.json`). */
export function inputSchema(kind: InputKind): JsonSchema {
  let schema = inputSchemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(`${PACKAGE_ROOT}schemas/${kind}.schema.json`, "utf8")) as JsonSchema;
    inputSchemas.set(kind, schema);
  }
  return schema;
}
