/** @module What a run leaves on disk: canonical records and a manifest that matches its schema, holds no secret and rebuilds the report. */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { buildBundle, buildSummary, canonicalBytes, listRuns, readRun, sha256Hex, verifyBundle, type EvidenceBundle } from "../../src/evidence/index.js";
import { projectRelative } from "../../src/evidence/summary.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir, writeChain } from "./fixtures.js";

const require = createRequire(import.meta.url);

function validator(schemaFile: string) {
  const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 };
  const addFormats = require("ajv-formats") as (ajv: Ajv2020) => void;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL(`../../schemas/${schemaFile}`, import.meta.url), "utf8")) as object);
}

describe("run on disk", () => {
  let store: string;
  let key: Awaited<ReturnType<typeof memoryKey>>;
  before(async () => {
    key = await memoryKey();
    store = await writeChain(await tempDir(), ["run-1", "run-2"], key);
  });

  it("stores records as canonical JSON lines matching the record schema, each listed by hash in records.sha256", async () => {
    const validate = validator("evidence-record.schema.json");
    assert.deepEqual(await readdir(join(store, "run-2", "records")), ["000001.jsonl"]);
    const segment = await readFile(join(store, "run-2", "records", "000001.jsonl"), "utf8");
    const hashes = (await readFile(join(store, "run-2", "records.sha256"), "utf8")).split("\n");
    assert.equal(hashes.pop(), "", "records.sha256 ends with a line end");
    const lines = segment.split("\n");
    assert.equal(lines.pop(), "", "every record line ends with a line end");
    assert.equal(lines.length, 2);
    for (const [i, line] of lines.entries()) {
      const rec = JSON.parse(line) as object;
      assert.deepEqual(canonicalBytes(rec), Buffer.from(line), `line ${i + 1} is in RFC 8785 canonical form`);
      assert.ok(validate(rec), JSON.stringify(validate.errors));
      assert.equal(hashes[i], sha256Hex(line), `line ${i + 1} of records.sha256 is the hash of record ${i + 1}`);
    }
    const run = await readRun(join(store, "run-2"));
    assert.deepEqual(run.records.map((r) => [r.sequence, r.checkId, r.targetId, r.requirementIds]), [
      [1, "config.jwt_lifetime_max", "app-config", ["gdpr-25.1"]],
      [2, "pg.ssl_enabled", "warehouse-pg", ["gdpr-25.1", "gdpr-32.1.a"]],
    ]);
    assert.deepEqual(run.records[1]?.facts, { ssl: false, version: "17.2" });
  });

  it("writes a manifest matching its schema, chained to the previous run, with no secret in the inventory", async () => {
    const validate = validator("run-manifest.schema.json");
    const [one, two] = await Promise.all([readRun(join(store, "run-1")), readRun(join(store, "run-2"))]);
    assert.ok(validate(two.manifest), JSON.stringify(validate.errors));
    assert.equal(one.manifest?.previousManifestSha256, null);
    assert.equal(two.manifest?.previousRunId, "run-1");
    assert.equal(two.manifest?.previousManifestSha256, sha256Hex(one.jws!));
    assert.equal(two.manifest?.keyId, key.kid);
    assert.deepEqual(two.manifest?.inputs, { "assay.yaml": "a".repeat(64), "gdpr.yaml": "b".repeat(64) });
    const pg = two.manifest?.targets.find((t) => t.id === "warehouse-pg");
    assert.deepEqual(pg?.description, { host: "db.internal", port: 5432, url: "postgres://ro:***@db.internal/dwh", user: "ro" });
    const manifestText = await readFile(join(store, "run-2", "manifest.json"), "utf8");
    assert.doesNotMatch(manifestText, /hunter22|PG_PASSWORD/);
  });

  it("signs a summary a report can be rebuilt from: scores, requirements with their checks, gate, source locations", async () => {
    const s = (await readRun(join(store, "run-2"), { records: false })).manifest!.summary;
    const gdpr = s.frameworks[0]!;
    assert.equal(gdpr.id, "gdpr");
    assert.equal(gdpr.score, 0);
    assert.deepEqual(gdpr.groups, [{ id: "gdpr-ch4", title: "Security", requirements: ["gdpr-32.1.a", "gdpr-25.1"] }]);
    const r = gdpr.requirements.find((x) => x.id === "gdpr-32.1.a")!;
    assert.deepEqual(
      { label: r.label, severity: r.severity, status: r.status, waiver: r.waiver, checks: r.checks },
      { label: "Art. 32(1)(a)", severity: "high", status: "fail", waiver: null, checks: [["pg.ssl_enabled", "warehouse-pg", "fail", "ssl is off"]] },
    );
    assert.deepEqual(s.gate, { passed: false, reasons: ["gdpr-32.1.a (high) fails"] });
    assert.deepEqual(s.catalog.checks["pg.ssl_enabled"], { title: "PostgreSQL requires TLS", probe: "pg_transport", source: { file: "checks/pg.yaml", line: 7, col: 5 } });
    assert.deepEqual(s.catalog.requirements["gdpr-25.1"], { frameworkId: "gdpr", source: { file: "gdpr.yaml", line: 20, col: 5 } });
  });

  it("carries waivers, expired waivers and manual evidence into the summary", () => {
    const result = fixtureResult("run-w");
    const waiver = { id: "W-1", justification: "legacy", approver: "ciso@example.com", expires: "2027-01-31" };
    const expired = { ...waiver, id: "W-0", expires: "2025-01-31" };
    const fw = result.frameworks[0]!;
    const waived = { ...fw.requirements[0]!, status: "waived" as const, underlying: "fail" as const, waiver, expiredWaivers: [expired], manualEvidence: ["TLS policy"] };
    const s = buildSummary({ ...result, frameworks: [{ ...fw, requirements: [waived, fw.requirements[1]!] }] }, fixtureSpec("/srv/p"));
    const r = s.frameworks[0]!.requirements[0]!;
    assert.deepEqual([r.status, r.underlying, r.waiver, r.expiredWaivers, r.manualEvidence], ["waived", "fail", waiver, [expired], ["TLS policy"]]);
    const plain = s.frameworks[0]!.requirements[1]!;
    assert.deepEqual([plain.waiver, plain.expiredWaivers, plain.manualEvidence], [null, [], []]);
  });

  it("names input files the same on every machine: project-relative, or assay: for shipped catalogs", () => {
    const spec = fixtureSpec("/srv/project");
    assert.equal(projectRelative(spec, "/srv/project/checks/pg.yaml"), "checks/pg.yaml");
    assert.equal(projectRelative(spec, fileURLToPath(new URL("../../controls/gdpr.yaml", import.meta.url))), "assay:controls/gdpr.yaml");
    assert.equal(projectRelative(spec, "/srv/shared/waivers.yaml"), "../shared/waivers.yaml");
  });

  it("lists runs oldest first with their manifests", async () => {
    const runs = await listRuns(store);
    assert.deepEqual(runs.map((r) => [r.runId, r.complete, r.manifest?.recordCount]), [["run-1", true, 2], ["run-2", true, 2]]);
  });

  it("hands over one requirement's records with proofs that verify alone, and catches an edited record", async () => {
    const bundle = await buildBundle(join(store, "run-2"), "gdpr-25.1");
    assert.deepEqual(bundle.records.map((e) => e.record.checkId), ["config.jwt_lifetime_max", "pg.ssl_enabled"]);
    const trusted = new Map([[key.kid, key.publicJwk]]);
    const ok = await verifyBundle(JSON.parse(JSON.stringify(bundle)) as EvidenceBundle, trusted);
    assert.equal(ok.ok, true, ok.problem ?? "");
    const edited = JSON.parse(JSON.stringify(bundle)) as { records: { record: { status: string } }[] };
    edited.records[1]!.record.status = "pass";
    const bad = await verifyBundle(edited as unknown as EvidenceBundle, trusted);
    assert.match(bad.problem ?? "", /records\/000001\.jsonl:2 does not hash to .*: it was modified/);
    const rehashed = JSON.parse(JSON.stringify(bundle)) as { records: { record: { status: string }; sha256: string }[] };
    rehashed.records[1]!.record.status = "pass";
    rehashed.records[1]!.sha256 = sha256Hex(canonicalBytes(rehashed.records[1]!.record));
    assert.match((await verifyBundle(rehashed as unknown as EvidenceBundle, trusted)).problem ?? "", /inclusion proof of records\/000001\.jsonl:2 does not lead to the signed Merkle root/);
    await assert.rejects(buildBundle(join(store, "run-2"), "iso-a.5.1"), /holds no record for iso-a\.5\.1/);
  });
});
