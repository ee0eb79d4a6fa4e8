/**
 * @module Driver errors → clear, secret-free messages. node-oracledb (thin) reports `ORA-nnnnn`
 * server errors and `NJS-nnn` client errors in `err.code`; we map the ones an auditor can act on.
 */
import { AssayError, errorMessage } from "../../errors.js";
import { scrub } from "../secrets.js";

/** Why an Oracle call failed, as the engine and the reports see it. */
export type OracleFailure = "auth" | "privilege" | "unreachable" | "timeout" | "service" | "other";

export class OracleTargetError extends AssayError {
  override readonly name = "OracleTargetError";
  constructor(
    readonly failure: OracleFailure,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

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
}

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
/** ORA-01013 is what a call interrupted by `connection.break()` (our deadline) reports. */
const TIMEOUT = new Set(["NJS-040", "NJS-123", "NJS-510", "DPI-1067", "ORA-03156", "ORA-01013", "ETIMEDOUT"]);
const SERVICE = new Set(["ORA-12514", "ORA-12505", "NJS-518", "NJS-519", "NJS-515", "NJS-514"]);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code !== "") return code;
  const message = (err as { message?: unknown }).message;
  const m = /\b(ORA-\d{5}|NJS-\d{3}|DPI-\d{4})\b/.exec(typeof message === "string" ? message : "");
  return m?.[1];
}

/** True when the error (or its cause) says the TCP connection was refused. */
function refusedUnderneath(err: unknown): boolean {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const text = `${errorMessage(err)} ${cause instanceof Error ? cause.message : ""}`;
  return /ECONNREFUSED|could not be established/.test(text);
}

/** First line, secrets scrubbed, and without the driver's per-attempt connection id (noise that would make evidence differ run to run). */
function firstLine(text: string, secrets: readonly string[]): string {
  return scrub(text.split("\n")[0] ?? "", secrets)
    .replace(/\s*\(CONNECTION_ID=[^)]*\)/g, "")
    .trim();
}

/** Turn anything thrown by the driver into an OracleTargetError with a message a reader can act on. */
export function mapOracleError(err: unknown, ctx: ErrorContext): OracleTargetError {
  if (err instanceof OracleTargetError) return err;
  const code = codeOf(err);
  const raw = firstLine(errorMessage(err), ctx.secrets ?? []);
  if (code === "ORA-01017" || code === "ORA-01005") {
    return new OracleTargetError(
      "auth",
      `authentication failed for user ${ctx.user} at ${ctx.address} (${code}): check the user name and password`,
      code,
    );
  }
  if (code === "ORA-28000") return new OracleTargetError("auth", `account ${ctx.user} is locked (ORA-28000)`, code);
  if (code === "ORA-28001")
    return new OracleTargetError("auth", `password of ${ctx.user} has expired (ORA-28001)`, code);
  if (code === "ORA-00942" || code === "ORA-01031") {
    const views = ctx.views ?? [];
    const what = views.length > 0 ? views.join(", ") : "a dictionary view";
    return new OracleTargetError(
      "privilege",
      `missing privilege: user ${ctx.user} cannot read ${what} (${code}) — ${grantAdvice(views, ctx.user)}`,
      code,
    );
  }
  if (code !== undefined && TIMEOUT.has(code)) {
    const limit = ctx.callTimeoutMs !== undefined ? ` after ${ctx.callTimeoutMs} ms` : "";
    return new OracleTargetError("timeout", `timeout: ${ctx.address} did not answer${limit} (${code})`, code);
  }
  if ((code !== undefined && REFUSED.has(code)) || refusedUnderneath(err)) {
    return new OracleTargetError(
      "unreachable",
      `connection refused: cannot reach Oracle at ${ctx.address} (${code ?? "ECONNREFUSED"})`,
      code,
    );
  }
  if (code !== undefined && SERVICE.has(code)) {
    return new OracleTargetError(
      "service",
      `service not found at ${ctx.address} (${code}): check service_name / connectString`,
      code,
    );
  }
  return new OracleTargetError("other", `Oracle error at ${ctx.address}: ${raw}`, code);
}

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
