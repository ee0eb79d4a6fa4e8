/**
 * @module The `audit_chain` probe's judgement, the same for every source: aspects, message ids and
 * wording, and the facts and findings made from a `HashChainReport` (one finding per kind of damage,
 * naming the first sequence numbers and the count) or from the reason the chain could not be read.
 */
import type { JsonObject } from "../../model/json.js";
import type { ProbeFinding } from "../define.js";
import type { ChainTally, HashChainReport } from "./verifier.js";

export const aspects = { hash_chain: "Every record of the audit trail links to its predecessor" } as const;

/** Same ids and wording on every source, so reports read alike. */
export const messages = {
  chainOk: "{{records}} records verified from sequence {{first}} to {{last}}; head {{head}}",
  recordsModified:
    "{{count}} modified: the stored hash does not match the record's content and {{previous}}; sequence {{sequences}}",
  recordsDeleted: "{{count}} deleted: sequence {{sequences}} missing",
  recordsInserted: "{{count}} inserted: sequence {{sequences}}",
  recordsReordered: "{{count}} reordered: sequence {{sequences}} arrived after a higher sequence number",
  recordsUnchecked:
    "{{count}} not checked: sequence {{sequences}} follows a gap and the chain stores no previous hash (declare prev_hash_column)",
  chainEmpty: "the audit trail holds no records",
  chainUnreadable: "the audit trail cannot be read: {{reason}}",
  tableMissing: "no audit table given for a database target (chain.table)",
  sqlOnFile: "SQL expressions (payload_sql or a field's sql) need a database target, not a file",
} as const;

export type ChainFinding = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

const MESSAGE: Readonly<Record<ChainTally, keyof typeof messages>> = {
  modified: "recordsModified",
  deleted: "recordsDeleted",
  inserted: "recordsInserted",
  reordered: "recordsReordered",
  unchecked: "recordsUnchecked",
};

/** "5, 9" or "1, 2, … 10 and 990 more". */
function sampleList(samples: readonly string[], count: number): string {
  const more = count - samples.length;
  return samples.join(", ") + (more > 0 ? ` and ${more.toLocaleString("en")} more` : "");
}

const records = (n: number) => `${n.toLocaleString("en")} record${n === 1 ? "" : "s"}`;

/** An empty trail fails; an intact one passes with its head; damage gives one failing finding per kind. */
export function chainOutput(
  report: HashChainReport,
  subject: string,
  storedPrevious: boolean,
): { facts: JsonObject; findings: ChainFinding[] } {
  const facts = {
    ...report,
    firstBrokenLink: report.firstBrokenLink ? { ...report.firstBrokenLink } : null,
    samples: Object.fromEntries(Object.entries(report.samples).map(([k, v]) => [k, [...v]])),
  };
  if (report.records === 0)
    return { facts, findings: [{ aspect: "hash_chain", status: "fail", messageId: "chainEmpty", subject }] };
  const findings: ChainFinding[] = [];
  for (const kind of Object.keys(MESSAGE) as ChainTally[]) {
    const count = report[kind];
    if (count === 0) continue;
    findings.push({
      aspect: "hash_chain",
      status: "fail",
      messageId: MESSAGE[kind],
      subject,
      data: {
        count: records(count),
        sequences: sampleList(report.samples[kind], count),
        ...(kind === "modified"
          ? { previous: storedPrevious ? "its stored previous hash" : "the preceding record's stored hash" }
          : {}),
      },
    });
  }
  if (findings.length === 0)
    findings.push({
      aspect: "hash_chain",
      status: "pass",
      messageId: "chainOk",
      subject,
      data: { records: report.records, first: report.firstSequence, last: report.lastSequence, head: report.headHash },
    });
  return { facts, findings };
}

/** The trail cannot be read (missing table or privilege, malformed rows): an `error` finding with the reason. */
export function chainUnreadable(reason: string, subject: string): { facts: JsonObject; findings: [ChainFinding] } {
  return {
    facts: { error: reason },
    findings: [{ aspect: "hash_chain", status: "error", messageId: "chainUnreadable", subject, data: { reason } }],
  };
}
