/**
 * @module A recorded-result Oracle session, in the manner of InSpec's mock backend: every statement
 * a probe sends must have a recorded result set (keyed by the statement's stable name) or the test
 * fails loudly. Only the raw driver is replaced — read-only transactions, column-shape checks and
 * error mapping run through the production `createOracleHandle`.
 *
 * Fixture JSON: `{ "<statement name>[ <label>]": { "reference"?: "<Oracle doc URL>", "sql"?: "...", "binds"?: [...], "rows"?: [...], "text"?: [[...]],
 * "error"?: { "code": "ORA-00942", "message": "..." } } }`. Values are as node-oracledb returns them
 * (NUMBER → number, VARCHAR2 → string); dates are written `{ "$date": "2026-01-01T00:00:00Z" }`, `{ "$daysAgo": 400 }`
 * or, as the UTC session prints them, `{ "$oracleText": "2026-01-01T00:00:00.000" }` (read by the production converter).
 * A `connect` entry with an `error` fails the connection itself (e.g. ORA-01017).
 */
import { readFileSync } from "node:fs";
import { dateFromSessionText } from "../../src/targets/oracle/dates.js";
import {
  createOracleHandle,
  type OracleBinds,
  type OracleHandle,
  type RawConnection,
} from "../../src/targets/oracle/session.js";

export interface RecordedError {
  readonly code: string;
  readonly message: string;
}

export interface RecordedEntry {
  /** The Oracle reference page that says this is what the view returns in the recorded situation. */
  readonly reference?: string;
  readonly sql?: string;
  /** The binds the statement must be sent with (positional list or named object); any when absent. */
  readonly binds?: OracleBinds;
  readonly rows?: readonly Record<string, unknown>[];
  readonly text?: readonly (readonly unknown[])[];
  readonly error?: RecordedError;
  /**
   * The oldest record of a recorded audit trail: the answer to a `cutoff` query (one row, FOUND 1
   * when this record is older than the bound cutoff, else 0), as the server would compute it.
   */
  readonly trailOldest?: Date;
  /** Never answers until the connection is broken (then ORA-01013, as the server reports). */
  readonly hang?: boolean;
}

export type Recording = Readonly<Record<string, RecordedEntry>>;

export interface RecordedSession {
  readonly handle: OracleHandle;
  /** Every statement executed, in order (`SET TRANSACTION READ ONLY` and rollbacks included). */
  readonly log: string[];
}

const FIXTURES = new URL("./fixtures/", import.meta.url);

function revive(_key: string, v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.keys(v).length !== 1) return v;
  if ("$date" in v) return new Date(String(v.$date));
  // What the server sends for DATE/TIMESTAMP in the UTC session (text), read by the production converter.
  if ("$oracleText" in v) return dateFromSessionText(String(v.$oracleText));
  // Relative to the test's clock, so retention fixtures do not age out.
  if ("$daysAgo" in v) return new Date(Date.now() - Number(v.$daysAgo) * 86_400_000);
  return v;
}

/** Load `test/oracle/fixtures/<name>.json`. */
export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8"), revive) as Recording;
}

function driverError(e: RecordedError): Error {
  return Object.assign(new Error(e.message), { code: e.code });
}

function lookup(rec: Recording, name: string, sql: string, binds: OracleBinds): RecordedEntry {
  const candidates = Object.entries(rec).filter(([k]) => k === name || k.startsWith(`${name} `));
  if (candidates.length === 0) throw new Error(`unexpected SQL statement ${name} (no recorded result set): ${sql}`);
  const hit = candidates.find(([, e]) => e.sql === undefined || e.sql === sql);
  if (!hit)
    throw new Error(`unexpected SQL for ${name}: ${sql}\nrecorded: ${candidates.map(([, e]) => e.sql).join("\n")}`);
  const want = hit[1].binds;
  if (want !== undefined && JSON.stringify(want) !== JSON.stringify(binds))
    throw new Error(`unexpected binds for ${name}: ${JSON.stringify(binds)} (recorded: ${JSON.stringify(want)})`);
  return hit[1];
}

export function recordedSession(rec: Recording, user = "ASSAY_AUDIT"): RecordedSession {
  const log: string[] = [];
  let broken: (() => void) | undefined;
  const conn: RawConnection = {
    callTimeout: 0,
    execute(sql: string, binds: OracleBinds, name: string) {
      const setup = name === "set_transaction_read_only" || name === "set_session_utc";
      log.push(setup ? sql : name);
      if (setup) return Promise.resolve({});
      const e = lookup(rec, name, sql, binds);
      if (e.error) return Promise.reject(driverError(e.error));
      if (e.hang)
        return new Promise(
          (_resolve, reject) =>
            (broken = () =>
              reject(
                driverError({ code: "ORA-01013", message: "ORA-01013: user requested cancel of current operation" }),
              )),
        );
      const cutoff = !Array.isArray(binds) ? (binds as Readonly<Record<string, unknown>>)["cutoff"] : undefined;
      const rows =
        e.trailOldest && typeof cutoff === "string"
          ? [{ FOUND: e.trailOldest.getTime() < Date.parse(`${cutoff}Z`) ? 1 : 0 }]
          : (e.rows ?? []);
      const metaData = rows[0] ? Object.keys(rows[0]).map((n) => ({ name: n })) : undefined;
      return Promise.resolve({ rows: [...rows], metaData });
    },
    queryText(sql: string, binds: OracleBinds, name: string) {
      log.push(name);
      const e = lookup(rec, name, sql, binds);
      return (async function* () {
        await Promise.resolve();
        if (e.error) throw driverError(e.error);
        yield* e.text ?? [];
      })();
    },
    rollback: () => (log.push("ROLLBACK"), Promise.resolve()),
    break: () => (log.push("BREAK"), broken?.(), Promise.resolve()),
    close: () => Promise.resolve(),
  };
  const handle = createOracleHandle(
    {
      getConnection: () =>
        rec["connect"]?.error ? Promise.reject(driverError(rec["connect"].error)) : Promise.resolve(conn),
      close: () => Promise.resolve(),
    },
    { user, address: "db.example.test:1521/WMSPDB", callTimeoutMs: 5000, secrets: [] },
  );
  return { handle, log };
}

/** Shortcut: a handle over `fixtures/<name>.json`. */
export function recorded(name: string, user?: string): OracleHandle {
  return recordedSession(loadRecording(name), user).handle;
}

/** A probe case's target: an `oracle` target over `fixtures/<name>.json`. */
export function oracleTarget(name: string, user?: string) {
  return { type: "oracle" as const, handle: recorded(name, user) };
}
