/**
 * @module `pg_audit_config`: is PostgreSQL keeping an audit trail — pgaudit loaded, created and logging
 * the required classes; connections and disconnections logged; audit triggers (INSERT, UPDATE and
 * DELETE) on every table declared as needing them (`audit_trigger_tables`); the audit table
 * append-only for the application role (INSERT, no UPDATE, DELETE or TRUNCATE, not its owner).
 */
import { hiddenSetting, readSettings } from "../shared/pg-kit.js";
import { Type } from "@sinclair/typebox";
import { defineProbe } from "../define.js";
import { paramsObject } from "../params.js";
import { ASPECTS, MESSAGES, type F } from "./messages.js";
import { appendOnly, triggerCoverage } from "./tables.js";
import { statement } from "../../targets/sql/sql.js";

const pgauditCreated = statement<{ n: string }>({
  name: "pg_audit_config.pgaudit_created",
  sql: "SELECT count(*) AS n FROM pg_extension WHERE extname = 'pgaudit'",
  views: ["pg_extension"],
  columns: ["n"],
});

export type { AuditMessage, F } from "./messages.js";

const PGAUDIT_CLASSES = ["read", "write", "function", "role", "ddl", "misc", "misc_set", "all"] as const;

const params = paramsObject({
  required_pgaudit_classes: Type.Array(Type.Union(PGAUDIT_CLASSES.map((c) => Type.Literal(c)))),
  /** Tables whose changes must be audited by triggers (`schema.table`; attribute `audit_trigger_tables`). */
  audit_trigger_tables: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  audit_table: Type.Optional(Type.String({ minLength: 1 })),
  app_role: Type.Optional(Type.String({ minLength: 1 })),
});

export default defineProbe({
  meta: {
    id: "pg_audit_config",
    version: "2.0.0",
    title: "PostgreSQL audit configuration",
    description:
      "pgaudit and its classes, connection logging, audit triggers on the declared tables, append-only audit table (every privilege of the application role named).",
    targetTypes: ["postgres"],
    params,
    privileges: ["GRANT pg_read_all_settings TO <auditor>; -- shared_preload_libraries, pgaudit.log, log_connections"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params, target: { handle: h }, signal }) {
    const findings: F[] = [];
    const s = await readSettings(
      h,
      ["shared_preload_libraries", "pgaudit.log", "log_connections", "log_disconnections"],
      signal,
    );
    const libs = s.get("shared_preload_libraries");
    if (libs === undefined) findings.push(hiddenSetting("pgaudit", "settingHidden", "shared_preload_libraries"));
    else if (
      !libs
        .split(",")
        .map((x) => x.trim().replace(/"/g, ""))
        .includes("pgaudit")
    )
      findings.push({
        aspect: "pgaudit",
        status: "fail",
        messageId: "pgauditNotLoaded",
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
        findings.push({ aspect: "pgaudit", status: "fail", messageId: "pgauditNotCreated" });
      else if (missing.length > 0)
        findings.push({
          aspect: "pgaudit",
          status: "fail",
          messageId: "pgauditClassesMissing",
          data: { classes: classes.join(","), missing: missing.join(", ") },
        });
      else
        findings.push({
          aspect: "pgaudit",
          status: "pass",
          messageId: "pgauditOk",
          data: { classes: classes.join(","), required: params.required_pgaudit_classes.join(", ") },
        });
    }
    let loggingOk = true;
    for (const name of ["log_connections", "log_disconnections"]) {
      const v = s.get(name);
      if (v === undefined) findings.push(hiddenSetting("connection_logging", "settingHidden", name));
      else if (v !== "on")
        findings.push({
          aspect: "connection_logging",
          status: "fail",
          messageId: "loggingOff",
          subject: name,
          data: { setting: name, value: v },
        });
      else continue;
      loggingOk = false;
    }
    if (loggingOk) findings.push({ aspect: "connection_logging", status: "pass", messageId: "loggingOk" });
    findings.push(...(await triggerCoverage(h, params.audit_trigger_tables ?? [], signal)));
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
