/**
 * @module Registration of the commands that read stored runs: runs list, report, diff, evidence
 * show, verify. Each takes the project (`-p`) or an evidence folder, and names a run by folder, id,
 * unique id prefix, `latest` or `previous`.
 */
import type { Command } from "commander";
import { collect, examples, exitWith, keyOption, storeOptions } from "./options.js";

const TRUSTED_KEY = "trusted public key; without it the key stored beside the run is used (weaker)";

interface StoreOpts {
  project?: string;
  evidence?: string;
  key?: string[];
  json?: boolean;
}

export function registerStore(program: Command): void {
  const list = program
    .command("runs")
    .description("Runs in the evidence store.")
    .command("list")
    .description("List runs with date, score per framework and verification status.");
  storeOptions(list, { key: "trusted public key for the verification status" })
    .option("--json", "machine-readable")
    .action(async (opts: StoreOpts) => exitWith((await import("../runs.js")).runsList(opts)));
  examples(list, ["assay runs list", "assay runs list -p assay.yaml --json"]);

  const report = program
    .command("report <run>")
    .description(
      "Render a stored run (folder or id) as html, pdf, json, junit, sarif, oscal and/or md, after verifying its evidence.",
    )
    .option("-f, --format <list>", "comma-separated formats: html,pdf,json,junit,sarif,oscal,md", "html")
    .option(
      "-o, --out <dir>",
      "reports folder; this run's reports go into <dir>/<run-id>/ (default: the project's reports.dir)",
    );
  storeOptions(report, { key: TRUSTED_KEY })
    .option("--json", "print the run id, verification and the files written as JSON")
    .action(async (run: string, opts: StoreOpts & { format: string; out?: string }) =>
      exitWith((await import("../report.js")).reportCommand(run, opts)),
    );
  examples(
    report,
    [
      "assay report latest -f pdf",
      "assay report latest --format html,oscal --out reports",
      "assay report previous -f junit,sarif,md",
    ],
    "Runs are named by folder, id, unique id prefix, latest or previous.",
  );

  const diff = program
    .command("diff <runA> <runB>")
    .description(
      "Compare two stored runs: requirements that regressed, recovered, changed, appeared or disappeared (exit 0).",
    );
  storeOptions(diff, { key: "trusted public key to verify both runs" })
    .option("--json", "machine-readable")
    .action(async (runA: string, runB: string, opts: StoreOpts) =>
      exitWith((await import("../diff.js")).diffCommand(runA, runB, opts)),
    );
  examples(diff, ["assay diff previous latest", "assay diff previous latest --json"]);

  const show = program
    .command("evidence")
    .description("Inspect stored evidence.")
    .command("show <run> <id>")
    .description(
      "Print the records of a requirement or check in a run, with Merkle inclusion proofs (a bundle for `assay verify --record`).",
    );
  storeOptions(show)
    .option("-o, --out <file>", "write the bundle to a file instead of stdout")
    .option("--json", "print the bundle (JSON) on stdout, also with -o or -q")
    .action(async (run: string, id: string, opts: StoreOpts & { out?: string }) =>
      exitWith((await import("../evidence.js")).evidenceShow(run, id, opts)),
    );
  examples(show, [
    "assay evidence show latest gdpr-32.1.a -o gdpr-32.1.a.json",
    "assay evidence show previous pg.ssl_enabled",
  ]);

  const verify = program
    .command("verify [path]")
    .description(
      "Verify signed evidence offline: signature, every record's hash, Merkle root, no record missing or extra, the chain of runs; or an audit package (.zip) member by member.",
    )
    .option(
      "--jwks <file>",
      "key history (JWKS with valid_from / retired_at, as assay keys rotate writes): each run must be signed by the key valid at its time",
      collect,
    )
    .option(
      "--record <bundle>",
      "verify one evidence bundle written by `assay evidence show` against its signed manifest",
    )
    .option("--json", "machine-readable report");
  keyOption(verify, "trusted public key; without it the key stored beside the evidence is used (weaker)");
  storeOptions(verify, {
    evidence: "evidence folder verified when no path is given (default: the project's evidence.dir)",
  }).action(async (path: string | undefined, opts: StoreOpts & { jwks?: string[]; record?: string }) =>
    exitWith((await import("../verify.js")).verifyCommand(path, opts)),
  );
  examples(
    verify,
    [
      "assay verify",
      "assay verify latest",
      "assay verify evidence --key keys/assay-public.jwk",
      "assay verify --jwks keys/assay-keys.jwks",
      "assay verify --record gdpr-32.1.a.json",
    ],
    "Without a path the project's whole evidence folder is verified; a run is named by folder, id, id prefix, latest or previous.",
  );
}
