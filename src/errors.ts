/**
 * @module The one error model. Every error Assay raises on purpose is an `AssayError` carrying the
 * exit code the CLI gives it and, when there is one, a hint telling the user what to change (as
 * Hono's one `HTTPException` carries its status). `src/cli/exit.ts` (`exitFor`) maps them in one place.
 * The exit-code table lives here, below the CLI, so stages can raise with a code without importing
 * the CLI; `src/cli/exit.ts` re-exports it with the CLI's precedence rules.
 */

/** Documented exit codes (README "Exit codes", docs/architecture.md). */
export const EXIT = {
  /** The gate passed and every check could be audited. */
  ok: 0,
  /** The gate failed: non-compliant (or `assay verify` found a problem). */
  gateFailed: 1,
  /** Invalid input or usage; nothing ran. */
  invalid: 2,
  /** The run could not complete: interrupted, evidence not written, internal error. */
  incomplete: 3,
  /** Some targets or checks could not be audited (unreachable, denied, undecided). */
  notAudited: 4,
  /** The evidence was written but one or more report formats could not be rendered. */
  reportFailed: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Each exit code in a few words: `assay --help` prints these, and every row of the README's
 * "Exit codes" table starts with them (test/cli/exit-codes.test.ts), so the three cannot drift apart.
 */
export const EXIT_MEANING: Readonly<Record<ExitCode, string>> = {
  0: "gate passed",
  1: "gate failed or verification failed",
  2: "invalid input or usage; nothing ran",
  3: "the run could not complete",
  4: "some targets or checks could not be audited",
  5: "a report format could not be written",
};

export interface AssayErrorOptions {
  /** Exit code when this error ends a command; default `EXIT.incomplete`. */
  readonly exit?: ExitCode;
  /** What the user should do about it, in one sentence. */
  readonly hint?: string;
  readonly cause?: unknown;
}

export class AssayError extends Error {
  override readonly name: string = "AssayError";
  readonly exit: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, opts: AssayErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.exit = opts.exit ?? EXIT.incomplete;
    this.hint = opts.hint;
  }
}

/** The message of anything thrown: an Error's message, or the thrown value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
