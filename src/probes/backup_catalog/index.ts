/**
 * @module `backup_catalog`: the backup catalog of the tool in use, read from the JSON it prints
 * (pgBackRest `info --output=json`, WAL-G `backup-list --json`, Barman `-f json list-backups`),
 * kept as a file by the job that runs it. Per stanza/server: the tool's own status, the age of the
 * last successful backup against the recovery point objective, a valid full backup to restore
 * from, failed backups, and how far back restore points reach against the minimum retention.
 */
import { defineProbe } from "../define.js";
import { BACKUP_ASPECTS, BACKUP_MESSAGES, judgeBackupSet, type BackupFinding } from "../shared/backup-findings.js";
import { CatalogFormatError, parseCatalog, type BackupTool } from "../shared/backup-catalog.js";

export interface BackupCatalogParams {
  readonly tool?: BackupTool;
  readonly max_age_hours: number;
  readonly min_retention_days: number;
}

const aspects = BACKUP_ASPECTS;
type F = BackupFinding;

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
    messages: BACKUP_MESSAGES,
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
    const findings = catalog.sets.flatMap((set) => judgeBackupSet(catalog.tool, set, params, at));
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
