/** @module The machine result of `assay run --json` (schema: schemas/run-result.schema.json). */
import { type AuditResult, type CheckResult, frameworkTally, requirementHead } from "../model/index.js";
import type { EvidenceInfo, ReportsOutcome } from "../pipeline.js";
import { notAudited } from "./format-errors.js";

export type { EvidenceInfo };

function checkJson(c: CheckResult) {
  return {
    checkId: c.checkId,
    targetId: c.targetId,
    status: c.status,
    underlying: c.underlying,
    message: c.message,
    ...(c.waiver ? { waiver: c.waiver } : {}),
    ...(c.expiredWaivers ? { expiredWaivers: c.expiredWaivers } : {}),
    findings: c.findings.map((f) => ({
      aspect: f.aspect,
      status: f.status,
      messageId: f.messageId,
      message: f.message,
      ...(f.subject !== undefined ? { subject: f.subject } : {}),
    })),
  };
}

export function toRunJson(result: AuditResult, evidence: EvidenceInfo | null, reports: ReportsOutcome | null = null) {
  return {
    schema: "assay/run-result@1",
    runId: result.runId,
    project: result.projectName,
    profile: result.profileId,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    gate: result.gate,
    ...(result.selection ? { selection: result.selection } : {}),
    notAudited: notAudited(result).map((c) => ({ checkId: c.checkId, targetId: c.targetId, message: c.message })),
    frameworks: result.frameworks.map((f) => ({
      id: f.frameworkId,
      title: f.title,
      ...frameworkTally(f),
      requirements: f.requirements.map((r) => ({
        ...requirementHead(r.requirementId, r),
        assessment: r.assessment,
        ...(r.attestation ? { attestation: r.attestation } : {}),
        ...(r.waiver ? { waiver: r.waiver } : {}),
        ...(r.expiredWaivers ? { expiredWaivers: r.expiredWaivers } : {}),
        checks: r.checks.map(checkJson),
      })),
    })),
    evidence,
    reports: reports && {
      dir: reports.dir,
      written: reports.written,
      failed: reports.failed.map((f) => ({ format: f.format, reason: f.reason })),
    },
  };
}
