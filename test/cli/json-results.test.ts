/**
 * @module `--json` on attest, requests and bundle, as processes of `bin/assay.js`: each prints one
 * JSON document of the shape its help text gives, and nothing else on stdout. Needs `npm run build`.
 */
import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { assayAt } from "../support/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-json-results-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const assay = (...args: string[]) => assayAt(dir, ...args);
const json = (...args: string[]): Record<string, unknown> => {
  const r = assay(...args, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};
const ATTESTER = ["--name", "Dana Reyes", "--role", "CISO", "--email", "dana@example.com"];

describe("--json where attest, requests and bundle print a result", () => {
  before(() => {
    copyFileSync(join(root, "examples/config/compliant.yaml"), join(dir, "compliant.yaml"));
    writeFileSync(
      join(dir, "assay.yaml"),
      "project: { name: json }\nattestations: [attestations/attestations.yaml]\n" +
        "targets:\n  - { id: cfg, type: file, tags: [app-config], connection: { path: compliant.yaml } }\n" +
        "evidence: { dir: evidence }\nreports: { dir: reports }\n",
    );
    mkdirSync(join(dir, "attestations"));
    writeFileSync(join(dir, "attestations/attestations.yaml"), "attestations: []\n");
    const run = assay("run", "--fail-on", "none");
    assert.equal(run.code, 0, run.stderr);
  });

  it("attest: what was written, where, and whether it replaced an entry", () => {
    const say = ["--status", "implemented", "--statement", "Policies approved by management.", ...ATTESTER];
    const added = json("attest", "iso-a.5.1", ...say);
    assert.deepEqual(
      [added["action"], added["file"], added["kind"], added["id"], added["signed"]],
      ["added", join("attestations", "attestations.yaml"), "requirement", "iso-a.5.1", false],
    );
    const entry = added["attestation"] as { requirement: string; status: string; attester: { email: string } };
    assert.deepEqual(
      [entry.requirement, entry.status, entry.attester.email],
      ["iso-a.5.1", "implemented", "dana@example.com"],
    );
    assert.ok(
      readFileSync(join(dir, "attestations/attestations.yaml"), "utf8").includes("Policies approved by management."),
    );
    assert.equal(json("attest", "iso-a.5.1", ...say)["action"], "updated");
  });

  it("requests: the same document as --format json; --json with another --format is a usage error", () => {
    const out = json("requests", "--today", "2026-11-30");
    const asFormat = assay("requests", "--today", "2026-11-30", "--format", "json");
    assert.deepEqual(out, JSON.parse(asFormat.stdout));
    assert.equal(out["schema"], "assay/evidence-requests@1");
    const requests = out["requests"] as { requirementId: string; reason: string; due: string }[];
    assert.ok(requests.length > 0);
    assert.ok(!requests.some((r) => r.requirementId === "iso-a.5.1"), "the attested requirement is not requested");
    for (const r of requests) assert.match(r.due, /^\d{4}-\d{2}-\d{2}$/);
    const both = assay("requests", "--json", "--format", "csv");
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--json.*cannot be used with.*--format/);
  });

  it("bundle: the package file, its size, members, runs, signing key and the verify command", () => {
    const out = json("bundle", new Date().toISOString().slice(0, 7), "-o", "audit.zip", "--format", "json");
    assert.equal(out["file"], "audit.zip");
    assert.equal(out["size"], statSync(join(dir, "audit.zip")).size);
    assert.equal((out["runs"] as string[]).length, 1);
    assert.ok(Number(out["members"]) > 5);
    assert.match(String(out["keyId"]), /^[\w-]{20,}$/);
    assert.equal(out["verifyCommand"], `assay verify audit.zip --key ${join(".assay", "keys", "assay-public.jwk")}`);
    const verify = assay(...String(out["verifyCommand"]).split(" ").slice(1));
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.ok(existsSync(join(dir, "audit.zip")));
  });
});
