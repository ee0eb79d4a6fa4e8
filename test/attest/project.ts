/**
 * @module Test fixture: a project whose ISO and GDPR requirements are attested in every state
 * (valid signed, valid unsigned, lapsed, not_applicable, changed document), run through the real
 * pipeline (no targets: only attestations decide) and stored as signed evidence.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadSpec } from "../../src/catalog/index.js";
import { evaluate } from "../../src/evaluate/index.js";
import { resolveSigningKey, writeEvidenceRun } from "../../src/evidence/index.js";
import type { AuditSpec } from "../../src/model/index.js";

export const sha = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");
export const ciso = { name: "Dana Reyes", role: "CISO", email: "dana.reyes@example.com" };
/** A lapsed attestation (2025-01-10, the requirement's review is yearly) and a not-applicable one. */
export const LAPSED_POLICY_REVIEW = {
  requirement: "iso-a.5.1",
  status: "implemented",
  statement: "Topic policies reviewed.",
  attester: ciso,
  date: "2025-01-10",
};
export const NO_PREMISES = {
  requirement: "iso-a.7.1",
  status: "not_applicable",
  justification: "Fully remote; no premises of our own.",
  statement: "No offices.",
  attester: ciso,
  date: "2026-11-02",
};

export interface AttestedRun {
  readonly projectFile: string;
  readonly evidenceDir: string;
  readonly runDir: string;
  readonly spec: AuditSpec;
}

/** Writes the project into `dir`, evaluates it on `today` and stores the run. */
export async function attestedRun(dir: string, today = "2026-11-30"): Promise<AttestedRun> {
  mkdirSync(join(dir, "attestations"), { recursive: true });
  mkdirSync(join(dir, "docs"), { recursive: true });
  const policy = "Information security policy v3, approved 2026-10-01\n";
  writeFileSync(join(dir, "docs", "policy.txt"), policy);
  writeFileSync(join(dir, "docs", "scope.txt"), "ISMS scope: the ETL platform, as edited after attesting\n");
  const entries = [
    {
      requirement: "iso-5.2",
      status: "implemented",
      statement: "Policy approved and published.",
      attester: ciso,
      date: "2026-11-02",
      documents: [{ path: "../docs/policy.txt", sha256: sha(policy) }],
    },
    {
      requirement: "iso-4.3",
      status: "implemented",
      statement: "Scope signed.",
      attester: ciso,
      date: "2026-11-02",
      documents: [{ path: "../docs/scope.txt", sha256: sha("ISMS scope: the ETL platform\n") }],
    },
    LAPSED_POLICY_REVIEW,
    NO_PREMISES,
    {
      requirement: "gdpr-30.1",
      status: "implemented",
      statement: "Record of processing current.",
      attester: { ...ciso, name: "Sam Ortiz", role: "DPO" },
      date: "2026-11-10",
    },
  ];
  writeFileSync(join(dir, "attestations", "isms.yaml"), stringify({ attestations: entries }));
  const project = {
    project: { name: "attested-platform" },
    attestations: ["attestations/*.yaml"],
    applicability: [
      {
        requirement: "iso-a.7",
        applicable: false,
        justification: "Fully remote: physical controls are the data centre provider's (see A.5.19).",
      },
      {
        requirement: "iso-a.8.24",
        applicable: true,
        justification: "Personal data in transit and at rest (risk R-03).",
      },
    ],
    owners: {
      "iso27001-2022": "ciso@example.com",
      "iso-a.8": "platform-team@example.com",
      "gdpr-30.1": "dpo@example.com",
    },
    signoff: { assessor: "Alex Kim, internal auditor", scope: "ETL platform: warehouse, API, identity provider" },
  };
  const projectFile = join(dir, "assay.yaml");
  writeFileSync(projectFile, stringify(project));
  const loaded = await loadSpec(projectFile, { now: () => new Date(`${today}T12:00:00Z`) });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  const spec = loaded.spec;
  const result = evaluate({
    spec,
    plan: { invocations: [], bindings: [], unmatched: [] },
    observations: [],
    runId: `${today}T12-00-00Z-test`,
    startedAt: `${today}T12:00:00.000Z`,
    endedAt: `${today}T12:00:01.000Z`,
    today,
    gate: { failOn: "info" },
  });
  const { key } = await resolveSigningKey(spec);
  const written = await writeEvidenceRun({
    result,
    spec,
    key,
    evidenceDir: spec.settings.evidenceDir,
    assayVersion: "0.0.0-test",
    durable: false,
  });
  return { projectFile, evidenceDir: spec.settings.evidenceDir, runDir: written.runDir, spec };
}
