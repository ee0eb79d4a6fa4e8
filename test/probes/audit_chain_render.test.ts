/**
 * How a declared recipe renders values the writers above do not produce: other UTC offsets, timestamps
 * without a zone, epoch milliseconds, trimmed numbers, booleans spelt otherwise. Expected epochs were
 * computed with Python's `datetime` (`2026-03-01T09:01:01.5Z` → 1772355661500 ms).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { recipeSchema } from "../../src/probes/audit_chain/params.js";
import { renderer, type FieldKind, type FieldValue } from "../../src/probes/audit_chain/render.js";
import { HashChainInputError } from "../../src/probes/audit_chain/verifier.js";
import { withDefaults } from "../../src/schema/ajv.js";
import type { RecipeParams } from "../../src/probes/audit_chain/params.js";

/** A recipe with its schema defaults filled, as the engine hands it to the probe. */
const recipe = (r: object): RecipeParams => withDefaults(recipeSchema, r).value as RecipeParams;
const render = (r: object, value: FieldValue, kind: FieldKind) => renderer(recipe(r))(value, kind);

const CASES: readonly [object, FieldValue, FieldKind, string][] = [
  [{}, "2026-03-01 14:31:01.5+05:30", "timestamp", "2026-03-01T09:01:01.500Z"],
  [{}, "2026-03-01T04:01:01.5-05", "timestamp", "2026-03-01T09:01:01.500Z"],
  [{ fraction_digits: 0 }, "2026-03-01 09:01:01.999+00", "timestamp", "2026-03-01T09:01:01Z"],
  [{ fraction_digits: 6 }, "2026-03-01 23:59:59.999999", "timestamp", "2026-03-01T23:59:59.999999Z"],
  [{ timestamps: "postgres" }, "2026-03-01T09:01:01.500Z", "timestamp", "2026-03-01 09:01:01.5+00"],
  [{ timestamps: "postgres" }, "2026-03-01T09:01:01.000Z", "timestamp", "2026-03-01 09:01:01+00"],
  [{ timestamps: "epoch_millis" }, "2026-03-01 14:31:01.5+05:30", "timestamp", "1772355661500"],
  [{ timestamps: "epoch_seconds" }, "2026-03-01T09:01:01.500Z", "timestamp", "1772355661"],
  [{ numbers: "trim" }, "100.00", "number", "100"],
  [{ numbers: "trim" }, "-0.50", "number", "-0.5"],
  [{ numbers: "trim" }, "1.50e3", "number", "1.50e3"],
  [{}, "12.50", "number", "12.50"],
  [{ booleans: { true: "Y", false: "N" } }, "t", "boolean", "Y"],
  [{ booleans: { true: "Y", false: "N" } }, false, "text", "N"],
  [{ null: "NULL" }, null, "timestamp", "NULL"],
  [{}, 12.5, "text", "12.5"],
];

test("a declared recipe renders timestamps, numbers, booleans and NULL as declared", () => {
  for (const [r, value, kind, want] of CASES)
    assert.equal(render(r, value, kind), want, `${JSON.stringify(r)} ${String(value)} as ${kind}`);
});

test("a value that is not of its declared kind is an error naming the value, not a silent mismatch", () => {
  assert.throws(() => render({}, "yesterday", "timestamp"), HashChainInputError);
  assert.throws(() => render({}, "maybe", "boolean"), /"maybe" is not a boolean/);
});
