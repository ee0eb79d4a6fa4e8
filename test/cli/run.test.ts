import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { EvidenceInfo, toRunJson } from "../../src/cli/run-json.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const assay = (args: string[], cwd = root) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

/** A copy of the config example in a temp folder, with its own evidence folder. */
function project(targets: string): string {
  const dir = mkdtempSync(join(tmpdir(), "assay-cli-"));
  cpSync(join(root, "examples/config"), dir, { recursive: true });
  writeFileSync(
    join(dir, "assay.yaml"),
    `project: { name: cli-test }\nprofile: assay:baseline\ntargets:\n${targets}\nevidence: { dir: evidence }\nreports: { dir: reports }\n`,
  );
  return join(dir, "assay.yaml");
}
const good = "  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }";
const bad = "  - { id: bad, type: file, tags: [app-config], connection: { path: noncompliant.env } }";
const gone = "  - { id: gone, type: file, tags: [app-config], connection: { path: does-not-exist.yaml } }";

test("--version prints the package version and exits 0", () => {
  const r = assay(["--version"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test("a compliant project passes the gate: exit 0, every automated requirement passes", () => {
  const r = assay(["run", "-p", project(good), "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as ReturnType<typeof toRunJson> & { evidence: EvidenceInfo };
  const ajv = new Ajv2020({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, "schemas/run-result.schema.json"), "utf8")));
  assert.ok(validate(out), JSON.stringify(validate.errors));
  assert.match(out.evidence.manifestSha256, /^[0-9a-f]{64}$/);
  for (const f of out.frameworks) {
    assert.equal(f.score, 100);
    assert.equal(f.counts.fail + f.counts.error, 0);
  }
});

test("gate settings map to the documented exit codes", () => {
  const p = project(`${good}\n${bad}`);
  const table: [string[], number][] = [
    [[], 1], // default: any failing requirement fails the gate
    [["--fail-on", "critical"], 1],
    [["--fail-on", "none"], 0],
    [["--fail-on", "none", "--fail-under", "0"], 0],
    [["--fail-on", "none", "--fail-under", "50"], 1],
    [["--fail-on", "bogus"], 2],
    [["--fail-under", "120"], 2],
  ];
  for (const [args, code] of table) assert.equal(assay(["run", "-p", p, ...args]).status, code, args.join(" "));
});

test("the human summary names each failing requirement with the check, target and reason", () => {
  const r = assay(["run", "-p", project(`${good}\n${bad}`)]);
  assert.match(r.stdout, /Art\. 32\(1\)\(a\)/);
  assert.match(r.stdout, /config\.jwt_algorithm_allowed @ bad: JWT algorithm HS256 is not in the allowlist/);
  assert.match(r.stdout, /Gate: FAILED/);
  assert.doesNotMatch(r.stdout, /changeme/);
});

test("an unreadable target gives error results for its checks and the run still completes", () => {
  const r = assay(["run", "-p", project(`${good}\n${gone}`), "--json"]);
  assert.equal(r.status, 4, "exit 4: some checks could not be audited");
  const out = JSON.parse(r.stdout);
  const checks = out.frameworks.flatMap(
    (f: { requirements: { checks: { targetId: string; status: string; message: string }[] }[] }) =>
      f.requirements.flatMap((q) => q.checks),
  );
  const goneChecks = checks.filter((c: { targetId: string }) => c.targetId === "gone");
  assert.ok(goneChecks.length > 0);
  for (const c of goneChecks) {
    assert.equal(c.status, "error");
    assert.match(c.message, /ENOENT|no such file/);
  }
  assert.ok(checks.some((c: { targetId: string; status: string }) => c.targetId === "good" && c.status === "pass"));
});

test("invalid input exits 2 and runs nothing", () => {
  const p = project(`  - { id: x, type: file, tags: [app-config], connection: { path: compliant.yaml }, colour: red }`);
  const r = assay(["run", "-p", p]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /assay\.yaml:\d+:\d+: error: .*colour/);
  assert.match(r.stderr, /nothing ran/);
});

test("probes list shows the registry", () => {
  const r = assay(["probes", "list"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /app_config\s+file\s+Application security configuration/);
  assert.equal(assay(["probes", "show", "nope"]).status, 2);
});

test("--baseline fails the gate on regressions only", () => {
  const dir = project(good).replace(/assay\.yaml$/, "");
  const first = JSON.parse(assay(["run", "-p", `${dir}assay.yaml`, "--json"]).stdout) as { evidence: EvidenceInfo };
  // The same folder now also audits a non-compliant file: 9 requirements regress.
  writeFileSync(
    `${dir}assay.yaml`,
    `project: { name: cli-test }\ntargets:\n${good}\n${bad}\nevidence: { dir: evidence }\n`,
  );
  const regressed = assay(["run", "-p", `${dir}assay.yaml`, "--baseline", first.evidence.runDir]);
  assert.equal(regressed.status, 1);
  assert.match(regressed.stdout, /regressed since/);
  const second = JSON.parse(assay(["run", "-p", `${dir}assay.yaml`, "--json", "--fail-on", "none"]).stdout) as {
    evidence: EvidenceInfo;
  };
  // Against a baseline that already failed the same way nothing regressed: exit 0 despite failures.
  assert.equal(assay(["run", "-p", `${dir}assay.yaml`, "--baseline", second.evidence.runDir]).status, 0);
  assert.equal(assay(["run", "-p", `${dir}assay.yaml`, "--baseline", "no-such-run"]).status, 2);
});

test("--report renders the stored run into a folder per run", () => {
  const r = assay(["run", "-p", project(good), "--report", "json,md", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(assay(["run", "-p", project(good), "--report", "docx"]).status, 2);
  assert.equal(assay(["run", "-p", project(good), "--report", "md", "--no-evidence"]).status, 2);
});
