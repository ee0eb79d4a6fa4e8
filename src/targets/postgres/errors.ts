/**
 * @module Turn `pg` and socket errors into a `DatabaseError` whose kind comes from the SQLSTATE or
 * errno (../sql/errors.ts) and whose short, clear message never carries the password or a
 * connection string: "authentication failed for user assay_ro", "connection refused at 127.0.0.1:5999".
 */
import { scrub } from "../secrets.js";
import { DatabaseError, pgErrorKind } from "../sql/errors.js";

export interface Where {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
}

export function describePgError(err: unknown, w: Where): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  const raw = typeof e.message === "string" ? e.message : String(err);
  const at = `${w.host}:${w.port}`;
  const msg = ((): string => {
    switch (code ?? "") {
      case "28P01":
        return `authentication failed for user ${w.user} at ${at}`;
      case "28000":
        return `server at ${at} rejected user ${w.user} for database ${w.database} (no matching pg_hba rule or role cannot log in)`;
      case "3D000":
        return `database ${w.database} does not exist at ${at}`;
      case "ECONNREFUSED":
        return `connection refused at ${at} (is the server running?)`;
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return `host ${w.host} not found`;
      case "ETIMEDOUT":
        return `connection to ${at} timed out`;
      case "ECONNRESET":
      case "EPIPE":
      case "57P01":
      case "57P02":
      case "57P03":
        return `connection to ${at} was lost (server stopped or restarted): ${raw}`;
      case "57014":
        return `query cancelled by statement_timeout at ${at}`;
      case "42501":
        return `insufficient privilege for user ${w.user}: ${raw}`;
      default:
        // Wording only: the kind below comes from the code alone.
        if (/terminated unexpectedly|Connection terminated/i.test(raw))
          return `connection to ${at} was lost (server stopped or restarted)`;
        if (/does not support SSL/i.test(raw)) return `server at ${at} does not accept SSL connections`;
        return code ? `${raw} (SQLSTATE ${code})` : raw;
    }
  })();
  return new DatabaseError(pgErrorKind(code), scrub(msg, w.password ? [w.password] : []), code);
}
