/**
 * @module "Could not audit" in the terminal: check × target results that ended `error` (not
 * waived), grouped per target and identical reason ("shopdb: authentication failed … — 30
 * checks"), each target followed by the settings to look at: where it is declared and which
 * connection keys come from `${env:…}` / `${file:…}` references (names only, never values).
 */
import { relative } from "node:path";
import type { AuditResult, AuditSpec, CheckResult, TargetDecl } from "../model/index.js";

/** Check × target results that could not be decided and are not waived. */
export function notAudited(result: AuditResult): CheckResult[] {
  return result.checkResults.filter((c) => c.status === "error");
}

const REF = /\$\{(env|file):[^}]+\}/g;

/** `connection.password from ${env:PG_PASSWORD}` for every referenced connection value. */
export function connectionSettings(t: TargetDecl): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "string") for (const m of v.match(REF) ?? []) out.push(`${path} from ${m}`);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, `${path}.${k}`);
  };
  walk(t.connection, "connection");
  return out;
}

export function formatNotAudited(result: AuditResult, spec: AuditSpec, allowErrors: boolean): string[] {
  const errors = notAudited(result);
  if (errors.length === 0) return [];
  const byTarget = new Map<string, Map<string, number>>();
  for (const e of errors) {
    const reasons = byTarget.get(e.targetId) ?? new Map<string, number>();
    reasons.set(e.message, (reasons.get(e.message) ?? 0) + 1);
    byTarget.set(e.targetId, reasons);
  }
  const n = (k: number) => `${k} check${k === 1 ? "" : "s"}`;
  const lines = [
    "",
    `Could not audit (${n(errors.length)} on ${byTarget.size} target${byTarget.size === 1 ? "" : "s"}):`,
  ];
  const targets = new Map(spec.targets.map((t) => [t.id, t]));
  for (const [targetId, reasons] of byTarget) {
    for (const [reason, count] of reasons) lines.push(`  ${targetId}: ${reason} — ${n(count)}`);
    const t = targets.get(targetId);
    if (!t) continue;
    const where = `${relative(process.cwd(), t.source.file) || t.source.file}:${t.source.line}:${t.source.col}`;
    const refs = connectionSettings(t);
    lines.push(
      `    settings: target ${targetId} (${t.type}) at ${where}${refs.length > 0 ? `; ${refs.join(", ")}` : ""}`,
    );
  }
  lines.push(
    allowErrors
      ? "  (--allow-errors: these do not change the exit code)"
      : "  exit code 4 (could not audit) unless --allow-errors is given; an error is never a pass",
  );
  return lines;
}
