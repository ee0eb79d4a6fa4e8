/**
 * @module The scan-result files of a target: the file itself, or every `*.json` / `*.sarif` file of
 * a folder (recursively, at most 500 files, 64 MiB each), each detected and read into reports. A
 * file that cannot be read, is not JSON, is of no known format or fails its schema is a `BadFile`
 * with the reason — never silently skipped.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { readCycloneDx } from "./cyclonedx.js";
import type { Json, ScanFormat, ScanReport } from "./model.js";
import { readGrype, readNpmAudit, readOsvScanner, readTrivy, readZap } from "./native.js";
import { readSarif } from "./sarif.js";
import { schemaProblems } from "./validate.js";

const MAX_FILES = 500;
const MAX_BYTES = 64 * 1024 * 1024;

export interface ScanFile {
  readonly file: string;
  readonly modifiedAt: Date;
  readonly reports: readonly ScanReport[];
}
export interface BadFile {
  readonly file: string;
  readonly reason: string;
}

const READERS: Readonly<Record<ScanFormat, (doc: Json) => ScanReport[]>> = {
  sarif: readSarif,
  cyclonedx: readCycloneDx,
  "npm-audit": readNpmAudit,
  trivy: readTrivy,
  grype: readGrype,
  "osv-scanner": readOsvScanner,
  zap: readZap,
};

/** Which format a parsed document claims to be, from the marks each tool always writes. */
export function detect(doc: Json): ScanFormat | null {
  if (typeof doc["$schema"] === "string" && /sarif/i.test(doc["$schema"])) return "sarif";
  if (doc["version"] === "2.1.0" && Array.isArray(doc["runs"])) return "sarif";
  if (doc["bomFormat"] === "CycloneDX") return "cyclonedx";
  if (doc["auditReportVersion"] !== undefined) return "npm-audit";
  if (doc["SchemaVersion"] !== undefined && ("ArtifactName" in doc || "Results" in doc)) return "trivy";
  if (Array.isArray(doc["matches"]) && typeof doc["descriptor"] === "object") return "grype";
  if (typeof doc["@programName"] === "string" && /zap/i.test(doc["@programName"])) return "zap";
  if (Array.isArray(doc["results"]) && "packages" in ((doc["results"][0] as Json | undefined) ?? { packages: 1 }))
    return "osv-scanner";
  return null;
}

export async function listFiles(root: string, signal: AbortSignal): Promise<{ files: string[]; truncated: boolean }> {
  const info = await stat(root);
  if (!info.isDirectory()) return { files: [root], truncated: false };
  signal.throwIfAborted();
  const names = (await readdir(root, { recursive: true })).filter((n) => /\.(json|sarif)$/i.test(n)).sort();
  return { files: names.slice(0, MAX_FILES).map((n) => join(root, n)), truncated: names.length > MAX_FILES };
}

export async function readScanFile(root: string, path: string, signal: AbortSignal): Promise<ScanFile | BadFile> {
  const info = await stat(path);
  const file = relative(root, path) || (path.split("/").pop() ?? path);
  if (info.size > MAX_BYTES) return { file, reason: `larger than ${MAX_BYTES / 1024 / 1024} MiB` };
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, { encoding: "utf8", signal }));
  } catch (err) {
    if (signal.aborted) throw err;
    return { file, reason: "not JSON" };
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { file, reason: "not a JSON object" };
  const format = detect(doc as Json);
  if (!format)
    return {
      file,
      reason: "not a known scanner output (SARIF 2.1.0, CycloneDX, npm audit --json, Trivy, Grype, OSV-Scanner, ZAP)",
    };
  const problems = schemaProblems(format, doc as Json);
  if (problems.length > 0) return { file, reason: `claims to be ${format} but ${problems.join("; ")}` };
  return { file, modifiedAt: info.mtime, reports: READERS[format](doc as Json) };
}
