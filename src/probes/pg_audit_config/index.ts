/**
 * @module `pg_audit_config`: is PostgreSQL keeping an audit trail — pgaudit loaded, created and logging
 * the required classes; connections and disconnections logged; audit triggers (INSERT, UPDATE and
 * DELETE) on every declared personal-data table; the audit table append-only for the application
 * role (INSERT only, no UPDATE, DELETE or TRUNCATE, and not its owner).
 */
import { hiddenSettingReason, readSettings } from "../../targets/postgres/probe-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { appendOnly, triggerCoverage } from "./tables.js";

export interface PgAuditConfigParams {
  readonly required_pgaudit_classes: readonly string[];
  readonly personal_data_tables?: readonly string[];
  readonly audit_table?: string;
  readonly app_role?: string;
}

const aspects = {
  pgaudit: "pgaudit is loaded, created and logs the required classes",
  connection_logging: "log_connections and log_disconnections are on",
  pii_triggers: "Audit triggers cover INSERT, UPDATE and DELETE on every personal-data table",
  audit_append_only: "The application role may only INSERT into the audit table",
} as const;

const messages = {
  pgaudit_ok: "pgaudit is loaded and pgaudit.log = {{classes}} covers {{required}}",
  pgaudit_not_loaded: "pgaudit is not in shared_preload_libraries ({{libraries}}): statements are not audited",
  pgaudit_not_created: "pgaudit is preloaded but CREATE EXTENSION pgaudit was not run in this database",
  pgaudit_classes_missing: "pgaudit.log = {{classes}} lacks {{missing}}",
  setting_hidden: "{{reason}}",
  logging_ok: "log_connections and log_disconnections are on",
  logging_off: "{{setting}} is {{value}}: sessions are not traceable",
  triggers_ok: "{{table}} has audit triggers for INSERT, UPDATE and DELETE",
  triggers_missing: "{{table}} has no enabled trigger for {{events}}",
  table_missing: "{{table}} does not exist or is not visible to this role",
  no_tables: "no personal-data tables declared for this target",
  append_only_ok: "{{role}} holds INSERT only on {{table}}",
  append_only_bad: "{{role}} can {{privileges}} on {{table}}: the audit trail can be rewritten",
  append_only_owner: "{{role}} owns {{table}} and can rewrite it",
  append_only_no_insert: "{{role}} cannot INSERT into {{table}}: the application cannot write its audit trail",
  append_only_undeclared: "no audit table or application role declared for this target",
  role_missing: "role {{role}} does not exist",
} as const;

export type AuditMessage = keyof typeof messages;
export type F = ProbeFinding<AuditMessage, keyof typeof aspects>;

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
      const [ext] = await h.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_extension WHERE extname = 'pgaudit'",
        [],
        signal,
      );
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
