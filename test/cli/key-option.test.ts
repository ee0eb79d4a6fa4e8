/**
 * @module `--key` on every command that verifies runs (runs list, report, diff, bundle, verify), as
 * processes of `bin/assay.js`: `--key a --key b` trusts both keys, like verify, never only the last.
 * The store holds a run signed by the first key, a rotation, and a run signed by the second, so a
 * command that kept only the last key would fail the first run. Needs `npm run build`.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { assayAt } from "../support/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-key-option-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const assay = (...args: string[]) => assayAt(dir, ...args);

describe("--key, repeated, on every command that verifies runs", () => {
  let both: string[] = [];
  let lastOnly: string[] = [];
  let period = "";
  before(() => {
    copyFileSync(join(root, "examples/config/compliant.yaml"), join(dir, "compliant.yaml"));
    writeFileSync(
      join(dir, "assay.yaml"),
      "project: { name: keys }\ntargets:\n  - { id: cfg, type: file, tags: [app-config], connection: { path: compliant.yaml } }\n" +
        "evidence: { dir: evidence }\nreports: { dir: reports }\n",
    );
    assert.equal(assay("run", "--fail-on", "none").code, 0);
    copyFileSync(join(dir, ".assay/keys/assay-public.jwk"), join(dir, "first.jwk"));
    const rotate = assay("keys", "rotate", "--json");
    assert.equal(rotate.code, 0, rotate.stderr);
    const second = (JSON.parse(rotate.stdout) as { publicKey: string }).publicKey;
    assert.equal(assay("run", "--fail-on", "none").code, 0);
    both = ["--key", "first.jwk", "--key", second];
    lastOnly = ["--key", second];
    period = new Date().toISOString().slice(0, 7);
  });

  it("runs list: both runs verified with both keys; the first fails with the last key alone", () => {
    const status = (keys: string[]) => {
      const r = assay("runs", "list", "--json", ...keys);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { runs: { verification: string }[] }).runs.map((run) => run.verification);
    };
    assert.deepEqual(status(both), ["verified", "verified"]);
    assert.deepEqual(status(lastOnly), ["FAILED", "verified"]);
  });

  it("report: the run signed by the first key verifies, and the reports' verify command names both keys", () => {
    const r = assay("report", "previous", "-f", "json", "--json", ...both);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { verified: boolean; written: string[] };
    assert.equal(out.verified, true);
    const model = readFileSync(join(dir, out.written[0] ?? ""), "utf8");
    assert.match(model, /assay verify [^"]* --key first\.jwk --key [^"]*assay-public\.jwk/);
    assert.equal(
      (JSON.parse(assay("report", "previous", "--json", ...lastOnly).stdout) as { verified: boolean }).verified,
      false,
    );
  });

  it("diff: no run is reported unverified with both keys", () => {
    const r = assay("diff", "previous", "latest", ...both);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /did NOT verify/);
    assert.match(assay("diff", "previous", "latest", ...lastOnly).stderr, /did NOT verify/);
  });

  it("bundle: packages both runs and prints the verify command with both keys", () => {
    const r = assay("bundle", period, "-o", "audit.zip", "--format", "json", ...both);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /verify: assay verify audit\.zip --key first\.jwk --key \S+assay-public\.jwk;/);
    assert.equal(assay("verify", "audit.zip", ...both).code, 0);
    const last = assay("bundle", period, "-o", "last.zip", "--format", "json", ...lastOnly);
    assert.notEqual(last.code, 0);
    assert.match(last.stderr, /does not verify .* it cannot be packaged/);
  });

  it("verify: the same keys verify the whole store", () => {
    assert.equal(assay("verify", ...both).code, 0);
    assert.notEqual(assay("verify", ...lastOnly).code, 0);
  });

  it("every --key says it can be repeated", () => {
    for (const cmd of [["runs", "list"], ["report"], ["diff"], ["bundle"], ["verify"]]) {
      const help = assay(...cmd, "--help").stdout.replace(/\s+/g, " ");
      assert.match(help, /--key <file> .*repeat for several/, cmd.join(" "));
    }
  });
});
