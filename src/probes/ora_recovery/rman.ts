/**
 * @module RMAN job history read as a backup set, so it is judged by the shared `judgeBackupSet`
 * like a pgBackRest, WAL-G or Barman catalog. Only whole-database jobs are backups to restore
 * from: INPUT_TYPE 'DB FULL' and 'DB INCR' (a level 0 incremental counts as full). Jobs still
 * running are left out; one running with errors is a problem the catalog aspect reports.
 */
import type { CatalogBackup, CatalogSet } from "../shared/backup-catalog.js";
import type { JobRow } from "./queries.js";

const OK = new Set(["COMPLETED", "COMPLETED WITH WARNINGS"]);
const BAD = new Set(["FAILED", "COMPLETED WITH ERRORS"]);

export function rmanSet(name: string, rows: readonly JobRow[]): CatalogSet {
  const backups: CatalogBackup[] = [];
  const problems: string[] = [];
  for (const r of rows) {
    if (r.STATUS === "RUNNING WITH ERRORS")
      problems.push(`job ${r.SESSION_KEY} (${r.INPUT_TYPE}) is running with errors`);
    if (r.INPUT_TYPE !== "DB FULL" && r.INPUT_TYPE !== "DB INCR") continue;
    if (!OK.has(r.STATUS) && !BAD.has(r.STATUS)) continue;
    const stop = r.END_TIME ?? r.START_TIME;
    if (!stop) continue;
    const full = r.INPUT_TYPE === "DB FULL" || r.INCREMENTAL_LEVEL === 0;
    backups.push({
      id: `session ${r.SESSION_KEY} (${full && r.INPUT_TYPE === "DB INCR" ? "DB INCR level 0" : r.INPUT_TYPE})`,
      kind: full ? "full" : "incremental",
      stop,
      ok: OK.has(r.STATUS),
    });
  }
  return { name, backups, problems };
}

/** '+00 00:00:05' (INTERVAL DAY TO SECOND text) → seconds; null when absent or unreadable. */
export function intervalSeconds(v: string | null): number | null {
  const m = /^\+?(\d+) (\d+):(\d+):(\d+(?:\.\d+)?)$/.exec((v ?? "").trim());
  if (!m) return null;
  return Number(m[1]) * 86_400 + Number(m[2]) * 3_600 + Number(m[3]) * 60 + Math.round(Number(m[4]));
}
