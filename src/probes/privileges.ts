/**
 * @module The least-privilege SQL for a database target type, derived from the probes' declared
 * `meta.privileges` — the one source; docs/probes/postgres.md shows the generated text and a test
 * creates a role with exactly it on a real server. Convention for a privilege entry: a probe serving
 * several target types prefixes it with the type's label (`PostgreSQL: `, `Oracle: `, `file: `);
 * what follows is either one statement (`GRANT … TO <auditor>;`, then an optional `-- note`) or a
 * note alone (`-- none beyond LOGIN: …`). `<auditor>` is the role; other `<…>` placeholders name the
 * objects a target declares (one statement per object).
 */
import type { AnyProbe } from "./define.js";

const LABELS: Readonly<Record<string, string>> = { postgres: "PostgreSQL", oracle: "Oracle", file: "file" };
const LABELLED = /^(PostgreSQL|Oracle|file|endpoint): /;
const STATEMENT = /^(GRANT [^;]+;)\s*(?:--\s*(.*))?$/;
const NOTE = /^--\s*(.*)$/;

export interface PrivilegeEntry {
  readonly probe: string;
  /** The SQL statement, or null for a note. */
  readonly statement: string | null;
  readonly note: string;
}

/** Entries of every probe serving `type` that apply to it; `invalid` lists those that are neither statement nor note. */
export function privilegeEntries(
  probes: Iterable<AnyProbe>,
  type: "postgres",
): { entries: PrivilegeEntry[]; invalid: string[] } {
  const entries: PrivilegeEntry[] = [];
  const invalid: string[] = [];
  const list = [...probes].filter((p) => (p.meta.targetTypes as readonly string[]).includes(type));
  for (const p of list.sort((a, b) => a.meta.id.localeCompare(b.meta.id)))
    for (const raw of p.meta.privileges) {
      const label = LABELLED.exec(raw)?.[1];
      if (label !== undefined && label !== LABELS[type]) continue;
      const text = label === undefined ? raw : raw.slice(label.length + 2);
      const s = STATEMENT.exec(text);
      const n = NOTE.exec(text);
      if (s?.[1]) entries.push({ probe: p.meta.id, statement: s[1], note: s[2] ?? "" });
      else if (n) entries.push({ probe: p.meta.id, statement: null, note: n[1] ?? "" });
      else invalid.push(`${p.meta.id}: ${raw}`);
    }
  return { entries, invalid };
}

/** Predefined roles first, then catalog views and functions, schemas, and per-object grants. */
const rank = (s: string) =>
  /^GRANT pg_\w+ TO/.test(s) ? 0 : / ON (FUNCTION )?pg_/.test(s) ? 1 : / ON SCHEMA /.test(s) ? 2 : 3;

/** The SQL a DBA runs to create the auditor role for every probe serving `type`, with placeholders. */
export function leastPrivilegeSql(probes: Iterable<AnyProbe>, type: "postgres"): string {
  const { entries } = privilegeEntries(probes, type);
  const byStatement = new Map<string, PrivilegeEntry[]>();
  for (const e of entries) if (e.statement) byStatement.set(e.statement, [...(byStatement.get(e.statement) ?? []), e]);
  const statements = [...byStatement.keys()].sort((a, b) => rank(a) - rank(b));
  const lines = [
    "-- Generated from the probes' meta.privileges (src/probes/privileges.ts). <auditor>: the role;",
    "-- <…>: each object the target declares (one statement per object).",
    "CREATE ROLE <auditor> LOGIN PASSWORD '…';",
    "GRANT CONNECT ON DATABASE <database> TO <auditor>;",
  ];
  for (const s of statements) {
    const byNote = new Map<string, string[]>();
    for (const e of byStatement.get(s) ?? []) byNote.set(e.note, [...(byNote.get(e.note) ?? []), e.probe]);
    const why = [...byNote].map(([note, ps]) => (note ? `${ps.join(", ")}: ${note}` : ps.join(", "))).join("; ");
    lines.push(`${s} -- ${why}`);
  }
  for (const e of entries.filter((x) => x.statement === null)) lines.push(`-- ${e.probe}: ${e.note}`);
  return lines.join("\n") + "\n";
}
