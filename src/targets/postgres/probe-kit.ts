/**
 * @module Small helpers the `pg_*` probes share: reading settings with their visibility, role
 * capabilities, and turning a driver error into a finding's reason.
 */
import { errorMessage } from "../../errors.js";
import type { PgHandle } from "../postgres.js";
import { INSUFFICIENT_PRIVILEGE, PgTargetError, UNDEFINED_TABLE } from "./errors.js";

/** `name → setting` for the names visible to the session; hidden or unknown names are absent. */
export async function readSettings(
  h: PgHandle,
  names: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const rows = await h.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])",
    [names],
    signal,
  );
  return new Map(rows.map((r) => [r.name, r.setting]));
}

/** Why a setting is absent: unknown to the server, or hidden from a role without pg_read_all_settings. */
export function hiddenSettingReason(name: string): string {
  return `setting ${name} is not visible to this role (grant pg_read_all_settings or pg_monitor) or not defined on this server`;
}

/** Does the session hold the privileges of a predefined role (or superuser)? */
export async function hasRole(h: PgHandle, role: string, signal: AbortSignal): Promise<boolean> {
  const [r] = await h.query<{ ok: boolean }>(
    "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, $1, 'USAGE') AS ok",
    [role],
    signal,
  );
  return r?.ok === true;
}

export function reasonOf(err: unknown): string {
  return errorMessage(err);
}

export function isDenied(err: unknown): boolean {
  return err instanceof PgTargetError && err.code === INSUFFICIENT_PRIVILEGE;
}

export function isMissingTable(err: unknown): boolean {
  return err instanceof PgTargetError && err.code === UNDEFINED_TABLE;
}

/** Errors that make the whole probe pointless (target unreachable): rethrown so the engine reports them. */
export function isConnectionError(err: unknown): boolean {
  return (
    err instanceof PgTargetError && /refused|lost|timed out|authentication failed|not found|aborted/.test(err.message)
  );
}
