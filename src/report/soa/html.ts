/**
 * @module The Statement of Applicability as one self-contained HTML page (and, through the PDF
 * renderer, a PDF): sections in catalog order, one row per requirement, the sign-off block.
 */
import Handlebars from "handlebars";
import { STATUS_STYLE } from "../html/charts.js";
import { CSS } from "../html/styles.js";
import type { ReportModel } from "../model.js";
import { buildSoa, type SoaRow } from "./rows.js";

const TEMPLATE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>Statement of Applicability — {{project}}</title>
<style>{{{css}}}
@page{size:A4 landscape}
main{max-width:1400px}
table.soa{font-size:11.5px;table-layout:fixed;width:100%}table.soa td{vertical-align:top;overflow-wrap:anywhere}
table.soa th{text-transform:none;font-size:11px;letter-spacing:0;overflow-wrap:normal}table.soa .badge{white-space:nowrap;overflow-wrap:normal;font-size:10.5px}
table.soa col.c{width:6.5%}table.soa col.n{width:14%}table.soa col.a{width:9.5%}table.soa col.j{width:17%}table.soa col.s{width:11.5%}table.soa col.i{width:20.5%}table.soa col.e{width:21%}
.appl.excluded{color:var(--na);font-weight:600}.appl.required{font-weight:600}
</style></head>
<body><header class="top"><div class="inner"><div>
<div class="muted">Statement of Applicability</div><h1>{{project}}</h1>
<dl><dt>Framework</dt><dd>{{framework}}</dd><dt>Run</dt><dd class="mono">{{runId}}</dd><dt>Period</dt><dd>{{signoff.periodStart}} to {{signoff.periodEnd}}</dd>
<dt>Rows</dt><dd>{{rows.length}} ({{counts.required}} required clauses, {{counts.applicable}} applicable, {{counts.excluded}} excluded controls)</dd></dl>
</div></div></header>
<main>
{{#each sections}}
<section><h2>{{title}}</h2>
<table class="soa"><colgroup><col class="c"><col class="n"><col class="a"><col class="j"><col class="s"><col class="i"><col class="e"></colgroup><thead><tr><th>Control</th><th>Name</th><th>Applicability</th><th>Justification</th><th>Status</th><th>Implementation</th><th>Evidence</th></tr></thead>
<tbody>{{#each rows}}<tr><td class="nowrap"><b>{{label}}</b></td><td>{{title}}</td><td class="appl {{applicability}}">{{applicability}}</td><td class="just">{{justification}}</td>
<td class="nowrap"><span class="badge {{status}}">{{icon}} {{word}}</span></td><td>{{implementation}}{{#if attestation}}<div class="muted">{{attestation}}</div>{{/if}}</td><td class="mono" style="font-size:11px">{{evidence}}</td></tr>{{/each}}</tbody></table>
</section>
{{/each}}
<section id="signoff" class="signoff"><h2>Sign-off</h2><dl>
<dt>Assessor</dt><dd>{{#if signoff.assessor}}{{signoff.assessor}}{{else}}<span class="muted">not declared (project file: signoff.assessor)</span>{{/if}}</dd>
<dt>Period covered</dt><dd>{{signoff.periodStart}} to {{signoff.periodEnd}}</dd>
<dt>Scope</dt><dd>{{#if signoff.scope}}{{signoff.scope}}{{else}}<span class="muted">not declared (project file: signoff.scope)</span>{{/if}}</dd>
<dt>Date</dt><dd>{{signoff.date}}</dd>
<dt>Run signed by key</dt><dd class="mono">{{signoff.keyId}}{{#if signoff.keyFingerprint}}<br>fingerprint {{signoff.keyFingerprint}}{{/if}}</dd>
<dt>Manifest SHA-256</dt><dd class="mono">{{manifestSha256}}</dd>
<dt>Signature</dt><dd><div class="signline"></div></dd></dl></section>
</main></body></html>
`;

let compiled: HandlebarsTemplateDelegate | undefined;

export function renderSoaHtml(model: ReportModel): string {
  const soa = buildSoa(model);
  compiled ??= Handlebars.create().compile(TEMPLATE, { knownHelpersOnly: true, strict: false, preventIndent: true });
  const sections: { title: string; rows: (SoaRow & { icon: string; word: string })[] }[] = [];
  for (const r of soa.rows) {
    let s = sections.at(-1);
    if (s?.title !== r.section) sections.push((s = { title: r.section, rows: [] }));
    s.rows.push({ ...r, icon: STATUS_STYLE[r.status].icon, word: STATUS_STYLE[r.status].word });
  }
  const count = (a: SoaRow["applicability"]) => soa.rows.filter((r) => r.applicability === a).length;
  return compiled({
    css: CSS,
    project: model.run.projectName,
    framework: `${soa.framework.title} (${soa.framework.version})`,
    runId: model.run.runId,
    signoff: model.signoff,
    manifestSha256: model.verification.manifestSha256,
    rows: soa.rows,
    counts: { required: count("required"), applicable: count("applicable"), excluded: count("excluded") },
    sections,
  });
}
