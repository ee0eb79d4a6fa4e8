/**
 * @module `ora_recovery`: what an Oracle database itself shows about recoverability — the RMAN job
 * history judged like any backup catalog (last successful backup within the recovery point
 * objective, a full or level 0 backup to restore from, no failed job, restore points reaching back
 * the minimum retention), ARCHIVELOG mode and its local destinations, and Data Guard: standby
 * destinations valid without a gap on a primary, the apply lag within the bound on a standby.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, verdict, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { judgeBackupSet } from "../shared/backup-findings.js";
import { objectFailure } from "../../targets/sql/errors.js";
import type { OracleSession } from "../../targets/oracle.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";
import { intervalSeconds, rmanSet } from "./rman.js";

const params = paramsObject({
  /** Recovery point objective in hours (profile `backup.max_age_hours`). */
  max_age_hours: Frag.positive(),
  min_retention_days: Type.Number({ minimum: 0 }),
  min_standbys: withDefault(Frag.count(), 1),
  /** Largest acceptable apply lag on a standby (profile `backup.replica_max_lag_seconds`). */
  max_apply_lag_seconds: Frag.count(),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
type Read<T> = { readonly rows: T[] } | { readonly reason: string };
/** Fixed-role destinations that are not standbys a failover could use. */
const NOT_STANDBY = new Set(["LOCAL", "CROSS-INSTANCE", "DOWNSTREAM", "BACKUP APPLIANCE"]);

/** A denied or missing view fails only the aspects that read it; connection-class errors end the probe. */
async function read<T>(work: () => Promise<T[]>): Promise<Read<T>> {
  try {
    return { rows: await work() };
  } catch (err) {
    const reason = objectFailure(err);
    if (reason === undefined) throw err;
    return { reason };
  }
}

async function observe(s: OracleSession, signal: AbortSignal) {
  const [db] = await s.query(Q.database, {}, signal);
  if (!db) throw new Error("V$DATABASE returned no row");
  const standby = db.DATABASE_ROLE !== "PRIMARY";
  return {
    db,
    standby,
    jobs: await read(() => s.query(Q.jobs, {}, signal)),
    destinations: await read(() => s.query(Q.destinations, {}, signal)),
    lags: standby ? await read(() => s.query(Q.lags, {}, signal)) : { rows: [] },
  };
}

export default defineProbe({
  meta: {
    id: "ora_recovery",
    version: "1.0.0",
    title: "Oracle recoverability: RMAN backups, ARCHIVELOG mode, Data Guard",
    description:
      "Reads V$DATABASE (LOG_MODE, DATABASE_ROLE), the RMAN job history (V$RMAN_BACKUP_JOB_DETAILS with V$BACKUP_SET_DETAILS for level 0), V$ARCHIVE_DEST_STATUS and, on a standby, V$DATAGUARD_STATS (apply and transport lag); backups are judged like a backup tool's catalog.",
    targetTypes: ["oracle"],
    params,
    privileges: [
      "SELECT_CATALOG_ROLE (or SELECT ON SYS.V_$DATABASE, V_$RMAN_BACKUP_JOB_DETAILS, V_$BACKUP_SET_DETAILS, V_$ARCHIVE_DEST_STATUS, V_$DATAGUARD_STATS)",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal, now }) {
    const seen = await target.handle.readOnly((s) => observe(s, signal), signal);
    const { db } = seen;
    const name = db.DB_UNIQUE_NAME;
    const findings: F[] = [];

    if ("reason" in seen.jobs)
      for (const aspect of ["catalog", "last_backup", "full_backup", "failures", "retention"] as const)
        findings.push({ aspect, status: "error", messageId: "backupsUnreadable", data: { reason: seen.jobs.reason } });
    else findings.push(...judgeBackupSet("RMAN", rmanSet(name, seen.jobs.rows), p, now()));

    findings.push(
      verdict("archiving", db.LOG_MODE === "ARCHIVELOG", ["archiveLogOn", "archiveLogOff"], {
        db: name,
        mode: db.LOG_MODE,
        force: db.FORCE_LOGGING,
      }),
    );

    const dests = "reason" in seen.destinations ? undefined : seen.destinations.rows;
    if (!dests) {
      const reason = "reason" in seen.destinations ? seen.destinations.reason : "";
      findings.push({ aspect: "archiver", status: "error", messageId: "destinationsUnreadable", data: { reason } });
      if (!seen.standby)
        findings.push({
          aspect: "replication",
          status: "error",
          messageId: "destinationsUnreadable",
          data: { reason },
        });
    } else {
      const local = dests.filter((d) => d.TYPE === "LOCAL");
      for (const d of local.filter((x) => x.STATUS !== "VALID"))
        findings.push({
          aspect: "archiver",
          status: "fail",
          subject: d.DEST_NAME,
          messageId: "archiveDestFailing",
          data: { dest: d.DEST_NAME, status: d.STATUS, error: d.ERROR ?? "no error text" },
        });
      if (local.length === 0)
        findings.push({
          aspect: "archiver",
          status: db.LOG_MODE === "ARCHIVELOG" ? "fail" : "not_applicable",
          messageId: "archiveDestsNone",
        });
      else if (local.every((d) => d.STATUS === "VALID"))
        findings.push({
          aspect: "archiver",
          status: "pass",
          messageId: "archiveDestsOk",
          data: { count: local.length },
        });
      if (!seen.standby) findings.push(...judgePrimary(dests, p.min_standbys));
    }
    if (seen.standby) findings.push(judgeStandby(db.DATABASE_ROLE.toLowerCase(), seen.lags, p.max_apply_lag_seconds));

    return {
      facts: {
        db_unique_name: name,
        log_mode: db.LOG_MODE,
        database_role: db.DATABASE_ROLE,
        force_logging: db.FORCE_LOGGING,
        rman_jobs:
          "reason" in seen.jobs
            ? { error: seen.jobs.reason }
            : seen.jobs.rows.map((j) => ({
                session: j.SESSION_KEY,
                input_type: j.INPUT_TYPE,
                status: j.STATUS,
                start: j.START_TIME?.toISOString() ?? null,
                end: j.END_TIME?.toISOString() ?? null,
                incremental_level: j.INCREMENTAL_LEVEL,
              })),
        archive_destinations: dests
          ? dests.map((d) => ({
              dest: d.DEST_NAME,
              status: d.STATUS,
              type: d.TYPE,
              database_mode: d.DATABASE_MODE,
              recovery_mode: d.RECOVERY_MODE,
              gap: d.GAP_STATUS,
              error: d.ERROR,
            }))
          : null,
        dataguard_lags:
          "reason" in seen.lags
            ? { error: seen.lags.reason }
            : Object.fromEntries(seen.lags.rows.map((l) => [l.NAME, l.VALUE])),
      },
      findings,
    };
  },
});

function judgePrimary(dests: readonly Q.DestinationRow[], min: number): F[] {
  const out: F[] = [];
  const standbys = dests.filter((d) => !NOT_STANDBY.has(d.TYPE));
  const healthy = (d: Q.DestinationRow) => d.STATUS === "VALID" && (d.GAP_STATUS === null || d.GAP_STATUS === "NO GAP");
  for (const d of standbys.filter((x) => !healthy(x)))
    out.push({
      aspect: "replication",
      status: "fail",
      subject: d.DEST_NAME,
      messageId: "standbyDestFailing",
      data: {
        dest: d.DEST_NAME,
        type: d.TYPE,
        status: d.STATUS,
        gap: d.GAP_STATUS ?? "unknown",
        error: d.ERROR ?? "no error text",
      },
    });
  const count = standbys.filter(healthy).length;
  if (count < min)
    out.push({ aspect: "replication", status: "fail", messageId: "tooFewStandbys", data: { count, min } });
  else if (out.length === 0)
    out.push({ aspect: "replication", status: "pass", messageId: "standbysOk", data: { count, min } });
  return out;
}

function judgeStandby(role: string, lags: Read<{ NAME: string; VALUE: string | null }>, max: number): F {
  if ("reason" in lags)
    return { aspect: "replication", status: "error", messageId: "lagsUnreadable", data: { reason: lags.reason } };
  const value = (n: string) => intervalSeconds(lags.rows.find((l) => l.NAME === n)?.VALUE ?? null);
  const lag = value("apply lag");
  const transport = value("transport lag");
  const data = { role, max, transport: transport === null ? "unknown" : `${transport} s` };
  if (lag === null) return { aspect: "replication", status: "fail", messageId: "applyLagUnknown", data };
  return verdict("replication", lag <= max, ["applyLagOk", "applyLagTooHigh"], { ...data, lag });
}
