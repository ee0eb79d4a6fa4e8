/**
 * @module Run selection: which targets and which checks one run covers. One syntax for every way
 * of narrowing a run (`--targets 'type=postgres,tag=pii'`, `--checks 'pg.*'`): clauses joined by
 * commas must all hold, `|` separates alternatives of one clause, values may be globs (`*`, `?`).
 */
import { AssayError, EXIT } from "../errors.js";
import type { AuditSpec, Framework, TargetDecl } from "../model/index.js";

/** Keys a `--targets` clause may test. `host` reads `connection.host` (or the host of `connection.url`). */
export const TARGET_KEYS = ["id", "type", "tag", "group", "host"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export interface TargetClause {
  readonly key: TargetKey;
  /** Alternatives (globs); the clause holds when any matches. */
  readonly values: readonly string[];
}

export interface Selection {
  /** The expression as the user wrote it, for the run's record. */
  readonly targets?: string;
  readonly checks?: string;
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

/** Check ids matching comma-separated globs; a glob that matches no known check is an error. */
export function selectChecks(expr: string, known: Iterable<string>): Set<string> {
  const ids = [...known];
  const chosen = new Set<string>();
  const globs = expr
    .split(",")
    .map((g) => g.trim())
    .filter((g) => g !== "");
  if (globs.length === 0) throw selectionError("--checks: empty expression");
  for (const g of globs) {
    const re = globToRegExp(g);
    const hits = ids.filter((id) => re.test(id));
    if (hits.length === 0)
      throw selectionError(`--checks: "${g}" matches no check (check ids look like pg.ssl_enabled)`);
    hits.forEach((h) => chosen.add(h));
  }
  return chosen;
}

/**
 * The spec narrowed to a selection: only the selected targets; with `checks`, every requirement keeps
 * only its selected checks and requirements left with none (manual ones included) leave the run.
 */
export function applySelection(spec: AuditSpec, selection: Selection): AuditSpec {
  const clauses = selection.targets !== undefined ? parseTargetExpression(selection.targets) : undefined;
  const checks = selection.checks !== undefined ? selectChecks(selection.checks, spec.checks.keys()) : undefined;
  const targets = clauses ? spec.targets.filter((t) => targetMatches(clauses, t)) : spec.targets;
  const frameworks: Framework[] = spec.frameworks.map((f) => ({
    ...f,
    groups: f.groups
      .map((g) => ({
        ...g,
        requirements: checks
          ? g.requirements
              .map((r) => ({ ...r, checks: r.checks.filter((c) => checks.has(c)) }))
              .filter((r) => r.checks.length > 0)
          : g.requirements,
      }))
      .filter((g) => g.requirements.length > 0),
  }));
  return { ...spec, targets, frameworks };
}
