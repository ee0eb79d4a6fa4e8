/**
 * @module Exit codes of every command: `exitFor`, the one mapping from a thrown value (an
 * `AssayError` with its hint, a usage error, anything else) to what the user sees and the code,
 * and how `assay run` picks one when several apply.
 * Subcommands import this module (never `main.ts`), so the CLI has no import cycle.
 */
import { CommanderError } from "commander";
import { AssayError, EXIT, errorMessage, type ExitCode } from "../errors.js";

export { EXIT, type ExitCode };

export interface RunExitInput {
  readonly gatePassed: boolean;
  /** Check × target results that ended `error` (not waived): targets or checks not audited. */
  readonly notAudited: number;
  /** `--allow-errors`: the user said unaudited checks must not change the exit code. */
  readonly allowErrors: boolean;
  readonly reportsFailed: number;
}

/**
 * Precedence, most urgent first: a report could not be written (5), something could not be
 * audited (4), the gate failed (1), else 0. Every condition is also printed, so a code never hides
 * another: a run with errors and failures prints both and exits 4.
 */
export function runExitCode(r: RunExitInput): ExitCode {
  if (r.reportsFailed > 0) return EXIT.reportFailed;
  if (r.notAudited > 0 && !r.allowErrors) return EXIT.notAudited;
  return r.gatePassed ? EXIT.ok : EXIT.gateFailed;
}

/** The one mapping from a thrown value to what the user sees (on stderr) and the exit code. */
export function exitFor(err: unknown, command: string): ExitCode {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  if (err instanceof AssayError) {
    process.stderr.write(`${command}: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ""}`);
    return err.exit;
  }
  process.stderr.write(`${command}: internal error: ${errorMessage(err)}\n`);
  return EXIT.incomplete;
}
