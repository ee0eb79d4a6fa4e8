/** @module The result vocabulary shared by every stage: statuses, severities and their weights. */

/** What a probe can conclude about one aspect of one target. */
export const FINDING_STATUSES = ["pass", "fail", "error", "not_applicable"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * Every status a check, requirement or framework row can carry. `overdue`: the attestation that
 * decided a requirement has lapsed (not a pass). `unassessed`: no probe decides the requirement
 * and nobody attested it — stated, never hidden. `not_selected`: the run's selection (`assay run
 * --targets/--checks/…`) left out what decides it, so this run says nothing about it.
 */
export const STATUSES = [
  "pass",
  "fail",
  "error",
  "overdue",
  "not_applicable",
  "unassessed",
  "waived",
  "not_selected",
] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Score weight of each severity; `info` requirements are reported but never move a score. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  info: 0,
};

/** Rank for `--fail-on`: a lower index is more severe. */
export function severityAtLeast(s: Severity, floor: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(floor);
}

/** How a requirement was decided in a run: by probes, by a person's attestation, by a lapsed attestation, or not at all. */
export const ASSESSMENTS = ["automated", "attested", "overdue", "unassessed"] as const;
export type Assessment = (typeof ASSESSMENTS)[number];
