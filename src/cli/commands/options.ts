/**
 * @module What several command registrations share, worded once: the project and evidence-store
 * options, the "Examples:" help block, and how a lazily imported implementation sets the exit code.
 */
import type { Command } from "commander";

/** `-p/--project` for commands that need a project file (default `assay.yaml`). */
export function projectOption(cmd: Command, description = "project file"): Command {
  return cmd.option("-p, --project <file>", description, "assay.yaml");
}

/**
 * `-p/--project` and `--evidence` for commands that read stored runs (optional project: these
 * commands also work on a bare evidence folder), and `--key` when a trusted key applies: repeatable,
 * as for `assay verify` (each run is checked against the given key valid at its time).
 */
export function storeOptions(cmd: Command, text: { key?: string; evidence?: string } = {}): Command {
  cmd
    .option(
      "-p, --project <file>",
      "project file whose evidence and reports folders to use (default: assay.yaml when present)",
    )
    .option("--evidence <dir>", text.evidence ?? "evidence folder (default: the project's evidence.dir)");
  return text.key === undefined ? cmd : keyOption(cmd, text.key);
}

/** Help text after the options: an optional paragraph, then one `$ assay …` line per example. */
export function examples(cmd: Command, lines: readonly string[], preface?: string): Command {
  const block = `Examples:\n${lines.map((l) => `  $ ${l}`).join("\n")}`;
  return cmd.addHelpText("after", `\n${preface ? `${preface}\n\n` : ""}${block}`);
}

/** A repeatable option (`--key a --key b`): every value in order, never only the last. */
export const collect = (v: string, all: string[] = []): string[] => [...all, v];

/** `--key <file>`, repeatable: every command that verifies runs takes trusted keys the same way. */
export function keyOption(cmd: Command, what: string): Command {
  return cmd.option(
    "--key <file>",
    `${what} (JWK or JWKS; repeat for several: each run must be signed by one valid at its time)`,
    collect,
  );
}

/** The exit code of a command's implementation becomes the process's (errors: `exitFor`). */
export async function exitWith(code: number | Promise<number>): Promise<void> {
  process.exitCode = await code;
}
