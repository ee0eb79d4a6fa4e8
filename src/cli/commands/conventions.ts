/**
 * @module The options every command takes (clig.dev conventions): `--no-color` (as `NO_COLOR=1`),
 * `-q/--quiet` (nothing on stdout but a requested --json result; errors and the exit code remain)
 * and `-v/--verbose` (more detail on stderr; for `run`, logs at info level). An option that takes
 * one value may be given once: `--sign a.jwk --sign b.jwk` is a usage error, never "the last wins"
 * (repeatable options such as `--key` collect every value).
 */
import type { Command } from "commander";
import { EXIT } from "../../errors.js";
import { collect } from "./options.js";

/** Every command that runs something, including nested ones (`runs list`, `keys generate`). */
export function leaves(c: Command): Command[] {
  return c.commands.length === 0 ? [c] : c.commands.flatMap(leaves);
}

export function addConventions(program: Command): void {
  for (const c of leaves(program)) {
    c.option("--no-color", "no ANSI colours or cursor movement (as NO_COLOR=1)");
    if (!c.options.some((o) => o.long === "--quiet"))
      c.option("-q, --quiet", "print nothing on stdout but a requested --json result; the exit code tells");
    c.option("-v, --verbose", "more detail on stderr (for run: progress logs at info level)");
    onceOnly(c);
  }
  program.hook("preAction", (_program, action) => {
    const o = action.opts<{ color?: boolean; quiet?: boolean; verbose?: boolean; json?: boolean; logLevel?: string }>();
    if (o.color === false) process.env["NO_COLOR"] = "1";
    if (o.verbose && o.logLevel === "warn") action.setOptionValue("logLevel", "info");
    if (o.quiet && !o.json) process.stdout.write = () => true;
  });
}

/** Values given for each single-value option of `c`: a second one stops parsing with a usage error. */
function onceOnly(c: Command): void {
  for (const o of c.options) {
    if (!(o.required || o.optional) || o.variadic || o.parseArg === collect) continue;
    let given = false;
    c.on(`option:${o.name()}`, () => {
      // The values are not echoed: one of them may be a secret typed in the wrong place.
      if (given)
        c.error(`error: option '${o.flags}' given twice; it takes one value`, {
          code: "assay.optionRepeated",
          exitCode: EXIT.invalid,
        });
      given = true;
    });
  }
}
