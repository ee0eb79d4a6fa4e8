/** @module `assay check` as a process: exit codes, every problem printed as file:line:col, no target touched. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { assay } from "../support/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test/catalog/fixtures");

describe("assay check", () => {
  // A TCP listener standing in for a database: `check` must never connect to it.
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  const dir = mkdtempSync(join(tmpdir(), "assay-check-cli-"));
  let port = 0;
  before(async () => {
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const project = (extra: string): string => {
    const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      `project: { name: cli }\ncatalogs: [${fixtures}/valid/catalog.yaml]\nchecks: [${fixtures}/valid/checks]\nprofile: ${fixtures}/valid/profiles/tight.yaml\nmappings: []\n` +
        `targets:\n  - { id: db, type: postgres, connection: { host: 127.0.0.1, port: ${port}, database: d, user: u, password: "\${env:ASSAY_TEST_NO_SUCH_VAR}" } }\n` +
        `  - { id: cfg, type: file, tags: [app-config], connection: { path: does/not/exist.yaml }, attributes: { jwt_algorithms: [RS256] } }\n${extra}`,
    );
    return file;
  };

  it("prints every problem as file:line:col, a count, and exits 2", async () => {
    const r = await assay("check", "-p", "test/catalog/fixtures/broken/assay.yaml");
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.at(-1), "24 errors, 5 warnings; nothing was run.");
    assert.equal(lines.length, 30);
    // What a run would trip on is named too, even while the inputs have errors.
    assert.ok(
      lines.includes(
        "test/catalog/fixtures/broken/assay.yaml:12:25: warning: file target app: missing/app.yaml does not exist (from the project folder)",
      ),
    );
    assert.ok(
      lines.includes(
        'test/catalog/fixtures/broken/assay.yaml:7:1: error: unknown key "reprots" (did you mean "reports"?) (allowed: project, catalogs, checks, profile, mappings, waivers, attestations, applicability, owners, signoff, targets, inventory, evidence, reports, run)',
      ),
    );
    assert.ok(
      lines.includes(
        'test/catalog/fixtures/broken/checks.yaml:12:12: error: check "config.unknown_probe" uses unknown probe "app_confg" (did you mean "app_config"?)',
      ),
    );
    assert.ok(
      lines.includes(
        'test/catalog/fixtures/broken/waivers.yaml:12:14: warning: waiver "W-2" expired on 2025-01-31; it no longer applies',
      ),
    );
    for (const l of lines.slice(0, -1))
      assert.match(l, /^test\/catalog\/fixtures\/broken\/[\w.]+:\d+:\d+: (error|warning): \S/);
    assert.equal(r.stdout, "");
  });

  it("rejects a project with a mistake without connecting to its database", async () => {
    const file = project("run: { concurency: 4 }\n");
    const r = await assay("check", "-p", file);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        `^${relative(root, file).replace(/\./g, "\\.")}:9:8: error: unknown key "concurency" \\(did you mean "concurrency"\\?\\)`,
        "m",
      ),
    );
    assert.equal(connections, 0);
  });

  it("accepts a valid project, prints the summary and exits 0 without touching a target", async () => {
    const file = project("");
    const r = await assay("check", "-p", file);
    assert.equal(r.code, 0, r.stderr);
    // Valid, but what a run would trip on is said, each at its place in the project file.
    const at = relative(root, file);
    assert.deepEqual(r.stderr.trimEnd().split("\n"), [
      `${at}:2:12: warning: catalog ${fixtures}/valid/catalog.yaml is outside the project folder`,
      `${at}:3:10: warning: checks ${fixtures}/valid/checks is outside the project folder`,
      `${at}:4:10: warning: profile ${fixtures}/valid/profiles/tight.yaml is outside the project folder`,
      `${at}:7:107: warning: \${env:ASSAY_TEST_NO_SUCH_VAR} is not set in this environment; assay run would fail target db with that error`,
      `${at}:8:68: warning: file target cfg: does/not/exist.yaml does not exist (from the project folder)`,
      `${at}:7:5: warning: target db (postgres) is not audited: no check applies to it (no loaded check serves postgres targets)`,
    ]);
    assert.match(r.stdout, /^valid: project "cli", profile tight$/m);
    assert.match(r.stdout, /^ {2}demo +2 requirements \(1 automated, 1 manual\) {2}Demo framework$/m);
    assert.match(r.stdout, /2 checks using 1 probe \(app_config\), 2 targets/);
    assert.equal(connections, 0);
  });

  it("prints a machine summary with --json", async () => {
    const r = await assay("check", "-p", project(""), "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, true);
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.summary.frameworks, [
      { id: "demo", title: "Demo framework", requirements: 2, automated: 1, manual: 1 },
    ]);
    assert.equal(out.summary.targets, 2);
    assert.equal(out.summary.profile, "tight");
  });

  it("prints problems as JSON with --json and exits 2", async () => {
    const r = await assay("check", "-p", "test/catalog/fixtures/broken/assay.yaml", "--json");
    assert.equal(r.code, 2);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, false);
    assert.equal(out.problems.length, 24);
    assert.deepEqual(out.problems[0], {
      file: "test/catalog/fixtures/broken/assay.yaml",
      line: 7,
      col: 1,
      severity: "error",
      message:
        'unknown key "reprots" (did you mean "reports"?) (allowed: project, catalogs, checks, profile, mappings, waivers, attestations, applicability, owners, signoff, targets, inventory, evidence, reports, run)',
    });
  });
});
