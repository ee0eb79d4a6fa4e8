/**
 * @module Probe `scan_results`: the results of the scanners a team already runs (SARIF 2.1.0 from
 * any tool, `npm audit --json`, Trivy, Grype, OSV-Scanner, OWASP ZAP, CycloneDX SBOM and VEX), read
 * from a file or a folder and judged against the profile: open critical/high findings within the
 * remediation deadline, scans recent enough, an SBOM for every declared component, suppressions
 * justified. Facts hold counts, tools, versions, dates and revisions — never a snippet or message.
 */
import { dirname } from "node:path";
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding, verdict } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ageDays, countBySeverity, streams, type Stream } from "./judge.js";
import { type BadFile, listFiles, readScanFile, type ScanFile } from "./read.js";

const params = paramsObject({
  critical_max_days: withDefault(Frag.count(), 30),
  high_max_days: withDefault(Frag.count(), 30),
  max_scan_age_days: withDefault(Frag.count(), 90),
  /** Components that must each have a CycloneDX SBOM (matched on `metadata.component.name`). */
  components: withDefault(Type.Array(Type.String({ minLength: 1 })), []),
});

const MESSAGES = {
  noScans: "No scan result file found at {{path}}",
  badFile: "{{file}}: {{reason}}",
  tooMany: "More than {{max}} result files at {{path}}; only the first {{max}} were read",
  overdue:
    "{{stream}}: {{count}} critical/high finding(s) open past the deadline; oldest {{oldest}} ({{severity}}, open {{days}} days, limit {{limit}})",
  withinDeadline: "{{stream}}: {{critical}} critical and {{high}} high finding(s) open, none past the deadline",
  fresh: "{{stream}}: last scan {{days}} day(s) ago ({{date}}, {{basis}})",
  stale: "{{stream}}: last scan {{days}} days ago ({{date}}, {{basis}}), older than {{max}} days",
  sbomPresent: "{{component}} has a CycloneDX SBOM listing {{count}} component(s) ({{file}})",
  sbomMissing: "{{component}} has no CycloneDX SBOM among the scan results",
  noComponents: "The target declares no components that need an SBOM",
  justified: "{{stream}}: {{count}} suppressed finding(s), each with a justification",
  unjustified: "{{stream}}: {{id}} is suppressed without a justification",
  noSuppressions: "{{stream}}: no suppressed findings",
} as const;

const ASPECTS = {
  remediation: "No critical or high finding open longer than the profile's remediation days",
  freshness: "The newest scan of each tool and subject is no older than the profile's maximum age",
  sbom_coverage: "Every declared component has a CycloneDX SBOM",
  suppressions: "Suppressed findings (SARIF suppressions, VEX not_affected, ignore rules) carry a justification",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
const ALL = Object.keys(ASPECTS) as (keyof typeof ASPECTS)[];

function remediation(s: Stream, p: { readonly critical_max_days: number; readonly high_max_days: number }): F {
  const limit = { critical: p.critical_max_days, high: p.high_max_days } as const;
  const late = s.open
    .filter((i) => (i.severity === "critical" || i.severity === "high") && i.days > limit[i.severity])
    .sort((a, b) => b.days - a.days);
  const counts = countBySeverity(s.open);
  const oldest = late[0];
  if (!oldest)
    return {
      aspect: "remediation",
      status: "pass",
      messageId: "withinDeadline",
      subject: s.label,
      data: { stream: s.label, critical: counts.critical, high: counts.high },
    };
  const sev = oldest.severity as "critical" | "high";
  return {
    aspect: "remediation",
    status: "fail",
    messageId: "overdue",
    subject: s.label,
    data: {
      stream: s.label,
      count: late.length,
      oldest: oldest.id,
      severity: sev,
      days: oldest.days,
      limit: limit[sev],
    },
  };
}

function freshness(s: Stream, max: number, now: Date): F {
  const days = ageDays(s.scannedAt, now);
  const data = {
    stream: s.label,
    days,
    max,
    date: s.scannedAt.toISOString().slice(0, 10),
    basis: s.timeBasis === "scan" ? "scan time recorded by the tool" : "file modification time",
  };
  return verdict("freshness", days <= max, ["fresh", "stale"], data, s.label);
}

function suppressions(s: Stream): F[] {
  if (s.suppressed.length === 0)
    return [
      { aspect: "suppressions", status: "not_applicable", messageId: "noSuppressions", data: { stream: s.label } },
    ];
  const bare = s.suppressed.filter((i) => !i.suppression?.justification);
  if (bare.length === 0)
    return [
      {
        aspect: "suppressions",
        status: "pass",
        messageId: "justified",
        subject: s.label,
        data: { stream: s.label, count: s.suppressed.length },
      },
    ];
  return bare.slice(0, 20).map((i) => ({
    aspect: "suppressions",
    status: "fail",
    messageId: "unjustified",
    subject: `${s.label}: ${i.id}`,
    data: { stream: s.label, id: i.id },
  }));
}

function sbomFindings(files: readonly ScanFile[], components: readonly string[]): F[] {
  if (components.length === 0)
    return [{ aspect: "sbom_coverage", status: "not_applicable", messageId: "noComponents" }];
  return components.map((component): F => {
    const hit = files.flatMap((f) => f.reports.map((r) => ({ f, r }))).find(({ r }) => r.sbom?.component === component);
    return hit
      ? {
          aspect: "sbom_coverage",
          status: "pass",
          messageId: "sbomPresent",
          subject: component,
          data: { component, count: hit.r.sbom?.components ?? 0, file: hit.f.file },
        }
      : { aspect: "sbom_coverage", status: "fail", messageId: "sbomMissing", subject: component, data: { component } };
  });
}

export default defineProbe({
  meta: {
    id: "scan_results",
    version: "1.0.0",
    title: "Scanner results (SAST, dependency, container, DAST, SBOM/VEX)",
    description:
      "Reads SARIF 2.1.0, npm audit --json, Trivy, Grype, OSV-Scanner, ZAP JSON and CycloneDX SBOM/VEX from a file or folder, validates each against its schema, and judges remediation deadlines, scan age, SBOM coverage and suppression justifications.",
    targetTypes: ["file"],
    params,
    privileges: ["read access to the result files or folder"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal, now }) {
    const at = now();
    const { files: paths, truncated } = await listFiles(h.path, signal);
    const root = paths.length === 1 && paths[0] === h.path ? dirname(h.path) : h.path;
    const good: ScanFile[] = [];
    const bad: BadFile[] = [];
    for (const path of paths) {
      const r = await readScanFile(root, path, signal);
      if ("reason" in r) bad.push(r);
      else good.push(r);
    }
    const findings: F[] = [];
    for (const b of bad)
      for (const aspect of ALL)
        findings.push({ aspect, status: "error", messageId: "badFile", subject: b.file, data: { ...b } });
    if (truncated)
      findings.push({ aspect: "remediation", status: "error", messageId: "tooMany", data: { max: 500, path: h.path } });
    const all = streams(good, at);
    if (all.length === 0 && bad.length === 0) {
      findings.push({ aspect: "remediation", status: "error", messageId: "noScans", data: { path: h.path } });
      findings.push({ aspect: "freshness", status: "fail", messageId: "noScans", data: { path: h.path } });
      findings.push({ aspect: "suppressions", status: "not_applicable", messageId: "noScans", data: { path: h.path } });
    }
    for (const s of all) {
      findings.push(remediation(s, p), freshness(s, p.max_scan_age_days, at), ...suppressions(s));
    }
    findings.push(...sbomFindings(good, p.components));
    return { facts: facts(h.path, good, bad, all), findings };
  },
});

function facts(path: string, good: readonly ScanFile[], bad: readonly BadFile[], all: readonly Stream[]): JsonObject {
  return {
    path,
    files: good.flatMap((f) =>
      f.reports.map((r) => ({
        file: f.file,
        format: r.format,
        tool: r.tool,
        toolVersion: r.toolVersion,
        scannedAt: r.scannedAt?.toISOString() ?? null,
        revision: r.revision,
        subject: r.subject,
        sbomComponents: r.sbom?.components ?? null,
      })),
    ),
    badFiles: bad.map((b) => ({ file: b.file, reason: b.reason })),
    streams: all.map((s) => {
      const oldest = [...s.open].sort((a, b) => b.days - a.days)[0];
      return {
        label: s.label,
        reports: s.reports,
        scannedAt: s.scannedAt.toISOString(),
        scanTimeBasis: s.timeBasis,
        openBySeverity: countBySeverity(s.open),
        suppressed: s.suppressed.length,
        oldestOpen: oldest ? { id: oldest.id, severity: oldest.severity, days: oldest.days } : null,
      };
    }),
  };
}
