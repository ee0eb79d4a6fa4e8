/**
 * @module CycloneDX JSON (1.4–1.6): an SBOM (its `components`) and/or VEX (its `vulnerabilities`
 * with `analysis`). A vulnerability `not_affected` or `false_positive` is suppressed, with the VEX
 * `justification` (or `detail`) as its reason; `resolved` ones are closed; the rest are open.
 */
import type { Json, ScanIssue, ScanReport } from "./model.js";
import { arr, dateOf, obj, SEVERITIES, severityFromWord, str } from "./model.js";

const SUPPRESSED = new Set(["not_affected", "false_positive"]);
const CLOSED = new Set(["resolved", "resolved_with_pedigree"]);

function tool(meta: Json): { name: string | null; version: string | null } {
  const tools = meta["tools"];
  const first = obj(Array.isArray(tools) ? tools[0] : arr(obj(tools)["components"])[0]);
  return { name: str(first["name"]), version: str(first["version"]) };
}

function issueOf(v: Json): ScanIssue | null {
  const analysis = obj(v["analysis"]);
  const state = str(analysis["state"]);
  if (state && CLOSED.has(state)) return null;
  const severities = arr(v["ratings"]).map((r) => severityFromWord(obj(r)["severity"]));
  const severity = SEVERITIES.find((s) => severities.includes(s)) ?? "unknown";
  return {
    id: str(v["id"]) ?? "unknown",
    component: str(obj(arr(v["affects"])[0])["ref"]),
    severity,
    since: dateOf(v["published"]) ?? dateOf(v["created"]),
    suppression:
      state && SUPPRESSED.has(state)
        ? { justification: str(analysis["justification"]) ?? str(analysis["detail"]) }
        : null,
  };
}

export function readCycloneDx(doc: Json): ScanReport[] {
  const meta = obj(doc["metadata"]);
  const component = obj(meta["component"]);
  const t = tool(meta);
  return [
    {
      format: "cyclonedx",
      tool: t.name ?? "CycloneDX document",
      toolVersion: t.version,
      scannedAt: dateOf(meta["timestamp"]),
      revision: str(component["version"]),
      subject: str(component["name"]),
      issues: arr(doc["vulnerabilities"])
        .map((v) => issueOf(obj(v)))
        .filter((x): x is ScanIssue => x !== null),
      sbom: Array.isArray(doc["components"])
        ? { component: str(component["name"]), components: doc["components"].length }
        : null,
    },
  ];
}
