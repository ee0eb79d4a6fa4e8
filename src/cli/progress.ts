/**
 * @module Terminal progress for `assay run`: one bar per target and one overall (cli-progress), on
 * stderr, only on an interactive terminal outside CI; structured logs (pino, JSON lines on stderr)
 * when `--log-level` asks for them. Both consume the engine's events; neither touches stdout.
 */
import type { EngineEvent } from "../engine/index.js";

export interface RunReporter {
  readonly onEvent: (e: EngineEvent) => void;
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
  if (wantsProgress(opts)) {
    const { MultiBar, Presets } = await import("cli-progress");
    const bars = new MultiBar(
      {
        stream: process.stderr,
        clearOnComplete: true,
        hideCursor: true,
        format: " {bar} {value}/{total} {name}",
        barsize: 24,
      },
      Presets.shades_grey,
    );
    const perTarget = new Map<string, ReturnType<typeof bars.create>>();
    let overall: ReturnType<typeof bars.create> | undefined;
    sinks.push((e) => {
      if (e.type === "planned") {
        overall = bars.create(e.total, 0, { name: "overall" });
        for (const [t, n] of Object.entries(e.perTarget)) perTarget.set(t, bars.create(n, 0, { name: t }));
      } else if (e.type === "finished") {
        overall?.increment();
        perTarget.get(e.invocation.targetId)?.increment();
      }
    });
    stops.push(() => bars.stop());
  }
  return { onEvent: (e) => sinks.forEach((s) => s(e)), stop: () => stops.forEach((s) => s()) };
}

function count<T>(xs: readonly T[], x: T): number {
  return xs.filter((y) => y === x).length;
}
