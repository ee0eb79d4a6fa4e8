/**
 * @module Scan results against the profile. Reports of one format, tool and subject form a
 * history; its newest report is the current state. An issue is open when the newest report lists
 * it unsuppressed, and open since the earliest of: the tool's first-detection or publication date,
 * and the first report of the history that lists it (scan time, or the file's modification time
 * when the format records none — `npm audit`, OSV-Scanner).
 */
import type { ScanIssue, ScanReport, Severity } from "./model.js";
import type { ScanFile } from "./read.js";

const DAY = 86_400_000;

export interface Stream {
  readonly key: string;
  readonly label: string;
  readonly latest: ScanReport;
  readonly scannedAt: Date;
  readonly timeBasis: "scan" | "file";
  readonly reports: number;
  readonly open: readonly (ScanIssue & { readonly openedAt: Date; readonly days: number })[];
  readonly suppressed: readonly ScanIssue[];
}

const issueKey = (i: ScanIssue) => `${i.id}|${i.component ?? ""}`;

export function streams(files: readonly ScanFile[], now: Date): Stream[] {
  const groups = new Map<string, { report: ScanReport; at: Date; basis: "scan" | "file" }[]>();
  for (const f of files)
    for (const r of f.reports) {
      const key = `${r.format}|${r.tool}|${r.subject ?? ""}`;
      const list = groups.get(key) ?? [];
      list.push({ report: r, at: r.scannedAt ?? f.modifiedAt, basis: r.scannedAt ? "scan" : "file" });
      groups.set(key, list);
    }
  return [...groups.entries()].map(([key, list]) => {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    const first = new Map<string, Date>();
    for (const { report, at } of list)
      for (const i of report.issues) if (!first.has(issueKey(i))) first.set(issueKey(i), at);
    const newest = list[list.length - 1] ?? list[0];
    if (!newest) throw new Error("empty stream");
    const current = newest.report.issues;
    const open = current
      .filter((i) => i.suppression === null)
      .map((i) => {
        const seen = first.get(issueKey(i)) ?? newest.at;
        const openedAt = i.since && i.since < seen ? i.since : seen;
        return { ...i, openedAt, days: Math.floor((now.getTime() - openedAt.getTime()) / DAY) };
      });
    const r = newest.report;
    return {
      key,
      label: `${r.tool}${r.subject ? ` (${r.subject})` : ""}`,
      latest: r,
      scannedAt: newest.at,
      timeBasis: newest.basis,
      reports: list.length,
      open,
      suppressed: current.filter((i) => i.suppression !== null),
    };
  });
}

export function countBySeverity(issues: readonly { severity: Severity }[]): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
  for (const i of issues) out[i.severity] += 1;
  return out;
}

export const ageDays = (d: Date, now: Date): number => Math.floor((now.getTime() - d.getTime()) / DAY);
