/**
 * @module Silent gaps between checks and targets: targets that no check applies to (often a tag
 * that no check selects), checks that apply to no target, and targets that lack an attribute a
 * check applying to them needs (`${target:…}` in its params, an `error` at run time). `assay check`
 * and `assay run` name every one, so a target written with the wrong tags is never audited without
 * anyone noticing, and `run` is not the first to find a missing attribute.
 */
import type { AuditSpec, SourceRef } from "../model/index.js";
import type { ProbeMetaOnly } from "../probes/metas.js";
import { resolveTargetRefs, selects } from "./index.js";

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
  /** Attributes a target does not declare although checks that apply to it need them. */
  readonly missingAttributes: readonly MissingAttribute[];
}

export interface MissingAttribute {
  readonly targetId: string;
  readonly attribute: string;
  readonly checkIds: readonly string[];
  readonly source: SourceRef;
}

export interface Gap {
  readonly message: string;
  /** Where the user fixes it: the target's or the check's declaration. */
  readonly source: SourceRef;
}

export function coverage(spec: AuditSpec, probes: ReadonlyMap<string, ProbeMetaOnly>): Coverage {
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
  const missing = new Map<string, MissingAttribute & { checkIds: string[] }>();
  for (const { check, probe } of checks) {
    const matched = spec.targets.filter((t) => selects(check, t, probe));
    for (const t of matched) {
      used.add(t.id);
      for (const attribute of resolveTargetRefs(check.params, t).missing) {
        const key = `${t.id}\u0000${attribute}`;
        const m = missing.get(key) ?? { targetId: t.id, attribute, checkIds: [], source: t.source };
        if (!m.checkIds.includes(check.id)) m.checkIds.push(check.id);
        missing.set(key, m);
      }
    }
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
    missingAttributes: [...missing.values()],
  };
}

/** One line per gap, each with where it is fixed (warnings: the run goes on). */
export function describeGaps(c: Coverage, spec: AuditSpec): Gap[] {
  const gaps: Gap[] = c.idleTargets.map((t) => {
    const how =
      t.checksForType === 0
        ? `no loaded check serves ${t.type} targets`
        : t.tagsChecksSelect.length > 0
          ? `checks for ${t.type} targets select the tags ${t.tagsChecksSelect.join(", ")}`
          : `no check selects it`;
    return { message: `target ${t.id} (${t.type}) is not audited: no check applies to it (${how})`, source: t.source };
  });
  for (const g of c.idleChecks)
    gaps.push({
      message: `${count(g.checkIds.length, "check")} for ${g.types} ${g.checkIds.length === 1 ? "applies" : "apply"} to no target: ${g.checkIds.join(", ")}`,
      source: spec.checks.get(g.checkIds[0] ?? "")?.source ?? { file: spec.projectFile, line: 1, col: 1 },
    });
  for (const m of c.missingAttributes)
    gaps.push({
      message: `target ${m.targetId} declares no attribute ${m.attribute}, which ${count(m.checkIds.length, "check")} applying to it ${m.checkIds.length === 1 ? "needs" : "need"} (${m.checkIds.join(", ")}): add it under targets[].attributes, or those checks end in error`,
      source: m.source,
    });
  return gaps;
}

/** The gap messages alone, for the terminal of `assay run`. */
export function describeCoverage(c: Coverage, spec: AuditSpec): string[] {
  return describeGaps(c, spec).map((g) => g.message);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
