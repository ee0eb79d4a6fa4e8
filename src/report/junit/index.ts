/**
 * @module JUnit XML renderer: one <testsuite> per framework, one <testcase> per requirement × target
 * (classname framework/requirement), <failure> for fail, <error> for error, <skipped> with the
 * reason for not_applicable, unassessed and waived (requirement- or check-level waiver, with its id);
 * an attested requirement is one case decided by its attestation (overdue is a failure). The
 * failure text lists every finding of every check on that target. The layout CI viewers (GitLab,
 * Jenkins, Azure) read.
 */
import { describeAttestation } from "../../evaluate/attestations.js";
import { fold } from "../../evaluate/fold.js";
import type { Decided } from "../../evaluate/fold.js";
import { describeSelection } from "../../model/index.js";
import type { ReportCheckRow, ReportFramework, ReportModel, ReportRequirement, ReportWaiver } from "../model.js";
import { xmlAttr, xmlText } from "../xml.js";

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly outcome: "pass" | "failure" | "error" | "skipped";
  readonly message: string;
  readonly detail: string;
}

function skipReason(r: ReportRequirement): string | null {
  if (r.status === "waived" && r.waiver)
    return `waived by ${r.waiver.approver} until ${r.waiver.expires} (${r.waiver.id}): ${r.waiver.justification}`;
  if (r.status === "unassessed")
    return `unassessed: no probe decides it and nobody attested it; evidence to request: ${r.manualEvidence.join("; ") || "see the catalog"}`;
  if (r.status === "not_applicable" && r.checks.length === 0) return "not applicable: no target matches";
  if (r.status === "not_selected") return "not selected: the selection of this run left out what decides it";
  return null;
}

const waiverText = (w: ReportWaiver): string =>
  `waived by ${w.approver} until ${w.expires} (${w.id}): ${w.justification}`;

/** One check × target with every finding, for the failure body. */
function detailOf(c: ReportCheckRow): string {
  const head = `${c.status.toUpperCase()}${c.status !== c.underlying ? ` (underlying ${c.underlying})` : ""} ${c.checkId} on ${c.targetId}: ${c.message}`;
  const waiver = c.waiver ? [`  ${waiverText(c.waiver)}`] : [];
  const findings = c.findings.map(
    (f) => `  - [${f.status}] ${f.aspect}${f.subject !== null ? ` ${f.subject}` : ""}: ${f.message}`,
  );
  return [head, ...waiver, ...findings].join("\n");
}

function casesOf(f: ReportFramework, r: ReportRequirement): Case[] {
  const classname = `${f.id}/${r.id}`;
  const base = `${r.label} ${r.title}`;
  const skip = skipReason(r);
  const targets = [...new Set(r.checks.map((c) => c.targetId))];
  if (targets.length === 0 && r.attestation) return [attestedCase(classname, base, r)];
  if (targets.length === 0)
    return [{ name: base, classname, outcome: "skipped", message: skip ?? r.status, detail: "" }];
  return targets.map((t) => {
    const rows = r.checks.filter((c) => c.targetId === t);
    const name = `${base} [${t}]`;
    if (skip !== null)
      return {
        name,
        classname,
        outcome: "skipped",
        message: skip,
        detail: r.status === "waived" ? rows.map(detailOf).join("\n") : "",
      };
    const decided = rows.map((c) => c.status).filter((s): s is Decided => isDecided(s));
    const waived = rows.filter((c) => c.status === "waived" && c.waiver !== null);
    const status = fold(decided);
    const relevant = rows.filter((c) => c.status === status);
    const message = relevant.map((c) => `${c.checkId}: ${c.message}`).join("; ");
    const detail = rows.map(detailOf).join("\n");
    // Every failing check on this target is under a check-level waiver: skipped, with each waiver.
    if (waived.length > 0 && (decided.length === 0 || status === "pass" || status === "not_applicable")) {
      const reasons = waived.map((c) => `${c.checkId} (${c.underlying}) ${c.waiver ? waiverText(c.waiver) : ""}`);
      return { name, classname, outcome: "skipped", message: reasons.join("; "), detail };
    }
    switch (status) {
      case "fail":
        return { name, classname, outcome: "failure", message, detail };
      case "error":
        return { name, classname, outcome: "error", message, detail };
      case "not_applicable":
        return { name, classname, outcome: "skipped", message: `not applicable: ${message}`, detail: "" };
      case "pass":
        return { name, classname, outcome: "pass", message: "", detail: "" };
    }
  });
}

const isDecided = (s: string): s is Decided => s === "pass" || s === "fail" || s === "error" || s === "not_applicable";

/** A requirement only a person decides: its attestation is the test case. */
function attestedCase(classname: string, name: string, r: ReportRequirement): Case {
  const a = r.attestation;
  const said = a ? describeAttestation(a) : "";
  if (r.status === "pass") return { name, classname, outcome: "pass", message: "", detail: "" };
  if (r.status === "not_applicable")
    return { name, classname, outcome: "skipped", message: `not applicable: ${a?.justification ?? said}`, detail: "" };
  return { name, classname, outcome: "failure", message: `${r.status}: ${said}`, detail: a?.statement ?? "" };
}

function caseXml(c: Case): string {
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="0">`;
  switch (c.outcome) {
    case "pass":
      return `${open}</testcase>`;
    case "skipped":
      return c.detail === ""
        ? `${open}\n      <skipped message="${xmlAttr(c.message)}"/>\n    </testcase>`
        : `${open}\n      <skipped message="${xmlAttr(c.message)}">${xmlText(c.detail)}</skipped>\n    </testcase>`;
    case "failure":
    case "error":
      return `${open}\n      <${c.outcome} message="${xmlAttr(c.message)}" type="${c.outcome === "failure" ? "assay.fail" : "assay.error"}">${xmlText(c.detail)}</${c.outcome}>\n    </testcase>`;
  }
}

export function renderJunit(model: ReportModel): string {
  const suites = model.frameworks.map((f) => {
    const cases = f.requirements.flatMap((r) => casesOf(f, r));
    const n = (o: Case["outcome"]): number => cases.filter((c) => c.outcome === o).length;
    return [
      `  <testsuite name="${xmlAttr(f.title)}" id="${xmlAttr(f.id)}" tests="${cases.length}" failures="${n("failure")}" errors="${n("error")}" skipped="${n("skipped")}" time="0" timestamp="${xmlAttr(model.run.startedAt.replace(/Z$/, ""))}">`,
      `    <properties><property name="runId" value="${xmlAttr(model.run.runId)}"/><property name="score" value="${f.score ?? ""}"/>${model.run.selection ? `<property name="selection" value="${xmlAttr(describeSelection(model.run.selection))}"/>` : ""}</properties>`,
      ...cases.map(caseXml),
      "  </testsuite>",
    ].join("\n");
  });
  const all = model.frameworks.flatMap((f) => f.requirements.flatMap((r) => casesOf(f, r)));
  const count = (o: Case["outcome"]): number => all.filter((c) => c.outcome === o).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="assay ${xmlAttr(model.run.projectName)}" tests="${all.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="0">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
