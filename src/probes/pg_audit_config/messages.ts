/** @module Aspects, messages and the finding type of `pg_audit_config` (shared by index.ts and tables.ts). */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  pgaudit: "pgaudit is loaded, created and logs the required classes",
  connection_logging: "log_connections and log_disconnections are on",
  pii_triggers: "Audit triggers cover INSERT, UPDATE and DELETE on every table declared as needing them",
  audit_append_only: "The application role may add to the audit table but not change, remove or own it",
} as const;

export const MESSAGES = {
  pgauditOk: "pgaudit is loaded and pgaudit.log = {{classes}} covers {{required}}",
  pgauditNotLoaded: "pgaudit is not in shared_preload_libraries ({{libraries}}): statements are not audited",
  pgauditNotCreated: "pgaudit is preloaded but CREATE EXTENSION pgaudit was not run in this database",
  pgauditClassesMissing: "pgaudit.log = {{classes}} lacks {{missing}}",
  settingHidden: "{{reason}}",
  loggingOk: "log_connections and log_disconnections are on",
  loggingOff: "{{setting}} is {{value}}: sessions are not traceable",
  triggersOk: "{{table}} has audit triggers for INSERT, UPDATE and DELETE",
  triggersMissing: "{{table}} has no enabled trigger for {{events}}",
  tableMissing: "{{table}} does not exist or is not visible to this role",
  noTables: "no tables needing audit triggers declared for this target (attribute audit_trigger_tables)",
  appendOnlyOk: "{{role}} holds {{privileges}} on {{table}}: it can add entries but not change or remove them",
  appendOnlyBad: "{{role}} holds {{privileges}} on {{table}}: {{rewrite}} lets it rewrite the audit trail",
  appendOnlyOwner: "{{role}} owns {{table}} and can rewrite it",
  appendOnlyNoInsert:
    "{{role}} holds {{privileges}} on {{table}} but not INSERT: the application cannot write its audit trail",
  appendOnlyUndeclared: "no audit table or application role declared for this target",
  roleMissing: "role {{role}} does not exist",
} as const;

export type AuditMessage = keyof typeof MESSAGES;
export type F = ProbeFinding<AuditMessage, keyof typeof ASPECTS>;
