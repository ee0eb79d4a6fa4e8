/**
 * @module The `audit_chain` probe's judgement, the same for every source: the `chain` param (layout
 * and verifier options), aspects, message ids and wording, and the facts and finding made from a
 * `HashChainReport` or from the reason the chain could not be read.
 */
import type { JsonObject } from "../../model/json.js";
import type { ProbeFinding } from "../define.js";
import type { HashChainOptions, HashChainReport } from "../shared/hash-chain.js";

/** The chain's layout, as a target declares it in its `audit_chain` attribute (table aside). */
export interface ChainLayoutParams {
  readonly sequence_column: string;
  readonly hash_column: string;
  /** Columns (or JSON fields) of the canonical record, in order. */
  readonly columns: readonly string[];
  readonly canonical?: "text" | "json";
  readonly anchor?: "genesis" | "first-row";
  readonly genesis_hash?: string;
  readonly chain_input?: "raw" | "hex";
}

export const aspects = { hash_chain: "Every record of the audit trail links to its predecessor" } as const;

/** Same ids and wording on every source, so reports read alike. */
export const messages = {
  chainOk: "{{records}} records verified from sequence {{first}} to {{last}}; head {{head}}",
  chainBroken:
    "hash chain broken at sequence {{sequence}} ({{kind}}): {{modified}} modified, {{deleted}} deleted, {{inserted}} inserted, {{reordered}} reordered of {{records}} records",
  chainEmpty: "the audit trail holds no records",
  chainUnreadable: "the audit trail cannot be read: {{reason}}",
  tableMissing: "no audit table given for a database target (chain.table)",
} as const;

export type ChainFinding = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

/** The `chain` param's schema; identifiers up to the dialect's limit (63 in PostgreSQL, 128 in Oracle). */
export function chainSchema(identMaxLength: number, required: readonly string[]) {
  const ident = { type: "string", minLength: 1, maxLength: identMaxLength } as const;
  return {
    type: "object",
    additionalProperties: false,
    required,
    properties: {
      table: { type: "string", minLength: 1 },
      sequence_column: ident,
      hash_column: ident,
      columns: { type: "array", items: ident, minItems: 1 },
      canonical: { enum: ["text", "json"] },
      anchor: { enum: ["genesis", "first-row"] },
      genesis_hash: { type: "string", pattern: "^[0-9a-fA-F]{64}$" },
      chain_input: { enum: ["raw", "hex"] },
    },
  } as const;
}

export function chainOptions(params: ChainLayoutParams): HashChainOptions {
  return {
    ...(params.anchor ? { anchor: params.anchor } : {}),
    ...(params.genesis_hash ? { genesisHash: params.genesis_hash } : {}),
    ...(params.chain_input ? { chainInput: params.chain_input } : {}),
  };
}

/** An empty trail fails; an intact one passes with its head; a broken one fails at its first broken link with the counts. */
export function chainOutput(report: HashChainReport, subject: string): { facts: JsonObject; findings: [ChainFinding] } {
  const facts = { ...report, firstBrokenLink: report.firstBrokenLink ? { ...report.firstBrokenLink } : null };
  let finding: ChainFinding;
  if (report.records === 0) finding = { aspect: "hash_chain", status: "fail", messageId: "chainEmpty", subject };
  else if (report.firstBrokenLink === null)
    finding = {
      aspect: "hash_chain",
      status: "pass",
      messageId: "chainOk",
      subject,
      data: { records: report.records, first: report.firstSequence, last: report.lastSequence, head: report.headHash },
    };
  else {
    const { sequence, kind } = report.firstBrokenLink;
    const { records, modified, deleted, inserted, reordered } = report;
    finding = {
      aspect: "hash_chain",
      status: "fail",
      messageId: "chainBroken",
      subject,
      data: { sequence, kind, records, modified, deleted, inserted, reordered },
    };
  }
  return { facts, findings: [finding] };
}

/** The trail cannot be read (missing table or privilege, malformed rows): an `error` finding with the reason. */
export function chainUnreadable(reason: string, subject: string): { facts: JsonObject; findings: [ChainFinding] } {
  return {
    facts: { error: reason },
    findings: [{ aspect: "hash_chain", status: "error", messageId: "chainUnreadable", subject, data: { reason } }],
  };
}
