/** @module The evidence commands as processes: `assay run` writes evidence that `assay verify` accepts, and every command's exit code. */
import { after, describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Resolved here so the child can run in a folder outside the repository.
const tsx = import.meta.resolve("tsx");

/** Runs the CLI from source in `cwd`. */
function assay(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = `import(${JSON.stringify(join(root, "src/cli/main.ts"))}).then((m) => m.main(process.argv))`;
  return new Promise((done) => {
    execFile(process.execPath, ["--import", tsx, "-e", entry, "assay", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) => {
      done({ code: err && typeof err.code === "number" ? err.code : 0, stdout, stderr });
    });
  });
}

describe("evidence commands", () => {
  const dir = mkdtempSync(join(tmpdir(), "assay-evidence-cli-"));
  let runId = "";
  const copy = mkdtempSync(join(tmpdir(), "assay-evidence-cli-bad-"));
  after(() => {
    for (const d of [dir, copy]) rmSync(d, { recursive: true, force: true });
  });
  before(async () => {
    // Without a local .assay/ a developer's earlier run may have left in the example folder.
    cpSync(join(root, "examples/config"), dir, { recursive: true, filter: (src) => !src.includes(".assay") });
    writeFileSync(
      join(dir, "assay.yaml"),
      "project: { name: evidence-cli }\nprofile: assay:baseline\ntargets:\n" +
        "  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }\n" +
        "  - { id: bad, type: file, tags: [app-config], connection: { path: noncompliant.env } }\n" +
        "evidence: { dir: evidence }\nreports: { dir: reports }\n",
    );
    const r = await assay(dir, "run", "--fail-on", "none");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /generated a project signing key in \.assay\/keys\/assay-private\.jwk/);
    runId = readdirSync(join(dir, "evidence")).find((n) => !n.startsWith(".") && n !== "HEAD")!;
  });

  it("assay run's evidence verifies with the project key, and the weaker published-key mode says so", async () => {
    const withKey = await assay(dir, "verify", "evidence", "--key", ".assay/keys/assay-public.jwk");
    assert.equal(withKey.code, 0, withKey.stdout + withKey.stderr);
    assert.match(withKey.stdout, /✓ chain: 1 run\(s\) linked/);
    assert.match(withKey.stdout, /VERIFIED\n$/);
    const published = await assay(dir, "verify", join("evidence", runId));
    assert.equal(published.code, 0);
    assert.match(published.stderr, /no --key given, so the public key stored beside the evidence was trusted/);
  });

  it("exits 1 and names the first problem when a record is altered", async () => {
    cpSync(join(dir, "evidence"), copy, { recursive: true });
    const rec = join(copy, runId, "records", "000001.jsonl");
    writeFileSync(rec, readFileSync(rec, "utf8").replace(/"status":"(pass|fail|error)"/, '"status":"not_applicable"'));
    const r = await assay(dir, "verify", copy, "--key", ".assay/keys/assay-public.jwk");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ record 1 \(records\/000001\.jsonl:1\) was modified: its SHA-256 is [0-9a-f]{64}, the signed index says [0-9a-f]{64}\nNOT VERIFIED/);
    const json = JSON.parse((await assay(dir, "verify", copy, "--json")).stdout) as { ok: boolean; problem: { runId: string; file: string } };
    assert.deepEqual([json.ok, json.problem.runId, json.problem.file], [false, runId, "records/000001.jsonl"]);
  });

  it("lists runs with score and verification status", async () => {
    const r = await assay(dir, "runs", "list");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${runId}\\s+\\S+Z\\s+verified\\s+gdpr \\d+\\.\\d`, "m"));
  });

  it("hands one requirement's evidence to an auditor, who verifies it alone", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, "evidence", runId, "manifest.json"), "utf8")) as { summary: { frameworks: { requirements: { id: string; checks: unknown[] }[] }[] } };
    const req = manifest.summary.frameworks.flatMap((f) => f.requirements).find((x) => x.checks.length > 0)!;
    const shown = await assay(dir, "evidence", "show", runId, req.id, "-o", "bundle.json");
    assert.equal(shown.code, 0, shown.stderr);
    const ok = await assay(dir, "verify", "--record", "bundle.json", "--key", ".assay/keys/assay-public.jwk");
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /hash and inclusion proof to the signed Merkle root/);
    const missing = await assay(dir, "evidence", "show", runId, "no.such_check");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /holds no record for no\.such_check/);
  });

  it("generates keys with a private file of mode 0600 and will not overwrite them", async () => {
    const r = await assay(dir, "keys", "generate", "--out", "k", "--alg", "ES256");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(join(dir, "k", "assay-private.jwk")).mode & 0o777, 0o600);
    const again = await assay(dir, "keys", "generate", "--out", "k");
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; pass --force/);
    const bad = await assay(dir, "verify", "nowhere");
    assert.equal(bad.code, 2);
  });
});
