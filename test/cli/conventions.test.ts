/**
 * @module CLI conventions on every command, as processes of `bin/assay.js`: `--no-color`, `-q`,
 * `-v` everywhere, "did you mean" for a mistyped option, and no ANSI codes in piped output.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { leaves } from "../../src/cli/commands/conventions.js";
import { collect } from "../../src/cli/commands/options.js";
import { buildProgram } from "../../src/cli/main.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const assay = (args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });

/** Every command that runs something, from the program itself (a new command is covered at once). */
const COMMANDS = leaves(buildProgram()).map((c) => {
  const names: string[] = [];
  for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
  return names;
});

/** Commands that print a result: each takes --json (keys generate/rotate: the keys engineer's; attest, requests, bundle: json-results.test.ts parses them). */
const PRINTS_A_RESULT = [
  ["check"],
  ["run"],
  ["init"],
  ["probes", "list"],
  ["probes", "show"],
  ["verify"],
  ["evidence", "show"],
  ["runs", "list"],
  ["report"],
  ["diff"],
  ["attest"],
  ["requests"],
  ["bundle"],
];

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "assay-conventions-"));
  cpSync(join(root, "examples/config"), dir, { recursive: true });
  const file = join(dir, "assay.yaml");
  writeFileSync(
    file,
    readFileSync(file, "utf8")
      .replace("dir: ../../evidence/config-example", "dir: evidence")
      .replace("dir: ../../reports/config-example", "dir: reports"),
  );
  return dir;
}

describe("CLI conventions", () => {
  for (const c of COMMANDS)
    it(`assay ${c.join(" ")} takes --no-color, -q/--quiet and -v/--verbose`, () => {
      const r = assay([...c, "--help"]);
      assert.equal(r.status, 0, r.stderr);
      for (const o of ["--no-color", "-q, --quiet", "-v, --verbose"])
        assert.ok(r.stdout.includes(o), `${o} in ${c.join(" ")}`);
    });

  it("every command that prints a result takes --json, and what it prints parses", () => {
    const names = COMMANDS.map((c) => c.join(" "));
    for (const c of ["attest", "bundle", "requests", "worker", "keys generate"]) assert.ok(names.includes(c), c);
    for (const c of PRINTS_A_RESULT) assert.match(assay([...c, "--help"]).stdout, /--json/, c.join(" "));
    const dir = project();
    assert.equal(assay(["run", "-q"], dir).status, 1);
    const fresh = mkdtempSync(join(tmpdir(), "assay-conventions-init-"));
    const outputs = [
      assay(["init", "--json"], fresh),
      assay(["report", "latest", "-f", "md", "--json"], dir),
      assay(["probes", "show", "pg_transport", "--json"]),
      assay(["evidence", "show", "latest", "gdpr-32.1.a", "-q", "--json"], dir),
    ];
    for (const r of outputs) assert.doesNotThrow(() => JSON.parse(r.stdout) as unknown, r.stderr);
    const [init, report, probe] = outputs.map((r) => JSON.parse(r.stdout) as Record<string, unknown>);
    assert.deepEqual(init?.["written"], ["assay.yaml", ".gitignore"]);
    assert.deepEqual(report?.["verified"], true);
    assert.equal(probe?.["id"], "pg_transport");
  });

  it("output names real things, never a placeholder such as <id> or <run id>", () => {
    const dir = project();
    for (const args of [["probes", "list"], ["run"], ["runs", "list"], ["check"]]) {
      const r = assay(args, dir);
      assert.doesNotMatch(r.stdout + r.stderr, /<[a-z][a-z -]*>/, args.join(" "));
    }
  });

  it("-q prints nothing on stdout and keeps the exit code; --json still prints the result", () => {
    const dir = project();
    const quiet = assay(["run", "-q"], dir);
    assert.equal(quiet.status, 1);
    assert.equal(quiet.stdout, "");
    const runs = assay(["runs", "list", "-q"], dir);
    assert.equal(runs.status, 0, runs.stderr);
    assert.equal(runs.stdout, "");
    const json = assay(["runs", "list", "-q", "--json"], dir);
    assert.equal((JSON.parse(json.stdout) as { runs: unknown[] }).runs.length, 1);
  });

  it("piped output, --no-color and TERM=dumb carry no ANSI escape codes", () => {
    const dir = project();
    for (const args of [["run"], ["run", "--no-color"]]) {
      const r = assay(args, dir, { FORCE_COLOR: "1", TERM: "xterm-256color" });
      assert.equal(r.status, 1, r.stderr);
      assert.ok(!r.stdout.includes("\x1b[") && !r.stderr.includes("\x1b["), `no ANSI in ${args.join(" ")}`);
    }
    const dumb = assay(["check"], dir, { TERM: "dumb" });
    assert.ok(!dumb.stdout.includes("\x1b["));
  });

  it("a mistyped option or command is a usage error with a suggestion", () => {
    const option = assay(["run", "--fial-on", "high"]);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /unknown option '--fial-on'\n\(Did you mean --fail-on\?\)/);
    const command = assay(["chek"]);
    assert.equal(command.status, 2);
    assert.match(command.stderr, /\(Did you mean check\?\)/);
    const choice = assay(["run", "--fail-on", "urgent"]);
    assert.equal(choice.status, 2);
    assert.match(choice.stderr, /Allowed choices are critical, high, medium, low, info, none/);
  });
});

describe("an option that takes one value", () => {
  /** Every single-value option of every command (repeatable ones, such as --key, collect instead). */
  const cases = leaves(buildProgram()).flatMap((c) => {
    const names: string[] = [];
    for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
    return c.options
      .filter((o) => (o.required || o.optional) && !o.variadic && o.parseArg !== collect)
      .map((o) => ({ names, flag: o.long ?? o.short ?? "", value: o.argChoices?.[0] ?? "7" }));
  });

  it("is refused when given twice (exit 2), naming the option but neither value", async () => {
    assert.ok(cases.length > 40, `${cases.length} single-value options`);
    const repeatable = leaves(buildProgram()).flatMap((c) => c.options.filter((o) => o.parseArg === collect));
    assert.ok(
      repeatable.some((o) => o.long === "--key"),
      "--key collects every value",
    );
    for (const { names, flag, value } of cases) {
      const program = buildProgram();
      // Should the option be taken twice, no command runs: the test fails on this error instead.
      program.hook("preAction", () => {
        throw new Error("the command would have run");
      });
      let stderr = "";
      program.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => undefined });
      for (const c of leaves(program)) c.configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => undefined });
      const argv = ["node", "assay", ...names, flag, value, flag, value === "7" ? "8" : value];
      await assert.rejects(program.parseAsync(argv), { code: "assay.optionRepeated", exitCode: 2 }, argv.join(" "));
      assert.match(stderr, new RegExp(`option '[^']*${flag}[^']*' given twice`), argv.join(" "));
      assert.doesNotMatch(stderr, /'7'|'8'/);
    }
  });

  it("as a process: assay check -p a.yaml -p b.yaml exits 2 and checks neither", () => {
    const r = assay(["check", "-p", "first.yaml", "-p", "second.yaml"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /option '-p, --project <file>' given twice; it takes one value/);
    assert.doesNotMatch(r.stderr, /first\.yaml|second\.yaml/);
  });
});
