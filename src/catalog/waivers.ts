/** @module Waivers → Waiver values: unique ids, known controls and targets, real dates; expired ones are warnings. */
import type { Waiver } from "../model/spec.js";
import { list, obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { positionOf, type Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

export interface WaiverScope {
  /** Requirement ids and check ids. */
  readonly controls: ReadonlySet<string>;
  readonly targets: ReadonlySet<string>;
  /** Today as YYYY-MM-DD (UTC). */
  readonly today: string;
}

export function buildWaivers(src: Source, scope: WaiverScope, ctx: LoadContext): Waiver[] {
  const waivers: Waiver[] = [];
  const seen = new Map<string, Locus>();
  const controlsComplete = !ctx.incomplete.has("catalog") && !ctx.incomplete.has("checks");
  const targetsComplete = !ctx.incomplete.has("project");
  list(obj(src.data)["waivers"]).forEach((w, i) => {
    const item = obj(w);
    const id = str(item["id"]);
    if (!id) return;
    const at: Locus = { src, path: ["waivers", i, "id"] };
    const first = seen.get(id);
    if (first)
      return ctx.problems.error(at, `duplicate waiver id "${id}" (first defined at ${ctx.problems.where(first)})`);
    seen.set(id, at);
    const control = str(item["control"]) ?? "";
    if (control && controlsComplete && !scope.controls.has(control)) {
      ctx.problems.error(
        { src, path: ["waivers", i, "control"] },
        `waiver "${id}" names unknown control "${control}"${didYouMean(control, scope.controls)} (a requirement id or a check id)`,
      );
    }
    const targets = "targets" in item ? strs(item["targets"]) : undefined;
    targets?.forEach((t, ti) => {
      if (targetsComplete && !scope.targets.has(t)) {
        ctx.problems.error(
          { src, path: ["waivers", i, "targets", ti] },
          `waiver "${id}" names unknown target "${t}"${didYouMean(t, scope.targets)}`,
        );
      }
    });
    const expires = str(item["expires"]) ?? "";
    const expiresAt: Locus = { src, path: ["waivers", i, "expires"] };
    if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
      if (!isRealDate(expires)) ctx.problems.error(expiresAt, `expires "${expires}" is not a real date`);
      else if (expires < scope.today)
        ctx.problems.warn(expiresAt, `waiver "${id}" expired on ${expires}; it no longer applies`);
    }
    waivers.push({
      id,
      control,
      ...(targets ? { targets } : {}),
      justification: str(item["justification"]) ?? "",
      approver: str(item["approver"]) ?? "",
      expires,
      source: { file: src.file, ...positionOf(src, ["waivers", i], "value") },
    });
  });
  return waivers;
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
