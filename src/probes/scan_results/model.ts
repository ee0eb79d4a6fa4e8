/**
 * @module What every scanner format is read into: one `ScanReport` per scan (a SARIF run, a Trivy
 * report, a CycloneDX document…), holding the tool, when and what it scanned, and its issues with
 * severity, since when each is known, and whether it was suppressed and why. Never a source snippet.
 */

export const SEVERITIES = ["critical", "high", "medium", "low", "info", "unknown"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ScanFormat = "sarif" | "cyclonedx" | "npm-audit" | "trivy" | "grype" | "osv-scanner" | "zap";

export interface ScanIssue {
  /** Rule or advisory id (CVE, GHSA, ESLint rule…). */
  readonly id: string;
  /** Package, artifact path or affected reference; part of the identity of the issue. */
  readonly component: string | null;
  readonly severity: Severity;
  /** First detection or advisory publication, when the tool says; else the scan time counts. */
  readonly since: Date | null;
  /** Present when the tool marks the issue suppressed / not affected; `justification` may be missing. */
  readonly suppression: { readonly justification: string | null } | null;
}

export interface ScanReport {
  readonly format: ScanFormat;
  readonly tool: string;
  readonly toolVersion: string | null;
  /** When the scan ran, as the tool recorded it; null when the format carries no time. */
  readonly scannedAt: Date | null;
  /** Commit, image digest or component version that was scanned, when recorded. */
  readonly revision: string | null;
  /** What was scanned (artifact, image, SBOM subject); reports of one tool and subject form a history. */
  readonly subject: string | null;
  readonly issues: readonly ScanIssue[];
  /** For a CycloneDX SBOM: the component it describes and how many components it lists. */
  readonly sbom: { readonly component: string | null; readonly components: number } | null;
}

/** NVD's CVSS v3 qualitative bands. */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score)) return "unknown";
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "info";
}

/** Severity words of the common tools (CRITICAL, High, moderate, Negligible…) on our scale. */
export function severityFromWord(word: unknown): Severity {
  const w = typeof word === "string" ? word.toLowerCase() : "";
  if (w === "critical") return "critical";
  if (w === "high" || w === "important") return "high";
  if (w === "medium" || w === "moderate") return "medium";
  if (w === "low" || w === "negligible") return "low";
  if (w === "info" || w === "informational" || w === "none") return "info";
  return "unknown";
}

/** A valid date from an ISO string (or RFC 2822 for ZAP), else null. Year-1 placeholders count as absent. */
export function dateOf(v: unknown): Date | null {
  if (typeof v !== "string" || v === "") return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971 ? null : d;
}

export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export type Json = Record<string, unknown>;
export const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
