/**
 * @module Silent gaps between checks and targets: targets that no check applies to (often a tag
 * that no check selects) and checks that apply to no target. `assay check` and `assay run` name
 * every one, so a target written with the wrong tags is never audited without anyone noticing.
 */
import type { AuditSpec, SourceRef } from "../model/index.js";
import type { AnyProbe } from "../probes/define.js";
import { selects } from "./index.js";

export interface IdleTarget {
  readonly id: string;
  readonly type: string;
  readonly source: SourceRef;
  /** Tags that checks serving this type select, to say what would make it audited. */
  readonly tagsChecksSelect: readonly string[];
  /** Loaded checks whose probe serves this target type at all. */
  readonly checksForType: number;
}

export interface Coverage {
  readonly idleTargets: readonly IdleTarget[];
  /** Cited checks that select no declared target, grouped by the target types and tags they select. */
  readonly idleChecks: readonly { readonly types: string; readonly checkIds: readonly string[] }[];
}

export function coverage(spec: AuditSpec, probes: ReadonlyMap<string, AnyProbe>): Coverage {
  const cited = new Set(
    spec.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements.flatMap((r) => r.checks))),
  );
  const checks = [...cited].sort().flatMap((id) => {
    const check = spec.checks.get(id);
    const probe = check && probes.get(check.probe);
    return check && probe ? [{ check, probe }] : [];
  });
  const used = new Set<string>();
  const idle = new Map<string, string[]>();
  for (const { check, probe } of checks) {
    const matched = spec.targets.filter((t) => selects(check, t, probe));
    for (const t of matched) used.add(t.id);
    if (matched.length === 0) {
      const tags = check.targets.tags?.length ? ` tagged ${check.targets.tags.join(", ")}` : "";
      const types = `${(check.targets.types ?? probe.meta.targetTypes).join("/")} targets${tags}`;
      idle.set(types, [...(idle.get(types) ?? []), check.id]);
    }
  }
  const idleTargets = spec.targets
    .filter((t) => !used.has(t.id))
    .map((t) => {
      const forType = checks.filter(
        ({ check, probe }) =>
          (probe.meta.targetTypes as readonly string[]).includes(t.type) &&
          (check.targets.types ?? [t.type]).includes(t.type),
      );
      const tags = new Set(forType.flatMap(({ check }) => check.targets.tags ?? []));
      return {
        id: t.id,
        type: t.type,
        source: t.source,
        tagsChecksSelect: [...tags].sort(),
        checksForType: forType.length,
      };
    });
  return {
    idleTargets,
    idleChecks: [...idle.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([types, checkIds]) => ({ types, checkIds })),
  };
}

/** One line per gap, for the terminal (warnings: the run goes on). */
export function describeCoverage(c: Coverage): string[] {
  const lines = c.idleTargets.map((t) => {
    const how =
      t.checksForType === 0
        ? `no loaded check serves ${t.type} targets`
        : t.tagsChecksSelect.length > 0
          ? `checks for ${t.type} targets select the tags ${t.tagsChecksSelect.join(", ")}`
          : `no check selects it`;
    return `target ${t.id} (${t.type}) is not audited: no check applies to it (${how})`;
  });
  for (const g of c.idleChecks)
    lines.push(
      `${g.checkIds.length === 1 ? "1 check" : `${g.checkIds.length} checks`} for ${g.types} ${g.checkIds.length === 1 ? "applies" : "apply"} to no target: ${g.checkIds.join(", ")}`,
    );
  return lines;
}
