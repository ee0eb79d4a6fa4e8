/**
 * @module Backup catalogs as the tools print them, read into one list of backups: pgBackRest
 * `info --output=json`, WAL-G `backup-list --json [--detail]`, Barman `barman -f json
 * list-backups SERVER`. Formats are told apart by shape; anything else is a clear error naming
 * what was expected. Only dates, types and states are kept (no host names, paths or sizes).
 */

export type BackupTool = "pgbackrest" | "walg" | "barman";
export type BackupKind = "full" | "incremental" | "differential";

export interface CatalogBackup {
  readonly id: string;
  readonly kind: BackupKind;
  readonly stop: Date;
  /** False when the tool marks the backup failed or unusable. */
  readonly ok: boolean;
}

export interface CatalogSet {
  /** Stanza (pgBackRest) or server (Barman) name; WAL-G lists one storage: `default`. */
  readonly name: string;
  readonly backups: readonly CatalogBackup[];
  /** Problems the tool itself reports for the set (pgBackRest stanza status), in its words. */
  readonly problems: readonly string[];
}

export interface Catalog {
  readonly tool: BackupTool;
  readonly sets: readonly CatalogSet[];
}

export class CatalogFormatError extends Error {
  override readonly name = "CatalogFormatError";
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function epoch(v: unknown, what: string): Date {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new CatalogFormatError(`${what} is not a Unix time`);
  return new Date(n * 1000);
}

function isoDate(v: unknown, what: string): Date {
  const d = typeof v === "string" ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new CatalogFormatError(`${what} is not a date`);
  return d;
}

/** pgBackRest stanza status codes 0 (ok) and 6 (backup/expire running) are not problems. */
function pgbackrest(doc: readonly unknown[]): Catalog {
  const sets = doc.map((s, i): CatalogSet => {
    if (!isObj(s) || !Array.isArray(s["backup"])) throw new CatalogFormatError(`stanza ${i + 1} has no backup list`);
    const name = typeof s["name"] === "string" ? s["name"] : `#${i + 1}`;
    const status = isObj(s["status"]) ? s["status"] : {};
    const code = typeof status["code"] === "number" ? status["code"] : 99;
    const problems = code === 0 || code === 6 ? [] : [`pgBackRest status ${code}: ${String(status["message"])}`];
    for (const r of Array.isArray(s["repo"]) ? s["repo"] : []) {
      // One repository's status usually repeats the stanza's; only a different message is new.
      if (isObj(r) && isObj(r["status"]) && r["status"]["code"] !== 0 && r["status"]["message"] !== status["message"])
        problems.push(
          `repo${String(r["key"])} status ${String(r["status"]["code"])}: ${String(r["status"]["message"])}`,
        );
    }
    const backups = s["backup"].map((b, j): CatalogBackup => {
      if (!isObj(b) || !isObj(b["timestamp"])) throw new CatalogFormatError(`${name} backup ${j + 1} has no timestamp`);
      const type = b["type"];
      return {
        id: String(b["label"]),
        kind: type === "full" ? "full" : type === "diff" ? "differential" : "incremental",
        stop: epoch(b["timestamp"]["stop"], `${name} backup ${j + 1} timestamp.stop`),
        ok: b["error"] !== true,
      };
    });
    return { name, backups, problems };
  });
  return { tool: "pgbackrest", sets };
}

/** WAL-G names delta backups `base_<wal>_D_<wal>`; `finish_time` exists with --detail, `time` always. */
function walg(doc: readonly unknown[]): Catalog {
  const backups = doc.map((b, j): CatalogBackup => {
    if (!isObj(b) || typeof b["backup_name"] !== "string") throw new CatalogFormatError(`backup ${j + 1} has no name`);
    const name = b["backup_name"];
    return {
      id: name,
      kind: name.includes("_D_") ? "incremental" : "full",
      stop: isoDate(b["finish_time"] ?? b["time"], `backup ${name} time`),
      ok: true,
    };
  });
  return { tool: "walg", sets: [{ name: "default", backups, problems: [] }] };
}

/** Barman lists every backup with a status; only DONE ones carry `end_time_timestamp`. */
function barman(doc: Obj): Catalog {
  const sets = Object.entries(doc).map(([name, list]): CatalogSet => {
    if (!Array.isArray(list)) throw new CatalogFormatError(`server ${name} has no backup list`);
    const backups: CatalogBackup[] = [];
    for (const [j, b] of list.entries()) {
      if (!isObj(b) || typeof b["backup_id"] !== "string")
        throw new CatalogFormatError(`${name} backup ${j + 1} has no id`);
      const ok = b["status"] === "DONE";
      const stop =
        b["end_time_timestamp"] !== undefined ? epoch(b["end_time_timestamp"], `${b["backup_id"]} end time`) : null;
      // A failed backup without an end time is dated by its id (YYYYMMDDTHHMMSS, server local time).
      const dated = stop ?? barmanIdDate(b["backup_id"]);
      backups.push({ id: b["backup_id"], kind: "full", stop: dated, ok: ok && stop !== null });
    }
    return { name, backups, problems: [] };
  });
  return { tool: "barman", sets };
}

function barmanIdDate(id: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(id);
  if (!m) throw new CatalogFormatError(`backup ${id} has neither an end time nor a dated id`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Parse a catalog; `tool` forces the format, otherwise it is told from the document's shape. */
export function parseCatalog(text: string, tool?: BackupTool): Catalog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CatalogFormatError(`not JSON (${errorMessage(err)})`);
  }
  const shape: BackupTool | null = Array.isArray(doc)
    ? doc.length === 0 || (isObj(doc[0]) && "backup_name" in doc[0])
      ? "walg"
      : isObj(doc[0]) && "backup" in doc[0]
        ? "pgbackrest"
        : null
    : isObj(doc)
      ? "barman"
      : null;
  const use = tool ?? shape;
  if (use === null || (tool && shape !== tool && !(tool === "pgbackrest" && Array.isArray(doc))))
    throw new CatalogFormatError(
      "expected pgBackRest `info --output=json`, WAL-G `backup-list --json` or Barman `-f json list-backups` output",
    );
  if (use === "barman") {
    if (!isObj(doc)) throw new CatalogFormatError("Barman JSON is an object of servers");
    return barman(doc);
  }
  if (!Array.isArray(doc)) throw new CatalogFormatError(`${use} JSON is a list`);
  return use === "walg" ? walg(doc) : pgbackrest(doc);
}
import { errorMessage } from "../../errors.js";
