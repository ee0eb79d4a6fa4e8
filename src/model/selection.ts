/** @module How a run's selection is said in words: one sentence, the same in the terminal, `verify` and every report. */
import type { RunSelection } from "./spec.js";

const names = (ids: readonly string[], shown = 5): string =>
  `${ids.slice(0, shown).join(", ")}${ids.length > shown ? `, and ${ids.length - shown} more` : ""}`;

/** `partial run by selection: targets "type=postgres"; checks "pg.*"; left out: 2 targets (api, web), …`. */
export function describeSelection(s: RunSelection): string {
  const asked = [
    s.targets !== undefined ? `targets "${s.targets}"` : "",
    s.checks !== undefined ? `checks "${s.checks}"` : "",
    s.frameworks !== undefined ? `frameworks "${s.frameworks}"` : "",
  ].filter((x) => x !== "");
  const out = (
    [
      ["target", s.skipped.targets],
      ["check", s.skipped.checks],
      ["framework", s.skipped.frameworks],
    ] as const
  )
    .filter(([, ids]) => ids.length > 0)
    .map(([what, ids]) => `${ids.length} ${what}${ids.length === 1 ? "" : "s"} (${names(ids)})`);
  return `partial run by selection: ${asked.join("; ")}; left out: ${out.length > 0 ? out.join(", ") : "nothing"}; requirements it did not check are "not selected"`;
}
