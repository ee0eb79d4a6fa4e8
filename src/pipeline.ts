/**
 * @module `runAudit()`: the whole run as one call — load → plan → engine → evaluate (→ baseline)
 * → evidence → reports. The CLI (`assay run`), the demo and the tests call it; the CLI only parses
 * options and prints what comes back. I/O arrives through options (clock, run id, signal, where
 * observations come from), and problems the user must fix are thrown as `AssayError`s whose
 * `exit` says how the CLI ends.
 *
 * Evidence is streamed: the run is opened in the evidence store with its first record, and each
 * Observation, as it arrives, becomes its check records at once (src/evidence/stream.ts); only the
 * observations without their facts stay in memory for the final evaluation, then the run is sealed
 * (signed). A run that stops before that leaves no run folder behind.
 *
 * Observations from elsewhere: `observe` replaces the local engine. A fleet coordinator passes a
 * function that yields each Observation as a worker returns it (an async iterable), or resolves
 * with all of them; evaluation starts once the source is exhausted, so a distributed run's result
 * equals a local one given the same observations. Every invocation of the plan must be answered
 * once: an invocation without an observation is turned into an `error` result, never a pass.
 */
import { randomUUID } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { loadSpec, type Problem } from "./catalog/index.js";
import { errorObservation, streamPlan, type EngineEvent } from "./engine/index.js";
import { AssayError, EXIT, errorMessage } from "./errors.js";
import { applyBaseline, diffableResult, diffableStored, diffRuns, evaluate, type RunDiff } from "./evaluate/index.js";
import {
  discardRunEvidence,
  ObservationStream,
  openRunEvidence,
  readRun,
  resolveRunDir,
  sealRunEvidence,
  type EvidenceInfo,
} from "./evidence/index.js";
import type { AuditResult, AuditSpec, GateOptions, Observation, PartialRun } from "./model/index.js";
export type { EvidenceInfo };
import { planRun, type Plan } from "./plan/index.js";
import { applySelection, type Selection } from "./plan/select.js";
import { PROBES } from "./probes/registry.js";
import type { RenderOutcome, ReportFormat } from "./report/index.js";
import { CONNECTORS } from "./targets/index.js";
import { Redactor, defaultSecretPorts } from "./targets/secrets.js";

/** Where observations come from; the default runs the plan on this machine (`runPlan`). */
export type ObservationSource = (
  plan: Plan,
  spec: AuditSpec,
  ctx: { readonly signal: AbortSignal; readonly redactor: Redactor; readonly now: () => Date },
) => AsyncIterable<Observation> | Promise<readonly Observation[]>;

export interface RunAuditOptions {
  readonly projectFile: string;
  /** Overrides the project's profile (`assay:<id>` or a path). */
  readonly profile?: string;
  readonly gate?: GateOptions;
  /** Gate on regressions since this stored run (folder, or id in the project's evidence folder). */
  readonly baseline?: string;
  /** Write signed evidence (default true). Without evidence no report can be rendered. */
  readonly evidence?: boolean;
  /** Formats to render from the stored, verified run. */
  readonly reports?: readonly ReportFormat[];
  /** Reports go to `<reportDir>/<runId>/`; default: the project's `reports.dir`. */
  readonly reportDir?: string;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Run id generator (injected for tests). */
  readonly runId?: () => string;
  /** Progress of the local engine (not called when `observe` is given). */
  readonly onEvent?: (e: EngineEvent) => void;
  /** Sentences for the user that are not results (e.g. "a signing key was generated in …"). */
  readonly onNotice?: (message: string) => void;
  readonly observe?: ObservationSource;
  /** Narrow the run (`--targets`, `--checks`, `--framework`); a bad expression is a usage error. */
  readonly selection?: Selection;
  /** Probe runs at once in the local engine, instead of the project's `run.concurrency`. */
  readonly concurrency?: number;
  /**
   * Asked once `observe` is done: the invocations a distributed run has no result for. The run is
   * then signed as explicitly partial, listing them (`verify` says so); never as complete.
   */
  readonly partial?: () => PartialRun | null;
}

export interface ReportsOutcome extends RenderOutcome {
  /** The folder the reports were written to. */
  readonly dir: string;
}

export interface BaselineOutcome {
  readonly runId: string;
  readonly diff: RunDiff;
}

export type RunAuditResult =
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly warnings: readonly Problem[] }
  | {
      readonly ok: true;
      readonly spec: AuditSpec;
      readonly plan: Plan;
      /** The evaluated result; its gate includes the baseline decision when a baseline was given. */
      readonly result: AuditResult;
      readonly warnings: readonly Problem[];
      readonly redactor: Redactor;
      readonly baseline: BaselineOutcome | null;
      readonly evidence: EvidenceInfo | null;
      /** Null when no format was asked for. */
      readonly reports: ReportsOutcome | null;
    };

/** Run ids sort by time and stay unique: `2026-11-24T07-05-03Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-")}-${randomUUID().slice(0, 6)}`;
}

export async function runAudit(opts: RunAuditOptions): Promise<RunAuditResult> {
  const now = opts.now ?? (() => new Date());
  const formats = opts.reports ?? [];
  const writeEvidence = opts.evidence ?? true;
  if (formats.length > 0 && !writeEvidence)
    throw new AssayError("reports are rendered from the stored, signed run, so they need evidence to be written", {
      exit: EXIT.invalid,
    });
  const projectFile = resolve(opts.projectFile);
  const loaded = await loadSpec(projectFile, { ...(opts.profile ? { profile: opts.profile } : {}), now });
  if (!loaded.ok) return { ok: false, problems: loaded.problems, warnings: loaded.warnings };
  const spec = withConcurrency(
    opts.selection ? applySelection(loaded.spec, opts.selection, PROBES) : loaded.spec,
    opts.concurrency,
  );
  // Read the baseline before touching any target: a wrong run id is a usage error, found at once.
  const baseline = opts.baseline === undefined ? null : await readBaseline(opts.baseline, spec);

  const signal = opts.signal ?? new AbortController().signal;
  const started = now();
  const runId = opts.runId?.() ?? newRunId(started);
  // Records are written as observations arrive, so waivers and attestations are judged as of the
  // day the run started, by the records and the result alike.
  const today = started.toISOString().slice(0, 10);
  const plan = planRun(spec, PROBES);
  const redactor = new Redactor();
  const stream = new ObservationStream(
    spec,
    plan,
    today,
    writeEvidence ? () => openRunEvidence(spec, runId, opts.onNotice) : null,
  );
  try {
    await observe(plan, spec, { signal, redactor, now }, opts, (o) => stream.add(o));
    if (signal.aborted)
      throw new AssayError("interrupted; results are incomplete and no evidence was written", {
        exit: EXIT.incomplete,
      });
    const at = now().toISOString();
    const observations = await stream.close((inv) =>
      errorObservation(inv, at, `no observation came back for probe ${inv.probeId} on target ${inv.targetId}`),
    );
    const ended = now();
    let result = evaluate({
      spec,
      plan,
      observations,
      runId,
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      today,
      gate: opts.gate ?? {},
    });
    let baselineOutcome: BaselineOutcome | null = null;
    if (baseline) {
      const diff = diffRuns(baseline.run, diffableResult(result));
      result = applyBaseline(result, baseline.runId, diff);
      baselineOutcome = { runId: baseline.runId, diff };
    }
    const base = {
      ok: true as const,
      spec,
      plan,
      result,
      warnings: loaded.warnings,
      redactor,
      baseline: baselineOutcome,
    };
    const writer = stream.writer();
    if (!writer) return { ...base, evidence: null, reports: null };
    const evidence = await sealRunEvidence(await writer, result, spec, opts.partial?.() ?? null);
    const reports = formats.length > 0 ? await renderReports(evidence.runDir, runId, spec, formats, opts) : null;
    return { ...base, evidence, reports };
  } catch (err) {
    await stream.opened()?.then(discardRunEvidence, () => undefined);
    throw err;
  }
}

/** Observations from the local engine or from `opts.observe`, each handed to `sink` as it arrives. */
async function observe(
  plan: Plan,
  spec: AuditSpec,
  ctx: { signal: AbortSignal; redactor: Redactor; now: () => Date },
  opts: RunAuditOptions,
  sink: (o: Observation) => Promise<void>,
): Promise<void> {
  if (!opts.observe)
    return streamPlan(
      plan,
      spec,
      {
        probes: PROBES,
        connectors: CONNECTORS,
        secrets: defaultSecretPorts(dirname(spec.projectFile)),
        redactor: ctx.redactor,
        signal: ctx.signal,
        now: ctx.now,
        ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      },
      sink,
    );
  const source = opts.observe(plan, spec, ctx);
  if (Symbol.asyncIterator in source) for await (const o of source) await sink(o);
  else for (const o of await source) await sink(o);
}

function withConcurrency(spec: AuditSpec, global: number | undefined): AuditSpec {
  if (global === undefined) return spec;
  return { ...spec, settings: { ...spec.settings, concurrency: { ...spec.settings.concurrency, global } } };
}

async function readBaseline(run: string, spec: AuditSpec) {
  const hint = "pick a complete run from `assay runs list`, by id or folder";
  try {
    const stored = await readRun(await resolveRunDir(run, spec.settings.evidenceDir));
    if (!stored.complete || !stored.manifest)
      throw new AssayError(`baseline run ${run} is incomplete`, { exit: EXIT.invalid, hint });
    return { runId: stored.manifest.runId, run: diffableStored(stored.manifest, stored.records) };
  } catch (err) {
    if (err instanceof AssayError && err.hint !== undefined) throw err;
    throw new AssayError(`cannot use baseline ${run}: ${errorMessage(err)}`, { exit: EXIT.invalid, hint, cause: err });
  }
}

/** Each format is rendered on its own: a failure is recorded with its reason and the rest still written. */
async function renderReports(
  runDir: string,
  runId: string,
  spec: AuditSpec,
  formats: readonly ReportFormat[],
  opts: RunAuditOptions,
): Promise<ReportsOutcome> {
  const dir = join(opts.reportDir ?? spec.settings.reportsDir, runId);
  const { loadReportModel, renderReport } = await import("./report/index.js");
  try {
    const model = await loadReportModel(runDir, {
      evidenceDir: spec.settings.evidenceDir,
      ...(opts.now ? { now: opts.now } : {}),
    });
    return { dir, ...(await renderReport(model, formats, dir)) };
  } catch (err) {
    return { dir, written: [], failed: formats.map((format) => ({ format, reason: errorMessage(err) })) };
  }
}
