/**
 * @module The plan stage: every check cited by a requirement × every target it selects becomes a
 * probe invocation. Identical invocations (same probe, target and resolved params) are merged, so one
 * probe run serves every check and requirement that needs it.
 */
import { createHash } from "node:crypto";
import canonicalizeCjs from "canonicalize";
import type { AuditSpec, Check, JsonObject, JsonValue, TargetDecl } from "../model/index.js";
import { selectorMatches } from "../catalog/selector.js";
import type { AnyProbe } from "../probes/define.js";
import type { ProbeMetaOnly } from "../probes/metas.js";

export interface ProbeInvocation {
  readonly id: string;
  readonly probeId: string;
  readonly targetId: string;
  readonly params: JsonObject;
  readonly checkIds: readonly string[];
  /** Set when the invocation cannot run as planned (e.g. a `${target:…}` attribute is missing). */
  readonly planError?: string;
}

/** Which invocation decides a check on a target. */
export interface CheckBinding {
  readonly checkId: string;
  readonly targetId: string;
  readonly invocationId: string;
}

export interface Plan {
  readonly invocations: readonly ProbeInvocation[];
  readonly bindings: readonly CheckBinding[];
  /** Cited checks that no declared target matched. */
  readonly unmatched: readonly string[];
}

/** A check runs on a target its selector picks, when its probe supports the target's type. */
export function selects(check: Check, target: TargetDecl, probe: ProbeMetaOnly): boolean {
  return (probe.meta.targetTypes as readonly string[]).includes(target.type) && selectorMatches(check.targets, target);
}

const TARGET_REF = /^\$\{target:([\w.-]+)\}$/;

/** Substitute whole-string `${target:NAME}` references with the target's attributes. */
export function resolveTargetRefs(params: JsonObject, target: TargetDecl): { params: JsonObject; missing: string[] } {
  const missing: string[] = [];
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === "string") {
      const m = TARGET_REF.exec(v);
      if (!m?.[1]) return v;
      const value = target.attributes[m[1]];
      if (value === undefined) missing.push(m[1]);
      return value ?? null;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { params: walk(params) as JsonObject, missing };
}

// canonicalize is CommonJS (`module.exports = fn`) while its types declare a default export.
const canonicalize = canonicalizeCjs as unknown as (v: unknown) => string | undefined;

export function invocationId(probeId: string, targetId: string, params: JsonObject): string {
  const key = canonicalize({ probeId, targetId, params }) ?? "";
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

export function planRun(spec: AuditSpec, probes: ReadonlyMap<string, AnyProbe>): Plan {
  const cited = new Set(
    spec.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements.flatMap((r) => r.checks))),
  );
  const invocations = new Map<string, { inv: ProbeInvocation; checkIds: string[] }>();
  const bindings: CheckBinding[] = [];
  const unmatched: string[] = [];
  for (const checkId of [...cited].sort()) {
    const check = spec.checks.get(checkId);
    const probe = check && probes.get(check.probe);
    if (!check || !probe) continue; // the catalog stage reports these; nothing to plan
    const targets = spec.targets.filter((t) => selects(check, t, probe));
    if (targets.length === 0) unmatched.push(checkId);
    for (const target of targets) {
      const { params, missing } = resolveTargetRefs(check.params, target);
      const id = invocationId(probe.meta.id, target.id, params);
      const planError =
        missing.length > 0
          ? `target ${target.id} declares no attribute ${missing.join(", ")}: add it under targets[].attributes in the project file`
          : undefined;
      const existing = invocations.get(id);
      if (existing) existing.checkIds.push(checkId);
      else
        invocations.set(id, {
          inv: {
            id,
            probeId: probe.meta.id,
            targetId: target.id,
            params,
            checkIds: [],
            ...(planError ? { planError } : {}),
          },
          checkIds: [checkId],
        });
      bindings.push({ checkId, targetId: target.id, invocationId: id });
    }
  }
  return {
    invocations: [...invocations.values()].map(({ inv, checkIds }) => ({ ...inv, checkIds })),
    bindings,
    unmatched,
  };
}
