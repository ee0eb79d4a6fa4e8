/**
 * @module Attestations end to end through the loader and the evaluator: valid, lapsed (overdue),
 * a document changed since attesting, signed (by a key made here with jose, not by Assay) and
 * unsigned, a broken signature, checks + attestation, and the unassessed rest.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import canonicalizeModule from "canonicalize";
import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { stringify } from "yaml";
import { loadSpec, type Problem } from "../../src/catalog/index.js";
import { evaluate } from "../../src/evaluate/index.js";
import { requirementResult } from "../../src/evaluate/requirement.js";
import type { AuditResult, AuditSpec, CheckResult, RequirementResult } from "../../src/model/index.js";
import { ciso, LAPSED_POLICY_REVIEW, NO_PREMISES } from "./project.js";

const canonicalize = canonicalizeModule as unknown as (v: unknown) => string;
const dir = mkdtempSync(join(tmpdir(), "assay-attest-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const show = (ps: readonly Problem[]) => ps.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n");

let spec: AuditSpec;
let result: AuditResult;
const req = (id: string): RequirementResult => {
  const r = result.frameworks.flatMap((f) => f.requirements).find((x) => x.requirementId === id);
  assert.ok(r, id);
  return r;
};

before(async () => {
  mkdirSync(join(dir, "attestations"));
  mkdirSync(join(dir, "docs"));
  writeFileSync(join(dir, "docs", "policy.txt"), "Information security policy v3, approved 2026-10-01\n");
  writeFileSync(join(dir, "docs", "risk.txt"), "Risk register as edited after attesting\n");
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
  const signed = {
    requirement: "iso-5.2",
    status: "implemented",
    statement: "The policy was approved by the board and published on the intranet.",
    attester: ciso,
    date: "2026-11-02",
    documents: [{ path: "../docs/policy.txt", sha256: sha("Information security policy v3, approved 2026-10-01\n") }],
  };
  const jwk = await exportJWK(publicKey);
  const sign = async (entry: object) =>
    new CompactSign(new TextEncoder().encode(canonicalize(entry)))
      .setProtectedHeader({ alg: "EdDSA", typ: "assay-attestation+jws", jwk })
      .sign(privateKey);
  const tampered = { ...signed, requirement: "iso-5.3", statement: "Roles are assigned." };
  const entries = [
    { ...signed, signature: await sign(signed) },
    // signed over another statement: the signature must not carry over
    { ...tampered, signature: await sign({ ...tampered, statement: "Something else." }) },
    LAPSED_POLICY_REVIEW,
    NO_PREMISES,
    {
      requirement: "iso-6.1.2",
      status: "implemented",
      statement: "Risk assessment done.",
      attester: ciso,
      date: "2026-11-02",
      documents: [{ path: "../docs/risk.txt", sha256: sha("Risk register as approved\n") }],
    },
    {
      requirement: "iso-a.5.2",
      status: "partially_implemented",
      statement: "RACI drafted, not approved.",
      attester: ciso,
      date: "2026-11-20",
      valid_for: "P1M",
    },
    {
      requirement: "gdpr-17.1",
      status: "implemented",
      statement: "Erasure requests handled in 30 days.",
      attester: ciso,
      date: "2026-11-02",
    },
    {
      requirement: "gdpr-5.1.a",
      status: "implemented",
      statement: "Notices current.",
      attester: ciso,
      date: "2026-11-02",
      documents: [{ url: "https://example.com/privacy", sha256: sha("notice") }],
    },
  ];
  writeFileSync(join(dir, "attestations", "isms.yaml"), stringify({ attestations: entries }));
  writeFileSync(
    join(dir, "assay.yaml"),
    stringify({ project: { name: "attest" }, attestations: ["attestations/*.yaml"] }),
  );
  const loaded = await loadSpec(join(dir, "assay.yaml"), { now: () => new Date("2026-11-30T12:00:00Z") });
  assert.ok(loaded.ok, loaded.ok ? "" : show(loaded.problems));
  spec = loaded.spec;
  result = evaluate({
    spec,
    plan: { invocations: [], bindings: [], unmatched: [] },
    observations: [],
    runId: "r1",
    startedAt: "2026-11-30T12:00:00.000Z",
    endedAt: "2026-11-30T12:00:01.000Z",
    today: "2026-11-30",
    gate: { failOn: "info" },
  });
});

describe("attestations", () => {
  it("a valid, signed attestation makes a manual requirement attested and passing, with who and until when", () => {
    const r = req("iso-5.2");
    assert.equal(r.status, "pass");
    assert.equal(r.assessment, "attested");
    assert.equal(r.attestation?.attester.name, "Dana Reyes");
    assert.equal(r.attestation?.expires, "2027-11-02"); // clause 5 reviews yearly
    assert.deepEqual(r.attestation?.signature?.valid, true);
    assert.match(r.attestation?.signature?.keyThumbprint ?? "", /^[A-Za-z0-9_-]{43}$/);
  });

  it("a signature over other content is a finding, not a pass", () => {
    const r = req("iso-5.3");
    assert.equal(r.status, "fail");
    assert.match(r.attestation?.problems.join() ?? "", /changed after it was signed/);
  });

  it("an unsigned attestation counts and is shown as unsigned", () => {
    const r = req("gdpr-5.1.a");
    assert.equal(r.status, "pass");
    assert.equal(r.attestation?.signature, null);
  });

  it("a lapsed attestation makes the requirement overdue with the day it lapsed, counted against the score", () => {
    const r = req("iso-a.5.1"); // yearly: 2025-01-10 + P1Y
    assert.equal(r.status, "overdue");
    assert.equal(r.assessment, "overdue");
    assert.equal(r.attestation?.expires, "2026-01-10");
    const iso = result.frameworks.find((f) => f.frameworkId === "iso27001-2022");
    assert.ok(iso && iso.assessment.overdue >= 1);
    assert.ok(
      result.gate.reasons.some((x) => x.includes("A.5.1")),
      result.gate.reasons.join("\n"),
    );
  });

  it("not_applicable with a justification, partially_implemented as a failure with its label", () => {
    assert.equal(req("iso-a.7.1").status, "not_applicable");
    assert.equal(req("iso-a.7.1").attestation?.justification, "Fully remote; no premises of our own.");
    const partial = req("iso-a.5.2");
    assert.equal(partial.status, "fail");
    assert.equal(partial.attestation?.status, "partially_implemented");
    assert.equal(partial.attestation?.expires, "2026-12-20");
  });

  it("a document whose hash changed since attesting is a finding naming the document", () => {
    const r = req("iso-6.1.2");
    assert.equal(r.status, "fail");
    assert.match(r.attestation?.problems[0] ?? "", /document \.\.\/docs\/risk\.txt changed since attestation/);
  });

  it("requirements nobody attested and no probe decides are unassessed, never manual", () => {
    const all = result.frameworks.flatMap((f) => f.requirements);
    assert.ok(all.every((r) => (r.status as string) !== "manual"));
    assert.equal(req("iso-9.3").status, "unassessed");
    for (const f of result.frameworks) {
      const a = f.assessment;
      assert.equal(a.automated + a.attested + a.overdue + a.unassessed, f.requirements.length);
    }
  });

  it("checks and an attestation: both must hold", () => {
    const r17 = spec.frameworks
      .flatMap((f) => f.groups.flatMap((g) => g.requirements))
      .find((r) => r.id === "gdpr-17.1");
    assert.ok(r17 && r17.checks.length > 0);
    const row = (status: CheckResult["underlying"]): CheckResult => ({
      checkId: r17.checks[0] ?? "",
      targetId: "warehouse",
      invocationId: "i",
      status,
      underlying: status,
      message: status,
      findings: [],
    });
    const atts = spec.attestations ?? [];
    assert.equal(requirementResult(r17, [row("pass")], [], "2026-11-30", atts).status, "pass");
    assert.equal(requirementResult(r17, [row("fail")], [], "2026-11-30", atts).status, "fail");
    const lapsed = requirementResult(r17, [row("pass")], [], "2027-06-01", atts);
    assert.equal(lapsed.status, "overdue");
    assert.equal(requirementResult(r17, [row("pass")], [], "2026-11-30", []).assessment, "automated");
  });

  it("reject a not_applicable clause and an unknown requirement at their file:line:col", async () => {
    writeFileSync(
      join(dir, "attestations", "bad.yaml"),
      stringify({
        attestations: [
          {
            requirement: "iso-9.2",
            status: "not_applicable",
            justification: "x",
            statement: "x",
            attester: ciso,
            date: "2026-11-02",
          },
          { requirement: "iso-a.5.99", status: "implemented", statement: "x", attester: ciso, date: "2026-02-30" },
        ],
      }),
    );
    const r = await loadSpec(join(dir, "assay.yaml"));
    rmSync(join(dir, "attestations", "bad.yaml"));
    assert.ok(!r.ok);
    const text = show(r.problems);
    assert.match(text, /9\.2 is a mandatory clause: it cannot be not_applicable/);
    assert.match(text, /unknown requirement "iso-a\.5\.99" \(did you mean "iso-a\.5\.9/);
    assert.ok(r.problems.every((p) => p.file.endsWith("bad.yaml") && p.line > 0));
  });
});
