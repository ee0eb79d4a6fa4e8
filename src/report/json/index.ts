/** @module JSON renderer: the report model itself, described by `schemas/report.schema.json`. */
import type { ReportModel } from "../model.js";

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify({ $schema: "https://assay.dev/schemas/report.schema.json", ...model }, null, 2)}\n`;
}
