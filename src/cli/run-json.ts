/** @module The machine result of `assay run --json` (schema: schemas/run-result.schema.json). */
import type { AuditResult } from "../model/index.js";

export interface EvidenceInfo {
  readonly runDir: string;
  readonly manifestSha256: string;
  readonly keyId: string;
}

export function toRunJson(result: AuditResult, evidence: EvidenceInfo | null) {
  return {
    schema: "assay/run-result@1",
    runId: result.runId,
    project: result.projectName,
    profile: result.profileId,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    gate: result.gate,
    frameworks: result.frameworks.map((f) => ({
      id: f.frameworkId,
      title: f.title,
      score: f.score,
      counts: f.counts,
      automated: f.automated,
      manual: f.manual,
      requirements: f.requirements.map((r) => ({
        id: r.requirementId,
        label: r.label,
        title: r.title,
        severity: r.severity,
        status: r.status,
        underlying: r.underlying,
        ...(r.waiver ? { waiver: r.waiver } : {}),
        ...(r.expiredWaivers ? { expiredWaivers: r.expiredWaivers } : {}),
        checks: r.checks.map((c) => ({
          checkId: c.checkId,
          targetId: c.targetId,
          status: c.status,
          message: c.message,
        })),
      })),
    })),
    evidence,
  };
}
