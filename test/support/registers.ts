/**
 * @module A breach register as a DPO keeps it in a spreadsheet, shared by the register tests and the
 * demo: the sheet's own column headers, the `columns` mapping a project gives `breach_register` for
 * them, and the CSV text of some rows.
 */

/** Probe field → the sheet's column header. */
export const BREACH_SHEET_COLUMNS = {
  id: "Ref",
  aware_at: "Became aware",
  notified_at: "Reported to SA",
  risk: "Risk",
  facts: "What happened",
  effects: "Consequences",
  remedial_action: "Measures",
  delay_reason: "Reason for delay",
  subjects_informed_at: "Subjects told",
} as const;

/** The sheet as CSV: the headers' line, then the given lines (cells in the headers' order). */
export function breachSheet(lines: readonly string[]): string {
  return [Object.values(BREACH_SHEET_COLUMNS).join(","), ...lines].join("\n") + "\n";
}
