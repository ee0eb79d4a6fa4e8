/** @module Waivers: which waiver covers a requirement or a check on a target, and whether it has expired. */
import type { AppliedWaiver, Waiver } from "../model/index.js";

/** A waiver is in force through its expiry day (ISO dates compare as strings). */
export function isExpired(w: Waiver, today: string): boolean {
  return w.expires < today;
}

export function applied(w: Waiver): AppliedWaiver {
  return { id: w.id, justification: w.justification, approver: w.approver, expires: w.expires };
}

/** Waivers naming this control (requirement or check id) and covering this target (or all targets). */
export function matching(waivers: readonly Waiver[], control: string, targetId?: string): Waiver[] {
  return waivers.filter(
    (w) => w.control === control && (!w.targets || targetId === undefined || w.targets.includes(targetId)),
  );
}

/** The first matching waiver still in force; expired matches are appended to `expired`. */
export function pickWaiver(
  waivers: readonly Waiver[],
  control: string,
  targetId: string | undefined,
  today: string,
  expired: AppliedWaiver[],
): AppliedWaiver | undefined {
  for (const w of matching(waivers, control, targetId)) {
    if (!isExpired(w, today)) return applied(w);
    expired.push(applied(w));
  }
  return undefined;
}
