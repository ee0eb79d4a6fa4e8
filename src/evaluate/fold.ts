/**
 * @module The one fold from many statuses to one, used for findings → check and checks →
 * requirement. Precedence: fail > error > pass > not_applicable. A definite failure outranks an
 * undecided check; an error is never counted as a pass; not_applicable only when nothing applied.
 */
import type { Status } from "../model/index.js";

export type Decided = "pass" | "fail" | "error" | "not_applicable";

export const FOLD_PRECEDENCE: readonly Decided[] = ["fail", "error", "pass", "not_applicable"];

/** Fold statuses; an empty list is `error` (nothing decided is never a pass). */
export function fold(statuses: readonly Decided[]): Decided {
  if (statuses.length === 0) return "error";
  for (const s of FOLD_PRECEDENCE) if (statuses.includes(s)) return s;
  return "error";
}

/** Requirement statuses that a score counts (credit 1 for pass, 0 otherwise). */
export function isScored(s: Status): s is "pass" | "fail" | "error" | "overdue" {
  return s === "pass" || s === "fail" || s === "error" || s === "overdue";
}
