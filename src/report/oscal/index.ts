/**
 * @module OSCAL 1.0.6 assessment-results (JSON). Each probe run (evidence record) is an observation
 * (method TEST, the target as an inventory-item subject, the record file and its SHA-256 as
 * relevant evidence); each decided requirement is a finding on its objective, satisfied or not.
 * Manual and not-applicable requirements are reviewed controls without a finding. An
 * observation's description lists every finding of its check × target and any check-level waiver
 * (also as `waiver` props); a finding names the check-level waivers behind a `waived` result.
 */
import { describeSelection } from "../../model/index.js";
import type { ReportCheckRow, ReportModel, ReportRequirement } from "../model.js";
import { checkRows } from "../model.js";
import { uuidV5 } from "./uuid.js";

const NS = "https://assay.dev/ns/oscal";
const OSCAL_VERSION = "1.0.6";

/** OSCAL strings may not be empty or start/end with whitespace. */
const str = (s: string, fallback = "-"): string => s.trim() || fallback;

function findingOf(model: ReportModel, r: ReportRequirement, observationUuids: Map<string, string>) {
  const decided = r.underlying === "pass" || r.underlying === "fail" || r.underlying === "error";
  if (!decided) return null;
  const satisfied = r.status === "pass";
  const related = [
    ...new Set(
      r.checks.flatMap((c) => (c.recordSequence === null ? [] : [observationUuids.get(String(c.recordSequence))])),
    ),
  ]
    .filter((u): u is string => u !== undefined)
    .map((u) => ({ "observation-uuid": u }));
  const checkWaivers = r.checks.flatMap((c) =>
    c.waiver
      ? [
          ` Check ${c.checkId} on ${c.targetId} waived (${c.waiver.id}) by ${c.waiver.approver} until ${c.waiver.expires}: ${c.waiver.justification}`,
        ]
      : [],
  );
  const waiver =
    (r.waiver && !r.checks.some((c) => c.waiver?.id === r.waiver?.id)
      ? ` Waived (${r.waiver.id}) by ${r.waiver.approver} until ${r.waiver.expires}: ${r.waiver.justification}`
      : "") + checkWaivers.join("");
  return {
    uuid: uuidV5(`${model.run.runId}/finding/${r.id}`),
    title: str(`${r.label} ${r.title}`),
    description: `${r.id}: ${r.status}${r.status !== r.underlying ? ` (underlying ${r.underlying})` : ""}.${waiver}`,
    props: [
      { name: "severity", ns: NS, value: r.severity },
      { name: "assay-status", ns: NS, value: r.status },
    ],
    target: {
      type: "objective-id",
      "target-id": r.id,
      title: str(r.title),
      status: {
        state: satisfied ? "satisfied" : "not-satisfied",
        reason: r.underlying === "error" ? "other" : satisfied ? "pass" : "fail",
      },
    },
    ...(related.length > 0 ? { "related-observations": related } : {}),
  };
}

/** Every finding (status, aspect, object, message) and the check-level waiver, as description lines. */
function describeRow(c: ReportCheckRow): string {
  const waiver = c.waiver
    ? `\nWaived (${c.waiver.id}) by ${c.waiver.approver} until ${c.waiver.expires}: ${c.waiver.justification}`
    : "";
  const findings = c.findings.map(
    (f) => `\n- ${f.status} ${f.aspect}${f.subject !== null ? ` ${f.subject}` : ""}: ${f.message}`,
  );
  return `${waiver}${findings.join("")}`;
}

export function renderOscal(model: ReportModel): string {
  const run = model.run;
  const targetUuid = new Map(run.targets.map((t) => [t.id, uuidV5(`${run.runId}/target/${t.id}`)]));
  const recordTargets = new Set(model.records.map((r) => r.targetId));
  for (const id of recordTargets) if (!targetUuid.has(id)) targetUuid.set(id, uuidV5(`${run.runId}/target/${id}`));
  const observationUuids = new Map<string, string>();
  const rowOf = new Map<number, ReportCheckRow>();
  for (const c of checkRows(model)) if (c.recordSequence !== null) rowOf.set(c.recordSequence, c);
  const observations = model.records.map((rec) => {
    const row = rowOf.get(rec.sequence);
    const uuid = uuidV5(`${run.runId}/observation/${rec.sequence}`);
    observationUuids.set(String(rec.sequence), uuid);
    return {
      uuid,
      title: str(`${rec.probeId} ${rec.probeVersion} on ${rec.targetId}`),
      description: str(`Check ${rec.checkId}: ${rec.status}. ${rec.message}${row ? describeRow(row) : ""}`),
      props: [
        { name: "check-id", ns: NS, value: str(rec.checkId) },
        { name: "assay-status", ns: NS, value: row?.status ?? rec.status },
        ...(row?.waiver ? [{ name: "waiver", ns: NS, value: str(row.waiver.id) }] : []),
      ],
      methods: ["TEST"],
      types: ["control-objective"],
      subjects: [
        { "subject-uuid": targetUuid.get(rec.targetId) ?? "", type: "inventory-item", title: str(rec.targetId) },
      ],
      "relevant-evidence": [
        {
          href: rec.file,
          description: `Evidence record #${rec.sequence} of run ${run.runId} (canonical JSON, covered by the signed manifest's Merkle root).`,
          props: [{ name: "sha256", ns: NS, value: rec.sha256 }],
        },
      ],
      collected: rec.startedAt,
    };
  });
  const requirements = model.frameworks.flatMap((f) => f.requirements);
  const findings = requirements.map((r) => findingOf(model, r, observationUuids)).filter((f) => f !== null);
  const inventory = [...targetUuid].map(([id, uuid]) => {
    const t = run.targets.find((x) => x.id === id);
    return {
      uuid,
      description: str(`Target ${id}${t ? ` (${t.type})` : ""}`),
      props: [{ name: "asset-id", value: str(id) }, ...(t ? [{ name: "asset-type", ns: NS, value: str(t.type) }] : [])],
    };
  });
  const doc = {
    "assessment-results": {
      uuid: uuidV5(`${run.runId}/assessment-results`),
      metadata: {
        title: str(`Assay assessment results: ${run.projectName}`),
        "last-modified": model.generatedAt,
        version: str(run.runId),
        "oscal-version": OSCAL_VERSION,
        props: [{ name: "profile", ns: NS, value: str(run.profileId) }],
      },
      "import-ap": {
        href: `urn:assay:assessment-plan:${encodeURIComponent(run.projectName)}:${encodeURIComponent(run.profileId)}`,
      },
      results: [
        {
          uuid: uuidV5(`${run.runId}/result`),
          title: str(`Run ${run.runId}`),
          description: `Automated assessment by Assay ${run.assayVersion}, profile ${run.profileId}; evidence verified: ${model.verification.ok ? "yes" : "no"}; manifest SHA-256 ${model.verification.manifestSha256}.${model.run.selection ? ` Not the whole project: ${describeSelection(model.run.selection)}.` : ""}`,
          start: run.startedAt,
          end: run.endedAt,
          props: model.frameworks.map((f) => ({
            name: "score",
            ns: NS,
            class: f.id.replace(/[^\w.-]/g, "_"),
            value: f.score === null ? "none" : String(f.score),
          })),
          "local-definitions": inventory.length > 0 ? { "inventory-items": inventory } : undefined,
          "reviewed-controls": {
            "control-selections": [
              requirements.length > 0
                ? { "include-controls": requirements.map((r) => ({ "control-id": r.id })) }
                : { "include-all": {} },
            ],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
