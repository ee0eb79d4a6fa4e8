/**
 * @module The native JSON of the common scanners: `npm audit --json` (report v2), Trivy, Grype,
 * OSV-Scanner and OWASP ZAP (traditional JSON report). Each reader maps the tool's severity words
 * and dates onto `ScanReport`; none copies descriptions, evidence strings or attack payloads.
 */
import type { Json, ScanIssue, ScanReport, Severity } from "./model.js";
import { arr, dateOf, obj, severityFromScore, severityFromWord, SEVERITIES, str } from "./model.js";

const base = { revision: null, subject: null, sbom: null } as const;

export function readNpmAudit(doc: Json): ScanReport[] {
  const issues: ScanIssue[] = [];
  for (const [name, entry] of Object.entries(obj(doc["vulnerabilities"])))
    for (const via of arr(obj(entry)["via"])) {
      if (typeof via !== "object" || via === null) continue; // a string: an effect of another package's advisory
      const a = obj(via);
      const source = a["source"];
      const id =
        typeof source === "number" || typeof source === "string"
          ? `npm-advisory-${source}`
          : (str(a["url"]) ?? "unknown");
      issues.push({ id, component: name, severity: severityFromWord(a["severity"]), since: null, suppression: null });
    }
  return [{ ...base, format: "npm-audit", tool: "npm audit", toolVersion: null, scannedAt: null, issues }];
}

export function readTrivy(doc: Json): ScanReport[] {
  const issues: ScanIssue[] = [];
  for (const r of arr(doc["Results"]).map(obj)) {
    for (const v of arr(r["Vulnerabilities"]).map(obj))
      issues.push({
        id: str(v["VulnerabilityID"]) ?? "unknown",
        component: str(v["PkgID"]) ?? str(v["PkgName"]),
        severity: severityFromWord(v["Severity"]),
        since: dateOf(v["PublishedDate"]),
        suppression: null,
      });
    for (const m of arr(r["ExperimentalModifiedFindings"]).map(obj)) {
      const f = obj(m["Finding"]);
      issues.push({
        id: str(f["VulnerabilityID"]) ?? str(f["ID"]) ?? "unknown",
        component: str(f["PkgID"]) ?? str(f["PkgName"]),
        severity: severityFromWord(f["Severity"]),
        since: dateOf(f["PublishedDate"]),
        suppression: { justification: str(m["Statement"]) },
      });
    }
  }
  const meta = obj(doc["Metadata"]);
  return [
    {
      ...base,
      format: "trivy",
      tool: "trivy",
      toolVersion: str(obj(doc["Trivy"])["Version"]),
      scannedAt: dateOf(doc["CreatedAt"]),
      revision: str(meta["Commit"]) ?? str(arr(meta["RepoDigests"])[0]) ?? str(meta["ImageID"]),
      subject: str(doc["ArtifactName"]),
      issues,
    },
  ];
}

function grypeIssue(m: Json, suppression: ScanIssue["suppression"]): ScanIssue {
  const v = obj(m["vulnerability"]);
  const a = obj(m["artifact"]);
  const name = str(a["name"]);
  return {
    id: str(v["id"]) ?? "unknown",
    component: name ? `${name}@${str(a["version"]) ?? "?"}` : null,
    severity: severityFromWord(v["severity"]),
    since: null,
    suppression,
  };
}

export function readGrype(doc: Json): ScanReport[] {
  const d = obj(doc["descriptor"]);
  const target = obj(doc["source"])["target"];
  const version = str(d["version"]);
  const issues = arr(doc["matches"]).map((m) => grypeIssue(obj(m), null));
  for (const m of arr(doc["ignoredMatches"]).map(obj)) {
    const reason = arr(m["appliedIgnoreRules"])
      .map((r) => str(obj(r)["reason"]))
      .find((x) => x !== null);
    issues.push(grypeIssue(m, { justification: reason ?? null }));
  }
  return [
    {
      ...base,
      format: "grype",
      tool: str(d["name"]) ?? "grype",
      toolVersion: version && !version.startsWith("[") ? version : null,
      scannedAt: dateOf(d["timestamp"]),
      subject: str(target) ?? str(obj(target)["userInput"]),
      issues,
    },
  ];
}

function osvSeverity(group: Json, vulns: Json[]): Severity {
  const max = Number(group["max_severity"]);
  if (group["max_severity"] !== undefined && group["max_severity"] !== "" && Number.isFinite(max))
    return severityFromScore(max);
  const words = vulns.map((v) => severityFromWord(obj(v["database_specific"])["severity"]));
  return SEVERITIES.find((s) => words.includes(s)) ?? "unknown";
}

export function readOsvScanner(doc: Json): ScanReport[] {
  const issues: ScanIssue[] = [];
  for (const r of arr(doc["results"]).map(obj))
    for (const p of arr(r["packages"]).map(obj)) {
      const pkg = obj(p["package"]);
      const vulns = arr(p["vulnerabilities"]).map(obj);
      for (const g of arr(p["groups"]).map(obj)) {
        const ids = arr(g["ids"]).filter((x): x is string => typeof x === "string");
        const members = vulns.filter((v) => ids.includes(String(v["id"])));
        const published = members.map((v) => dateOf(v["published"])).filter((x): x is Date => x !== null);
        issues.push({
          id: ids[0] ?? "unknown",
          component: `${str(pkg["name"]) ?? "?"}@${str(pkg["version"]) ?? "?"}`,
          severity: osvSeverity(g, members),
          since: published.length > 0 ? new Date(Math.min(...published.map((d) => d.getTime()))) : null,
          suppression: null,
        });
      }
    }
  return [{ ...base, format: "osv-scanner", tool: "osv-scanner", toolVersion: null, scannedAt: null, issues }];
}

const ZAP_RISK: Readonly<Record<string, Severity>> = { "3": "high", "2": "medium", "1": "low", "0": "info" };

export function readZap(doc: Json): ScanReport[] {
  const sites = arr(doc["site"]).map(obj);
  const generated = str(doc["@generated"]);
  const issues = sites.flatMap((s) =>
    arr(s["alerts"]).map((x) => {
      const a = obj(x);
      return {
        id: `zap-${str(a["pluginid"]) ?? "?"}`,
        component: str(s["@name"]),
        severity: ZAP_RISK[String(a["riskcode"])] ?? "unknown",
        since: null,
        suppression: null,
      };
    }),
  );
  return [
    {
      ...base,
      format: "zap",
      tool: str(doc["@programName"]) ?? "ZAP",
      toolVersion: str(doc["@version"]),
      // ZAP writes its local time without a zone in `@generated`; newer reports add ISO `created`.
      scannedAt: dateOf(doc["created"]) ?? (generated ? dateOf(`${generated} GMT`) : null),
      subject: sites.map((s) => str(s["@name"]) ?? "").join(", ") || null,
      issues,
    },
  ];
}
