/**
 * @module writeEvidenceRun: a whole evaluated run written at once through the streaming writer
 * (`openEvidenceRun`): check records in a stable order (check id, then target id), then the
 * attestations, sealed with the signed manifest and chained to the previous run.
 */
import type { PartialRun } from "../model/evidence.js";
import type { AuditResult } from "../model/result.js";
import type { AuditSpec } from "../model/spec.js";
import type { SigningKey } from "./keys.js";
import { buildRecords } from "./records.js";
import { openEvidenceRun, type OpenEvidenceRunOptions, type WrittenRun } from "./writer.js";

export interface WriteEvidenceOptions extends Pick<OpenEvidenceRunOptions, "durable" | "afterRecord" | "afterStage"> {
  readonly result: AuditResult;
  readonly spec: AuditSpec;
  readonly key: SigningKey;
  /** Evidence folder; relative paths resolve against the working directory. */
  readonly evidenceDir: string;
  readonly assayVersion: string;
  /** Sign the run as explicitly partial, listing what is missing (distributed runs only). */
  readonly partial?: PartialRun | null;
}

export async function writeEvidenceRun(opts: WriteEvidenceOptions): Promise<WrittenRun> {
  const { result, spec, assayVersion, partial = null } = opts;
  const writer = await openEvidenceRun({ ...opts, runId: result.runId });
  try {
    for (const r of buildRecords(result, spec)) await writer.append(r);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.seal({ result, spec, assayVersion, partial });
}
