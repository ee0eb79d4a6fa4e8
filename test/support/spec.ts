/** @module Hand-built AuditSpec values for stage tests that must not depend on the shipped catalogs. */
import type { AuditSpec, Check, Framework, Requirement, Severity, TargetDecl, Waiver } from "../../src/model/index.js";

const at = { file: "test.yaml", line: 1, col: 1 };

export function req(id: string, checks: string[], severity: Severity = "high", frameworkId = "fw"): Requirement {
  return {
    id,
    frameworkId,
    groupId: "g",
    label: id,
    title: `title of ${id}`,
    description: "",
    severity,
    checks,
    source: at,
    ...(checks.length === 0 ? { manual: { evidence: ["a document"] } } : {}),
  };
}

export function check(id: string, probe: string, params: Check["params"] = {}, extra: Partial<Check> = {}): Check {
  return { id, title: id, probe, targets: {}, params, source: at, ...extra };
}

export function fileTarget(
  id: string,
  path: string,
  tags: string[] = [],
  attributes: TargetDecl["attributes"] = {},
): TargetDecl {
  return { id, type: "file", tags, connection: { path }, attributes, source: at };
}

export function waiver(control: string, expires: string, targets?: string[]): Waiver {
  return {
    id: `W-${control}`,
    control,
    justification: "accepted risk",
    approver: "ciso@example.com",
    expires,
    source: at,
    ...(targets ? { targets } : {}),
  };
}

/** A spec of one framework; without `requirements`, one requirement `r` cites every check. */
export function spec(parts: {
  requirements?: Requirement[];
  checks: Check[];
  targets: TargetDecl[];
  waivers?: Waiver[];
  concurrency?: { global: number; perTarget: number };
  timeoutMs?: number;
  baseDir?: string;
}): AuditSpec {
  const fw: Framework = {
    id: "fw",
    title: "Test framework",
    version: "1",
    file: "fw.yaml",
    groups: [
      {
        id: "g",
        title: "G",
        requirements: parts.requirements ?? [
          req(
            "r",
            parts.checks.map((c) => c.id),
          ),
        ],
      },
    ],
  };
  return {
    projectFile: `${parts.baseDir ?? "/tmp"}/assay.yaml`,
    projectName: "test",
    frameworks: [fw],
    checks: new Map(parts.checks.map((c) => [c.id, c])),
    profile: { id: "baseline", title: "Baseline", values: {}, file: "baseline.yaml" },
    mappings: [],
    waivers: parts.waivers ?? [],
    targets: parts.targets,
    inputs: new Map(),
    settings: {
      evidenceDir: "/tmp/e",
      reportsDir: "/tmp/r",
      concurrency: parts.concurrency ?? { global: 4, perTarget: 2 },
      timeoutMs: parts.timeoutMs ?? 2000,
    },
  };
}
