/** @module `assay check`: validate every input without touching a target; print problems or a summary. */
import { EXIT } from "./exit.js";
import { relative } from "node:path";
import { capPerFile, loadSpec, type Problem } from "../catalog/index.js";
import type { AuditSpec } from "../model/spec.js";
import { coverage, describeGaps } from "../plan/coverage.js";
import { PROBE_METAS } from "../probes/metas.js";
import { formatProblem } from "./format.js";

export interface CheckOptions {
  readonly project: string;
  readonly json?: boolean;
  readonly profile?: string;
}

/** Returns the exit code: 0 valid, 2 invalid input. */
export async function checkCommand(opts: CheckOptions): Promise<number> {
  const result = await loadSpec(opts.project, {
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    preflight: { env: process.env },
  });
  const problems = result.ok ? [] : result.problems;
  const warnings = result.ok ? [...result.warnings, ...gapWarnings(result.spec)] : result.warnings;
  if (opts.json) {
    const out = {
      valid: result.ok,
      problems: problems.map(machine),
      warnings: warnings.map(machine),
      ...(result.ok ? { summary: summarize(result.spec) } : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  for (const p of capPerFile([...problems, ...warnings])) process.stderr.write(`${formatProblem(p)}\n`);
  if (!result.ok) {
    const w = warnings.length;
    process.stderr.write(
      `${problems.length} error${problems.length === 1 ? "" : "s"}${w ? `, ${w} warning${w === 1 ? "" : "s"}` : ""}; nothing was run.\n`,
    );
    return EXIT.invalid;
  }
  process.stdout.write(text(summarize(result.spec)));
  return EXIT.ok;
}

/** Targets no check applies to, checks that apply to no target, missing attributes — where each is fixed. */
function gapWarnings(spec: AuditSpec): Problem[] {
  return describeGaps(coverage(spec, PROBE_METAS), spec).map((g) => ({
    ...g.source,
    message: g.message,
    severity: "warning",
  }));
}

function machine(p: Problem): Problem {
  return { ...p, file: relative(process.cwd(), p.file) || p.file };
}

interface Summary {
  project: string;
  profile: string;
  frameworks: { id: string; title: string; requirements: number; automated: number; manual: number }[];
  checks: number;
  probes: string[];
  targets: number;
  waivers: number;
  mappings: number;
  inputs: number;
}

function summarize(spec: AuditSpec): Summary {
  return {
    project: spec.projectName,
    profile: spec.profile.id,
    frameworks: spec.frameworks.map((f) => {
      const reqs = f.groups.flatMap((g) => g.requirements);
      const automated = reqs.filter((r) => r.checks.length > 0).length;
      return { id: f.id, title: f.title, requirements: reqs.length, automated, manual: reqs.length - automated };
    }),
    checks: spec.checks.size,
    probes: [...new Set([...spec.checks.values()].map((c) => c.probe))].sort(),
    targets: spec.targets.length,
    waivers: spec.waivers.length,
    mappings: spec.mappings.length,
    inputs: spec.inputs.size,
  };
}

function text(s: Summary): string {
  const rows = s.frameworks.map(
    (f) =>
      `  ${f.id.padEnd(16)} ${String(f.requirements).padStart(4)} requirements (${f.automated} automated, ${f.manual} manual)  ${f.title}`,
  );
  return [
    `valid: project "${s.project}", profile ${s.profile}`,
    ...rows,
    `  ${s.checks} checks using ${s.probes.length} probe${s.probes.length === 1 ? "" : "s"} (${s.probes.join(", ") || "none"}), ${s.targets} target${s.targets === 1 ? "" : "s"}, ${s.mappings} mapping${s.mappings === 1 ? "" : "s"}, ${s.waivers} waiver${s.waivers === 1 ? "" : "s"}`,
    "",
  ].join("\n");
}
