/** `assay report` and `assay diff` on a real signed evidence store. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureKey, writeFixtureRuns } from "./fixtures/run.js";

const launcher = fileURLToPath(new URL("./fixtures/assay.ts", import.meta.url));
// tsx is resolved from this repository, since the CLI runs inside a temporary project folder.
const tsx = import.meta.resolve("tsx");
const assay = (args: string[], cwd: string) =>
  spawnSync(process.execPath, ["--import", tsx, launcher, ...args], {
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

test("assay report writes every machine format from a stored run id and exits 0", async () => {
  const dir = await project();
  const r = assay(["report", "run-b", "--format", "html,json,junit,sarif,oscal,md", "--out", "out"], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await readdir(join(dir, "out"))).length, 6);
  assert.match(r.stdout, /wrote out\/report\.html/);
  const md = await readFile(join(dir, "out", "summary.md"), "utf8");
  assert.match(md, /assay verify evidence\/run-b/);
});

test("assay report: unknown format or run is a usage error (exit 2) naming the problem", async () => {
  const dir = await project();
  const bad = assay(["report", "run-b", "--format", "docx"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown report format "docx"/);
  const missing = assay(["report", "nope"], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no run nope/);
});

test("assay diff lists regressions and recoveries between two runs and exits 0", async () => {
  const dir = await project();
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
