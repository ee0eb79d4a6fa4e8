/**
 * @module Run selection: which targets, checks and frameworks one run covers. One syntax for every
 * way of narrowing a run (`--targets 'type=postgres,tag=pii'`, `--checks 'pg.*'`): clauses joined by
 * commas must all hold, `|` separates alternatives of one clause, values may be globs (`*`, `?`).
 * `--target db-1,db-2` and `--tags pii,pci` are sugar for the clauses `id=db-1|db-2` and
 * `tag=pii|pci` (`selectionOf`). What the selection leaves out is recorded (`SpecSelection`), so
 * evaluation and every report say which requirements this run did not check.
 */
import { AssayError, EXIT } from "../errors.js";
import type { AuditSpec, Check, Framework, Requirement, SpecSelection, TargetDecl } from "../model/index.js";
import type { AnyProbe } from "../probes/define.js";
import { didYouMean } from "../schema/suggest.js";
import { selects } from "./index.js";

/** Keys a `--targets` clause may test. `host` reads `connection.host` (or the host of `connection.url`). */
export const TARGET_KEYS = ["id", "type", "tag", "group", "host"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export interface TargetClause {
  readonly key: TargetKey;
  /** Alternatives (globs); the clause holds when any matches. */
  readonly values: readonly string[];
}

export interface Selection {
  /** The target expression, every flag folded in, for the run's record. */
  readonly targets?: string;
  readonly checks?: string;
  /** Framework ids (comma-separated globs). */
  readonly frameworks?: string;
}

/** The command-line flags that narrow a run; all of them end up in one `Selection`. */
export interface SelectionFlags {
  readonly targets?: string;
  /** Target ids, comma-separated: sugar for `id=a|b`. */
  readonly target?: string;
  /** Target tags, comma-separated, any of them: sugar for `tag=a|b`. */
  readonly tags?: string;
  readonly checks?: string;
  readonly framework?: string;
}

const list = (v: string): string[] =>
  v
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

/** Fold the flags into the one syntax; a malformed expression is a usage error before anything runs. */
export function selectionOf(f: SelectionFlags): Selection {
  const sugar = (flag: string, key: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    if (list(v).length === 0) throw selectionError(`${flag}: empty list`);
    return `${key}=${list(v).join("|")}`;
  };
  const clauses = [f.targets, sugar("--target", "id", f.target), sugar("--tags", "tag", f.tags)].filter(
    (c): c is string => c !== undefined,
  );
  const targets = clauses.length > 0 ? clauses.join(",") : undefined;
  if (targets !== undefined) parseTargetExpression(targets);
  if (f.checks !== undefined && list(f.checks).length === 0) throw selectionError("--checks: empty expression");
  if (f.framework !== undefined && list(f.framework).length === 0) throw selectionError("--framework: empty list");
  return {
    ...(targets !== undefined ? { targets } : {}),
    ...(f.checks !== undefined ? { checks: list(f.checks).join(",") } : {}),
    ...(f.framework !== undefined ? { frameworks: list(f.framework).join(",") } : {}),
  };
}

/** Whether anything was selected at all (no flag: the whole project). */
export function isNarrowing(s: Selection): boolean {
  return s.targets !== undefined || s.checks !== undefined || s.frameworks !== undefined;
}

/** A selection the user must fix: a usage error (exit 2). */
function selectionError(message: string): AssayError {
  return new AssayError(message, { exit: EXIT.invalid });
}

/** Parse `type=postgres,tag=pii|pci,id=db-*`; every problem is a usage error naming the clause. */
export function parseTargetExpression(expr: string): TargetClause[] {
  const clauses: TargetClause[] = [];
  for (const raw of expr.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const values = part
      .slice(eq + 1)
      .split("|")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (eq < 1 || values.length === 0)
      throw selectionError(`--targets: "${part}" is not key=value (keys: ${TARGET_KEYS.join(", ")})`);
    if (!(TARGET_KEYS as readonly string[]).includes(key))
      throw selectionError(`--targets: unknown key "${key}" in "${part}" (keys: ${TARGET_KEYS.join(", ")})`);
    clauses.push({ key: key as TargetKey, values });
  }
  if (clauses.length === 0) throw selectionError("--targets: empty expression");
  return clauses;
}

/** Glob (`*` any run of characters, `?` one) → anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** The host a target connects to, when its connection names one. */
export function targetHost(t: Pick<TargetDecl, "connection">): string | undefined {
  const { host, url } = t.connection;
  if (typeof host === "string") return host;
  if (typeof url === "string") {
    try {
      return new URL(url).hostname;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function targetMatches(clauses: readonly TargetClause[], t: TargetDecl): boolean {
  return clauses.every(({ key, values }) => {
    const have =
      key === "tag"
        ? t.tags
        : key === "id"
          ? [t.id]
          : key === "type"
            ? [t.type]
            : key === "group"
              ? t.group !== undefined
                ? [t.group]
                : []
              : [targetHost(t) ?? ""];
    return values.some((v) => {
      const re = globToRegExp(v);
      return have.some((h) => re.test(h));
    });
  });
}

/** Ids matching comma-separated globs; a glob that matches none is a usage error with "did you mean". */
function selectIds(flag: string, expr: string, known: Iterable<string>, example: string): Set<string> {
  const ids = [...known];
  const chosen = new Set<string>();
  const globs = list(expr);
  if (globs.length === 0) throw selectionError(`${flag}: empty expression`);
  for (const g of globs) {
    const re = globToRegExp(g);
    const hits = ids.filter((id) => re.test(id));
    if (hits.length === 0) throw selectionError(`${flag}: "${g}" matches no ${example}${didYouMean(g, ids)}`);
    hits.forEach((h) => chosen.add(h));
  }
  return chosen;
}

/** Check ids matching comma-separated globs; a glob that matches no known check is an error. */
export function selectChecks(expr: string, known: Iterable<string>): Set<string> {
  return selectIds("--checks", expr, known, "check (check ids look like pg.ssl_enabled)");
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The spec narrowed to a selection: only the selected frameworks and targets; with `checks`, every
 * requirement keeps only its selected checks. Requirements stay in the run: those the selection
 * narrowed are listed in `selection.narrowed` (what ran of them: `none` or `some`), so evaluation
 * can say `not_selected` instead of claiming them. Without any selection the spec is returned as is.
 */
export function applySelection(
  spec: AuditSpec,
  selection: Selection,
  probes: ReadonlyMap<string, AnyProbe>,
): AuditSpec {
  if (!isNarrowing(selection)) return spec;
  const clauses = selection.targets !== undefined ? parseTargetExpression(selection.targets) : undefined;
  const frameworkIds =
    selection.frameworks !== undefined
      ? selectIds(
          "--framework",
          selection.frameworks,
          spec.frameworks.map((f) => f.id),
          "framework of this project",
        )
      : undefined;
  const checks = selection.checks !== undefined ? selectChecks(selection.checks, spec.checks.keys()) : undefined;
  const targets = clauses ? spec.targets.filter((t) => targetMatches(clauses, t)) : spec.targets;
  if (targets.length === 0 && spec.targets.length > 0)
    throw selectionError(
      `--targets: "${selection.targets ?? ""}" matches none of the ${spec.targets.length} targets of this project (tags: ${sorted(spec.targets.flatMap((t) => t.tags)).join(", ") || "none"})`,
    );
  const kept = frameworkIds ? spec.frameworks.filter((f) => frameworkIds.has(f.id)) : spec.frameworks;

  const pairs = (check: Check | undefined, among: readonly TargetDecl[]): number => {
    const probe = check && probes.get(check.probe);
    return check && probe ? among.filter((t) => selects(check, t, probe)).length : 0;
  };
  const narrowed: Record<string, "none" | "some"> = {};
  const narrow = (r: Requirement): Requirement => {
    const keep = checks ? r.checks.filter((c) => checks.has(c)) : r.checks;
    const all = r.checks.reduce((n, c) => n + pairs(spec.checks.get(c), spec.targets), 0);
    const ran = keep.reduce((n, c) => n + pairs(spec.checks.get(c), targets), 0);
    if (r.checks.length === 0) {
      if (checks) narrowed[r.id] = "none"; // an attestation is not a check: --checks leaves it out
    } else if (keep.length < r.checks.length || ran < all) narrowed[r.id] = ran === 0 ? "none" : "some";
    return keep.length === r.checks.length ? r : { ...r, checks: keep };
  };
  const frameworks: Framework[] = kept.map((f) => ({
    ...f,
    groups: f.groups.map((g) => ({ ...g, requirements: g.requirements.map(narrow) })),
  }));
  const cited = (fs: readonly Framework[]) =>
    new Set(fs.flatMap((f) => f.groups.flatMap((g) => g.requirements.flatMap((r) => r.checks))));
  const running = cited(frameworks);
  const record: SpecSelection = {
    ...selection,
    skipped: {
      targets: sorted(spec.targets.filter((t) => !targets.includes(t)).map((t) => t.id)),
      checks: sorted([...cited(spec.frameworks)].filter((c) => !running.has(c))),
      frameworks: sorted(spec.frameworks.filter((f) => !kept.includes(f)).map((f) => f.id)),
    },
    narrowed,
  };
  return { ...spec, targets, frameworks, selection: record };
}
