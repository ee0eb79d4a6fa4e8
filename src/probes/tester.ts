/**
 * @module `testProbe`, in the spirit of ESLint's RuleTester: tests are data. It checks the probe
 * itself (id, version, params schema compiles and is closed, aspects and messages non-empty, no
 * duplicate case names) and then runs each case through the same path as the engine (params
 * validated and frozen) and asserts every finding uses a declared aspect and message id, fills
 * every placeholder, and that the expected message ids appear with the expected status.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FindingStatus } from "../model/status.js";
import type { TargetHandleMap, TargetType } from "../targets/index.js";
import { type AnyProbe, formatMessage } from "./define.js";
import { deepFreeze, paramsProblems } from "./params.js";

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
  readonly expect: Readonly<Record<string, FindingStatus>>;
  /** When true, findings with other message ids are a test failure too. */
  readonly exact?: boolean;
}

export interface InvalidParamsCase {
  readonly name: string;
  readonly params: Record<string, unknown>;
}

export function testProbe(
  probe: AnyProbe,
  cases: { readonly cases: readonly ProbeCase[]; readonly invalidParams?: readonly InvalidParamsCase[] },
): void {
  const { meta } = probe;
  void describe(`probe ${meta.id}`, () => {
    void it("has valid metadata", () => {
      assert.match(meta.id, /^[a-z][a-z0-9_]*$/, "probe id must be snake_case");
      assert.match(meta.version, /^\d+\.\d+\.\d+$/, "version must be semver");
      assert.equal(meta.sideEffects, "none");
      assert.ok(meta.title && meta.description, "title and description are required");
      assert.ok(meta.targetTypes.length > 0, "at least one target type");
      assert.ok(meta.privileges.length > 0, "privileges must be documented");
      assert.ok(Object.keys(meta.aspects).length > 0, "at least one aspect");
      assert.ok(Object.keys(meta.messages).length > 0, "at least one message");
      assert.equal(
        (meta.params as { additionalProperties?: unknown }).additionalProperties,
        false,
        "params schema must reject unknown keys",
      );
      assert.doesNotThrow(() => paramsProblems(probe, {}), "params schema must compile");
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
        const problems = paramsProblems(probe, c.params as never);
        assert.deepEqual(problems, [], "case params must satisfy the probe's schema");
        const target = {
          id: c.target.id ?? "test-target",
          type: c.target.type,
          tags: c.target.tags ?? [],
          handle: c.target.handle,
        };
        const out = await probe.run({
          params: deepFreeze(structuredClone(c.params)),
          target,
          signal: AbortSignal.timeout(60_000),
          now: () => new Date(),
        });
        const messages = meta.messages as Record<string, string>;
        for (const f of out.findings) {
          assert.ok(Object.hasOwn(meta.aspects, f.aspect), `unknown aspect ${f.aspect}`);
          const template = messages[f.messageId];
          assert.ok(template !== undefined, `unknown message id ${f.messageId}`);
          const text = formatMessage(template, f.data);
          assert.doesNotMatch(text, /\{\{\s*[\w.]+\s*\}\}/, `unfilled placeholder in ${f.messageId}: ${text}`);
        }
        const got = out.findings.map((f) => `${f.messageId}:${f.status}`);
        for (const [id, status] of Object.entries(c.expect)) {
          assert.ok(
            got.includes(`${id}:${status}`),
            `expected ${id} with status ${status}; got ${got.join(", ") || "no findings"}`,
          );
        }
        if (c.exact)
          assert.deepEqual([...new Set(out.findings.map((f) => f.messageId))].sort(), Object.keys(c.expect).sort());
        JSON.stringify(out.facts); // facts must be plain JSON
      });
    }
  });
}
