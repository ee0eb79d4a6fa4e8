/**
 * @module `pg_retention`: storage limitation in PostgreSQL. For each declared dataset, the rows past
 * retention plus grace (must be 0) and the age of the oldest row; for the audit log, its declared
 * retention must lie within the profile's [min, max] days and no row may outlive it. Queries and
 * judgement are the dialect-neutral ones of `../shared/retention.ts` and
 * `../shared/retention-findings.ts`; here only the handle as source, connection loss ending the
 * probe, and unparsable datasets reported as a finding.
 */
import { reasonOf } from "../shared/pg-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { parseDatasets, type Dataset } from "../shared/retention.js";
import {
  aspects,
  messages as shared,
  paramsSchema,
  retentionOutput,
  type RetentionParams,
} from "../shared/retention-findings.js";

export type PgRetentionParams = RetentionParams;

const { dataset_ok, dataset_overdue, dataset_error, ...rest } = shared;
/** The shared messages plus `datasets_invalid`, in its place: only this probe reports unparsable datasets as a finding. */
const messages = { dataset_ok, dataset_overdue, dataset_error, datasets_invalid: "{{reason}}", ...rest } as const;
type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export default defineProbe<PgRetentionParams>()({
  meta: {
    id: "pg_retention",
    version: "1.0.0",
    title: "PostgreSQL data retention",
    description: "Rows past retention per declared dataset; audit-log retention within a [min, max] range.",
    targetTypes: ["postgres"],
    params: paramsSchema,
    privileges: [
      "SELECT on each declared table (the timestamp column suffices); a table it cannot read is an error finding",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const findings: F[] = [];
    let datasets: Dataset[] | null = null;
    try {
      datasets = parseDatasets(params.datasets ?? []);
    } catch (err) {
      findings.push({
        aspect: "datasets",
        status: "error",
        messageId: "datasets_invalid",
        data: { reason: reasonOf(err) },
      });
    }
    const out = await retentionOutput(
      params,
      datasets,
      now(),
      { probe: "pg_retention", source: target.handle },
      signal,
    );
    return { facts: out.facts, findings: [...findings, ...out.findings] };
  },
});
