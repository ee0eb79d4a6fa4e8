/** @module Aspects and message templates of `ora_vpd`. */

export const ASPECTS = {
  policies_present: "Each declared personal-data table has an enabled VPD policy for the required statements",
} as const;

export const MESSAGES = {
  policyPresent: "{{table}} is protected by VPD policy {{policies}} for {{statements}}",
  policyMissing: "{{table}} has no enabled VPD policy for {{statements}}",
  policyDisabled: "{{table}} has VPD policy {{policies}}, but it is disabled or does not cover {{statements}}",
  noPersonalDataTables: "No personal-data tables are declared for this target",
} as const;
