/** @module Aspects and messages of `pg_rls`. */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  rls_enabled: "Row-level security is enabled on every table declared as needing it",
  rls_forced: "Row-level security is forced on every table declared as needing it (when required)",
} as const;

export const MESSAGES = {
  rlsOn: "row-level security is enabled on {{table}} ({{policies}} policies)",
  rlsOff: "row-level security is not enabled on {{table}}",
  forced: "row-level security is forced on {{table}}",
  notForced: "row-level security is not forced on {{table}}: its owner bypasses the policies",
  forceNotRequired: "forcing row-level security is not required by the profile",
  tableMissing: "declared table {{table}} does not exist or is not visible to this role",
  noTables: "no tables needing row-level security declared for this target (attribute rls_tables)",
  notRequired:
    "row-level security is not required by the profile (enabled on {{enabled}} of {{tables}} declared tables)",
} as const;

export type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
