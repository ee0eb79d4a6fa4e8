/**
 * @module Which failures concern one object (a missing or denied table, a malformed register, a
 * file that is not there) and so become an `error` finding with the reason while the probe goes on,
 * and which mean the target cannot be used at all (connection, authentication, timeout) and so
 * end the probe. Decided from error codes (SQLSTATE, ORA-nnnnn, errno), never from message text.
 */
import { PgTargetError } from "../../targets/postgres/errors.js";
import { OracleTargetError } from "../../targets/oracle/errors.js";
import { RegisterError } from "./register.js";
import { SqlIdentifierError } from "./sql.js";

/** SQLSTATE classes 42 (syntax or access rule) and 22 (data exception) concern the object, not the target. */
const PG_OBJECT = /^(42|22)/;
const ORA_OBJECT = new Set(["ORA-00942", "ORA-00904", "ORA-01031", "ORA-00903", "ORA-01722", "ORA-01861"]);

/** The reason to report for an object-level failure, or undefined when the error must end the probe. */
export function localFailure(err: unknown): string | undefined {
  if (err instanceof RegisterError || err instanceof SqlIdentifierError) return err.message;
  if (err instanceof PgTargetError) return err.code && PG_OBJECT.test(err.code) ? err.message : undefined;
  if (err instanceof OracleTargetError)
    return err.failure === "privilege" || (err.code && ORA_OBJECT.has(err.code)) ? err.message : undefined;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "the file does not exist";
  if (code === "EACCES") return "the file cannot be read (permission denied)";
  if (code === "EISDIR") return "the path is a folder, not a file";
  return undefined;
}
