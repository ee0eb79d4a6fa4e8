/** @module The published input schemas: valid in ajv's strict mode, closed, and every property documented for editors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { INPUT_KINDS, inputSchema } from "../../src/catalog/schema.js";

/** Every object schema inside `node`, with its JSON pointer. */
function objects(node: unknown, at = "#"): [string, Record<string, unknown>][] {
  if (!node || typeof node !== "object") return [];
  const here: [string, Record<string, unknown>][] =
    (node as { type?: unknown }).type === "object" ? [[at, node as Record<string, unknown>]] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => objects(v, `${at}/${k}`))];
}

describe("input schemas", () => {
  for (const kind of INPUT_KINDS) {
    const schema = inputSchema(kind);
    it(`${kind}: compiles in strict mode with the published $id`, () => {
      new Ajv2020({ strict: true }).compile(structuredClone(schema));
      assert.equal(schema["$id"], `https://assay.dev/schemas/${kind}.schema.json`);
    });
    it(`${kind}: rejects unknown keys and describes every property`, () => {
      for (const [at, o] of objects(schema)) {
        const open = at.endsWith("/connection") || at.endsWith("/attributes") || at.endsWith("/params");
        if (!open)
          assert.ok(
            o["additionalProperties"] === false || typeof o["additionalProperties"] === "object",
            `${at} is open`,
          );
        for (const [name, prop] of Object.entries(
          (o["properties"] ?? {}) as Record<string, { description?: string }>,
        )) {
          assert.ok(prop.description, `${at}/properties/${name} has no description`);
        }
      }
    });
  }
});
