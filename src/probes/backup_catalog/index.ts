/**
 * @module `backup_catalog`: the backup catalog of the tool in use, read from the JSON it prints
 * (pgBackRest `info --output=json`, WAL-G `backup-list --json`, Barman `-f json list-backups`),
 * kept as a file by the job that runs it. Per stanza/server: the tool's own status, the age of the
 * last successful backup against the recovery point objective, a valid full backup to restore
 * from, failed backups, and how far back restore points reach against the minimum retention.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { CatalogFormatError, parseCatalog, type BackupTool, type CatalogSet } from "../shared/backup-catalog.js";

export interface BackupCatalogParams {
  readonly tool?: BackupTool;
  readonly max_age_hours: number;
  readonly min_retention_days: number;
}

const aspects = {
  catalog: "The catalog can be read and the tool reports no problem with the stanza or repository",
  last_backup: "The last successful backup is younger than the recovery point objective",
  full_backup: "A successful full backup exists to restore from",
  failures: "No backup in the catalog is marked failed",
  retention: "Restore points reach back at least the minimum retention",
} as const;

const messages = {
  catalogUnreadable: "The backup catalog cannot be read: {{reason}}",
  catalogEmpty: "The catalog lists no stanza or server",
  toolOk: "{{tool}} reports {{set}} healthy",
  toolProblem: "{{tool}} reports a problem with {{set}}: {{problem}}",
  lastBackupOk: "Last successful backup of {{set}} finished {{hours}} h ago (at most {{max}} h)",
  lastBackupStale: "Last successful backup of {{set}} finished {{hours}} h ago, older than the {{max}} h objective",
  noBackup: "{{set}} has no successful backup",
  fullOk: "{{set}} has {{count}} successful full backup(s), the latest {{hours}} h old",
  noFull: "{{set}} has no successful full backup to restore from",
  noFailures: "No failed backup among the {{count}} of {{set}}",
  failedBackups: "{{failed}} of the {{count}} backups of {{set}} are marked failed (latest {{latest}})",
  retentionOk: "Restore points of {{set}} reach back {{days}} days (at least {{min}})",
  retentionShort: "Restore points of {{set}} reach back only {{days}} days (minimum {{min}})",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
const HOUR = 3_600_000;
const round = (n: number) => Math.round(n * 10) / 10;

function judgeSet(tool: string, set: CatalogSet, p: BackupCatalogParams, now: Date): F[] {
  const out: F[] = [];
  const s = { set: set.name, tool };
  const subject = set.name;
  if (set.problems.length === 0) out.push({ aspect: "catalog", status: "pass", messageId: "toolOk", subject, data: s });
  for (const problem of set.problems)
    out.push({ aspect: "catalog", status: "fail", messageId: "toolProblem", subject, data: { ...s, problem } });
  const ok = set.backups.filter((b) => b.ok).sort((a, b) => b.stop.getTime() - a.stop.getTime());
  const age = (d: Date) => round((now.getTime() - d.getTime()) / HOUR);
  const latest = ok[0];
  if (!latest) out.push({ aspect: "last_backup", status: "fail", messageId: "noBackup", subject, data: s });
  else {
    const hours = age(latest.stop);
    const fresh = hours <= p.max_age_hours;
    out.push({
      aspect: "last_backup",
      status: fresh ? "pass" : "fail",
      messageId: fresh ? "lastBackupOk" : "lastBackupStale",
      subject,
      data: { ...s, hours, max: p.max_age_hours },
    });
  }
  const fulls = ok.filter((b) => b.kind === "full");
  out.push(
    fulls[0]
      ? {
          aspect: "full_backup",
          status: "pass",
          messageId: "fullOk",
          subject,
          data: { ...s, count: fulls.length, hours: age(fulls[0].stop) },
        }
      : { aspect: "full_backup", status: "fail", messageId: "noFull", subject, data: s },
  );
  const failed = set.backups.filter((b) => !b.ok).sort((a, b) => b.stop.getTime() - a.stop.getTime());
  out.push(
    failed[0]
      ? {
          aspect: "failures",
          status: "fail",
          messageId: "failedBackups",
          subject,
          data: { ...s, failed: failed.length, count: set.backups.length, latest: failed[0].id },
        }
      : {
          aspect: "failures",
          status: "pass",
          messageId: "noFailures",
          subject,
          data: { ...s, count: 0 + set.backups.length },
        },
  );
  const oldest = ok[ok.length - 1];
  if (oldest) {
    const days = round(age(oldest.stop) / 24);
    const enough = days >= p.min_retention_days;
    out.push({
      aspect: "retention",
      status: enough ? "pass" : "fail",
      messageId: enough ? "retentionOk" : "retentionShort",
      subject,
      data: { ...s, days, min: p.min_retention_days },
    });
  } else out.push({ aspect: "retention", status: "fail", messageId: "noBackup", subject, data: s });
  return out;
}

export default defineProbe<BackupCatalogParams>()({
  meta: {
    id: "backup_catalog",
    version: "1.0.0",
    title: "Backup catalog (pgBackRest, WAL-G, Barman)",
    description:
      "Reads a backup tool's JSON catalog and checks the tool's status, the age of the last successful backup, a full backup to restore from, failed backups and how far back restore points reach.",
    targetTypes: ["file"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["max_age_hours", "min_retention_days"],
      properties: {
        tool: {
          enum: ["pgbackrest", "walg", "barman"],
          description: "Force the format; told from the shape otherwise.",
        },
        max_age_hours: { type: "number", exclusiveMinimum: 0, description: "Recovery point objective in hours." },
        min_retention_days: { type: "number", minimum: 0 },
      },
    },
    privileges: ["Read access to the catalog file (written by e.g. `pgbackrest info --output=json > file`)"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    let text: string;
    let catalog;
    try {
      text = await target.handle.readText(signal);
      catalog = parseCatalog(text, params.tool);
    } catch (err) {
      if (!(err instanceof CatalogFormatError) && (err as { code?: string }).code !== "ENOENT") throw err;
      const reason = err instanceof CatalogFormatError ? err.message : "the file does not exist";
      return {
        facts: { error: reason },
        findings: Object.keys(aspects).map(
          (aspect): F => ({
            aspect: aspect as keyof typeof aspects,
            status: "error",
            messageId: "catalogUnreadable",
            data: { reason },
          }),
        ),
      };
    }
    const at = now();
    const findings = catalog.sets.flatMap((set) => judgeSet(catalog.tool, set, params, at));
    if (catalog.sets.length === 0)
      for (const aspect of Object.keys(aspects) as (keyof typeof aspects)[])
        findings.push({ aspect, status: "fail", messageId: "catalogEmpty" });
    return {
      facts: {
        tool: catalog.tool,
        sets: catalog.sets.map((s) => ({
          name: s.name,
          problems: [...s.problems],
          backups: s.backups.map((b) => ({ id: b.id, kind: b.kind, stop: b.stop.toISOString(), ok: b.ok })),
        })),
      },
      findings,
    };
  },
});
