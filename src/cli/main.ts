/**
 * @module The commander front end: builds the program from one registration module per command
 * group (src/cli/commands/), parses, and hands anything thrown to `exitFor` (src/cli/exit.ts), the
 * one place that prints an error and picks its exit code. Implementations are imported lazily so
 * `assay --version` loads nothing heavy.
 */
import { Command } from "commander";
import { EXIT_MEANING } from "../errors.js";
import { assayVersion } from "../version.js";
import { registerAuditor } from "./commands/auditor.js";
import { addConventions } from "./commands/conventions.js";
import { registerKeys } from "./commands/keys.js";
import { registerProject } from "./commands/project.js";
import { registerRun } from "./commands/run.js";
import { registerStore } from "./commands/store.js";
import { exitFor } from "./exit.js";

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
  $ assay init    # write a commented assay.yaml
  $ assay check    # validate every input, touch no target
  $ assay run --fail-on high --report html,md    # audit, sign evidence, gate, render reports
  $ assay verify --key keys/assay-public.jwk    # offline: signatures, hashes, Merkle roots, the chain
  $ assay report latest --format pdf,oscal    # into reports/<run-id>/
  $ assay diff previous latest    # what regressed or recovered since the run before

Exit codes: ${Object.entries(EXIT_MEANING)
        .map(([code, meaning]) => `${code} ${meaning}`)
        .join(" · ")}.
Docs: README.md, docs/architecture.md`,
    );
  for (const register of [registerProject, registerRun, registerStore, registerAuditor, registerKeys])
    register(program);
  addConventions(program);
  return program;
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
