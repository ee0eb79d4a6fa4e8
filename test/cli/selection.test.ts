/**
 * @module `assay run --target/--tags/--targets/--checks/--framework/--concurrency` as processes of
 * `bin/assay.js` on a copy of the config example: the selection is one syntax, it is signed into the
 * evidence, `verify` and every report say the run was partial by selection, and requirements the
 * selection left unchecked show as `not_selected` instead of being claimed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { RunManifest, RunSelection } from "../../src/model/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-selection-"));
after(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(root, "examples/config"), dir, { recursive: true });
writeFileSync(
  join(dir, "assay.yaml"),
  `project: { name: selection }
targets:
  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }
  - { id: bad, type: file, tags: [app-config, legacy], connection: { path: noncompliant.env } }
evidence: { dir: evidence }
reports: { dir: reports }
`,
);
const assay = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(root, "bin/assay.js"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });

interface RunJson {
  selection?: RunSelection;
  evidence: { runDir: string };
  frameworks: {
    id: string;
    counts: Record<string, number>;
    assessment: Record<string, number>;
    requirements: { id: string; status: string; checks: { checkId: string; targetId: string }[] }[];
  }[];
}
const runJson = (args: readonly string[]) => {
  const r = assay(["run", "--json", ...args]);
  return { status: r.status, stderr: r.stderr, out: r.status === 2 ? null : (JSON.parse(r.stdout) as RunJson) };
};
const statuses = (out: RunJson) => new Set(out.frameworks.flatMap((f) => f.requirements.map((q) => q.status)));

describe("assay run with a selection", () => {
  it("--target runs only that target and records the selection; passes on it are not claimed for the project", () => {
    const { status, stderr, out } = runJson(["--target", "good"]);
    assert.equal(status, 0, stderr);
    assert.ok(out);
    assert.deepEqual(out.selection?.targets, "id=good");
    assert.deepEqual(out.selection?.skipped.targets, ["bad"]);
    const rows = out.frameworks.flatMap((f) => f.requirements.flatMap((q) => q.checks));
    assert.ok(rows.length > 0 && rows.every((c) => c.targetId === "good"));
    // Every config check also applies to `bad`, which was left out: no requirement may pass on half the targets.
    assert.ok(!statuses(out).has("pass"), [...statuses(out)].join(","));
    assert.ok(statuses(out).has("not_selected"));
    for (const f of out.frameworks) assert.ok(f.counts["not_selected"]! > 0);
    // The signed manifest carries the same selection.
    const manifest = JSON.parse(readFileSync(join(out.evidence.runDir, "manifest.json"), "utf8")) as RunManifest;
    assert.deepEqual(manifest.summary.selection, out.selection);
  });

  it("--tags and --checks fold into the one syntax; failures on what ran stand, the rest is not selected", () => {
    const { status, out } = runJson(["--tags", "legacy", "--checks", "config.jwt_*"]);
    assert.equal(status, 1, "the gate fails on what did run");
    assert.ok(out);
    assert.equal(out.selection?.targets, "tag=legacy");
    assert.equal(out.selection?.checks, "config.jwt_*");
    const reqs = out.frameworks.flatMap((f) => f.requirements);
    const failing = reqs.filter((q) => q.status === "fail");
    assert.ok(failing.length > 0);
    assert.ok(failing.every((q) => q.checks.every((c) => c.checkId.startsWith("config.jwt_") && c.targetId === "bad")));
    assert.deepEqual(new Set(reqs.filter((q) => q.status !== "fail").map((q) => q.status)), new Set(["not_selected"]));
    // Coverage counts only what was decided: not-selected requirements are never "automated".
    for (const f of out.frameworks) assert.equal(f.assessment["automated"], f.counts["fail"]);
  });

  it("--framework keeps one framework; the others are recorded as left out", () => {
    const { status, out } = runJson(["--framework", "gdpr", "--no-evidence"]);
    assert.equal(status, 1);
    assert.deepEqual(
      out?.frameworks.map((f) => f.id),
      ["gdpr"],
    );
    assert.deepEqual(out?.selection?.skipped.frameworks, ["iso27001-2022"]);
  });

  it("without a selection nothing is recorded and nothing is not_selected", () => {
    const { out } = runJson(["--no-evidence"]);
    assert.equal(out?.selection, undefined);
    assert.ok(!statuses(out!).has("not_selected"));
  });

  it("bad selections and concurrency are usage errors (exit 2) that name the flag, before anything runs", () => {
    const cases: [string[], RegExp][] = [
      [["--framework", "gdrp"], /--framework: "gdrp" matches no framework of this project \(did you mean "gdpr"\?\)/],
      [["--checks", "config.jwt_algoritm_allowed"], /did you mean "config\.jwt_algorithm_allowed"/],
      [["--tags", ","], /--tags: empty list/],
      [["--tags", "internet-facing"], /matches none of the 2 targets of this project \(tags: app-config, legacy\)/],
      [["--targets", "kind=file"], /--targets: unknown key "kind"/],
      [["--concurrency", "0"], /--concurrency.*whole number from 1 to 1024/],
      [["--concurrency", "2", "--queue", "redis://127.0.0.1:1"], /with --queue give it to each worker/],
    ];
    for (const [args, message] of cases) {
      const r = assay(["run", "--no-evidence", ...args]);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, message);
    }
  });

  it("--concurrency 1 runs every selected probe and gives the same results", () => {
    const one = runJson(["--concurrency", "1", "--no-evidence"]);
    const many = runJson(["--no-evidence"]);
    const rows = (o: RunJson | null) =>
      o?.frameworks.flatMap((f) => f.requirements.map((q) => `${q.id}:${q.status}`)).sort();
    assert.deepEqual(rows(one.out), rows(many.out));
  });

  it("verify and every report format say the run was partial by selection", () => {
    const { out } = runJson(["--tags", "legacy", "--checks", "config.jwt_*"]);
    assert.ok(out);
    const verify = assay(["verify", "latest"]);
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(
      verify.stdout,
      /signed as a partial run by selection: targets "tag=legacy".*left out: 1 target \(good\)/,
    );
    const r = assay(["report", "latest", "-f", "html,md,json,junit,sarif,oscal"]);
    assert.equal(r.status, 0, r.stderr);
    const reports = join(dir, "reports", readdirSync(join(dir, "reports")).sort().at(-1)!);
    const read = (f: string) => readFileSync(join(reports, f), "utf8");
    assert.match(
      read("report.html"),
      /Not the whole project:<\/strong> partial run by selection: targets &quot;tag&#x3D;legacy&quot;/,
    );
    assert.match(read("summary.md"), /\*\*Not the whole project:\*\* partial run by selection/);
    const json = JSON.parse(read("report.json")) as { run: { selection: RunSelection | null } };
    assert.deepEqual(json.run.selection, out.selection);
    assert.match(read("junit.xml"), /<property name="selection" value="partial run by selection: targets/);
    assert.match(read("junit.xml"), /not selected: the selection of this run left out what decides it/);
    assert.match(read("report.sarif"), /partial run by selection/);
    assert.match(read("assessment-results.json"), /Not the whole project: partial run by selection/);
  });
});
