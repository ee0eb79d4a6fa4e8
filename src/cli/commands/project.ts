/** @module Registration of the commands that start and inspect a project: init, check, probes. */
import type { Command } from "commander";
import { examples, exitWith, projectOption } from "./options.js";

export function registerProject(program: Command): void {
  const init = program.command("init").description("Write a commented assay.yaml to start a new project");
  projectOption(init, "file to write")
    .option("--force", "overwrite an existing file")
    .option("--json", "print the files written and the next commands as JSON")
    .action(async (opts: { project: string; force?: boolean; json?: boolean }) =>
      exitWith((await import("../init.js")).initCommand(opts)),
    );
  examples(init, ["assay init", "assay init -p audits/assay.yaml"]);

  const check = program
    .command("check")
    .description("Validate the project file, catalogs, checks, profile, mappings and waivers; touch no target.");
  projectOption(check)
    .option("--profile <id|file>", "validate with this profile instead of the project's")
    .option("--json", "print the machine-readable summary on stdout")
    .action(async (opts: { project: string; profile?: string; json?: boolean }) =>
      exitWith((await import("../check.js")).checkCommand(opts)),
    );
  examples(check, ["assay check", "assay check --profile assay:strict", "assay check -p assay.yaml --json"]);

  const probes = program.command("probes").description("List and describe the probes this Assay knows.");
  const list = probes
    .command("list")
    .description("List every probe with its target types")
    .option("--json", "machine-readable")
    .action(async (opts: { json?: boolean }) => exitWith((await import("../probes.js")).probesList(opts)));
  examples(list, ["assay probes list", "assay probes list --json | jq '.[].id'"]);
  const show = probes
    .command("show <id>")
    .description("Show a probe's metadata: params schema, aspects, messages, privileges")
    .option("--json", "the metadata as JSON")
    .action(async (id: string, opts: { json?: boolean }) =>
      exitWith((await import("../probes.js")).probesShow(id, opts)),
    );
  examples(show, ["assay probes show pg_transport", "assay probes show tls_endpoint --json"]);
}
