/** @module The shipped ISO catalog holds the ISMS clauses 4.1–10.2 and every shipped requirement declares a review frequency. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSpec } from "../../src/catalog/index.js";
import type { AuditSpec } from "../../src/model/index.js";

const dir = mkdtempSync(join(tmpdir(), "assay-isms-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let spec: AuditSpec;

before(async () => {
  writeFileSync(join(dir, "assay.yaml"), "project: { name: isms }\n");
  const r = await loadSpec(join(dir, "assay.yaml"));
  assert.ok(r.ok);
  spec = r.spec;
});

const CLAUSES = ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3"].concat([
  "7.1",
  "7.2",
  "7.3",
  "7.4",
  "7.5",
  "8.1",
  "8.2",
  "8.3",
  "9.1",
  "9.2",
  "9.3",
  "10.1",
  "10.2",
]);

describe("ISO/IEC 27001:2022 catalog", () => {
  it("lists clauses 4.1 to 10.2 as mandatory, manual requirements and all 93 Annex A controls", () => {
    const iso = spec.frameworks.find((f) => f.id === "iso27001-2022");
    assert.ok(iso);
    const clauses = iso.groups.filter((g) => g.mandatory).flatMap((g) => g.requirements);
    assert.deepEqual(
      clauses.map((r) => r.label),
      CLAUSES,
    );
    for (const r of clauses) {
      assert.equal(r.checks.length, 0, `${r.label} is attested, not probed`);
      assert.ok((r.manual?.evidence.length ?? 0) > 0, `${r.label} says what to ask for`);
    }
    const annex = iso.groups.filter((g) => !g.mandatory).flatMap((g) => g.requirements);
    assert.equal(annex.length, 93);
    assert.ok(annex.every((r) => /^A\.[5-8]\.\d+$/.test(r.label)));
  });

  it("asks for the documents an ISMS auditor asks for", () => {
    const iso = spec.frameworks.find((f) => f.id === "iso27001-2022");
    const evidence = (iso?.groups ?? [])
      .filter((g) => g.mandatory)
      .flatMap((g) => g.requirements.flatMap((r) => r.manual?.evidence ?? []))
      .join("\n");
    for (const doc of [
      /scope statement/i,
      /risk assessment/i,
      /risk treatment plan/i,
      /Statement of Applicability/,
      /internal audit report/i,
      /management review minutes/i,
      /corrective action/i,
    ]) {
      assert.match(evidence, doc);
    }
  });

  it("gives every shipped requirement a review frequency with a reason", () => {
    const all = spec.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements));
    assert.equal(all.length, 40 + 93 + CLAUSES.length);
    const missing = all.filter((r) => !r.review || r.review.why.length < 20).map((r) => r.id);
    assert.deepEqual(missing, []);
    const by = (every: string) => all.filter((r) => r.review?.every === every).length;
    assert.ok(by("monthly") > 0 && by("quarterly") > 0 && by("yearly") > 0);
    assert.equal(
      spec.frameworks
        .flatMap((f) => f.groups)
        .find((g) => g.id === "iso-a.8")
        ?.requirements.find((r) => r.id === "iso-a.8.8")?.review?.every,
      "monthly",
    );
  });
});
