/**
 * @module The demo's attestations: what the CISO and the DPO state about requirements no probe
 * decides, with documents. All four states on purpose: most are valid (one signed with the CISO's
 * own key), one lapsed (overdue), one not_applicable with a justification, and one whose document
 * was edited after it was attested. Dates are relative to today so the demo ages well.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import canonicalizeModule from "canonicalize";
import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { stringify } from "yaml";

const canonicalize = canonicalizeModule as unknown as (v: unknown) => string;
const sha = (s: string): string => createHash("sha256").update(s).digest("hex");
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const ciso = { name: "Dana Reyes", role: "CISO", email: "dana.reyes@etl-demo.example" };
const dpo = { name: "Sam Ortiz", role: "Data protection officer", email: "sam.ortiz@etl-demo.example" };

const DOCS: Record<string, string> = {
  "isms-scope.md": "# ISMS scope\nThe ETL platform: warehouse, API, identity provider, operated from the EU.\n",
  "risk-register.csv": "id,risk,owner,rating\nR-01,Token theft,CISO,high\nR-02,Over-retention,DPO,medium\n",
  "risk-treatment-plan.md": "# Risk treatment plan\nR-01: 15-minute tokens, MFA for administrators.\n",
  "management-review-2026.md": "# Management review minutes\nInputs 9.3.2 a–g covered; decisions recorded.\n",
  "policy.md": "# Information security policy v3\nApproved by the board.\n",
  "ropa.csv": "activity,purpose,legal basis,retention\nbilling,contract,6(1)(b),10y\n",
};

/** Writes docs/ and attestations/demo.yaml into the project folder; returns the relative glob. */
export async function writeAttestations(dir: string): Promise<string> {
  await mkdir(join(dir, "docs"), { recursive: true });
  await mkdir(join(dir, "attestations"), { recursive: true });
  for (const [name, text] of Object.entries(DOCS)) await writeFile(join(dir, "docs", name), text);
  const doc = (name: string) => ({ path: `../docs/${name}`, sha256: sha(DOCS[name] ?? "") });
  const valid = (requirement: string, statement: string, documents: object[] = [], who = ciso) => ({
    requirement,
    status: "implemented",
    statement,
    attester: who,
    date: day(-12),
    ...(documents.length > 0 ? { documents } : {}),
  });
  const entries: Record<string, unknown>[] = [
    valid("iso-4.1", "Context analysis reviewed at the October management review."),
    valid("iso-4.2", "Interested parties and their requirements are in the register."),
    valid("iso-4.3", "The ISMS scope is signed by the managing director.", [doc("isms-scope.md")]),
    valid("iso-5.1", "The board funds the security roadmap and reviews it quarterly."),
    valid("iso-6.1.2", "Risk assessment of 2026 done with the documented method.", [doc("risk-register.csv")]),
    valid("iso-6.1.3", "Treatment plan approved by the risk owners.", [doc("risk-treatment-plan.md")]),
    valid("iso-9.3", "Management review held; minutes approved.", [doc("management-review-2026.md")]),
    {
      ...valid("iso-7.2", "Engineers hold the training the role matrix requires."),
      status: "partially_implemented",
      statement: "Two of nine engineers have not completed secure-coding training.",
    },
    valid("gdpr-30.1", "The record of processing covers every activity of the platform.", [doc("ropa.csv")], dpo),
    valid("gdpr-37", "A DPO is appointed and registered with the authority.", [], dpo),
    // not applicable, with the justification the SoA shows
    {
      requirement: "iso-a.7.1",
      status: "not_applicable",
      justification: "Fully remote company: no premises; the hosting provider's perimeter is covered by A.5.19–A.5.23.",
      statement: "We have no offices or server rooms of our own.",
      attester: ciso,
      date: day(-12),
    },
    // lapsed: a yearly attestation from 14 months ago
    {
      requirement: "iso-a.5.1",
      status: "implemented",
      statement: "Topic policies reviewed and re-approved.",
      attester: ciso,
      date: day(-425),
      documents: [doc("policy.md")],
    },
  ];
  // the scope was edited after attesting: its recorded hash no longer matches (a finding)
  await writeFile(
    join(dir, "docs", "isms-scope.md"),
    `${DOCS["isms-scope.md"] ?? ""}Also: the new reporting service.\n`,
  );
  // the CISO signs the policy statement with her own key (assay attest --sign does the same)
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
  const signed = valid("iso-5.2", "The information security policy v3 was approved by the board and published.", [
    doc("policy.md"),
  ]);
  const jws = await new CompactSign(new TextEncoder().encode(canonicalize(signed)))
    .setProtectedHeader({ alg: "EdDSA", typ: "assay-attestation+jws", jwk: await exportJWK(publicKey) })
    .sign(privateKey);
  entries.push({ ...signed, signature: jws });
  await writeFile(
    join(dir, "attestations", "demo.yaml"),
    `# yaml-language-server: $schema=../../schemas/attestations.schema.json\n${stringify({ attestations: entries })}`,
  );
  return "attestations/*.yaml";
}
