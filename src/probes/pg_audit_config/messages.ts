/** @module Aspects, messages and the finding type of `pg_audit_config` (shared by index.ts and tables.ts). */
import type { ProbeFinding } from "../define.js";

export const aspects = {
  pgaudit: "pgaudit is loaded, created and logs the required classes",
  connection_logging: "log_connections and log_disconnections are on",
  pii_triggers: "Audit triggers cover INSERT, UPDATE and DELETE on every personal-data table",
  audit_append_only: "The application role may only INSERT into the audit table",
} as const;

export const messages = {
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
