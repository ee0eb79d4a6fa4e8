/**
 * @module `dsr_register`: the data-subject request register as a file or a table. Each request is
 * answered within the profile's days of receipt, or extended with a recorded reason and answered
 * within three times that (GDPR Art. 12(3)); access requests are answered with the data (Art. 15);
 * on a database target, completed erasure requests are verified live: the subject's key, kept
 * hashed in the register, matches no row of the declared personal-data tables (Art. 17).
 */
import { errorMessage } from "../../errors.js";
import { Type } from "@sinclair/typebox";
import { everyAspect, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { parseWhen, truthy, type RegisterRow } from "../shared/register.js";
import type { RegisterFields, RegisterTarget } from "../shared/register-source.js";
import { defineRegisterProbe, registerParam } from "../shared/register-source.js";
import { erasureTable, stillPresent, type ErasureTable } from "../shared/erasure.js";
import { localFailure } from "../shared/sql-errors.js";
import type { SqlSource, SqlTarget } from "../../targets/sql/sql.js";

const params = paramsObject({
  response_max_days: Frag.count(1),
  /** The register, plus the personal-data tables and key columns that erasure is verified against. */
  register: registerParam({ erasure_tables: Type.Optional(Type.Array(erasureTable)) }),
  access_types: withDefault(Type.Array(Type.String()), ["access"]),
  erasure_types: withDefault(Type.Array(Type.String()), ["erasure"]),
});

const FIELDS: RegisterFields = {
  statementName: "dsr_register.rows",
  required: ["id", "type", "received_at", "answered_at"],
  optional: ["extension_reason", "data_provided", "subject_key_sha256"],
};
const DAY = 86_400_000;

const aspects = {
  timeliness:
    "Requests answered within the deadline, or extended with a reason and answered within the extension (Art. 12(3))",
  access: "Access requests were answered with the data (Art. 15)",
  erasure: "Completed erasure requests leave no row with the subject's key in the personal-data tables (Art. 17)",
} as const;

const messages = {
  registerUnreadable: "The request register cannot be read: {{reason}}",
  noRequests: "The request register holds no entry",
  answeredInTime: "Request {{id}} was answered after {{days}} days (at most {{max}})",
  answeredLate: "Request {{id}} was answered after {{days}} days, later than {{max}} days",
  extendedInTime: "Request {{id}} was extended with a reason and answered after {{days}} days (at most {{max}})",
  extendedNoReason:
    "Request {{id}} was answered after {{days}} days, beyond {{base}} days, and no extension reason is recorded",
  openInTime: "Request {{id}} is open after {{days}} days (at most {{max}})",
  openOverdue: "Request {{id}} is still open after {{days}} days (deadline {{max}} days)",
  accessWithData: "Access request {{id}} was answered with the data",
  accessWithoutData: "Access request {{id}} was answered without the data being provided",
  noAccessRequests: "No answered access request in the register",
  erased: "Erasure request {{id}}: the subject's key matches no row in {{tables}}",
  notErased: "Erasure request {{id}}: the subject's key still matches a row in {{table}}",
  erasureNoKey: "Erasure request {{id}} has no subject_key_sha256 to verify with",
  erasureTableError: "Erasure cannot be verified in {{table}}: {{reason}}",
  noErasureRequests: "No completed erasure request in the register",
  erasureNeedsDatabase:
    "Erasure is verified live only when the register is read from the database holding the personal data",
  erasureNoTables: "No personal-data tables are declared (erasure_tables) to verify erasure against",
  entryInvalid: "Request {{id}}: {{reason}}",
} as const;

type A = keyof typeof aspects;
type F = ProbeFinding<keyof typeof messages, A>;

function timeliness(row: RegisterRow, max: number, now: Date): F {
  const id = row["id"] ?? "(no id)";
  const f = (status: F["status"], messageId: F["messageId"], data: Record<string, string | number>): F => ({
    aspect: "timeliness",
    status,
    messageId,
    subject: id,
    data: { id, ...data },
  });
  try {
    const received = parseWhen(row["received_at"] ?? null, "received_at");
    if (!received) return f("error", "entryInvalid", { reason: "received_at is empty" });
    const answered = parseWhen(row["answered_at"] ?? null, "answered_at");
    const days = Math.floor(((answered ?? now).getTime() - received.getTime()) / DAY);
    const extended = row["extension_reason"] !== null && row["extension_reason"] !== undefined;
    const limit = extended ? 3 * max : max;
    if (!answered)
      return days <= limit
        ? f("pass", "openInTime", { days, max: limit })
        : f("fail", "openOverdue", { days, max: limit });
    if (days <= max) return f("pass", "answeredInTime", { days, max });
    if (!extended)
      return days <= 3 * max
        ? f("fail", "extendedNoReason", { days, base: max })
        : f("fail", "answeredLate", { days, max });
    return days <= limit
      ? f("pass", "extendedInTime", { days, max: limit })
      : f("fail", "answeredLate", { days, max: limit });
  } catch (err) {
    return f("error", "entryInvalid", { reason: errorMessage(err) });
  }
}

async function verifyErasure(
  target: RegisterTarget,
  requests: RegisterRow[],
  tables: readonly ErasureTable[],
  signal: AbortSignal,
): Promise<F[]> {
  const out: F[] = [];
  const byDigest = new Map<string, string>();
  for (const r of requests) {
    const id = r["id"] ?? "(no id)";
    const digest = r["subject_key_sha256"]?.toLowerCase() ?? null;
    if (!digest || !/^[0-9a-f]{64}$/.test(digest))
      out.push({ aspect: "erasure", status: "error", messageId: "erasureNoKey", subject: id, data: { id } });
    else byDigest.set(digest, id);
  }
  const digests = [...byDigest.keys()];
  const present = new Map<string, string>();
  const failed: string[] = [];
  const check = async (src: SqlSource) => {
    for (const t of tables) {
      try {
        for (const d of await stillPresent(src, t, digests, signal)) if (!present.has(d)) present.set(d, t.table);
      } catch (err) {
        const reason = localFailure(err);
        if (reason === undefined) throw err;
        failed.push(t.table);
        out.push({
          aspect: "erasure",
          status: "error",
          messageId: "erasureTableError",
          subject: t.table,
          data: { table: t.table, reason },
        });
      }
    }
  };
  if (digests.length > 0) {
    if (target.type === "postgres" || target.type === "oracle") {
      const db: SqlTarget = target.handle;
      await db.readOnly(check, signal);
    }
  }
  const checked = tables.map((t) => t.table).filter((t) => !failed.includes(t));
  for (const [digest, id] of byDigest) {
    const table = present.get(digest);
    if (table)
      out.push({ aspect: "erasure", status: "fail", messageId: "notErased", subject: id, data: { id, table } });
    else if (checked.length > 0)
      out.push({
        aspect: "erasure",
        status: "pass",
        messageId: "erased",
        subject: id,
        data: { id, tables: checked.join(", ") },
      });
  }
  return out;
}

export default defineRegisterProbe({
  meta: {
    id: "dsr_register",
    version: "1.0.0",
    title: "Data-subject request register",
    description:
      "Reads the data-subject request register (CSV, JSON, YAML file or a database table) and checks response deadlines and extensions, that access requests were answered with the data, and, on a database target, that completed erasure requests left no matching row.",
    params,
    privileges: [
      "file: read access to the register file",
      "PostgreSQL: GRANT SELECT (<register columns>) ON <register table> TO <auditor>; -- the register table's mapped columns",
      "PostgreSQL: GRANT SELECT (<key column>) ON <erasure table> TO <auditor>; -- each erasure table",
      "Oracle: SELECT on the register table's mapped columns and on the key column of each erasure table",
    ],
    aspects,
    messages,
  },
  fields: FIELDS,
  async judge(rows, { params, target, signal, now }) {
    const t = target as RegisterTarget;
    if (rows.length === 0)
      return { facts: { requests: 0 }, findings: everyAspect(aspects, "not_applicable", "noRequests") };
    const at = now();
    const kind = (r: RegisterRow, types: readonly string[]) =>
      types.map((x) => x.toLowerCase()).includes((r["type"] ?? "").toLowerCase());
    const findings: F[] = rows.map((r) => timeliness(r, params.response_max_days, at));
    const answered = rows.filter((r) => r["answered_at"] !== null);
    const access = answered.filter((r) => kind(r, params.access_types));
    for (const r of access) {
      const id = r["id"] ?? "(no id)";
      const ok = truthy(r["data_provided"] ?? null);
      findings.push({
        aspect: "access",
        status: ok ? "pass" : "fail",
        messageId: ok ? "accessWithData" : "accessWithoutData",
        subject: id,
        data: { id },
      });
    }
    if (access.length === 0)
      findings.push({ aspect: "access", status: "not_applicable", messageId: "noAccessRequests" });
    const erasures = answered.filter((r) => kind(r, params.erasure_types));
    if (erasures.length === 0)
      findings.push({ aspect: "erasure", status: "not_applicable", messageId: "noErasureRequests" });
    else if (t.type === "file")
      findings.push({ aspect: "erasure", status: "not_applicable", messageId: "erasureNeedsDatabase" });
    else if (!params.register.erasure_tables?.length)
      findings.push({ aspect: "erasure", status: "not_applicable", messageId: "erasureNoTables" });
    else findings.push(...(await verifyErasure(t, erasures, params.register.erasure_tables, signal)));
    return {
      facts: {
        requests: rows.length,
        open: rows.length - answered.length,
        byType: Object.fromEntries(
          [...new Set(rows.map((r) => (r["type"] ?? "").toLowerCase()))].map((k) => [
            k,
            rows.filter((r) => (r["type"] ?? "").toLowerCase() === k).length,
          ]),
        ),
        erasureTables: (params.register.erasure_tables ?? []).map((x) => x.table),
      },
      findings,
    };
  },
});
