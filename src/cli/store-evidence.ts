/** @module Writing a run's signed evidence from the CLI: resolve the project's key, write, say where. */
import { resolveSigningKey, writeEvidenceRun } from "../evidence/index.js";
import type { AuditResult, AuditSpec } from "../model/index.js";
import { assayVersion } from "../version.js";
import type { EvidenceInfo } from "./run-json.js";

export async function storeEvidence(result: AuditResult, spec: AuditSpec): Promise<EvidenceInfo> {
  const { key, notice } = await resolveSigningKey(spec);
  if (notice) process.stderr.write(`assay: ${notice}\n`);
  const written = await writeEvidenceRun({
    result,
    spec,
    key,
    evidenceDir: spec.settings.evidenceDir,
    assayVersion: assayVersion(),
  });
  return { runDir: written.runDir, manifestSha256: written.manifestSha256, keyId: written.keyId };
}
