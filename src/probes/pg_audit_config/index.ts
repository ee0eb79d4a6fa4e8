/**
 * @module `pg_audit_config`: is PostgreSQL keeping an audit trail — pgaudit loaded, created and logging
 * the required classes; connections and disconnections logged; audit triggers (INSERT, UPDATE and
 * DELETE) on every declared personal-data table; the audit table append-only for the application
 * role (INSERT only, no UPDATE, DELETE or TRUNCATE, and not its owner).
 */
import { hiddenSettingReason, readSettings } from "../shared/pg-kit.js";
import { defineProbe } from "../define.js";
import { aspects, messages, type F } from "./messages.js";
import { appendOnly, triggerCoverage } from "./tables.js";
import { statement } from "../../targets/sql/sql.js";

const pgauditCreated = statement<{ n: string }>({
  name: "pg_audit_config.pgaudit_created",
  sql: "SELECT count(*) AS n FROM pg_extension WHERE extname = 'pgaudit'",
  views: ["pg_extension"],
  columns: ["n"],
});

export type { AuditMessage, F } from "./messages.js";

export interface PgAuditConfigParams {
  readonly required_pgaudit_classes: readonly string[];
  readonly personal_data_tables?: readonly string[];
  readonly audit_table?: string;
  readonly app_role?: string;
}

export default defineProbe<PgAuditConfigParams>()({
  meta: {
    id: "pg_audit_config",
    version: "1.0.0",
    title: "PostgreSQL audit configuration",
    description:
      "pgaudit and its classes, connection logging, audit triggers on personal data, append-only audit table.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["required_pgaudit_classes"],
      properties: {
        required_pgaudit_classes: {
          type: "array",
          items: { enum: ["read", "write", "function", "role", "ddl", "misc", "misc_set", "all"] },
        },
        personal_data_tables: { type: "array", items: { type: "string", minLength: 1 } },
        audit_table: { type: "string", minLength: 1 },
        app_role: { type: "string", minLength: 1 },
      },
    },
    privileges: ["pg_read_all_settings (or pg_monitor): shared_preload_libraries, pgaudit.log, log_connections"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const h = target.handle;
    const findings: F[] = [];
    const s = await readSettings(
      h,
      ["shared_preload_libraries", "pgaudit.log", "log_connections", "log_disconnections"],
      signal,
    );
    const libs = s.get("shared_preload_libraries");
    if (libs === undefined)
      findings.push({
        aspect: "pgaudit",
        status: "error",
        messageId: "setting_hidden",
        data: { reason: hiddenSettingReason("shared_preload_libraries") },
      });
    else if (
      !libs
        .split(",")
        .map((x) => x.trim().replace(/"/g, ""))
        .includes("pgaudit")
    )
      findings.push({
        aspect: "pgaudit",
        status: "fail",
        messageId: "pgaudit_not_loaded",
        data: { libraries: libs || "empty" },
      });
    else {
      const [ext] = await h.query(pgauditCreated, [], signal);
      const classes = (s.get("pgaudit.log") ?? "none")
        .toLowerCase()
        .split(",")
        .map((c) => c.trim());
      const missing = classes.includes("all")
        ? []
        : params.required_pgaudit_classes.filter((c) => !classes.includes(c));
      if (Number(ext?.n ?? 0) === 0)
        findings.push({ aspect: "pgaudit", status: "fail", messageId: "pgaudit_not_created" });
      else if (missing.length > 0)
        findings.push({
          aspect: "pgaudit",
          status: "fail",
          messageId: "pgaudit_classes_missing",
          data: { classes: classes.join(","), missing: missing.join(", ") },
        });
      else
        findings.push({
          aspect: "pgaudit",
          status: "pass",
          messageId: "pgaudit_ok",
          data: { classes: classes.join(","), required: params.required_pgaudit_classes.join(", ") },
        });
    }
    let loggingOk = true;
    for (const name of ["log_connections", "log_disconnections"]) {
      const v = s.get(name);
      if (v === undefined)
        findings.push({
          aspect: "connection_logging",
          status: "error",
          messageId: "setting_hidden",
          data: { reason: hiddenSettingReason(name) },
        });
      else if (v !== "on")
        findings.push({
          aspect: "connection_logging",
          status: "fail",
          messageId: "logging_off",
          subject: name,
          data: { setting: name, value: v },
        });
      else continue;
      loggingOk = false;
    }
    if (loggingOk) findings.push({ aspect: "connection_logging", status: "pass", messageId: "logging_ok" });
    findings.push(...(await triggerCoverage(h, params.personal_data_tables ?? [], signal)));
    findings.push(...(await appendOnly(h, params.audit_table, params.app_role, signal)));
    return {
      facts: {
        shared_preload_libraries: libs ?? null,
        pgaudit_log: s.get("pgaudit.log") ?? null,
        log_connections: s.get("log_connections") ?? null,
        log_disconnections: s.get("log_disconnections") ?? null,
      },
      findings,
    };
  },
});
