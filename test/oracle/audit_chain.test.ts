import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/audit_chain/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { recorded } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture) });
/** The same layout params as for PostgreSQL tables; TIMESTAMP values are canonicalised as ISO 8601 UTC. */
const chain = {
  table: "wms.audit_events",
  sequence_column: "seq",
  hash_column: "row_hash",
  columns: ["seq", "event_time", "actor", "action", "object_id"],
};
const params = { chain };

testProbe(probe, {
  cases: [
    {
      name: "verifies an intact chain streamed from an Oracle cursor (dates, NULLs and tabs canonicalised)",
      target: oracle("audit_chain.compliant"),
      params,
      expect: { chainOk: "pass" },
      exact: true,
    },
    {
      name: "reports a modified and a deleted record",
      target: oracle("audit_chain.noncompliant"),
      params,
      expect: { chainBroken: "fail" },
      exact: true,
    },
    {
      name: "fails when the genesis hash differs (chain re-rooted)",
      target: oracle("audit_chain.compliant"),
      params: { chain: { ...chain, genesis_hash: "f".repeat(64) } },
      expect: { chainBroken: "fail" },
    },
    {
      name: "accepts a pruned chain anchored at its first row",
      target: oracle("audit_chain.compliant"),
      params: { chain: { ...chain, anchor: "first-row" } },
      expect: { chainOk: "pass" },
    },
    {
      name: "is an error naming the grant when the table cannot be read",
      target: oracle("audit_chain.denied"),
      params,
      expect: { chainUnreadable: "error" },
      exact: true,
    },
  ],
  invalidParams: [
    { name: "no columns", params: { chain: { ...chain, columns: [] } } },
    { name: "bad genesis", params: { chain: { ...chain, genesis_hash: "xyz" } } },
    { name: "flat layout", params: chain },
  ],
});

test("counts one modified and one deleted record, and names the first broken link", async () => {
  const out = await probe.run({
    params,
    target: { id: "wms", type: "oracle", tags: [], handle: recorded("audit_chain.noncompliant") },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  assert.deepEqual(out.findings[0]?.data, {
    sequence: 3,
    kind: "modified",
    records: 5,
    modified: 1,
    deleted: 1,
    inserted: 0,
    reordered: 0,
  });
});
