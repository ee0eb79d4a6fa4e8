/**
 * @module `backup_catalog`: the backup catalog of the tool in use, read from the JSON it prints
 * (pgBackRest `info --output=json`, WAL-G `backup-list --json`, Barman `-f json list-backups`),
 * kept as a file by the job that runs it. Per stanza/server: the tool's own status, the age of the
 * last successful backup against the recovery point objective, a valid full backup to restore
 * from, failed backups, and how far back restore points reach against the minimum retention.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, everyAspect, type ParamsOf } from "../define.js";
import { paramsObject } from "../params.js";
import { BACKUP_ASPECTS, BACKUP_MESSAGES, judgeBackupSet } from "../shared/backup-findings.js";
import { CatalogFormatError, parseCatalog } from "../shared/backup-catalog.js";

const params = paramsObject({
  tool: Type.Optional(
    Type.Union([Type.Literal("pgbackrest"), Type.Literal("walg"), Type.Literal("barman")], {
      description: "Force the format; told from the shape otherwise.",
    }),
  ),
  max_age_hours: Type.Number({ exclusiveMinimum: 0, description: "Recovery point objective in hours." }),
  min_retention_days: Type.Number({ minimum: 0 }),
});
export type BackupCatalogParams = ParamsOf<typeof params>;

const aspects = BACKUP_ASPECTS;

export default defineProbe({
  meta: {
    id: "backup_catalog",
    version: "1.0.0",
    title: "Backup catalog (pgBackRest, WAL-G, Barman)",
    description:
      "Reads a backup tool's JSON catalog and checks the tool's status, the age of the last successful backup, a full backup to restore from, failed backups and how far back restore points reach.",
    targetTypes: ["file"],
    params,
    privileges: ["Read access to the catalog file (written by e.g. `pgbackrest info --output=json > file`)"],
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
      return { facts: { error: reason }, findings: everyAspect(aspects, "error", "catalogUnreadable", { reason }) };
    }
    const at = now();
    const findings = catalog.sets.flatMap((set) => judgeBackupSet(catalog.tool, set, params, at));
    if (catalog.sets.length === 0) findings.push(...everyAspect(aspects, "fail", "catalogEmpty"));
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
