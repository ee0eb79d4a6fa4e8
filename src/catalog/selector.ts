/** @module Target selectors: which declared targets a check applies to. */
import type { TargetDecl, TargetSelector } from "../model/spec.js";

/** Whether a check's selector picks a target: every given condition must hold. */
export function selectorMatches(selector: TargetSelector, target: Pick<TargetDecl, "id" | "type" | "tags">): boolean {
  return (
    (!selector.types || selector.types.includes(target.type)) &&
    (!selector.tags || selector.tags.every((t) => target.tags.includes(t))) &&
    (!selector.ids || selector.ids.includes(target.id))
  );
}
