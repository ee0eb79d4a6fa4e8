/**
 * @module The commander front end. It only parses arguments and calls importable functions; each
 * command's implementation is imported lazily so `assay --version` loads nothing heavy.
 * Exit codes: src/cli/exit.ts. Every error a command raises on purpose is an `AssayError`; this
 * file is the one place that prints it (with its hint) and turns it into the exit code it carries.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { AssayError, errorMessage } from "../errors.js";
import { SIGNING_ALGS } from "../model/evidence.js";
import { SEVERITIES } from "../model/status.js";
import { assayVersion } from "../version.js";
import { EXIT } from "./exit.js";
import { LOG_LEVELS } from "./progress.js";
import type { RunCliOptions } from "./run.js";
import type { AttestCliOptions } from "./attest.js";
import type { WorkerCliOptions } from "./worker.js";

export function buildProgram(): Command {
  const program = new Command("assay")
    .description(
      "Compliance-as-code auditing: GDPR and ISO/IEC 27001:2022 checks on live systems, signed evidence, reports.",
    )
    .version(assayVersion(), "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (s, write) => write(s) })
    .addHelpText(
      "after",
      `
Examples:
  $ assay init                                   write a commented assay.yaml
  $ assay check                                  validate every input, touch no target
  $ assay run --fail-on high --report html,md    audit, sign evidence, gate, render reports
  $ assay verify --key keys/assay-public.jwk     offline: signatures, hashes, Merkle roots, the chain
  $ assay report latest --format pdf,oscal       into reports/<run-id>/
  $ assay diff previous latest                   what regressed or recovered since the run before

Exit codes: 0 gate passed · 1 gate failed or verification failed · 2 invalid input or usage (nothing ran) ·
  3 run incomplete · 4 some targets or checks could not be audited · 5 a report format could not be written.
Docs: README.md, docs/architecture.md`,
    );

  program
    .command("check")
    .description("Validate the project file, catalogs, checks, profile, mappings and waivers; touch no target.")
    .option("-p, --project <file>", "project file", "assay.yaml")
    .option("--profile <id|file>", "validate with this profile instead of the project's")
    .option("--json", "print the machine-readable summary on stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay check\n  $ assay check --profile assay:strict\n  $ assay check -p examples/config/assay.yaml --json",
    )
    .action(async (opts: { project: string; profile?: string; json?: boolean }) => {
      const { checkCommand } = await import("./check.js");
      process.exitCode = await checkCommand(opts);
    });

  program
    .command("run")
    .description("Run every check against its targets, evaluate, write signed evidence and apply the CI gate.")
    .option("-p, --project <file>", "project file", "assay.yaml")
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
    .option(
      "--checks <globs>",
      "only these checks, comma-separated globs (e.g. 'pg.*,tls.*'); requirements left without a check are skipped",
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
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay run\n  $ assay run --fail-on high --fail-under 80\n  $ assay run --fail-on none --fail-under 90    # gate on the score only\n  $ assay run --json > result.json\n  $ assay run --report html,pdf,junit,sarif,md --report-dir reports\n  $ assay run --baseline evidence/2026-11-01T02-00-00Z-4f2a1c\n  $ assay run --targets 'type=postgres,tag=pii' --checks 'pg.*'\n  $ assay run --queue postgres://assay@db.internal/assay_queue    # with workers: assay worker --queue …",
    )
    .action(async (opts: RunCliOptions) => {
      const { runCommand } = await import("./run.js");
      process.exitCode = await runCommand(opts);
    });

  program
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
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay worker --queue postgres://assay@db.internal/assay_queue --concurrency 16\n  $ ASSAY_QUEUE_URL=redis://queue:6379 assay worker",
    )
    .action(async (opts: WorkerCliOptions) => {
      const { workerCommand } = await import("./worker.js");
      process.exitCode = await workerCommand(opts);
    });

  program
    .command("init")
    .description("Write a commented assay.yaml to start a new project")
    .option("-p, --project <file>", "file to write", "assay.yaml")
    .option("--force", "overwrite an existing file")
    .addHelpText("after", "\nExamples:\n  $ assay init\n  $ assay init -p audits/assay.yaml")
    .action(async (opts: { project: string; force?: boolean }) => {
      const { initCommand } = await import("./init.js");
      process.exitCode = initCommand(opts);
    });

  const probes = program.command("probes").description("List and describe the probes this Assay knows.");
  probes
    .command("list")
    .description("List every probe with its target types")
    .option("--json", "machine-readable")
    .addHelpText("after", "\nExamples:\n  $ assay probes list\n  $ assay probes list --json | jq '.[].id'")
    .action(async (opts: { json?: boolean }) => {
      const { probesList } = await import("./probes.js");
      process.exitCode = probesList(opts);
    });
  probes
    .command("show <id>")
    .description("Show a probe's metadata: params schema, aspects, messages, privileges")
    .addHelpText("after", "\nExamples:\n  $ assay probes show pg_transport\n  $ assay probes show tls_endpoint")
    .action(async (id: string) => {
      const { probesShow } = await import("./probes.js");
      process.exitCode = probesShow(id);
    });

  program
    .command("verify [path]")
    .description(
      "Verify signed evidence offline: signature, every record's hash, Merkle root, no record missing or extra, the chain of runs; or an audit package (.zip) member by member.",
    )
    .option(
      "--key <file>",
      "trusted public key (JWK or JWKS); without it the key stored beside the evidence is used (weaker)",
    )
    .option(
      "--record <bundle>",
      "verify one evidence bundle written by `assay evidence show` against its signed manifest",
    )
    .option("--json", "machine-readable report")
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", "evidence folder verified when no path is given (default: the project's evidence.dir)")
    .addHelpText(
      "after",
      "\nWithout a path the project's whole evidence folder is verified; a run is named by folder, id, id prefix, latest or previous.\n\nExamples:\n  $ assay verify\n  $ assay verify latest\n  $ assay verify evidence --key keys/assay-public.jwk\n  $ assay verify --record gdpr-32.1.a.json",
    )
    .action(
      async (
        path: string | undefined,
        opts: { key?: string; record?: string; json?: boolean; project?: string; evidence?: string },
      ) => {
        const { verifyCommand } = await import("./verify.js");
        process.exitCode = await verifyCommand(path, opts);
      },
    );

  const collect = (v: string, all: string[] = []): string[] => [...all, v];
  program
    .command("attest <id>")
    .description(
      "Write or update the attestation of a requirement (or, with --check, of a check on --target targets) in an attestations file; --sign signs it with the attester's own key.",
    )
    .requiredOption("--status <status>", "implemented | partially_implemented | not_implemented | not_applicable")
    .requiredOption("--statement <text>", "the statement, in the attester's words")
    .requiredOption("--name <name>", "attester's name")
    .requiredOption("--role <role>", "attester's role, e.g. CISO")
    .requiredOption("--email <email>", "attester's e-mail")
    .option("-f, --file <file>", "attestations file to write", "attestations/attestations.yaml")
    .option("--check", "the id is a check id (attested on --target targets)")
    .option("--target <id>", "a target the statement covers (repeat)", collect)
    .option("--justification <text>", "why it does not apply (required for not_applicable)")
    .option("--date <YYYY-MM-DD>", "day of the statement (default: today)")
    .option("--valid-for <duration>", "ISO 8601 duration; default: the requirement's review frequency")
    .option("--document <file>", "an evidence document, hashed now (repeat)", collect)
    .option("--url <url#sha256=hex>", "a document held elsewhere, with its hash (repeat)", collect)
    .option("--sign <private.jwk>", "sign with the attester's private key (JWK, mode 0600)")
    .addHelpText(
      "after",
      '\nExamples:\n  $ assay attest iso-9.3 --status implemented --statement "Management review held on 2026-10-14." \\\n      --name "Dana Reyes" --role CISO --email dana@example.com --document docs/mr-minutes.pdf --sign ~/.keys/dana.jwk',
    )
    .action(async (id: string, opts: AttestCliOptions) => {
      const { attestCommand } = await import("./attest.js");
      process.exitCode = await attestCommand(id, opts);
    });

  program
    .command("bundle <run-or-period>")
    .description(
      "Write the auditor package: the evidence runs of a month (YYYY-MM) or one run, attestation documents, reports, Statement of Applicability, public keys (JWKS) and VERIFY.md, in one signed zip.",
    )
    .requiredOption("-o, --out <file>", "the zip to write, e.g. audit-2026-11.zip")
    .option("-p, --project <file>", "project file (evidence folder and signing key)", "assay.yaml")
    .option(
      "--format <list>",
      "report formats to include (default: html,json,soa,soa-csv,soa-xlsx, and pdf,soa-pdf with Chromium)",
    )
    .option("--key <file>", "trusted public key to verify the runs with before packaging")
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay bundle 2026-11 -o audit-2026-11.zip\n  $ assay verify audit-2026-11.zip --key assay-public.jwk",
    )
    .action(async (selector: string, opts: { out: string; project: string; format?: string; key?: string }) => {
      const { bundleCommand } = await import("./bundle.js");
      process.exitCode = await bundleCommand(selector, opts);
    });

  program
    .command("requests")
    .description(
      "Evidence requests for the next period: requirements whose attestation is missing, lapsed, invalid or due soon, with owner, due day and documents to provide.",
    )
    .option("-p, --project <file>", "project file", "assay.yaml")
    .option(
      "--due-within <duration>",
      "also list attestations expiring within this window (30d, 2w, 3m, 1y, P30D)",
      "30d",
    )
    .option("--format <format>", "md | csv | json", "md")
    .option("--today <YYYY-MM-DD>", "the day to judge validity on (default: today, UTC)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay requests --due-within 30d --format md > requests.md\n  $ assay requests -p assay.yaml --format csv > requests.csv",
    )
    .action(async (opts: { project: string; dueWithin: string; format: string; today?: string }) => {
      const { requestsCommand } = await import("./requests.js");
      process.exitCode = await requestsCommand(opts);
    });

  program
    .command("keys")
    .description("Manage evidence signing keys.")
    .command("generate")
    .description("Write a signing key pair: assay-private.jwk (mode 0600) and assay-public.jwk.")
    .addOption(new Option("--alg <alg>", "EdDSA (Ed25519) or ES256 (P-256)").choices(SIGNING_ALGS).default("EdDSA"))
    .option("--out <dir>", "folder for the key files", "keys")
    .option("--force", "replace existing key files")
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay keys generate\n  $ assay keys generate --alg ES256 --out ~/.config/assay",
    )
    .action(async (opts: { alg: string; out: string; force?: boolean }) => {
      const { keysGenerate } = await import("./keys.js");
      process.exitCode = await keysGenerate(opts);
    });

  program
    .command("evidence")
    .description("Inspect stored evidence.")
    .command("show <run> <id>")
    .description(
      "Print the records of a requirement or check in a run, with Merkle inclusion proofs (a bundle for `assay verify --record`).",
    )
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", "evidence folder (default: the project's evidence.dir)")
    .option("-o, --out <file>", "write the bundle to a file instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  $ assay evidence show latest gdpr-32.1.a -o gdpr-32.1.a.json\n  $ assay evidence show previous pg.ssl_enabled",
    )
    .action(async (run: string, id: string, opts: { project?: string; evidence?: string; out?: string }) => {
      const { evidenceShow } = await import("./evidence.js");
      process.exitCode = await evidenceShow(run, id, opts);
    });

  program
    .command("runs")
    .description("Runs in the evidence store.")
    .command("list")
    .description("List runs with date, score per framework and verification status.")
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", "evidence folder (default: the project's evidence.dir)")
    .option("--key <file>", "trusted public key (JWK or JWKS) for the verification status")
    .option("--json", "machine-readable")
    .addHelpText("after", "\nExamples:\n  $ assay runs list\n  $ assay runs list -p assay.yaml --json")
    .action(async (opts: { project?: string; evidence?: string; key?: string; json?: boolean }) => {
      const { runsList } = await import("./runs.js");
      process.exitCode = await runsList(opts);
    });

  program
    .command("report <run>")
    .description(
      "Render a stored run (folder or id) as html, pdf, json, junit, sarif, oscal and/or md, after verifying its evidence.",
    )
    .option("-f, --format <list>", "comma-separated formats: html,pdf,json,junit,sarif,oscal,md", "html")
    .option(
      "-o, --out <dir>",
      "reports folder; this run's reports go into <dir>/<run-id>/ (default: the project's reports.dir)",
    )
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", "evidence folder (default: the project's evidence.dir)")
    .option(
      "--key <file>",
      "trusted public key (JWK or JWKS); without it the key stored beside the run is used (weaker)",
    )
    .addHelpText(
      "after",
      "\nRuns are named by folder, id, unique id prefix, latest or previous.\n\nExamples:\n  $ assay report latest -f pdf\n  $ assay report latest --format html,oscal --out reports\n  $ assay report previous -f junit,sarif,md",
    )
    .action(
      async (
        run: string,
        opts: { format: string; out?: string; project?: string; evidence?: string; key?: string },
      ) => {
        const { reportCommand } = await import("./report.js");
        process.exitCode = await reportCommand(run, opts);
      },
    );

  program
    .command("diff <runA> <runB>")
    .description(
      "Compare two stored runs: requirements that regressed, recovered, changed, appeared or disappeared (exit 0).",
    )
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", "evidence folder (default: the project's evidence.dir)")
    .option("--key <file>", "trusted public key (JWK or JWKS) to verify both runs")
    .option("--json", "machine-readable")
    .addHelpText("after", "\nExamples:\n  $ assay diff previous latest\n  $ assay diff previous latest --json")
    .action(
      async (
        runA: string,
        runB: string,
        opts: { project?: string; evidence?: string; key?: string; json?: boolean },
      ) => {
        const { diffCommand } = await import("./diff.js");
        process.exitCode = await diffCommand(runA, runB, opts);
      },
    );

  addConventions(program);
  return program;
}

/** Every command that runs something, including nested ones (`runs list`, `keys generate`). */
function leaves(c: Command): Command[] {
  return c.commands.length === 0 ? [c] : c.commands.flatMap(leaves);
}

/**
 * The options every command takes (clig.dev conventions): `--no-color` (as `NO_COLOR=1`),
 * `-q/--quiet` (nothing on stdout but a requested --json result; errors and the exit code remain)
 * and `-v/--verbose` (more detail on stderr; for `run`, logs at info level).
 */
function addConventions(program: Command): void {
  for (const c of leaves(program)) {
    c.option("--no-color", "no ANSI colours or cursor movement (as NO_COLOR=1)");
    if (!c.options.some((o) => o.long === "--quiet"))
      c.option("-q, --quiet", "print nothing on stdout but a requested --json result; the exit code tells");
    c.option("-v, --verbose", "more detail on stderr (for run: progress logs at info level)");
  }
  program.hook("preAction", (_program, action) => {
    const o = action.opts<{ color?: boolean; quiet?: boolean; verbose?: boolean; json?: boolean; logLevel?: string }>();
    if (o.color === false) process.env["NO_COLOR"] = "1";
    if (o.verbose && o.logLevel === "warn") action.setOptionValue("logLevel", "info");
    if (o.quiet && !o.json) process.stdout.write = () => true;
  });
}

/** `--fail-under`: a score from 0 to 100. */
function score(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError("a number from 0 to 100 is expected.");
  return n;
}

export async function main(argv: readonly string[]): Promise<void> {
  // `assay runs list | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
  const program = buildProgram();
  let command = "assay";
  program.hook("preAction", (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c; c = c.parent) names.unshift(c.name());
    command = names.join(" ");
  });
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    process.exitCode = exitFor(err, command);
  }
}

/** The one mapping from a thrown value to what the user sees and the exit code. */
export function exitFor(err: unknown, command: string): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  if (err instanceof AssayError) {
    process.stderr.write(`${command}: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ""}`);
    return err.exit;
  }
  process.stderr.write(`${command}: internal error: ${errorMessage(err)}\n`);
  return EXIT.incomplete;
}
