/** @module The HTML view: ReportModel → plain values the template places (anchors, badges, charts, truncated facts). */
import { STATUSES, type Status, describeSelection } from "../../model/index.js";
import { describeAttestation } from "../../evaluate/attestations.js";
import { failingRequirements } from "../model.js";
import { checkRows } from "../model.js";
import type {
  ReportCheckRow,
  ReportFramework,
  ReportModel,
  ReportRecord,
  ReportRequirement,
  ReportWaiver,
} from "../model.js";
import { STATUS_STYLE, gauge, seriesColor, statusBar, trendChart } from "./charts.js";

/** Observed facts beyond this many characters are cut in the page, with a note saying where the full record is. */
export const FACTS_LIMIT = 20_000;
/** Findings of one check shown on screen before the rest fold under "N more findings" (print shows all). */
export const FINDINGS_SHOWN = 10;

const badge = (s: Status) => ({ cls: s, ...STATUS_STYLE[s] });

function prettyFacts(record: ReportRecord | undefined): { text: string; truncated: boolean; size: number } | null {
  if (!record) return null;
  const text = JSON.stringify(record.facts, null, 2);
  if (text.length <= FACTS_LIMIT) return { text, truncated: false, size: text.length };
  return { text: text.slice(0, FACTS_LIMIT), truncated: true, size: text.length };
}

function waiverRow(w: ReportWaiver, appliesTo: string, anchor: string, now: string, expired: boolean) {
  return { ...w, appliesTo, anchor, expired: expired || w.expires < now.slice(0, 10) };
}

function findingsOf(c: ReportCheckRow, print: boolean) {
  const all = c.findings.map((f) => ({ ...f, badge: badge(f.status) }));
  const cut = print ? all.length : FINDINGS_SHOWN;
  return { count: all.length, shown: all.slice(0, cut), more: all.slice(cut) };
}

/** Error rows grouped by target and identical reason: what could not be audited. */
function notAudited(model: ReportModel) {
  const groups = new Map<string, { targetId: string; reason: string; checks: string[] }>();
  for (const c of checkRows(model)) {
    if (c.status !== "error") continue;
    const key = `${c.targetId}\u0000${c.message}`;
    const g = groups.get(key) ?? { targetId: c.targetId, reason: c.message, checks: [] };
    g.checks.push(c.checkId);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g, count: g.checks.length }));
}

const where = (d: Readonly<Record<string, unknown>>): string =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");

/** The catalog's groups in order; requirements no group lists are kept under "Other requirements". */
function groupsOf(f: ReportFramework): { title: string; requirements: ReportRequirement[] }[] {
  const byId = new Map(f.requirements.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const groups = f.groups.map((g) => ({
    title: g.title,
    requirements: g.requirementIds.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      seen.add(id);
      return [r];
    }),
  }));
  const rest = f.requirements.filter((r) => !seen.has(r.id));
  return [...groups, ...(rest.length > 0 ? [{ title: "Other requirements", requirements: rest }] : [])].filter(
    (g) => g.requirements.length > 0,
  );
}

function rowSummary(r: ReportRequirement): string {
  if (r.checks.length === 0) return "";
  const targets = new Set(r.checks.map((c) => c.targetId)).size;
  const checks = new Set(r.checks.map((c) => c.checkId)).size;
  const counts = (["pass", "fail", "error", "not_applicable", "waived"] as const)
    .map((s) => [s, r.checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0);
  return `${checks} check(s) on ${targets} target(s): ${counts.map(([s, n]) => `${n} ${STATUS_STYLE[s].word.toLowerCase()}`).join(", ")}`;
}

/**
 * `print` is the variant the PDF is printed from: the same page without what print CSS hides
 * anyway (observed facts, passing rows), which halves Chromium's layout time on large runs.
 */
export function htmlView(model: ReportModel, { print = false }: { print?: boolean } = {}) {
  const anchors = new Map<ReportRequirement, string>();
  let n = 0;
  for (const f of model.frameworks) for (const r of f.requirements) anchors.set(r, `r${n++}`);
  const anchorOf = (r: ReportRequirement): string => anchors.get(r) ?? "";
  const records = new Map(model.records.map((r) => [r.sequence, r]));
  const checkTitles = new Map(model.checks.map((c) => [c.id, c.title]));
  // A record cited by several requirements shows its facts once; later rows link back to it.
  const shown = new Set<number>();
  const failing = failingRequirements(model).map(({ framework, requirement: r }) => ({
    framework: framework.id,
    id: r.id,
    label: r.label,
    title: r.title,
    severity: r.severity,
    anchor: anchorOf(r),
    badge: badge(r.status),
  }));
  // Requirement-level waivers, then each waived check × target once (at the first requirement citing it).
  const seenChecks = new Set<string>();
  const waivers = model.frameworks.flatMap((f) =>
    f.requirements.flatMap((r) => [
      ...(r.waiver && !r.checks.some((c) => c.waiver?.id === r.waiver?.id)
        ? [waiverRow(r.waiver, r.id, anchorOf(r), model.run.startedAt, false)]
        : []),
      ...r.checks.flatMap((c) => {
        const key = `${c.checkId}\u0000${c.targetId}`;
        if (!c.waiver || seenChecks.has(key)) return [];
        seenChecks.add(key);
        return [waiverRow(c.waiver, `${c.checkId} @ ${c.targetId}`, anchorOf(r), model.run.startedAt, false)];
      }),
      ...r.expiredWaivers.map((w) => waiverRow(w, r.id, anchorOf(r), model.run.startedAt, true)),
    ]),
  );
  const manual = model.frameworks.flatMap((f) =>
    f.requirements
      .filter((r) => r.manualEvidence.length > 0)
      .map((r) => ({
        framework: f.id,
        id: r.id,
        label: r.label,
        title: r.title,
        anchor: anchorOf(r),
        evidence: r.manualEvidence,
        badge: badge(r.status),
      })),
  );
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of model.frameworks) for (const k of Object.keys(totals) as Status[]) totals[k] += f.counts[k];
  return {
    title: `${model.run.projectName} — compliance report`,
    run: model.run,
    selection: model.run.selection ? describeSelection(model.run.selection) : null,
    date: model.run.startedAt.replace("T", " ").slice(0, 16) + " UTC",
    generatedAt: model.generatedAt,
    gate: model.gate,
    period: `${model.run.startedAt.replace("T", " ").slice(0, 19)} → ${model.run.endedAt.replace("T", " ").slice(0, 19)} UTC`,
    targets: model.run.targets.map((t) => ({ ...t, where: where(t.description) })),
    checkTotals: model.checkTotals,
    notAudited: notAudited(model),
    verification: model.verification,
    keySourceText:
      model.verification.keySource === "given"
        ? "a trusted public key supplied to the report command"
        : "the public key stored beside the run (weaker: verify with your own copy of the key using --key)",
    totals: (Object.keys(totals) as Status[]).map((k) => ({ ...badge(k), count: totals[k] })),
    frameworks: model.frameworks.map((f, fi) => {
      const decided = f.automated + f.manual;
      return {
        id: f.id,
        title: f.title,
        anchor: `fw${fi}`,
        color: seriesColor(fi),
        score: f.score,
        gauge: gauge(f.score),
        bar: statusBar(f.counts),
        counts: f.counts,
        automated: f.automated,
        manual: f.manual,
        assessment: f.assessment,
        coverage: f.coverage,
        scored: f.scored,
        total: f.requirements.length,
        automatedPct: decided === 0 ? 0 : Math.round((f.automated / decided) * 100),
        groups: groupsOf(f).map((g) => ({
          title: g.title,
          requirements: g.requirements.map((r) => ({
            ...r,
            anchor: anchorOf(r),
            badge: badge(r.status),
            underlyingBadge: r.underlying !== r.status ? badge(r.underlying) : null,
            attestationText: r.attestation ? describeAttestation(r.attestation) : null,
            attestationBad: r.attestation ? r.attestation.lapsed || r.attestation.problems.length > 0 : false,
            // Print shows the check table only where something needs reading; a pass is one line.
            compactPrint: r.status === "pass" || r.status === "not_applicable",
            rowSummary: rowSummary(r),
            checks: (print
              ? r.status === "pass" || r.status === "not_applicable"
                ? []
                : r.checks.filter((c) => c.status !== "pass" && c.status !== "not_applicable")
              : r.checks
            ).map((c) => {
              const rec = c.recordSequence === null ? undefined : records.get(c.recordSequence);
              const first = rec !== undefined && !shown.has(rec.sequence);
              if (rec) shown.add(rec.sequence);
              return {
                ...c,
                title: checkTitles.get(c.checkId) ?? c.checkId,
                badge: badge(c.status),
                underlyingBadge: c.underlying !== c.status ? badge(c.underlying) : null,
                findingList: findingsOf(c, print),
                record: rec ?? null,
                facts: first && !print ? prettyFacts(rec) : null,
                factsAnchor: rec ? `e${rec.sequence}` : null,
                factsShownAbove: rec !== undefined && !first && !print,
              };
            }),
          })),
        })),
      };
    }),
    failing,
    waivers,
    manual,
    signoff: model.signoff,
    trend:
      model.trend.length >= 2
        ? trendChart(
            model.trend,
            model.frameworks.map((f) => f.id),
          )
        : null,
    trendRuns: model.trend.length,
    factsLimitKb: Math.round(FACTS_LIMIT / 1000),
    print,
  };
}

export type HtmlView = ReturnType<typeof htmlView>;
