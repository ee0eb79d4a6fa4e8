/** @module Aspects and message templates of `ora_unified_audit`. */

export const ASPECTS = {
  audit_mode: "Pure unified auditing (mixed mode leaves the traditional trails written beside it)",
  required_policies:
    "Each required unified audit policy is enabled for all users, for the outcomes it must record, without excepting an audited user",
  purge_job: "An enabled DBMS_AUDIT_MGMT cleanup job purges every trail the database writes",
  retention_range: "Audit records are kept within the [min, max] day range on every trail",
} as const;

export const MESSAGES = {
  pureUnified: "Pure unified auditing: every audit record goes to the unified audit trail",
  mixedMode:
    "Mixed-mode auditing (V$OPTION 'Unified Auditing' = FALSE): traditional auditing writes {{trails}} beside the unified trail (AUDIT_TRAIL = {{auditTrail}}, AUDIT_SYS_OPERATIONS = {{sysOperations}})",
  policyEnabled: "Audit policy {{policy}} is enabled for all users{{except}}, recording {{outcomes}}",
  policyMissing: "Required audit policy {{policy}} is not enabled",
  policyNotAllUsers: "Audit policy {{policy}} is enabled only {{scope}}, not for all users",
  policyOutcomes: "Audit policy {{policy}} records {{records}}; {{required}} must be recorded",
  policyExceptsAudited: "Audit policy {{policy}} is enabled EXCEPT {{users}}, who must be audited",
  noRequiredPolicies: "No audit policies are required by the profile",
  purgeJobEnabled: "Cleanup job {{job}} purges the {{trail}} ({{frequency}})",
  purgeJobMissing: "No enabled DBMS_AUDIT_MGMT cleanup job purges the {{trail}}: its records are kept forever",
  retentionWithin: "The {{trail}} keeps records {{days}} days ({{basis}}), within [{{min}}, {{max}}]",
  retentionShort: "The {{trail}} keeps records only {{days}} days ({{basis}}), below the minimum of {{min}}",
  retentionLong: "The {{trail}} keeps records {{days}} days ({{basis}}), above the maximum of {{max}}",
  retentionUnbounded:
    "The {{trail}} is never purged ({{basis}}): storage limitation not enforced (maximum {{max}} days)",
  oldestTooOld:
    "The {{trail}} still keeps records older than the maximum of {{max}} days plus {{grace}} days grace (before {{cutoff}})",
} as const;
