/**
 * @module `ora_unified_audit`: unified auditing records what it must and keeps it for as long as
 * the profile's range says — required audit policies enabled, an enabled purge job for the unified
 * trail, the kept period within [min, max] days, and no record older than max + grace.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import * as Q from "./queries.js";
import { keptPeriod, UNIFIED_TRAILS } from "./retention.js";

export interface UnifiedAuditParams {
  readonly required_policies?: readonly string[];
  readonly retention_min_days: number;
  readonly retention_max_days: number;
  readonly grace_days?: number;
}

const aspects = {
  required_policies: "Required unified audit policies are enabled",
  purge_job: "An enabled cleanup job purges the unified audit trail",
  retention_range: "Audit records are kept within the [min, max] day range",
} as const;

const messages = {
  policy_enabled: "Audit policy {{policy}} is enabled ({{entities}})",
  policy_missing: "Required audit policy {{policy}} is not enabled",
  no_required_policies: "No audit policies are required by the profile",
  purge_job_enabled: "Cleanup job {{job}} purges {{trail}} ({{frequency}})",
  purge_job_missing: "No enabled DBMS_AUDIT_MGMT cleanup job purges the unified audit trail: records are kept forever",
  retention_within: "Audit records are kept {{days}} days ({{basis}}), within [{{min}}, {{max}}]",
  retention_short: "Audit records are kept only {{days}} days ({{basis}}), below the minimum of {{min}}",
  retention_long: "Audit records are kept {{days}} days ({{basis}}), above the maximum of {{max}}",
  retention_unbounded:
    "Audit records are never purged ({{basis}}): storage limitation not enforced (maximum {{max}} days)",
  oldest_too_old:
    "Audit records older than the maximum of {{max}} days plus {{grace}} days grace (before {{cutoff}}) are still kept",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export default defineProbe<UnifiedAuditParams>()({
  meta: {
    id: "ora_unified_audit",
    version: "1.0.0",
    title: "Oracle unified auditing: policies, purge job, retention range",
    description:
      "Reads V$OPTION, AUDIT_UNIFIED_ENABLED_POLICIES, DBA_AUDIT_MGMT_CLEANUP_JOBS, DBA_AUDIT_MGMT_LAST_ARCH_TS, DBA_AUDIT_MGMT_CONFIG_PARAMS, and whether UNIFIED_AUDIT_TRAIL keeps a record older than max + grace days (ROWNUM = 1).",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["retention_min_days", "retention_max_days"],
      properties: {
        required_policies: { type: "array", items: { type: "string", minLength: 1 } },
        retention_min_days: { type: "number", minimum: 0 },
        retention_max_days: { type: "number", minimum: 0 },
        grace_days: { type: "number", minimum: 0 },
      },
    },
    privileges: [
      "AUDIT_VIEWER or SELECT_CATALOG_ROLE (or SELECT ON V_$OPTION, AUDIT_UNIFIED_ENABLED_POLICIES, DBA_AUDIT_MGMT_CLEANUP_JOBS, DBA_AUDIT_MGMT_LAST_ARCH_TS, DBA_AUDIT_MGMT_CONFIG_PARAMS, UNIFIED_AUDIT_TRAIL)",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run(ctx) {
    const p = ctx.params;
    const now = ctx.now();
    const cutoff = new Date(now.getTime() - (p.retention_max_days + (p.grace_days ?? 0)) * 86_400_000);
    const cutoffText = cutoff.toISOString().slice(0, 19);
    const seen = await ctx.target.handle.readOnly(
      async (s) => ({
        option: await s.query(Q.option),
        policies: await s.query(Q.policies),
        jobs: await s.query(Q.cleanupJobs),
        archive: await s.query(Q.lastArchive),
        config: await s.query(Q.config),
        beforeCutoff: Number((await s.query(Q.olderThanCutoff, { cutoff: cutoffText }))[0]?.FOUND ?? 0) > 0,
      }),
      ctx.signal,
    );
    const findings: F[] = [];

    const required = (p.required_policies ?? []).map((x) => x.toUpperCase());
    if (required.length === 0)
      findings.push({ aspect: "required_policies", status: "not_applicable", messageId: "no_required_policies" });
    for (const policy of required) {
      const rows = seen.policies.filter((r) => r.POLICY_NAME === policy);
      findings.push(
        rows.length > 0
          ? {
              aspect: "required_policies",
              status: "pass",
              subject: policy,
              messageId: "policy_enabled",
              data: { policy, entities: rows.map((r) => r.ENTITY_NAME ?? r.ENABLED_OPTION ?? "?").join(", ") },
            }
          : {
              aspect: "required_policies",
              status: "fail",
              subject: policy,
              messageId: "policy_missing",
              data: { policy },
            },
      );
    }

    const job = seen.jobs.find((j) => j.JOB_STATUS === "ENABLED" && UNIFIED_TRAILS.has(j.AUDIT_TRAIL));
    findings.push(
      job
        ? {
            aspect: "purge_job",
            status: "pass",
            subject: job.JOB_NAME,
            messageId: "purge_job_enabled",
            data: { job: job.JOB_NAME, trail: job.AUDIT_TRAIL, frequency: job.JOB_FREQUENCY ?? "?" },
          }
        : { aspect: "purge_job", status: "fail", messageId: "purge_job_missing" },
    );

    const min = p.retention_min_days;
    const max = p.retention_max_days;
    const grace = p.grace_days ?? 0;
    const stamps = seen.archive
      .filter((a) => UNIFIED_TRAILS.has(a.AUDIT_TRAIL))
      .map((a) => a.LAST_ARCHIVE_TS)
      .filter((d): d is Date => d instanceof Date);
    // With several RAC instances the trail is purged up to the oldest of their timestamps.
    const lastArchive = stamps.length > 0 ? new Date(Math.min(...stamps.map((d) => d.getTime()))) : null;
    const kept = keptPeriod(seen.jobs, lastArchive, now, min, max);
    const data = { days: kept.days ?? "unbounded", basis: kept.basis.replace(/_/g, " "), min, max };
    switch (kept.verdict) {
      case "within":
        findings.push({ aspect: "retention_range", status: "pass", messageId: "retention_within", data });
        break;
      case "below_min":
        findings.push({ aspect: "retention_range", status: "fail", messageId: "retention_short", data });
        break;
      case "above_max":
        findings.push({ aspect: "retention_range", status: "fail", messageId: "retention_long", data });
        break;
      case "unbounded":
        findings.push({ aspect: "retention_range", status: "fail", messageId: "retention_unbounded", data });
        break;
    }
    if (seen.beforeCutoff) {
      findings.push({
        aspect: "retention_range",
        status: "fail",
        messageId: "oldest_too_old",
        data: { cutoff: `${cutoffText}Z`, max, grace },
      });
    }

    return {
      facts: {
        pure_unified_auditing: seen.option[0]?.VALUE === "TRUE",
        enabled_policies: [...new Set(seen.policies.map((r) => r.POLICY_NAME))],
        cleanup_jobs: seen.jobs.map((j) => ({
          job: j.JOB_NAME,
          status: j.JOB_STATUS,
          trail: j.AUDIT_TRAIL,
          frequency: j.JOB_FREQUENCY,
          use_last_archive_timestamp: j.USE_LAST_ARCHIVE_TIMESTAMP,
        })),
        last_archive_timestamp: lastArchive?.toISOString() ?? null,
        config: Object.fromEntries(seen.config.map((c) => [c.PARAMETER_NAME, c.PARAMETER_VALUE])),
        kept_days: kept.days,
        kept_basis: kept.basis,
        retention_cutoff: `${cutoffText}Z`,
        record_before_cutoff: seen.beforeCutoff,
      },
      findings,
    };
  },
});
