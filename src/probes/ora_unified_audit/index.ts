/**
 * @module `ora_unified_audit`: auditing records what it must and keeps it for as long as the
 * profile's range says — pure unified auditing (mixed mode is a finding, and then the traditional
 * trails AUD$, FGA_LOG$ and OS/XML files are judged too), required audit policies enabled for all
 * users and the outcomes they must record, an enabled purge job for every trail written, the kept
 * period within [min, max] days, and no record older than max + grace.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, verdict, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import type { OracleSession } from "../../targets/oracle.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import { judgePolicy } from "./policies.js";
import * as Q from "./queries.js";
import { keptPeriod, lastArchive, purgeJob, traditionalTrails, TRAILS, type TrailId } from "./retention.js";

const days = () => Type.Number({ minimum: 0 });

const params = paramsObject({
  required_policies: withDefault(Frag.list(), []),
  /** Policies that by design record unsuccessful events only (Oracle's ORA_LOGON_FAILURES). */
  failure_only_policies: withDefault(Frag.list(), ["ORA_LOGON_FAILURES"]),
  /** Users no required policy may except; absent = every excepted user fails the policy. */
  audited_users: Type.Optional(Frag.list()),
  retention_min_days: days(),
  retention_max_days: days(),
  grace_days: withDefault(days(), 0),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
const RANGE = { within: "retentionWithin", below_min: "retentionShort", above_max: "retentionLong" } as const;

async function found(s: OracleSession, stmt: typeof Q.olderThanCutoff, cutoff: string): Promise<boolean> {
  return Number((await s.query(stmt, { cutoff }))[0]?.FOUND ?? 0) > 0;
}

export default defineProbe({
  meta: {
    id: "ora_unified_audit",
    version: "2.0.0",
    title: "Oracle auditing: unified mode, policies, purge jobs, retention range",
    description:
      "Reads V$OPTION, AUDIT_UNIFIED_ENABLED_POLICIES, DBA_AUDIT_MGMT_CLEANUP_JOBS, DBA_AUDIT_MGMT_LAST_ARCH_TS, DBA_AUDIT_MGMT_CONFIG_PARAMS, and whether UNIFIED_AUDIT_TRAIL keeps a record older than max + grace days (ROWNUM = 1); in mixed mode also V$PARAMETER (audit_trail, audit_sys_operations) and DBA_AUDIT_TRAIL / DBA_FGA_AUDIT_TRAIL.",
    targetTypes: ["oracle"],
    params,
    privileges: [
      "AUDIT_VIEWER or SELECT_CATALOG_ROLE (or SELECT ON V_$OPTION, AUDIT_UNIFIED_ENABLED_POLICIES, DBA_AUDIT_MGMT_CLEANUP_JOBS, DBA_AUDIT_MGMT_LAST_ARCH_TS, DBA_AUDIT_MGMT_CONFIG_PARAMS, UNIFIED_AUDIT_TRAIL)",
      "mixed mode: SELECT_CATALOG_ROLE (or SELECT ON V_$PARAMETER, DBA_AUDIT_TRAIL, DBA_FGA_AUDIT_TRAIL)",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal, now }) {
    const at = now();
    const cutoff = new Date(at.getTime() - (p.retention_max_days + p.grace_days) * 86_400_000);
    const cutoffText = cutoff.toISOString().slice(0, 19);
    const seen = await h.readOnly(async (s) => {
      const option = await s.query(Q.option);
      const mixed = option[0]?.VALUE !== "TRUE";
      const settings = new Map((mixed ? await s.query(Q.parameters) : []).map((r) => [r.NAME, r.VALUE ?? ""]));
      const trails: TrailId[] = [
        "unified",
        ...(mixed
          ? traditionalTrails(settings.get("audit_trail") ?? "", settings.get("audit_sys_operations") ?? "")
          : []),
      ];
      const before: Partial<Record<TrailId, boolean>> = { unified: await found(s, Q.olderThanCutoff, cutoffText) };
      if (trails.includes("standard")) before.standard = await found(s, Q.standardOlderThanCutoff, cutoffText);
      if (trails.includes("fga")) before.fga = await found(s, Q.fgaOlderThanCutoff, cutoffText);
      return {
        mixed,
        settings,
        trails,
        before,
        policies: await s.query(Q.policies),
        jobs: await s.query(Q.cleanupJobs),
        archive: await s.query(Q.lastArchive),
        config: await s.query(Q.config),
      };
    }, signal);

    const auditTrail = seen.settings.get("audit_trail") ?? "?";
    const sysOperations = seen.settings.get("audit_sys_operations") ?? "?";
    const findings: F[] = [
      verdict("audit_mode", !seen.mixed, ["pureUnified", "mixedMode"], {
        trails:
          seen.trails
            .filter((t) => t !== "unified")
            .map((t) => TRAILS[t].label)
            .join(", ") || "no traditional trail",
        auditTrail,
        sysOperations,
      }),
    ];

    const required = p.required_policies.map((x) => x.toUpperCase());
    const failureOnly = new Set(p.failure_only_policies.map((x) => x.toUpperCase()));
    const audited = p.audited_users ? new Set(p.audited_users.map((x) => x.toUpperCase())) : undefined;
    if (required.length === 0)
      findings.push({ aspect: "required_policies", status: "not_applicable", messageId: "noRequiredPolicies" });
    for (const policy of required)
      findings.push(judgePolicy({ policy, failureOnly: failureOnly.has(policy), audited }, seen.policies));

    const min = p.retention_min_days;
    const max = p.retention_max_days;
    const kept: Record<
      string,
      { days: number | null; basis: string; job: string | null; record_before_cutoff: boolean }
    > = {};
    for (const id of seen.trails) {
      const trail = TRAILS[id];
      const subject = trail.label;
      const job = purgeJob(trail, seen.jobs);
      findings.push(
        job
          ? {
              aspect: "purge_job",
              status: "pass",
              subject: job.JOB_NAME,
              messageId: "purgeJobEnabled",
              data: { job: job.JOB_NAME, trail: trail.label, frequency: job.JOB_FREQUENCY ?? "?" },
            }
          : {
              aspect: "purge_job",
              status: "fail",
              subject,
              messageId: "purgeJobMissing",
              data: { trail: trail.label },
            },
      );
      const period = keptPeriod(job, lastArchive(trail, seen.archive), at, min, max);
      const data = {
        trail: trail.label,
        days: period.days ?? "unbounded",
        basis: period.basis.replace(/_/g, " "),
        min,
        max,
      };
      findings.push(
        period.verdict === "unbounded"
          ? { aspect: "retention_range", status: "fail", subject, messageId: "retentionUnbounded", data }
          : verdict(
              "retention_range",
              period.verdict === "within",
              [RANGE.within, RANGE[period.verdict]],
              data,
              subject,
            ),
      );
      const old = seen.before[id] === true;
      if (old)
        findings.push({
          aspect: "retention_range",
          status: "fail",
          subject,
          messageId: "oldestTooOld",
          data: { trail: trail.label, cutoff: `${cutoffText}Z`, max, grace: p.grace_days },
        });
      kept[id] = { days: period.days, basis: period.basis, job: job?.JOB_NAME ?? null, record_before_cutoff: old };
    }

    return {
      facts: {
        pure_unified_auditing: !seen.mixed,
        audit_trail_parameter: seen.mixed ? auditTrail : null,
        audit_sys_operations: seen.mixed ? sysOperations : null,
        audit_file_dest: seen.settings.get("audit_file_dest") ?? null,
        trails_written: seen.trails,
        enabled_policies: seen.policies.map((r) => ({
          policy: r.POLICY_NAME,
          option: r.ENABLED_OPTION,
          entity: r.ENTITY_NAME,
          entity_type: r.ENTITY_TYPE,
          success: r.SUCCESS,
          failure: r.FAILURE,
        })),
        cleanup_jobs: seen.jobs.map((j) => ({
          job: j.JOB_NAME,
          status: j.JOB_STATUS,
          trail: j.AUDIT_TRAIL,
          frequency: j.JOB_FREQUENCY,
          use_last_archive_timestamp: j.USE_LAST_ARCHIVE_TIMESTAMP,
        })),
        last_archive_timestamps: seen.archive.map((a) => ({
          trail: a.AUDIT_TRAIL,
          rac_instance: a.RAC_INSTANCE,
          at: a.LAST_ARCHIVE_TS?.toISOString() ?? null,
        })),
        config: Object.fromEntries(seen.config.map((c) => [c.PARAMETER_NAME, c.PARAMETER_VALUE])),
        kept,
        retention_cutoff: `${cutoffText}Z`,
      },
      findings,
    };
  },
});
