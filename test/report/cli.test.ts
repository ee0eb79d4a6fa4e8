/** `assay report` and `assay diff` on a real signed evidence store, through `bin/assay.js` (run `npm run build` first). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureKey, writeFixtureRuns } from "./fixtures/run.js";

const bin = fileURLToPath(new URL("../../bin/assay.js", import.meta.url));
const assay = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });

async function project() {
  const dir = await mkdtemp(join(tmpdir(), "assay-report-cli-"));
  const { key } = await fixtureKey();
  await writeFixtureRuns(
    dir,
    [
      { runId: "run-a", startedAt: "2026-11-17T07:00:00.000Z", failRate: 0.05 },
      { runId: "run-b", startedAt: "2026-11-24T07:00:00.000Z", failRate: 0.25 },
    ],
    key,
  );
  return dir;
}
/** The store the read-only tests share (the test that writes a project file makes its own). */
const shared = project();

test("assay report writes every machine format from a stored run id into <out>/<run-id>/ and exits 0", async () => {
  const dir = await shared;
  const r = assay(["report", "run-b", "--format", "html,json,junit,sarif,oscal,md", "--out", "out"], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await readdir(join(dir, "out", "run-b"))).length, 6);
  assert.match(r.stdout, /wrote out\/run-b\/report\.html/);
  const md = await readFile(join(dir, "out", "run-b", "summary.md"), "utf8");
  assert.match(md, /assay verify evidence\/run-b/);
});

test("assay report: unknown format or run is a usage error (exit 2) naming the problem", async () => {
  const dir = await shared;
  const bad = assay(["report", "run-b", "--format", "docx"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown report format "docx"/);
  const missing = assay(["report", "nope"], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no run nope/);
});

test("runs are named latest, previous or by a unique id prefix; reports of two runs never overwrite each other", async () => {
  const dir = await shared;
  const latest = assay(["report", "latest", "-f", "md"], dir);
  assert.equal(latest.status, 0, latest.stderr);
  assert.match(latest.stdout, /wrote reports\/run-b\/summary\.md/);
  const previous = assay(["report", "previous", "-f", "md"], dir);
  assert.equal(previous.status, 0, previous.stderr);
  assert.match(previous.stdout, /wrote reports\/run-a\/summary\.md/);
  assert.match(await readFile(join(dir, "reports", "run-b", "summary.md"), "utf8"), /run-b/);
  const ambiguous = assay(["report", "run-", "-f", "md"], dir);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /run id prefix "run-" is ambiguous .*2 runs match \(run-a, run-b\)/);
  const diff = assay(["diff", "previous", "latest", "--json"], dir);
  assert.equal(diff.status, 0, diff.stderr);
  assert.deepEqual([JSON.parse(diff.stdout).from, JSON.parse(diff.stdout).to], ["run-a", "run-b"]);
});

test("commands after run follow -p to the project's evidence and reports folders", async () => {
  const dir = await project();
  const elsewhere = await mkdtemp(join(tmpdir(), "assay-report-cwd-"));
  await writeFile(
    join(dir, "assay.yaml"),
    "project: { name: p }\ntargets: []\nevidence: { dir: evidence }\nreports: { dir: out/reports }\n",
  );
  const p = ["-p", join(dir, "assay.yaml")];
  const list = assay(["runs", "list", ...p, "--json"], elsewhere);
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(
    (JSON.parse(list.stdout) as { runs: { runId: string }[] }).runs.map((r) => r.runId),
    ["run-a", "run-b"],
  );
  const report = assay(["report", "latest", "-f", "json", ...p], elsewhere);
  assert.equal(report.status, 0, report.stderr);
  assert.ok((await readdir(join(dir, "out", "reports", "run-b"))).includes("report.json"));
  assert.equal(assay(["verify", ...p], elsewhere).status, 0);
  assert.equal(assay(["verify", "previous", ...p], elsewhere).status, 0);
  const shown = assay(["evidence", "show", "latest", "gdpr-1.1", ...p], elsewhere);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal((JSON.parse(shown.stdout) as { runId: string }).runId, "run-b");
  const missing = assay(["runs", "list", "-p", join(elsewhere, "nope.yaml")], elsewhere);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /project file .*nope\.yaml does not exist/);
});

test("assay diff lists regressions and recoveries between two runs and exits 0", async () => {
  const dir = await shared;
  const r = assay(["diff", "run-a", "run-b", "--json"], dir);
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout) as {
    from: string;
    to: string;
    regressed: { id: string; before: string; after: string }[];
  };
  assert.equal(d.from, "run-a");
  assert.ok(d.regressed.length > 0, "more failures in run-b than run-a");
  assert.ok(d.regressed.every((c) => c.after === "fail" || c.after === "error"));
  const text = assay(["diff", "run-b", "run-a"], dir);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^diff run-b → run-a/);
  assert.match(text.stdout, new RegExp(`recovered \\(${d.regressed.length}\\)`));
});
