/** @module The exit codes are written once (src/errors.ts): `assay --help` and the README's table say the same. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildProgram } from "../../src/cli/main.js";
import { EXIT, EXIT_MEANING } from "../../src/errors.js";

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

describe("exit codes", () => {
  const codes = Object.values(EXIT).sort();

  it("every code has its meaning, and only those", () => {
    assert.deepEqual(Object.keys(EXIT_MEANING).map(Number).sort(), codes);
  });

  it("the README's table lists every code once, each row starting with the code's meaning", () => {
    const section = readme.slice(readme.indexOf("## Exit codes"));
    const rows = [
      ...section.slice(0, section.indexOf("\n\n", section.indexOf("|"))).matchAll(/^\| (\d) \| (.*) \|$/gm),
    ];
    assert.deepEqual(
      rows.map((r) => Number(r[1])),
      codes,
    );
    for (const [, code, text] of rows)
      assert.ok(
        text?.startsWith(EXIT_MEANING[Number(code) as keyof typeof EXIT_MEANING]),
        `README row ${code}: ${text}`,
      );
  });

  it("assay --help prints every code with its meaning", () => {
    let help = "";
    const program = buildProgram().configureOutput({ writeOut: (s) => (help += s) });
    program.outputHelp();
    const line = help.slice(help.indexOf("Exit codes:")).replace(/\s+/g, " ");
    for (const code of codes) assert.ok(line.includes(`${code} ${EXIT_MEANING[code]}`), `${code} in: ${line}`);
  });
});
