/**
 * @module Driver errors → a `DatabaseError` with a clear, secret-free message. node-oracledb (thin)
 * reports `ORA-nnnnn` server errors and `NJS-nnn` client errors in `err.code`; the kind comes from
 * that code (../sql/errors.ts), the wording names what an auditor can act on.
 */
import { errorMessage } from "../../errors.js";
import { scrub } from "../secrets.js";
import { causeCode, DatabaseError, oracleErrorKind, type DatabaseErrorKind } from "../sql/errors.js";

/** What the mapper may mention: never the password, never the full connect descriptor with credentials. */
export interface ErrorContext {
  readonly user: string;
  /** `host:port/service` as described by the connector. */
  readonly address: string;
  /** Dictionary views the failing statement reads, for ORA-00942. */
  readonly views?: readonly string[];
  readonly callTimeoutMs?: number;
  /** Values that must never appear in a message (the password). */
  readonly secrets?: readonly string[];
  /** Instant Client folder given for thick mode. */
  readonly clientDir?: string;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code !== "") return code;
  const message = (err as { message?: unknown }).message;
  const m = /\b(ORA-\d{5}|NJS-\d{3}|DPI-\d{4})\b/.exec(typeof message === "string" ? message : "");
  return m?.[1];
}

/** First line, secrets scrubbed, and without the driver's per-attempt connection id (noise that would make evidence differ run to run). */
function firstLine(text: string, secrets: readonly string[]): string {
  return scrub(text.split("\n")[0] ?? "", secrets)
    .replace(/\s*\(CONNECTION_ID=[^)]*\)/g, "")
    .trim();
}

/** Turn anything thrown by the driver into a DatabaseError with a message a reader can act on. */
export function mapOracleError(err: unknown, ctx: ErrorContext): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const code = codeOf(err) ?? causeCode(err);
  const raw = firstLine(errorMessage(err), ctx.secrets ?? []);
  const kind = oracleErrorKind(code);
  return new DatabaseError(kind, describe(kind, code, raw, ctx), code);
}

function describe(kind: DatabaseErrorKind, code: string | undefined, raw: string, ctx: ErrorContext): string {
  switch (code ?? "") {
    case "ORA-28000":
      return `account ${ctx.user} is locked (ORA-28000)`;
    case "ORA-28001":
      return `password of ${ctx.user} has expired (ORA-28001)`;
    case "ORA-01045":
      return `user ${ctx.user} lacks CREATE SESSION (ORA-01045)`;
    case "NJS-533":
      return `the server at ${ctx.address} requires Oracle native network encryption, which thin mode does not implement (NJS-533): connect over TCPS, or use thick mode with Oracle Instant Client (connection setting thick_mode, docs/probes/oracle.md)`;
    case "DPI-1047":
      return `thick mode: Oracle Instant Client could not be loaded${ctx.clientDir ? ` from ${ctx.clientDir}` : " from the library path"} (DPI-1047): install Instant Client 19 or later there (and libaio on Linux), or remove thick_mode to use thin mode`;
    case "NJS-118":
      return "thick mode was asked for after a thin-mode connection in this process (NJS-118): give every Oracle target of the run the same thick_mode setting";
    case "NJS-090":
      return "thick mode was already started with other thick_mode settings in this process (NJS-090): give every Oracle target of the run the same thick_mode setting";
    case "ORA-01555":
      return `snapshot too old while reading ${what(ctx)} (ORA-01555): the undo needed for this read-only snapshot was overwritten; raise UNDO_RETENTION (or the undo tablespace) for the audit run, or run it when the table is quieter`;
    case "ORA-12514":
    case "ORA-12505":
    case "NJS-518":
    case "NJS-519":
    case "NJS-515":
    case "NJS-514":
      return `service not found at ${ctx.address} (${code}): check service_name / connectString`;
    default:
  }
  switch (kind) {
    case "auth":
      return `authentication failed for user ${ctx.user} at ${ctx.address} (${code ?? "no code"}): check the user name and password`;
    case "privilege":
      return `missing privilege: user ${ctx.user} cannot read ${what(ctx)} (${code ?? "no code"}) — ${grantAdvice(ctx.views ?? [], ctx.user)}`;
    case "timeout": {
      const limit = ctx.callTimeoutMs !== undefined ? ` after ${ctx.callTimeoutMs} ms` : "";
      return `timeout: ${ctx.address} did not answer${limit} (${code ?? "ETIMEDOUT"})`;
    }
    case "connection":
      return REFUSED.has(code ?? "")
        ? `connection refused: cannot reach Oracle at ${ctx.address} (${code ?? ""})`
        : `connection to Oracle at ${ctx.address} failed or was lost (${code ?? "no code"}): ${raw}`;
    case "missing_object":
    case "query":
      return `Oracle error at ${ctx.address}: ${raw}`;
  }
}

/** Codes of a connection that was never established (nothing listening, unknown host). */
const REFUSED = new Set([
  "NJS-503",
  "NJS-511",
  "NJS-500",
  "NJS-501",
  "NJS-521",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ORA-12541",
]);

const what = (ctx: ErrorContext): string =>
  ctx.views && ctx.views.length > 0 ? ctx.views.join(", ") : "a dictionary view";

const DICTIONARY = /^(DBA_|CDB_|V\$|GV\$|AUDIT_UNIFIED_|UNIFIED_AUDIT_TRAIL$)/;

/** Dictionary views: the role or a grant on the SYS view (V$X is granted as V_$X); tables: a grant on the table. */
function grantAdvice(views: readonly string[], user: string): string {
  if (views.length === 0) return `grant SELECT_CATALOG_ROLE to ${user}`;
  const dict = views.filter((v) => DICTIONARY.test(v));
  const tables = views.filter((v) => !DICTIONARY.test(v));
  const parts: string[] = [];
  const audit = dict.filter((v) => /^(AUDIT_UNIFIED_|UNIFIED_AUDIT_TRAIL)/.test(v));
  if (audit.length > 0) parts.push(`grant AUDIT_VIEWER (which reads ${audit.join(", ")}) to ${user}`);
  if (dict.length > audit.length)
    parts.push(
      `grant SELECT_CATALOG_ROLE or ${dict
        .filter((v) => !audit.includes(v))
        .map((v) => `SELECT ON SYS.${v.replace(/^(G?V)\$/, "$1_$")}`)
        .join(", ")} to ${user}`,
    );
  if (tables.length > 0) parts.push(`grant SELECT ON ${tables.join(", ")} to ${user}`);
  return parts.join("; ");
}
