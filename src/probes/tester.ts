/**
 * @module `testProbe`, in the spirit of ESLint's RuleTester: tests are data. It checks the probe
 * against the probe convention (`conventionProblems`), then runs each case through `runProbe` — the
 * engine's own path: params validated with defaults, deadline, message rendering, redaction — and
 * asserts every finding uses a declared aspect and message id whose template renders with no
 * unfilled placeholder, that the facts survive a JSON round trip unchanged, and that the expected
 * message ids appear with the expected status (or that the run ends in the expected error).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorMessage } from "../errors.js";
import type { JsonValue } from "../model/json.js";
import type { FindingStatus } from "../model/status.js";
import type { TargetHandleMap, TargetType } from "../targets/index.js";
import { type AnyProbe, formatMessage } from "./define.js";
import { assertSchemaCompiles } from "../schema/ajv.js";
import { paramsProblems } from "./params.js";
import { type ProbeRun, runProbe } from "./run.js";

export interface ProbeCase {
  readonly name: string;
  readonly target: {
    readonly type: TargetType;
    readonly handle: TargetHandleMap[TargetType];
    readonly id?: string;
    readonly tags?: readonly string[];
  };
  readonly params: Record<string, unknown>;
  /** Expected message ids, each with the status its finding must have. */
  readonly expect?: Readonly<Record<string, FindingStatus>>;
  /** When true, findings with other message ids are a test failure too. */
  readonly exact?: boolean;
  /** The run must end in an error (the probe threw: the target cannot be reached or read at all). */
  readonly error?: RegExp;
}

/** One case as a table row: its name, the target's handle, the expected ids with their status, and params when they differ from the table's. */
export type CaseRow<T extends TargetType> = readonly [
  name: string,
  handle: TargetHandleMap[T],
  expect: Readonly<Record<string, FindingStatus>>,
  params?: Record<string, unknown>,
];

/**
 * Cases on targets of one type, one row each, sharing `params` unless a row gives its own; `exact`
 * makes every row's expected ids the only ones allowed.
 */
export function casesOn<T extends TargetType>(
  type: T,
  params: Record<string, unknown>,
  rows: readonly CaseRow<T>[],
  { exact = false }: { readonly exact?: boolean } = {},
): ProbeCase[] {
  return rows.map(([name, handle, expect, own]) => ({
    name,
    target: { type, handle },
    params: own ?? params,
    expect,
    exact,
  }));
}

export interface InvalidParamsCase {
  readonly name: string;
  readonly params: Record<string, unknown>;
}

const UNFILLED = /\{\{\s*[\w.]+\s*\}\}/;

/**
 * Message ids in snake_case still used by probes awaiting conversion to camelCase (Oracle probes).
 * Remove an id from here when it is done.
 */
const SNAKE_CASE_PENDING = new Set<string>();

/** Everything in which a probe departs from the convention in docs/architecture.md ("Probes"). */
export function conventionProblems(probe: AnyProbe): string[] {
  const { meta } = probe;
  const out: string[] = [];
  const check = (ok: unknown, problem: string) => {
    if (!ok) out.push(`${meta.id}: ${problem}`);
  };
  check(/^[a-z][a-z0-9_]*$/.test(meta.id), "probe id must be snake_case");
  check(/^\d+\.\d+\.\d+$/.test(meta.version), "version must be semver");
  check(meta.sideEffects === "none", 'sideEffects must be "none"');
  check(meta.title && meta.description, "title and description are required");
  check(meta.targetTypes.length > 0, "at least one target type");
  check(meta.privileges.length > 0, "privileges must be documented");
  const aspects = Object.keys(meta.aspects);
  const messages = Object.entries(meta.messages as Record<string, string>);
  check(aspects.length > 0, "at least one aspect");
  for (const a of aspects) check(/^[a-z][a-z0-9_]*$/.test(a), `aspect ${a} must be snake_case`);
  check(messages.length > 0, "at least one message");
  for (const [id, text] of messages) {
    if (!SNAKE_CASE_PENDING.has(meta.id)) check(/^[a-z][a-zA-Z0-9]*$/.test(id), `message id ${id} must be camelCase`);
    check(typeof text === "string" && text.trim().length > 0, `message ${id} is empty`);
  }
  check(
    (meta.params as { additionalProperties?: unknown }).additionalProperties === false,
    "params schema must reject unknown keys (additionalProperties: false)",
  );
  try {
    assertSchemaCompiles(meta.params);
  } catch (err) {
    out.push(`${meta.id}: params schema does not compile: ${errorMessage(err)}`);
  }
  return out;
}

/** Run a probe once on a handle the test opened, through `runProbe`, as the engine would. */
export function runOnce(
  probe: AnyProbe,
  target: ProbeCase["target"],
  params: Record<string, unknown>,
  opts: { readonly timeoutMs?: number; readonly now?: () => Date; readonly signal?: AbortSignal } = {},
): Promise<ProbeRun> {
  return runProbe({
    probe,
    params: params as JsonValue,
    target: { id: target.id ?? "test-target", type: target.type, tags: target.tags ?? [] },
    open: () => Promise.resolve(target.handle),
    timeoutMs: opts.timeoutMs ?? 60_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
}

/** Assert what `testProbe` asserts of every successful run; returns the run narrowed to success. */
export function assertWellFormed(probe: AnyProbe, run: ProbeRun): Extract<ProbeRun, { ok: true }> {
  assert.ok(run.ok, `the probe ended in an error: ${run.ok ? "" : run.error}`);
  const { meta } = probe;
  const messages = meta.messages as Record<string, string>;
  for (const f of run.raw.findings) {
    assert.ok(Object.hasOwn(meta.aspects, f.aspect), `unknown aspect ${f.aspect}`);
    const template = messages[f.messageId];
    assert.ok(template !== undefined, `unknown message id ${f.messageId}`);
    const text = formatMessage(template, f.data);
    assert.doesNotMatch(text, UNFILLED, `unfilled placeholder in ${f.messageId}: ${text}`);
  }
  for (const f of run.findings) assert.doesNotMatch(f.message, UNFILLED);
  assert.deepStrictEqual(
    JSON.parse(JSON.stringify(run.raw.facts)) as unknown,
    run.raw.facts,
    "facts must survive a JSON round trip unchanged (plain JSON: no undefined, Date, NaN, Map)",
  );
  return run;
}

export function testProbe(
  probe: AnyProbe,
  cases: { readonly cases: readonly ProbeCase[]; readonly invalidParams?: readonly InvalidParamsCase[] },
): void {
  const { meta } = probe;
  void describe(`probe ${meta.id}`, () => {
    void it("follows the probe convention", () => {
      assert.deepEqual(conventionProblems(probe), []);
      const names = cases.cases.map((c) => c.name);
      assert.equal(new Set(names).size, names.length, "duplicate case names");
    });

    for (const c of cases.invalidParams ?? []) {
      void it(`rejects params: ${c.name}`, () => {
        assert.notEqual(paramsProblems(probe, c.params as never).length, 0, "params should be invalid");
      });
    }

    for (const c of cases.cases) {
      void it(c.name, async () => {
        assert.deepEqual(paramsProblems(probe, c.params as never), [], "case params must satisfy the probe's schema");
        const run = await runOnce(probe, c.target, c.params);
        if (c.error) {
          assert.ok(!run.ok, `expected an error matching ${String(c.error)}; the probe returned findings`);
          assert.match(run.error, c.error);
          return;
        }
        const out = assertWellFormed(probe, run);
        const got = out.findings.map((f) => `${f.messageId}:${f.status}`);
        for (const [id, status] of Object.entries(c.expect ?? {})) {
          assert.ok(
            got.includes(`${id}:${status}`),
            `expected ${id} with status ${status}; got ${got.join(", ") || "no findings"}`,
          );
        }
        if (c.exact)
          assert.deepEqual(
            [...new Set(out.findings.map((f) => f.messageId))].sort(),
            Object.keys(c.expect ?? {}).sort(),
          );
      });
    }
  });
}
