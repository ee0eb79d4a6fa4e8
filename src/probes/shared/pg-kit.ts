/**
 * @module Small helpers the PostgreSQL probes share: reading settings with their visibility and
 * role capabilities. Which errors end a probe is the SQL layer's rule (`objectFailure`).
 */
import { errorMessage } from "../../errors.js";
import type { PgHandle } from "../../targets/postgres.js";
import type { ProbeFinding } from "../define.js";
import { statement } from "../../targets/sql/sql.js";

const settings = statement<{ name: string; setting: string }>({
  name: "postgres.settings",
  sql: "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])",
  views: ["pg_settings"],
  columns: ["name", "setting"],
});

const holdsRole = statement<{ ok: boolean }>({
  name: "postgres.holds_role",
  sql: "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, $1, 'USAGE') AS ok",
  views: ["pg_roles"],
  columns: ["ok"],
});

/** `name → setting` for the names visible to the session; hidden or unknown names are absent. */
export async function readSettings(
  h: PgHandle,
  names: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const rows = await h.query(settings, [names], signal);
  return new Map(rows.map((r) => [r.name, r.setting]));
}

/** Why a setting is absent: unknown to the server, or hidden from a role without pg_read_all_settings. */
export function hiddenSettingReason(name: string): string {
  return `setting ${name} is not visible to this role (grant pg_read_all_settings or pg_monitor) or not defined on this server`;
}

/** The `error` finding for a setting this role cannot see (or the server does not define). */
export function hiddenSetting<M extends string, A extends string>(
  aspect: A,
  messageId: M,
  name: string,
): ProbeFinding<M, A> {
  return { aspect, status: "error", messageId, data: { reason: hiddenSettingReason(name) } };
}

/** Does the session hold the privileges of a predefined role (or superuser)? */
export async function hasRole(h: PgHandle, role: string, signal: AbortSignal): Promise<boolean> {
  const [r] = await h.query(holdsRole, [role], signal);
  return r?.ok === true;
}

export function reasonOf(err: unknown): string {
  return errorMessage(err);
}
