/**
 * @module `retention`: storage limitation on PostgreSQL and Oracle alike. For each declared dataset,
 * the rows past retention plus grace (must be 0) and the age of the oldest row; for the audit log,
 * its declared retention must lie within the profile's [min, max] days, no entry may outlive it, and
 * the oldest entry still present must be at least the minimum old (`./audit-log.ts`). Queries and
 * judgement are dialect-neutral (`../shared/retention.ts`, `./findings.ts`); the target's
 * `readOnly` session is the only thing that differs.
 */
import type { SqlTarget } from "../../targets/sql/sql.js";
import { defineProbe, parsedOr } from "../define.js";
import { parseDatasets } from "../shared/retention.js";
import { params, retentionOutput } from "./findings.js";
import { ASPECTS, MESSAGES, type RetentionFinding } from "./messages.js";

export default defineProbe({
  meta: {
    id: "retention",
    version: "3.0.0",
    title: "Data retention (PostgreSQL, Oracle)",
    description:
      "Rows past retention per declared dataset; audit-log retention within a [min, max] range, as declared and in the data (oldest entry present).",
    targetTypes: ["postgres", "oracle"],
    params,
    privileges: [
      "PostgreSQL: GRANT USAGE ON SCHEMA <schema> TO <auditor>; -- each schema holding a declared table",
      "PostgreSQL: GRANT SELECT (<timestamp column>) ON <dataset table> TO <auditor>; -- each declared dataset and the audit log; a table it cannot read is an error finding for that dataset",
      "Oracle: SELECT (or READ) on each declared table; a table it cannot read is an error finding for that dataset",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal, now }) {
    const at = now();
    const findings: RetentionFinding[] = [];
    const datasets = parsedOr(() => parseDatasets(p.datasets ?? []), ["datasets", "datasetsInvalid"], findings);
    const db: SqlTarget = target.handle;
    const out = await db.readOnly((source) => retentionOutput(p, datasets, at, source, signal), signal);
    return { facts: out.facts, findings: [...findings, ...out.findings] };
  },
});
