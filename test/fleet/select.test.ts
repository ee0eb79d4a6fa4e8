/** @module Run selection (`--targets`, `--target`, `--tags`, `--checks`, `--framework`) and per-group limits, on hand-built specs and a real engine run. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { runPlan } from "../../src/engine/index.js";
import { planRun } from "../../src/plan/index.js";
import { AssayError } from "../../src/errors.js";
import { applySelection, parseTargetExpression, selectionOf } from "../../src/plan/select.js";
import { type AnyProbe, defineProbe } from "../../src/probes/define.js";
import { CONNECTORS } from "../../src/targets/index.js";
import { defaultSecretPorts } from "../../src/targets/secrets.js";
import type { TargetDecl } from "../../src/model/index.js";
import { check, req, spec } from "../support/spec.js";

const dir = mkdtempSync(join(tmpdir(), "assay-select-"));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "a.txt"), "hello");

const at = { file: "t.yaml", line: 1, col: 1 };
const t = (
  id: string,
  type: string,
  tags: string[],
  connection: TargetDecl["connection"],
  group?: string,
): TargetDecl => ({
  id,
  type,
  tags,
  connection,
  attributes: {},
  ...(group ? { group } : {}),
  source: at,
});

/** A probe that only declares what it runs on: selection asks which targets each check applies to. */
const onType = (id: string, type: "postgres" | "endpoint"): AnyProbe =>
  defineProbe<Record<string, never>>()({
    meta: {
      id,
      version: "1.0.0",
      title: "t",
      description: "d",
      targetTypes: [type],
      privileges: ["none"],
      sideEffects: "none",
      params: { type: "object", additionalProperties: false, properties: {} },
      aspects: { a: "a" },
      messages: { ok: "ok" },
    },
    run: () => Promise.resolve({ facts: {}, findings: [] }),
  });

describe("--targets, --target, --tags, --checks and --framework", () => {
  const s = spec({
    requirements: [req("r-pg", ["pg.ssl", "pg.roles"]), req("r-tls", ["tls.min"]), req("r-manual", [])],
    checks: [check("pg.ssl", "p"), check("pg.roles", "p"), check("tls.min", "t")],
    targets: [
      t("db-eu-1", "postgres", ["pii"], { host: "h1" }, "pg-eu"),
      t("db-eu-2", "postgres", ["pii", "pci"], { host: "h2" }, "pg-eu"),
      t("db-us-1", "postgres", [], { host: "h1" }),
      t("api", "endpoint", ["pii"], { url: "https://api.example:8443/x" }),
    ],
  });
  const probes = new Map([
    ["p", onType("p", "postgres")],
    ["t", onType("t", "endpoint")],
  ]);
  const ids = (expr: string) => applySelection(s, { targets: expr }, probes).targets.map((x) => x.id);

  it("clauses joined by commas all hold; | gives alternatives; values are globs", () => {
    assert.deepEqual(ids("type=postgres,tag=pii"), ["db-eu-1", "db-eu-2"]);
    assert.deepEqual(ids("tag=pii,tag=pci"), ["db-eu-2"]);
    assert.deepEqual(ids("id=db-*-1"), ["db-eu-1", "db-us-1"]);
    assert.deepEqual(ids("type=endpoint|postgres,host=h1|api.example"), ["db-eu-1", "db-us-1", "api"]);
    assert.deepEqual(ids("group=pg-eu"), ["db-eu-1", "db-eu-2"]);
  });

  it("rejects unknown keys and malformed clauses, naming them", () => {
    assert.throws(() => parseTargetExpression("kind=postgres"), /unknown key "kind".*keys: id, type, tag, group, host/);
    assert.throws(
      () => parseTargetExpression("postgres"),
      (e) => e instanceof AssayError && e.exit === 2,
    );
    assert.throws(() => parseTargetExpression(" , "), /empty expression/);
    assert.throws(
      () => applySelection(s, { targets: "tag=internet-facing" }, probes),
      /"tag=internet-facing" matches none of the 4 targets of this project \(tags: pci, pii\)/,
    );
  });

  it("--target and --tags are sugar for id= and tag= clauses, joined to --targets in the one syntax", () => {
    assert.deepEqual(selectionOf({ target: "db-eu-1, api" }), { targets: "id=db-eu-1|api" });
    assert.deepEqual(selectionOf({ targets: "type=postgres", tags: "pii,pci", checks: "pg.*" }), {
      targets: "type=postgres,tag=pii|pci",
      checks: "pg.*",
    });
    assert.deepEqual(ids(selectionOf({ targets: "type=postgres", tags: "pci" }).targets ?? ""), ["db-eu-2"]);
    assert.throws(() => selectionOf({ tags: " , " }), /--tags: empty list/);
    assert.deepEqual(selectionOf({}), {});
  });

  it("--checks keeps only matching checks; what it leaves out is recorded, requirements stay", () => {
    const narrowed = applySelection(s, { checks: "pg.s*" }, probes);
    const reqs = narrowed.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements));
    assert.deepEqual(
      reqs.map((r) => [r.id, r.checks]),
      [
        ["r-pg", ["pg.ssl"]],
        ["r-tls", []],
        ["r-manual", []],
      ],
    );
    assert.deepEqual(narrowed.selection?.narrowed, { "r-pg": "some", "r-tls": "none", "r-manual": "none" });
    assert.deepEqual(narrowed.selection?.skipped, { targets: [], checks: ["pg.roles", "tls.min"], frameworks: [] });
    assert.throws(() => applySelection(s, { checks: "pg.*,nope.*" }, probes), /"nope\.\*" matches no check/);
    assert.throws(() => applySelection(s, { checks: "pg.sssl" }, probes), /did you mean "pg.ssl"/);
  });

  it("a target selection narrows every requirement whose checks apply to a left-out target", () => {
    const narrowed = applySelection(s, { targets: "id=db-eu-1" }, probes);
    assert.deepEqual(narrowed.selection?.narrowed, { "r-pg": "some", "r-tls": "none" });
    assert.deepEqual(narrowed.selection?.skipped.targets, ["api", "db-eu-2", "db-us-1"]);
    assert.equal(applySelection(s, {}, probes), s, "no selection: the spec as it is, no record");
  });

  it("--framework keeps the named frameworks; an unknown id is a usage error with did you mean", () => {
    const two = { ...s, frameworks: [...s.frameworks, { ...s.frameworks[0]!, id: "iso" }] };
    const narrowed = applySelection(two, { frameworks: "iso" }, probes);
    assert.deepEqual(
      narrowed.frameworks.map((f) => f.id),
      ["iso"],
    );
    assert.deepEqual(narrowed.selection?.skipped.frameworks, ["fw"]);
    assert.throws(
      () => applySelection(two, { frameworks: "isoo" }, probes),
      (e) => e instanceof AssayError && e.exit === 2 && /did you mean "iso"/.test(e.message),
    );
  });
});

describe("per-group limits", () => {
  let running = new Map<string, number>();
  const peaks = new Map<string, number>();
  const starts: number[] = [];
  const wait = defineProbe<{ tag: string }>()({
    meta: {
      id: "wait",
      version: "1.0.0",
      title: "t",
      description: "d",
      targetTypes: ["file"],
      privileges: ["none"],
      sideEffects: "none",
      params: {
        type: "object",
        additionalProperties: false,
        required: ["tag"],
        properties: { tag: { type: "string" } },
      },
      aspects: { a: "a" },
      messages: { ok: "ok" },
    },
    async run({ target }) {
      const host = target.id.split("/")[0] ?? "";
      starts.push(Date.now());
      running.set(host, (running.get(host) ?? 0) + 1);
      peaks.set(host, Math.max(peaks.get(host) ?? 0, running.get(host) ?? 0));
      await new Promise((r) => setTimeout(r, 20));
      running.set(host, (running.get(host) ?? 0) - 1);
      return { facts: {}, findings: [{ aspect: "a", status: "pass", messageId: "ok" }] };
    },
  });
  const probes = new Map<string, AnyProbe>([["wait", wait]]);
  const fileOn = (id: string, host: string): TargetDecl => ({ ...t(id, "file", [], { path: "a.txt", host }) });

  it("at most N probe runs at once per host, on top of the global bound", async () => {
    running = new Map();
    const checks = Array.from({ length: 3 }, (_, i) => check(`c${i}`, "wait", { tag: String(i) }));
    const base = spec({
      requirements: [
        req(
          "r",
          checks.map((c) => c.id),
        ),
      ],
      checks,
      targets: ["h1", "h2"].flatMap((h) => [0, 1, 2, 3].map((i) => fileOn(`${h}/db${i}`, h))),
      concurrency: { global: 16, perTarget: 3 },
    });
    const s = {
      ...base,
      settings: { ...base.settings, limits: [{ scope: { per: "host" as const }, concurrency: 2 }] },
    };
    const obs = await runPlan(planRun(s, probes), s, {
      probes,
      connectors: CONNECTORS,
      secrets: defaultSecretPorts(dir),
    });
    assert.equal(obs.length, 24);
    assert.ok(obs.every((o) => o.error === undefined));
    assert.equal(peaks.get("h1"), 2);
    assert.equal(peaks.get("h2"), 2);
  });

  it("a rate per tag spaces the starts of probe runs", async () => {
    starts.length = 0;
    const checks = [check("c", "wait", { tag: "x" })];
    const base = spec({
      requirements: [req("r", ["c"])],
      checks,
      targets: [0, 1, 2, 3, 4].map((i) => ({ ...fileOn(`h/t${i}`, "h"), tags: ["slow"] })),
      concurrency: { global: 8, perTarget: 1 },
    });
    const s = { ...base, settings: { ...base.settings, limits: [{ scope: { tag: "slow" }, ratePerSecond: 50 }] } };
    // Admission times (the engine's "started" event, right after the limiter lets a run through), not
    // the probe's own start: opening the first session or compiling params can delay one probe alone.
    const admitted: number[] = [];
    await runPlan(planRun(s, probes), s, {
      probes,
      connectors: CONNECTORS,
      secrets: defaultSecretPorts(dir),
      onEvent: (e) => e.type === "started" && admitted.push(performance.now()),
    });
    assert.equal(starts.length, 5, "every probe ran");
    starts.splice(0, starts.length, ...admitted.sort((a, b) => a - b));
    // 5 starts at 50/s: the last starts at least 4 × 20 ms after the first (timer slack allowed below)
    assert.ok(
      (starts[4] ?? 0) - (starts[0] ?? 0) >= 75,
      `starts spread over ${(starts[4] ?? 0) - (starts[0] ?? 0)} ms`,
    );
  });
});

describe("assay run --targets / --checks", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const assay = (args: string[]) =>
    spawnSync(process.execPath, [join(root, "bin/assay.js"), ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
  const project = join(dir, "assay.yaml");
  cpSync(join(root, "examples/config"), dir, { recursive: true });
  writeFileSync(
    project,
    "project: { name: sel }\ntargets:\n  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }\n  - { id: bad, type: file, tags: [app-config, legacy], connection: { path: noncompliant.env } }\n",
  );

  it("runs only the selected targets and checks", () => {
    const r = assay([
      "run",
      "-p",
      project,
      "--no-evidence",
      "--json",
      "--targets",
      "tag=app-config,id=g*",
      "--checks",
      "config.jwt_*",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      frameworks: { requirements: { checks: { checkId: string; targetId: string }[] }[] }[];
    };
    const pairs = out.frameworks.flatMap((f) =>
      f.requirements.flatMap((q) => q.checks.map((c) => `${c.checkId}@${c.targetId}`)),
    );
    assert.ok(pairs.length > 0);
    assert.ok(
      pairs.every((p) => /^config\.jwt_[^@]+@good$/.test(p)),
      pairs.join(" "),
    );
  });

  it("a bad expression is a usage error (exit 2) that names the problem", () => {
    const r = assay(["run", "-p", project, "--no-evidence", "--targets", "kind=file"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--targets: unknown key "kind"/);
    const c = assay(["run", "-p", project, "--no-evidence", "--checks", "nope.*"]);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /--checks: "nope\.\*" matches no check/);
  });
});
