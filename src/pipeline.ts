/**
 * @module The whole pipeline as one callable function: load → plan → engine → evaluate → (evidence).
 * The CLI is a thin layer over this; tests and the demo call it directly. I/O arrives through ports.
 */
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { loadSpec, type Problem } from "./catalog/index.js";
import { runPlan, type EngineEvent } from "./engine/index.js";
import { evaluate } from "./evaluate/index.js";
import type { AuditResult, AuditSpec, GateOptions } from "./model/index.js";
import { planRun, type Plan } from "./plan/index.js";
import { PROBES } from "./probes/registry.js";
import { CONNECTORS } from "./targets/index.js";
import { Redactor, defaultSecretPorts } from "./targets/secrets.js";

export interface AuditOptions {
  readonly projectFile: string;
  readonly profile?: string;
  readonly gate?: GateOptions;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly onEvent?: (e: EngineEvent) => void;
  /** Run id generator (injected for tests). */
  readonly runId?: () => string;
}

export type AuditOutcome =
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly warnings: readonly Problem[] }
  | {
      readonly ok: true;
      readonly spec: AuditSpec;
      readonly plan: Plan;
      readonly result: AuditResult;
      readonly warnings: readonly Problem[];
      readonly redactor: Redactor;
    };

/** Run ids sort by time and stay unique: `2026-11-24T07-05-03Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-")}-${randomUUID().slice(0, 6)}`;
}

export async function audit(opts: AuditOptions): Promise<AuditOutcome> {
  const now = opts.now ?? (() => new Date());
  const projectFile = resolve(opts.projectFile);
  const loaded = await loadSpec(projectFile, { ...(opts.profile ? { profile: opts.profile } : {}), now });
  if (!loaded.ok) return { ok: false, problems: loaded.problems, warnings: loaded.warnings };
  const { spec } = loaded;

  const started = now();
  const plan = planRun(spec, PROBES);
  const redactor = new Redactor();
  const observations = await runPlan(plan, spec, {
    probes: PROBES,
    connectors: CONNECTORS,
    secrets: defaultSecretPorts(dirname(projectFile)),
    redactor,
    ...(opts.signal ? { signal: opts.signal } : {}),
    now,
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  });
  const ended = now();
  const result = evaluate({
    spec,
    plan,
    observations,
    runId: opts.runId?.() ?? newRunId(started),
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    today: ended.toISOString().slice(0, 10),
    gate: opts.gate ?? {},
  });
  return { ok: true, spec, plan, result, warnings: loaded.warnings, redactor };
}
