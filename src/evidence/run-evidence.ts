/**
 * @module A run's evidence as `runAudit` uses it: opened with the project's signing key (its first
 * record written as observations arrive), sealed (signed) once the result is known, or discarded
 * when the run stops before that. A failure of any step is an `AssayError` with exit
 * `incomplete`: the run could not be recorded.
 */
import { rm } from "node:fs/promises";
import { AssayError, EXIT, errorMessage } from "../errors.js";
import type { AuditResult, AuditSpec, PartialRun } from "../model/index.js";
import { assayVersion } from "../version.js";
import { resolveSigningKey } from "./project-key.js";
import { openEvidenceRun, type EvidenceRunWriter } from "./writer.js";

export interface EvidenceInfo {
  readonly runDir: string;
  readonly manifestSha256: string;
  readonly keyId: string;
}

/** Open the run's evidence: records are appended as observations arrive. */
export async function openRunEvidence(
  spec: AuditSpec,
  runId: string,
  onNotice: ((m: string) => void) | undefined,
): Promise<EvidenceRunWriter> {
  return evidenceStep(async () => {
    const { key, notice } = await resolveSigningKey(spec);
    if (notice) onNotice?.(notice);
    return openEvidenceRun({ evidenceDir: spec.settings.evidenceDir, runId, key });
  });
}

export async function sealRunEvidence(
  writer: EvidenceRunWriter,
  result: AuditResult,
  spec: AuditSpec,
  partial: PartialRun | null,
): Promise<EvidenceInfo> {
  const written = await evidenceStep(() => writer.seal({ result, spec, assayVersion: assayVersion(), partial }));
  return { runDir: written.runDir, manifestSha256: written.manifestSha256, keyId: written.keyId };
}

/** A run that stops before it is sealed leaves no folder behind (a killed process leaves one marked incomplete). */
export async function discardRunEvidence(writer: EvidenceRunWriter): Promise<void> {
  await writer.abort().catch(() => undefined);
  await rm(writer.runDir, { recursive: true, force: true }).catch(() => undefined);
}

async function evidenceStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw new AssayError(`evidence could not be written: ${errorMessage(err)}`, {
      exit: EXIT.incomplete,
      ...(err instanceof AssayError && err.hint !== undefined ? { hint: err.hint } : {}),
      cause: err,
    });
  }
}
