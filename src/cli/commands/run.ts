/** @module Registration of `assay run` and `assay worker`: auditing, locally or through a queue. */
import { type Command, InvalidArgumentError, Option } from "commander";
import { SEVERITIES } from "../../model/status.js";
import { LOG_LEVELS } from "../progress.js";
import type { RunCliOptions } from "../run.js";
import type { WorkerCliOptions } from "../worker.js";
import { examples, exitWith, projectOption } from "./options.js";

export function registerRun(program: Command): void {
  const run = program
    .command("run")
    .description("Run every check against its targets, evaluate, write signed evidence and apply the CI gate.");
  projectOption(run)
    .option("--profile <id|file>", "override the project's profile")
    .addOption(
      new Option("--fail-under <score>", "fail the gate if any framework scores below this (0-100)").argParser(score),
    )
    .addOption(
      new Option(
        "--fail-on <severity>",
        "fail the gate on a failing or erroring requirement at or above this severity (default: info, i.e. any; none: only --fail-under and --baseline gate)",
      ).choices([...SEVERITIES, "none"]),
    )
    .option(
      "--allow-errors",
      "checks that could not be audited (unreachable target, denied privilege) do not change the exit code (default: exit 4)",
    )
    .option(
      "--targets <expr>",
      "only targets matching every clause: id|type|tag|group|host=value, '|' for alternatives, globs allowed (e.g. 'type=postgres,tag=pii')",
    )
    .option("--target <ids>", "only these targets, comma-separated ids or globs (sugar for --targets 'id=a|b')")
    .option("--tags <tags>", "only targets with any of these tags, comma-separated (sugar for --targets 'tag=a|b')")
    .option(
      "--checks <globs>",
      "only these checks, comma-separated globs (e.g. 'pg.*,tls.*'); requirements they leave unchecked show as not selected",
    )
    .option("--framework <ids>", "only these frameworks, comma-separated ids (e.g. gdpr); the others are left out")
    .addOption(
      new Option(
        "--concurrency <n>",
        "probe runs at once on this machine (default: the project's run.concurrency)",
      ).argParser(positiveInt),
    )
    .option(
      "--queue <url>",
      "distributed run: enqueue the probe runs on BullMQ (postgres://… or redis://…, also ASSAY_QUEUE_URL) for `assay worker`s, then evaluate and sign here",
    )
    .option(
      "--resume <run>",
      "with --queue: continue waiting for a run already in the queue (after this process stopped)",
    )
    .option(
      "--wait-timeout <seconds>",
      "with --queue: stop waiting after this long and sign what arrived as an explicitly partial run",
      parseFloat,
    )
    .option("--json", "print the machine result on stdout (schema: schemas/run-result.schema.json)")
    .option("--no-evidence", "do not write evidence (dry runs only)")
    .option("--report <formats>", "render reports of this run: html,pdf,json,junit,sarif,oscal,md")
    .option("--report-dir <dir>", "where reports go (a folder per run inside it); default: the project's reports.dir")
    .option("--baseline <run>", "gate on regressions since this run (folder or run id) instead of on every failure")
    .option("-q, --quiet", "print nothing but errors; the exit code tells the gate result")
    .addOption(new Option("--log-level <level>", "structured JSON logs on stderr").choices(LOG_LEVELS).default("warn"))
    .action(async (opts: RunCliOptions) => exitWith((await import("../run.js")).runCommand(opts)));
  examples(run, [
    "assay run",
    "assay run --fail-on high --fail-under 80",
    "assay run --fail-on none --fail-under 90    # gate on the score only",
    "assay run --json > result.json",
    "assay run --report html,pdf,junit,sarif,md --report-dir reports",
    "assay run --baseline latest    # gate only on what regressed since the last run",
    "assay run --targets 'type=postgres,tag=pii' --checks 'pg.*'",
    "assay run --tags pii --framework gdpr --concurrency 4",
    "assay run --queue postgres://assay@db.internal/assay_queue    # with workers: assay worker --queue …",
  ]);

  const worker = program
    .command("worker")
    .description(
      "Run probe jobs of distributed runs from a BullMQ queue (see assay run --queue); secrets resolve from this machine's environment.",
    )
    .option("--queue <url>", "postgres://… or redis://… (default: ASSAY_QUEUE_URL)")
    .option("--concurrency <n>", "jobs at once", (v) => parseInt(v, 10), 8)
    .option("--base-dir <dir>", "folder that ${file:…} references and file targets resolve against", ".")
    .option(
      "--lock-seconds <n>",
      "a job whose worker stops renewing its lock this long is retried elsewhere",
      parseFloat,
      30,
    )
    .option("-q, --quiet", "print nothing but errors")
    .action(async (opts: WorkerCliOptions) => exitWith((await import("../worker.js")).workerCommand(opts)));
  examples(worker, [
    "assay worker --queue postgres://assay@db.internal/assay_queue --concurrency 16",
    "ASSAY_QUEUE_URL=postgres://assay@db.internal/assay_queue assay worker",
  ]);
}

/** `--concurrency`: a whole number from 1 to 1024. */
function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new InvalidArgumentError("a whole number from 1 to 1024 is expected.");
  return n;
}

/** `--fail-under`: a score from 0 to 100. */
function score(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError("a number from 0 to 100 is expected.");
  return n;
}
