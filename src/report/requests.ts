/** @module `assay requests` output: evidence requests as Markdown (a ticket body), CSV (exceljs) or JSON. */
import type { EvidenceRequest } from "../evaluate/requests.js";

export const REQUEST_FORMATS = ["md", "csv", "json"] as const;
export type RequestFormat = (typeof REQUEST_FORMATS)[number];

const COLUMNS: readonly { key: keyof EvidenceRequest; header: string }[] = [
  { key: "due", header: "Due" },
  { key: "reason", header: "Reason" },
  { key: "label", header: "Requirement" },
  { key: "title", header: "Title" },
  { key: "owner", header: "Owner" },
  { key: "detail", header: "Detail" },
  { key: "documents", header: "Documents to provide" },
  { key: "review", header: "Review" },
  { key: "requirementId", header: "Id" },
  { key: "frameworkId", header: "Framework" },
];

const cell = (v: EvidenceRequest[keyof EvidenceRequest]): string =>
  Array.isArray(v) ? v.join("; ") : v === null ? "" : String(v);

export async function renderRequests(
  requests: readonly EvidenceRequest[],
  format: RequestFormat,
  meta: { project: string; today: string; dueWithin: string },
): Promise<string> {
  switch (format) {
    case "json":
      return `${JSON.stringify({ schema: "assay/evidence-requests@1", ...meta, requests }, null, 2)}\n`;
    case "csv": {
      const { default: ExcelJS } = await import("exceljs");
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("requests");
      ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key }));
      for (const r of requests) ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, cell(r[c.key])])));
      return Buffer.from(await wb.csv.writeBuffer()).toString("utf8");
    }
    case "md": {
      const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
      const lines = [
        `## Evidence requests — ${md(meta.project)}`,
        "",
        `${requests.length} request${requests.length === 1 ? "" : "s"} on ${meta.today} (attestations missing, lapsed, invalid or due within ${meta.dueWithin}).`,
        "",
      ];
      for (const owner of [...new Set(requests.map((r) => r.owner))].sort()) {
        lines.push(`### ${md(owner)}`, "");
        for (const r of requests.filter((x) => x.owner === owner)) {
          lines.push(
            `- [ ] **${md(r.label)}** ${md(r.title)} (\`${r.requirementId}\`) — ${r.reason}, due ${r.due}: ${md(r.detail)}`,
          );
          for (const d of r.documents) lines.push(`  - ${md(d)}`);
        }
        lines.push("");
      }
      return lines.join("\n");
    }
  }
}
