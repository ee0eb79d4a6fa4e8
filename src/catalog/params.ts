/**
 * @module A check's params against its probe's `meta.params` schema. Values holding
 * `${target:NAME}` are validated once per matching target that declares NAME (with that target's
 * attribute substituted); a target that lacks it is left to the plan stage, which reports an error.
 */
import { errorMessage } from "../errors.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import type { Check, TargetDecl } from "../model/spec.js";
import { PROBE_METAS } from "../probes/metas.js";
import { list, obj, type LoadContext } from "./context.js";
import { selectorMatches } from "./selector.js";
import { eachString, scanRefs, substitute } from "./refs.js";
import { validate } from "../schema/ajv.js";
import type { SchemaIssue } from "../schema/issues.js";
import type { Path, Source } from "./source.js";

export interface ParamsScope {
  /** The checks file and the path of this check's `params` in it. */
  readonly src: Source;
  readonly base: Path;
  readonly targets: readonly TargetDecl[];
  /** The project file, to point at a target's attribute when its value is what fails. */
  readonly project: Source | undefined;
}

interface TargetRef {
  readonly path: Path;
  readonly names: readonly string[];
  /** Set when the string is exactly one reference: its value is the attribute itself. */
  readonly whole?: string;
}

export function checkParams(check: Check, scope: ParamsScope, ctx: LoadContext): void {
  const probe = PROBE_METAS.get(check.probe);
  if (!probe) return;
  const refs: TargetRef[] = [];
  const unresolved: Path[] = [];
  eachString(check.params, [], (s, path) => {
    const names = scanRefs(s)
      .refs.filter((r) => r.kind === "target")
      .map((r) => r.name);
    const whole = /^\$\{target:([^}]+)\}$/.exec(s)?.[1];
    if (names.length) refs.push({ path, names, ...(whole !== undefined ? { whole } : {}) });
    // A profile key that could not be substituted is reported already; its value is not validated.
    if (s.includes("${profile:")) unresolved.push(path);
  });
  const run = (params: JsonValue): SchemaIssue[] | undefined => {
    try {
      return validate(probe.meta.params, params);
    } catch (err) {
      const why = errorMessage(err);
      ctx.problems.error(
        { src: scope.src, path: [...scope.base.slice(0, -1), "probe"] },
        `probe "${check.probe}" has an invalid params schema (${why}); this is a bug in the probe`,
      );
      return undefined;
    }
  };
  const within = (issue: SchemaIssue, path: Path): boolean =>
    issue.part === "value" && path.every((seg, i) => issue.path[i] === seg);
  const under = (issue: SchemaIssue): TargetRef | undefined => refs.find((r) => within(issue, r.path));

  // Everything that does not depend on a target, once.
  const issues = run(check.params);
  if (!issues) return;
  for (const issue of issues) {
    if (!under(issue) && !unresolved.some((p) => within(issue, p)))
      ctx.problems.error(
        { src: scope.src, path: [...scope.base, ...issue.path], part: issue.part },
        `check "${check.id}": ${issue.message}`,
      );
  }
  if (refs.length === 0) return;

  const needed = [...new Set(refs.flatMap((r) => r.names))];
  for (const target of scope.targets) {
    if (!selectorMatches(check.targets, target) || !needed.every((n) => n in target.attributes)) continue;
    const params = substitute(check.params, "target", (n) => target.attributes[n]) as JsonObject;
    for (const issue of run(params) ?? []) {
      const ref = under(issue);
      if (ref) report(check, target, ref, issue, scope, ctx);
    }
  }
}

function report(
  check: Check,
  target: TargetDecl,
  ref: TargetRef,
  issue: SchemaIssue,
  scope: ParamsScope,
  ctx: LoadContext,
): void {
  const param = ref.path.join(".");
  const index = list(obj(scope.project?.data)["targets"]).findIndex((t) => obj(t)["id"] === target.id);
  if (ref.whole !== undefined && scope.project && index >= 0) {
    const rest = issue.path.slice(ref.path.length);
    ctx.problems.error(
      { src: scope.project, path: ["targets", index, "attributes", ref.whole, ...rest] },
      `target "${target.id}" attribute "${ref.whole}" (param "${param}" of check "${check.id}"): ${issue.message}`,
    );
    return;
  }
  ctx.problems.error(
    { src: scope.src, path: [...scope.base, ...issue.path] },
    `check "${check.id}" on target "${target.id}": ${issue.message}`,
  );
}
