/**
 * @module Child process of timezone.test.ts: runs Oracle probes over recordings whose dates are the
 * text a UTC session sends, with a fixed clock, and prints the evidence (facts and findings) as JSON.
 */
import type { AnyProbe } from "../../src/probes/define.js";
import { PROBES } from "../../src/probes/registry.js";
import { runOnce } from "../../src/probes/tester.js";
import { recorded } from "./recorded.js";

const now = () => new Date("2026-11-30T12:00:00Z");
// Through runProbe, as the engine runs it (params with their defaults, messages rendered).
const run = (id: string, fixture: string, params: Record<string, unknown>) =>
  runOnce(PROBES.get(id) as AnyProbe, { id: "wms", type: "oracle", handle: recorded(fixture, "WMS") }, params, {
    now,
  });

const chain = {
  table: "wms.audit_events",
  sequence_column: "seq",
  hash_column: "row_hash",
  columns: ["seq", "event_time", "actor", "action", "object_id"],
};
const out = {
  chain: await run("audit_chain", "audit_chain.session_text", { chain }),
  keys: await run("ora_encryption_at_rest", "ora_encryption_at_rest.session_text", { max_master_key_age_days: 365 }),
};
process.stdout.write(JSON.stringify(out));
