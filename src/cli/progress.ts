/**
 * @module Terminal progress for `assay run`: one overall line (probe runs, targets done / total,
 * errors, ETA) plus one bar per target for small runs (cli-progress), on
 * stderr, only on an interactive terminal outside CI; structured logs (pino, JSON lines on stderr)
 * when `--log-level` asks for them. Both consume the engine's events; neither touches stdout.
 */
import type { EngineEvent } from "../engine/index.js";
import type { QueueProgress } from "../fleet/coordinator.js";

/** Up to this many targets, each also gets its own bar. */
const PER_TARGET_BARS = 10;

export interface RunReporter {
  readonly onEvent: (e: EngineEvent) => void;
  /** Progress of a distributed run, polled from the queue. */
  readonly onQueueProgress: (p: QueueProgress) => void;
  stop(): void;
}

export interface ReporterOptions {
  readonly quiet: boolean;
  readonly logLevel: string;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Progress bars are for people at a terminal: never in CI, in a pipe, with --quiet or with verbose logs. */
export function wantsProgress(opts: ReporterOptions, env = process.env, tty = process.stderr.isTTY): boolean {
  return Boolean(tty) && !env["CI"] && !opts.quiet && !["info", "debug", "trace"].includes(opts.logLevel);
}

export async function createReporter(opts: ReporterOptions): Promise<RunReporter> {
  const sinks: ((e: EngineEvent) => void)[] = [];
  const stops: (() => void)[] = [];
  if (
    opts.logLevel !== "silent" &&
    opts.logLevel !== "warn" &&
    opts.logLevel !== "error" &&
    opts.logLevel !== "fatal"
  ) {
    const { pino, destination } = await import("pino");
    const log = pino({ level: opts.logLevel, base: { app: "assay" } }, destination(2));
    sinks.push((e) => {
      if (e.type === "planned") log.info({ invocations: e.total, targets: e.perTarget }, "plan ready");
      else if (e.type === "started")
        log.debug(
          { probe: e.invocation.probeId, target: e.invocation.targetId, checks: e.invocation.checkIds },
          "probe started",
        );
      else {
        const o = e.observation;
        const ms = Date.parse(o.endedAt) - Date.parse(o.startedAt);
        const statuses = o.findings.map((f) => f.status);
        if (o.error) log.warn({ probe: o.probeId, target: o.targetId, ms, error: o.error }, "probe error");
        else
          log.info(
            { probe: o.probeId, target: o.targetId, ms, pass: count(statuses, "pass"), fail: count(statuses, "fail") },
            "probe finished",
          );
      }
    });
  }
  let queueProgress: ((p: QueueProgress) => void) | undefined;
  if (wantsProgress(opts)) {
    const { MultiBar, Presets } = await import("cli-progress");
    const bars = new MultiBar(
      {
        stream: process.stderr,
        clearOnComplete: true,
        hideCursor: true,
        format: " {bar} {value}/{total} {name}",
        barsize: 24,
        etaBuffer: 50,
      },
      Presets.shades_grey,
    );
    const perTarget = new Map<string, ReturnType<typeof bars.create>>();
    const remaining = new Map<string, number>();
    let overall: ReturnType<typeof bars.create> | undefined;
    let targetsDone = 0;
    let errors = 0;
    // A fleet gets one line (targets done / total, errors, ETA); a handful of targets also get a bar each.
    const OVERALL =
      " {bar} {value}/{total} probe runs · targets {done}/{targets} · errors {errors} · ETA {eta_formatted}";
    const payload = () => ({ done: targetsDone, targets: remaining.size, errors });
    sinks.push((e) => {
      if (e.type === "planned") {
        for (const [t, n] of Object.entries(e.perTarget)) remaining.set(t, n);
        overall = bars.create(e.total, 0, payload(), { format: OVERALL });
        if (remaining.size <= PER_TARGET_BARS)
          for (const [t, n] of remaining) perTarget.set(t, bars.create(n, 0, { name: t }));
      } else if (e.type === "finished") {
        const left = (remaining.get(e.invocation.targetId) ?? 1) - 1;
        remaining.set(e.invocation.targetId, left);
        if (left === 0) targetsDone++;
        if (e.observation.error !== undefined || e.observation.findings.some((f) => f.status === "error")) errors++;
        overall?.increment(1, payload());
        perTarget.get(e.invocation.targetId)?.increment();
      }
    });
    queueProgress = (p) => {
      overall ??= bars.create(
        p.total,
        0,
        {},
        { format: " {bar} {value}/{total} jobs done · failed {failed} · ETA {eta_formatted}" },
      );
      overall.update(p.done, { failed: p.failed });
    };
    stops.push(() => bars.stop());
  }
  return {
    onEvent: (e) => sinks.forEach((s) => s(e)),
    onQueueProgress: (p) => queueProgress?.(p),
    stop: () => stops.forEach((s) => s()),
  };
}

function count<T>(xs: readonly T[], x: T): number {
  return xs.filter((y) => y === x).length;
}
