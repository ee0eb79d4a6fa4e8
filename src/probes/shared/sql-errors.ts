/**
 * @module Which failures concern one object (a missing or denied table, a malformed register, a
 * file that is not there) and so become an `error` finding with the reason while the probe goes on,
 * and which mean the target cannot be used at all (connection, authentication, timeout) and so
 * end the probe. Database errors follow the SQL layer's rule (`objectFailure`, decided from SQLSTATE or
 * ORA-/NJS- codes); file errors from their errno; never from message text.
 */
import { objectFailure } from "../../targets/sql/errors.js";
import { RegisterError } from "./register.js";

/** The reason to report for an object-level failure, or undefined when the error must end the probe. */
export function localFailure(err: unknown): string | undefined {
  if (err instanceof RegisterError) return err.message;
  const db = objectFailure(err);
  if (db !== undefined) return db;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "the file does not exist";
  if (code === "EACCES") return "the file cannot be read (permission denied)";
  if (code === "EISDIR") return "the path is a folder, not a file";
  return undefined;
}
