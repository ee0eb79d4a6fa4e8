import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runPlan } from "../../src/engine/index.js";
import { planRun } from "../../src/plan/index.js";
import { Type } from "@sinclair/typebox";
import type { GroupLimit } from "../../src/model/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { CONNECTORS } from "../../src/targets/index.js";
import { Redactor, defaultSecretPorts } from "../../src/targets/secrets.js";
import { paramsObject } from "../../src/probes/params.js";
import { fileProbe } from "../support/probes.js";
import { check, fileTarget, req, spec } from "../support/spec.js";

const dir = mkdtempSync(join(tmpdir(), "assay-engine-"));
writeFileSync(join(dir, "a.txt"), "hello");
writeFileSync(join(dir, "b.txt"), "world");

let running = 0;
let peak = 0;
const calls: string[] = [];

/** A real probe over file targets whose behaviour is chosen by its params. */
const behave = fileProbe(
  "behave",
  paramsObject({
    mode: Type.Union([Type.Literal("ok"), Type.Literal("throw"), Type.Literal("hang"), Type.Literal("slow")]),
    tag: Type.Optional(Type.String()),
  }),
  { read: "read {{bytes}} bytes from {{file}}" },
  async ({ params, target, signal }) => {
    calls.push(`${target.id}:${params.mode}`);
    running++;
    peak = Math.max(peak, running);
    try {
      if (params.mode === "throw") throw new Error("cannot parse: token sk_live_secretvalue rejected");
      if (params.mode === "hang") await new Promise(() => undefined);
      if (params.mode === "slow") await new Promise((r) => setTimeout(r, 30));
      const text = await target.handle.readText(signal);
      return {
        facts: { bytes: text.length },
        findings: [{ aspect: "a", status: "pass", messageId: "read", data: { bytes: text.length, file: target.id } }],
      };
    } finally {
      running--;
    }
  },
);
const probes = new Map<string, AnyProbe>([["behave", behave]]);
const ports = defaultSecretPorts(dir);

test("identical probe runs are planned once and serve every check citing them", () => {
  const s = spec({
    requirements: [req("r1", ["c1", "c2"]), req("r2", ["c2", "c3"])],
    checks: [
      check("c1", "behave", { mode: "ok" }),
      check("c2", "behave", { mode: "ok" }, { aspects: ["a"] }),
      check("c3", "behave", { mode: "slow" }),
    ],
    targets: [fileTarget("t1", "a.txt"), fileTarget("t2", "b.txt")],
  });
  const plan = planRun(s, probes);
  assert.equal(plan.invocations.length, 4); // (ok, slow) × (t1, t2)
  assert.equal(plan.bindings.length, 6); // 3 checks × 2 targets
  assert.deepEqual(plan.invocations.find((i) => i.params["mode"] === "ok" && i.targetId === "t1")?.checkIds, [
    "c1",
    "c2",
  ]);
});

test("concurrency stays within the global and per-target bounds", async () => {
  peak = 0;
  const targets = Array.from({ length: 6 }, (_, i) => fileTarget(`t${i}`, i % 2 ? "a.txt" : "b.txt"));
  const checks = Array.from({ length: 5 }, (_, i) => check(`c${i}`, "behave", { mode: "slow", tag: String(i) }));
  const s = spec({
    checks,
    targets,
    concurrency: { global: 3, perTarget: 1 },
  });
  const obs = await runPlan(planRun(s, probes), s, { probes, connectors: CONNECTORS, secrets: ports });
  assert.equal(obs.length, 30);
  assert.ok(peak <= 3, `peak concurrency ${peak} exceeds 3`);
  assert.ok(peak >= 2, "probes should overlap");
});

test("a fleet holds about `concurrency` targets open: a target begun runs its next probe before another opens", async () => {
  // The real file connector, counting the handles it has open.
  let open = 0;
  let peakOpen = 0;
  const file = CONNECTORS.file;
  const connectors = {
    ...CONNECTORS,
    file: {
      ...file,
      open: async (...args: Parameters<typeof file.open>) => {
        const h = await file.open(...args);
        peakOpen = Math.max(peakOpen, ++open);
        return h;
      },
      close: async (h: Awaited<ReturnType<typeof file.open>>) => {
        open--;
        await file.close(h);
      },
    },
  } as typeof CONNECTORS;
  const targets = Array.from({ length: 40 }, (_, i) => fileTarget(`t${i}`, i % 2 ? "a.txt" : "b.txt", ["fleet"]));
  const checks = Array.from({ length: 4 }, (_, i) => check(`c${i}`, "behave", { mode: "slow", tag: String(i) }));
  const limited: GroupLimit[] = [{ scope: { tag: "fleet" }, concurrency: 2 }];
  for (const limits of [undefined, limited]) {
    peakOpen = 0;
    const base = spec({ checks, targets, concurrency: { global: 4, perTarget: 2 } });
    const s = limits ? { ...base, settings: { ...base.settings, limits } } : base;
    const obs = await runPlan(planRun(s, probes), s, { probes, connectors, secrets: ports });
    assert.equal(obs.filter((o) => o.error === undefined).length, 160);
    assert.equal(open, 0);
    // 40 were open at once before targets were ranked (every target's first probe ran before any second).
    assert.ok(peakOpen <= 8, `${peakOpen} targets open at once with concurrency 4 (limits: ${JSON.stringify(limits)})`);
  }
});

test("a thrown error, a hang past the deadline and a missing file each give an error; the rest still runs", async () => {
  const s = spec({
    requirements: [req("r", ["boom", "hang", "ok"])],
    checks: [
      check("boom", "behave", { mode: "throw" }),
      check("hang", "behave", { mode: "hang" }),
      check("ok", "behave", { mode: "ok" }),
    ],
    targets: [fileTarget("here", "a.txt"), fileTarget("gone", "missing.txt")],
    timeoutMs: 200,
  });
  const redactor = new Redactor();
  redactor.add("sk_live_secretvalue");
  const obs = await runPlan(planRun(s, probes), s, { probes, connectors: CONNECTORS, secrets: ports, redactor });
  const by = (mode: string, t: string) => obs.find((o) => o.params["mode"] === mode && o.targetId === t);
  assert.match(by("throw", "here")?.error ?? "", /cannot parse: token \*\*\* rejected/);
  assert.equal(by("hang", "here")?.error, "timed out after 0.2s");
  assert.match(by("ok", "gone")?.error ?? "", /ENOENT/);
  assert.equal(by("ok", "here")?.error, undefined);
  assert.equal(by("ok", "here")?.findings[0]?.message, "read 5 bytes from here");
});

test("cancellation stops waiting probes and reports them as errors", async () => {
  const controller = new AbortController();
  const checks = Array.from({ length: 4 }, (_, i) => check(`c${i}`, "behave", { mode: "hang", tag: String(i) }));
  const s = spec({
    checks,
    targets: [fileTarget("t", "a.txt")],
    concurrency: { global: 1, perTarget: 1 },
    timeoutMs: 10_000,
  });
  setTimeout(() => controller.abort(), 50);
  const obs = await runPlan(planRun(s, probes), s, {
    probes,
    connectors: CONNECTORS,
    secrets: ports,
    signal: controller.signal,
  });
  assert.equal(obs.length, 4);
  for (const o of obs) assert.match(o.error ?? "", /cancelled/);
});

test("a missing ${target:…} attribute is an error for that target only", async () => {
  const s = spec({
    requirements: [req("r", ["c"])],
    checks: [check("c", "behave", { mode: "ok", tag: "${target:label}" })],
    targets: [fileTarget("with", "a.txt", [], { label: "x" }), fileTarget("without", "b.txt")],
  });
  const obs = await runPlan(planRun(s, probes), s, { probes, connectors: CONNECTORS, secrets: ports });
  assert.equal(obs.find((o) => o.targetId === "with")?.error, undefined);
  assert.match(obs.find((o) => o.targetId === "without")?.error ?? "", /declares no attribute label/);
});
