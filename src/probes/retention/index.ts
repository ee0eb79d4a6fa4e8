/**
 * @module `retention`: storage limitation on PostgreSQL and Oracle alike. For each declared dataset,
 * the rows past retention plus grace (must be 0) and the age of the oldest row; for the audit log,
 * its declared retention must lie within the profile's [min, max] days and no row may outlive it.
 * Queries and judgement are dialect-neutral (`../shared/retention.ts`, `./findings.ts`); the
 * target's `readOnly` session is the only thing that differs.
 */
import { errorMessage } from "../../errors.js";
import type { SqlTarget } from "../../targets/sql/sql.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { parseDatasets, type Dataset } from "../shared/retention.js";
import { aspects, messages, paramsSchema, retentionOutput, type RetentionParams } from "./findings.js";

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export default defineProbe<RetentionParams>()({
  meta: {
    id: "retention",
    version: "2.0.0",
    title: "Data retention (PostgreSQL, Oracle)",
    description: "Rows past retention per declared dataset; audit-log retention within a [min, max] range.",
    targetTypes: ["postgres", "oracle"],
    params: paramsSchema,
    privileges: [
      "SELECT (Oracle: READ suffices) on each declared table — the timestamp column is enough in PostgreSQL; a table it cannot read is an error finding for that dataset",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const at = now();
    const findings: F[] = [];
    let datasets: Dataset[] | null = null;
    try {
      datasets = parseDatasets(params.datasets ?? []);
    } catch (err) {
      findings.push({
        aspect: "datasets",
        status: "error",
        messageId: "datasetsInvalid",
        data: { reason: errorMessage(err) },
      });
    }
    const db: SqlTarget = target.handle;
    const out = await db.readOnly((source) => retentionOutput(params, datasets, at, source, signal), signal);
    return { facts: out.facts, findings: [...findings, ...out.findings] };
  },
});
