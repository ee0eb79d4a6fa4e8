import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/audit_chain/index.js";
import { runOnce, testProbe } from "../../src/probes/tester.js";
import { oracleTarget, recorded } from "./recorded.js";

/** The same layout params as for PostgreSQL tables; TIMESTAMP values are canonicalised as ISO 8601 UTC. */
const chain = {
  table: "wms.audit_events",
  sequence_column: "seq",
  hash_column: "row_hash",
  columns: ["seq", "event_time", "actor", "action", "object_id"],
};
const params = { chain };

/** A chain an Oracle trigger wrote with STANDARD_HASH (fixture reference), declared as a recipe. */
const recipeChain = {
  table: "wms.audit_trail",
  sequence_column: "seq",
  hash_column: "row_hash",
  prev_hash_column: "prev_hash",
  columns: ["seq", { column: "event_time", as: "timestamp" }, "actor", "action", "object_id"],
  recipe: { separator: "|", previous: "suffix" },
};

/** A case on `audit_chain.recipe<suffix>` with `recipeChain`, exactly the findings expected. */
const recipeCase = (name: string, suffix: string, expect: Record<string, "pass" | "fail">) => ({
  name: `a recipe: ${name}`,
  target: oracleTarget(`audit_chain.recipe${suffix}`),
  params: { chain: recipeChain },
  expect,
  exact: true,
});

testProbe(probe, {
  cases: [
    {
      name: "verifies an intact chain streamed from an Oracle cursor (dates, NULLs and tabs canonicalised)",
      target: oracleTarget("audit_chain.compliant"),
      params,
      expect: { chainOk: "pass" },
      exact: true,
    },
    {
      name: "reports a modified and a deleted record, and the record after the gap as not checked",
      target: oracleTarget("audit_chain.noncompliant"),
      params,
      expect: { recordsModified: "fail", recordsDeleted: "fail", recordsUnchecked: "fail" },
      exact: true,
    },
    {
      name: "fails when the genesis hash differs (chain re-rooted)",
      target: oracleTarget("audit_chain.compliant"),
      params: { chain: { ...chain, genesis_hash: "f".repeat(64) } },
      expect: { recordsModified: "fail" },
    },
    {
      name: "accepts a pruned chain anchored at its first row",
      target: oracleTarget("audit_chain.compliant"),
      params: { chain: { ...chain, anchor: "first-row" } },
      expect: { chainOk: "pass" },
    },
    {
      name: "is an error naming the grant when the table cannot be read",
      target: oracleTarget("audit_chain.denied"),
      params,
      expect: { chainUnreadable: "error" },
      exact: true,
    },
    recipeCase(
      "verifies a chain written by an Oracle trigger with STANDARD_HASH (dates re-rendered as ISO 8601 UTC)",
      "",
      {
        chainOk: "pass",
      },
    ),
    recipeCase("a record modified right after a deleted one is reported modified, the gap deleted", "_tampered", {
      recordsModified: "fail",
      recordsDeleted: "fail",
    }),
  ],
  invalidParams: [
    { name: "no columns", params: { chain: { ...chain, columns: [] } } },
    { name: "bad genesis", params: { chain: { ...chain, genesis_hash: "xyz" } } },
    { name: "flat layout", params: chain },
    { name: "unknown algorithm", params: { chain: { ...recipeChain, recipe: { algorithm: "md5" } } } },
    {
      name: "SQL expression with a statement separator",
      params: { chain: { ...chain, columns: [{ sql: "1; DROP" }] } },
    },
  ],
});

test("names the modified record, the missing sequence number and the unchecked record after the gap", async () => {
  const out = await probe.run({
    params,
    target: { id: "wms", type: "oracle", tags: [], handle: recorded("audit_chain.noncompliant") },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  assert.deepEqual(
    out.findings.map((f) => [f.messageId, f.data]),
    [
      ["recordsModified", { count: "1 record", sequences: "3", previous: "the preceding record's stored hash" }],
      ["recordsDeleted", { count: "1 record", sequences: "5" }],
      ["recordsUnchecked", { count: "1 record", sequences: "6" }],
    ],
  );
  assert.deepEqual(
    [out.facts["records"], out.facts["modified"], out.facts["deleted"], out.facts["inserted"], out.facts["reordered"]],
    [5, 1, 1, 0, 0],
  );
  assert.deepEqual((out.facts["firstBrokenLink"] as { sequence: number; kind: string }).sequence, 3);
});

test("a recipe on Oracle names the modified record (4) next to the deleted one (3)", async () => {
  const run = await runOnce(probe, oracleTarget("audit_chain.recipe_tampered"), { chain: recipeChain });
  assert.ok(run.ok);
  assert.deepEqual(
    run.findings.map((f) => f.message),
    [
      "1 record modified: the stored hash does not match the record's content and its stored previous hash; sequence 4",
      "1 record deleted: sequence 3 missing",
    ],
  );
});
