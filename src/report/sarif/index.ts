/**
 * @module SARIF 2.1.0 renderer: rules are checks, results are the failing (and undecided) check ×
 * target rows, locations point at the line of the catalog that declares the check. The message
 * lists every finding (also in `properties.findings`). Failures under a waiver — check-level, or
 * requirement-level on every citing requirement — are kept with an accepted external
 * suppression carrying the waiver id and justification, so they stay visible.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { type Severity, describeSelection } from "../../model/index.js";
import type { ReportFinding, ReportModel, ReportWaiver } from "../model.js";

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};
/** GitHub code scanning reads `security-severity` (0–10) to rank results. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};
const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

interface Row {
  checkId: string;
  targetId: string;
  status: "fail" | "error";
  message: string;
  findings: readonly ReportFinding[];
  severity: Severity;
  requirementIds: string[];
  /** Waivers of the citing requirements; the result is suppressed only when every citing requirement is waived. */
  waivers: ReportWaiver[];
  unwaived: boolean;
}

function collectRows(model: ReportModel): Row[] {
  const rows = new Map<string, Row>();
  for (const f of model.frameworks)
    for (const r of f.requirements)
      for (const c of r.checks) {
        if (c.underlying !== "fail" && c.underlying !== "error") continue;
        const key = `${c.checkId}\u0000${c.targetId}`;
        const row = rows.get(key) ?? {
          checkId: c.checkId,
          targetId: c.targetId,
          status: c.underlying,
          message: c.message,
          findings: c.findings.filter((f) => f.status === c.underlying),
          severity: r.severity,
          requirementIds: [],
          waivers: [],
          unwaived: false,
        };
        row.requirementIds.push(r.id);
        if (RANK[r.severity] < RANK[row.severity]) row.severity = r.severity;
        if (c.waiver) {
          const w = c.waiver;
          if (!row.waivers.some((x) => x.id === w.id)) row.waivers.push(w);
        } else if (r.status === "waived" && r.waiver) {
          const w = r.waiver;
          if (!row.waivers.some((x) => x.id === w.id)) row.waivers.push(w);
        } else row.unwaived = true;
        rows.set(key, row);
      }
  return [...rows.values()];
}

/** Every finding on its own line after the digest, so viewers that show only `message` show all of them. */
function findingsText(findings: readonly ReportFinding[]): string {
  if (findings.length <= 1) return "";
  return findings.map((f) => `\n- ${f.subject !== null ? `${f.subject}: ` : ""}${f.message}`).join("");
}

export function renderSarif(model: ReportModel): string {
  const severityOf = new Map<string, Severity>();
  for (const f of model.frameworks)
    for (const r of f.requirements)
      for (const c of r.checks) {
        const s = severityOf.get(c.checkId);
        if (s === undefined || RANK[r.severity] < RANK[s]) severityOf.set(c.checkId, r.severity);
      }
  const rules: ReportingDescriptor[] = model.checks.map((c) => ({
    id: c.id,
    name: c.id.replace(/[._](\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/^\w/, (ch) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    fullDescription: {
      text: `${c.title} (probe ${c.probeId || "unknown"}); evidence for ${c.requirementIds.join(", ") || "no requirement"}.`,
    },
    defaultConfiguration: { level: LEVEL[severityOf.get(c.id) ?? "medium"] },
    properties: {
      requirementIds: c.requirementIds,
      probe: c.probeId,
      tags: ["compliance", ...c.requirementIds],
      "security-severity": SECURITY_SEVERITY[severityOf.get(c.id) ?? "medium"],
    },
  }));
  const ruleIndex = new Map(model.checks.map((c, i) => [c.id, i]));
  const sourceOf = new Map(model.checks.map((c) => [c.id, c.source]));
  const results: Result[] = collectRows(model).map((row) => {
    const src = sourceOf.get(row.checkId) ?? null;
    const prefix = row.status === "error" ? "Could not decide: " : "";
    const result: Result = {
      ruleId: row.checkId,
      level: row.status === "error" ? "note" : LEVEL[row.severity],
      message: {
        text: `${prefix}${row.message} (target ${row.targetId}; requirements ${row.requirementIds.join(", ")})${findingsText(row.findings)}`,
      },
      partialFingerprints: {
        "assayCheckTarget/v1": createHash("sha256").update(`${row.checkId}\u0000${row.targetId}`).digest("hex"),
      },
      properties: {
        targetId: row.targetId,
        status: row.status,
        requirementIds: row.requirementIds,
        findings: row.findings.map((f) => ({ ...f })),
      },
    };
    const index = ruleIndex.get(row.checkId);
    if (index !== undefined) result.ruleIndex = index;
    if (src) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: src.file, uriBaseId: "%SRCROOT%" },
            region: { startLine: Math.max(1, src.line), startColumn: Math.max(1, src.col) },
          },
        },
      ];
    }
    if (!row.unwaived) {
      result.suppressions = row.waivers.map((w) => ({
        kind: "external",
        status: "accepted",
        justification: `${w.id} approved by ${w.approver} until ${w.expires}: ${w.justification}`,
      }));
    }
    return result;
  });
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "Assay", version: model.run.assayVersion, semanticVersion: model.run.assayVersion, rules },
        },
        automationDetails: {
          id: `assay/${model.run.runId}`,
          ...(model.run.selection ? { description: { text: describeSelection(model.run.selection) } } : {}),
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: model.run.startedAt, endTimeUtc: model.run.endedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
