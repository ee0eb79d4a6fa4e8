/** @module `assay requests`: missing, lapsed, invalid and soon-due attestations, with owners, due days and documents, in md, csv and json. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { evidenceRequests } from "../../src/evaluate/requests.js";
import { assay } from "../support/cli.js";
import { attestedRun, type AttestedRun } from "./project.js";

const dir = mkdtempSync(join(tmpdir(), "assay-requests-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let run: AttestedRun;
before(async () => {
  run = await attestedRun(dir);
});

describe("assay requests", () => {
  it("asks for every missing, lapsed and invalid attestation, most urgent first, with owner and documents", () => {
    const rs = evidenceRequests(run.spec, "2026-11-30", "P30D");
    const by = (id: string) => rs.find((r) => r.requirementId === id);
    assert.equal(by("iso-a.5.1")?.reason, "overdue");
    assert.equal(by("iso-a.5.1")?.due, "2026-01-10");
    assert.equal(by("iso-4.3")?.reason, "invalid");
    assert.match(by("iso-4.3")?.detail ?? "", /changed since attestation/);
    assert.equal(by("iso-9.3")?.reason, "missing");
    assert.equal(by("iso-9.3")?.owner, "ciso@example.com"); // framework owner
    assert.equal(by("iso-a.8.1")?.owner, "platform-team@example.com"); // group owner
    assert.ok(by("iso-9.3")?.documents.some((d) => /Management review minutes/.test(d)));
    assert.equal(by("iso-5.2"), undefined, "valid for a year: not due within 30 days");
    assert.equal(by("iso-a.7.2"), undefined, "excluded by the project");
    assert.equal(by("iso-a.8.24"), undefined, "decided by probes");
    assert.deepEqual(rs[0]?.requirementId, "iso-a.5.1");
  });

  it("lists an attestation that expires within the window as due, with its expiry day", () => {
    const rs = evidenceRequests(run.spec, "2027-10-15", "P30D");
    const r = rs.find((x) => x.requirementId === "gdpr-30.1"); // yearly, attested 2026-11-10
    assert.equal(r?.reason, "due");
    assert.equal(r?.due, "2027-11-10");
    assert.equal(r?.owner, "dpo@example.com");
  });

  it("prints Markdown grouped by owner, CSV and JSON", async () => {
    const md = await assay("requests", "-p", run.projectFile, "--today", "2026-11-30", "--due-within", "30d");
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^## Evidence requests — attested-platform/m);
    assert.match(md.stdout, /^### platform-team@example\.com$/m);
    assert.match(
      md.stdout,
      /- \[ \] \*\*A\.5\.1\*\* Policies for information security \(`iso-a\.5\.1`\) — overdue, due 2026-01-10: attestation lapsed on 2026-01-10/,
    );
    const csv = await assay("requests", "-p", run.projectFile, "--today", "2026-11-30", "--format", "csv");
    const rows: Record<string, string>[] = parse(csv.stdout, { columns: true });
    assert.equal(rows.find((r) => r["Id"] === "iso-4.3")?.["Reason"], "invalid");
    const json = await assay("requests", "-p", run.projectFile, "--today", "2026-11-30", "--format", "json");
    const parsed = JSON.parse(json.stdout) as { requests: unknown[] };
    assert.equal(parsed.requests.length, rows.length);
    const bad = await assay("requests", "-p", run.projectFile, "--due-within", "soon");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a duration/);
  });
});
