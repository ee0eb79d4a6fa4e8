/**
 * @module SARIF 2.1.0 from any tool: one report per run. Severity is the rule's or result's
 * `security-severity` (the CVSS-like score GitHub code scanning reads) when given, else the SARIF
 * `level` (error → high, warning → medium, note → low). Only results of kind `fail` that are not
 * `absent` from the baseline are issues; message texts and snippets are never read.
 */
import type { Json, ScanIssue, ScanReport, Severity } from "./model.js";
import { arr, dateOf, obj, severityFromScore, str } from "./model.js";

const LEVELS: Readonly<Record<string, Severity>> = { error: "high", warning: "medium", note: "low", none: "info" };

interface Rule {
  readonly score: number | null;
  readonly level: string | null;
}

function securitySeverity(props: unknown): number | null {
  const v = obj(props)["security-severity"];
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function rulesOf(run: Json): Map<string, Rule> {
  const out = new Map<string, Rule>();
  const tool = obj(run["tool"]);
  const components = [obj(tool["driver"]), ...arr(tool["extensions"]).map(obj)];
  for (const c of components)
    for (const r of arr(c["rules"]).map(obj)) {
      const id = str(r["id"]);
      if (id)
        out.set(id, {
          score: securitySeverity(r["properties"]),
          level: str(obj(r["defaultConfiguration"])["level"]),
        });
    }
  return out;
}

function issueOf(result: Json, rules: Map<string, Rule>): ScanIssue | null {
  const kind = str(result["kind"]) ?? "fail";
  if (kind !== "fail" || result["baselineState"] === "absent") return null;
  const ruleId = str(result["ruleId"]) ?? str(obj(result["rule"])["id"]) ?? "unknown-rule";
  const rule = rules.get(ruleId);
  const score = securitySeverity(result["properties"]) ?? rule?.score ?? null;
  const level = str(result["level"]) ?? rule?.level ?? "warning";
  const location = obj(obj(arr(result["locations"])[0])["physicalLocation"]);
  const suppressions = arr(result["suppressions"]).map(obj);
  const active = suppressions.filter((s) => s["status"] !== "rejected" && s["status"] !== "underReview");
  return {
    id: ruleId,
    component: str(obj(location["artifactLocation"])["uri"]),
    severity: score !== null ? severityFromScore(score) : (LEVELS[level] ?? "unknown"),
    since: dateOf(obj(result["provenance"])["firstDetectionTimeUtc"]),
    suppression:
      active.length > 0
        ? { justification: active.map((s) => str(s["justification"])).find((j) => j !== null) ?? null }
        : null,
  };
}

export function readSarif(doc: Json): ScanReport[] {
  return arr(doc["runs"]).map((r) => {
    const run = obj(r);
    const driver = obj(obj(run["tool"])["driver"]);
    const invocation = obj(arr(run["invocations"])[0]);
    const vcs = obj(arr(run["versionControlProvenance"])[0]);
    const rules = rulesOf(run);
    return {
      format: "sarif",
      tool: str(driver["name"]) ?? "unknown SARIF producer",
      toolVersion: str(driver["version"]) ?? str(driver["semanticVersion"]),
      scannedAt: dateOf(invocation["endTimeUtc"]) ?? dateOf(invocation["startTimeUtc"]),
      revision: str(vcs["revisionId"]),
      subject: str(vcs["repositoryUri"]),
      issues: arr(run["results"])
        .map((x) => issueOf(obj(x), rules))
        .filter((x): x is ScanIssue => x !== null),
      sbom: null,
    };
  });
}
