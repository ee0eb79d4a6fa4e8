/**
 * @module The handlebars template of the HTML report. Data only ever goes through `{{ }}` (escaped);
 * no untrusted value is placed in an href or any other URL attribute (anchors are generated ids).
 */
export const TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<header class="top"><div class="inner">
  <div>
    <div class="muted">Assay compliance report</div>
    <h1>{{run.projectName}}</h1>
    <dl>
      <dt>Run</dt><dd class="mono">{{run.runId}}</dd>
      <dt>Date</dt><dd>{{date}}</dd>
      <dt>Period</dt><dd>{{period}}</dd>
      <dt>Profile</dt><dd>{{run.profileId}}</dd>
      <dt>Targets</dt><dd>{{run.targets.length}} · {{run.recordCount}} evidence records</dd>
    </dl>
  </div>
  {{#if gate.passed}}<div class="gate passed">✓ Gate passed{{#if gate.baseline}}<div class="basis">against baseline <span class="mono">{{gate.baseline}}</span>: no regressions</div>{{/if}}</div>
  {{else}}<div class="gate failed">✗ Gate failed{{#if gate.baseline}}<div class="basis">against baseline <span class="mono">{{gate.baseline}}</span></div>{{/if}}<ul>{{#each gate.reasons}}<li>{{this}}</li>{{/each}}</ul></div>{{/if}}
</div></header>
<main>
<section id="scope">
  <h2>What was assessed</h2>
  {{#if selection}}<p class="selection"><strong>Not the whole project:</strong> {{selection}}.</p>{{/if}}
  <p class="scope">Assessment period {{period}}, profile {{run.profileId}}. {{run.targets.length}} target(s), {{run.recordCount}} check × target results with signed evidence.{{#each frameworks}} {{title}}: score {{gauge.text}} over {{scored}} of {{total}} requirements (coverage {{coverage}}%).{{/each}}</p>
  <table class="targets">
    <thead><tr><th>Target</th><th>Type</th><th>Where (no secrets)</th><th>Server version</th><th>Checks</th></tr></thead>
    <tbody>{{#each targets}}<tr><td class="mono">{{id}}</td><td>{{type}}</td><td class="msg">{{where}}</td><td>{{#if serverVersion}}{{serverVersion}}{{else}}<span class="muted">not observed</span>{{/if}}</td><td>{{checks}}</td></tr>{{/each}}</tbody>
  </table>
</section>

<section id="summary">
  <h2>Executive summary</h2>
  <div class="cards">
  {{#each frameworks}}
    <div class="card">
      <svg width="96" height="96" viewBox="0 0 100 100" role="img" aria-label="score">
        <circle cx="50" cy="50" r="40" fill="none" stroke="#e6e9ee" stroke-width="11"/>
        <circle cx="50" cy="50" r="40" fill="none" stroke="{{gauge.color}}" stroke-width="11" stroke-dasharray="{{gauge.dash}}" transform="rotate(-90 50 50)"/>
        <text x="50" y="50" text-anchor="middle" dominant-baseline="central" font-size="24" font-weight="700" fill="#1d2430">{{gauge.text}}</text>
        <text x="50" y="70" text-anchor="middle" font-size="9" fill="#5d6673">/ 100</text>
      </svg>
      <div class="body">
        <h3><a href="#{{anchor}}">{{title}}</a></h3>
        <svg width="100%" height="14" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="status counts">
          <rect x="0" y="0" width="100" height="10" fill="#e6e9ee"/>
          {{#each bar}}<rect x="{{x}}" y="0" width="{{width}}" height="10" fill="{{color}}"/>{{/each}}
        </svg>
        <div class="legend">{{#each bar}}<span><i class="sw" style="background:{{color}}"></i>{{word}} {{count}}</span>{{/each}}</div>
        <div class="coverage">score {{gauge.text}} over {{scored}} of {{total}} requirements</div>
        <div class="legend muted"><span class="wrap">{{assessment.automated}} automated · {{assessment.attested}} attested · {{assessment.overdue}} overdue · {{assessment.unassessed}} unassessed · {{total}} requirements</span></div>
        <div class="legend muted"><span class="wrap">Score over the assessed requirements: coverage {{coverage}}%</span></div>
      </div>
    </div>
  {{/each}}
  </div>
  <div class="totals">{{#each totals}}<span class="total"><b>{{count}}</b><span class="badge {{cls}}">{{icon}} {{word}}</span></span>{{/each}}</div>
  <p class="rowsum">Requirements above. Check × target results: {{checkTotals.pass}} pass · {{checkTotals.fail}} fail · {{checkTotals.error}} error · {{checkTotals.waived}} waived · {{checkTotals.not_applicable}} not applicable.</p>

  <h3 style="margin-top:22px">Failing requirements ({{failing.length}})</h3>
  {{#if failing.length}}
  <table class="failing">
    <thead><tr><th>Status</th><th>Severity</th><th>Requirement</th><th>Title</th><th>Framework</th></tr></thead>
    <tbody>
    {{#each failing}}<tr><td><span class="badge {{badge.cls}}">{{badge.icon}} {{badge.word}}</span></td><td><span class="sev {{severity}}">{{severity}}</span></td><td><a href="#{{anchor}}"><b>{{label}}</b> <span class="mono muted nowrap">{{id}}</span></a></td><td>{{title}}</td><td class="nowrap">{{framework}}</td></tr>
    {{/each}}
    </tbody>
  </table>
  {{else}}<p class="none">No requirement failed or errored in this run.</p>{{/if}}

  {{#if trend}}
  <div class="trend">
    <h3>Score trend over the last {{trendRuns}} runs</h3>
    <svg width="100%" viewBox="0 0 {{trend.width}} {{trend.height}}" role="img" aria-label="score trend">
      {{#each trend.ticks}}<line x1="36" x2="{{../trend.right}}" y1="{{y}}" y2="{{y}}" stroke="#e6e9ee"/><text x="30" y="{{y}}" font-size="10" text-anchor="end" dominant-baseline="central" fill="#5d6673">{{label}}</text>{{/each}}
      {{#each trend.xLabels}}<text x="{{x}}" y="172" font-size="10" text-anchor="{{anchor}}" fill="#5d6673">{{label}}</text>{{/each}}
      {{#each trend.series}}<polyline points="{{points}}" fill="none" stroke="{{color}}" stroke-width="2"/>{{#each dots}}<circle cx="{{x}}" cy="{{y}}" r="3" fill="{{../color}}"><title>{{label}}</title></circle>{{/each}}{{/each}}
    </svg>
    <div class="legend">{{#each trend.series}}<span><i class="sw" style="background:{{color}}"></i>{{frameworkId}}</span>{{/each}}</div>
  </div>
  {{else}}<p class="muted">Trend: this is the first run in this evidence folder; later reports chart the score over runs.</p>{{/if}}
  <nav class="toc">Sections: {{#each frameworks}}<a href="#{{anchor}}">{{title}}</a>{{/each}}<a href="#notaudited">Not audited</a><a href="#waivers">Waivers</a><a href="#manual">Evidence to request</a><a href="#coverage">Coverage</a><a href="#verification">Verification</a><a href="#signoff">Sign-off</a></nav>
</section>

{{#each frameworks}}
<section class="framework" id="{{anchor}}">
  <h2>{{title}} <span class="muted" style="font-weight:400">— score {{gauge.text}}</span></h2>
  {{#each groups}}
  <h3 class="group">{{title}}</h3>
  {{#each requirements}}
  <article class="req {{status}}" id="{{anchor}}">
    <div class="head">
      <span class="badge {{badge.cls}}">{{badge.icon}} {{badge.word}}</span>
      <span class="sev {{severity}}">{{severity}}</span>
      <b>{{label}}</b>
      <span class="title">{{title}}</span>
      <span class="mono muted">{{id}}</span>
    </div>
    {{#if waiver}}<div class="note">Waived by <b>{{waiver.approver}}</b> until {{waiver.expires}} ({{waiver.id}}): {{waiver.justification}}{{#if underlyingBadge}} — underlying result <span class="badge {{underlyingBadge.cls}}">{{underlyingBadge.icon}} {{underlyingBadge.word}}</span>{{/if}}</div>{{/if}}
    {{#each expiredWaivers}}<div class="note expired">⚠ Expired waiver {{id}} ({{approver}}, expired {{expires}}) no longer applies.</div>{{/each}}
    {{#if attestation}}<div class="note attest{{#if attestationBad}} expired{{/if}}">{{attestationText}}{{#if attestation.statement}} — “{{attestation.statement}}”{{/if}}{{#if attestation.justification}} Justification: {{attestation.justification}}{{/if}}{{#each attestation.documents}}<div class="mono muted">document {{name}} · sha256 {{sha256}}</div>{{/each}}</div>{{/if}}
    {{#if manualEvidence.length}}<div class="note">Evidence to request: {{#each manualEvidence}}{{#unless @first}}; {{/unless}}{{this}}{{/each}}</div>{{/if}}
    {{#if checks.length}}
    {{#if compactPrint}}<details class="rows"><summary>{{rowSummary}}</summary>{{else}}{{#if rowSummary}}<div class="rowsum">{{rowSummary}}</div>{{/if}}{{/if}}
    <table>
      <thead><tr><th style="width:90px">Result</th><th style="width:28%">Check</th><th style="width:16%">Target</th><th>Observation</th></tr></thead>
      <tbody>
      {{#each checks}}<tr class="row-{{status}}">
        <td><span class="badge {{badge.cls}}">{{badge.icon}} {{badge.word}}</span></td>
        <td>{{title}}<br><span class="mono muted">{{checkId}}</span></td>
        <td class="mono">{{targetId}}</td>
        <td class="msg">{{message}}
          {{#if waiver}}<div class="note waived-row">Waived ({{waiver.id}}) by <b>{{waiver.approver}}</b> until {{waiver.expires}}: {{waiver.justification}}{{#if underlyingBadge}} — underlying result <span class="badge {{underlyingBadge.cls}}">{{underlyingBadge.icon}} {{underlyingBadge.word}}</span>{{/if}}</div>{{/if}}
          {{#if findingList.count}}<ul class="findings">{{#each findingList.shown}}<li><span class="badge {{badge.cls}}">{{badge.icon}}</span> {{#if subject}}<span class="mono">{{subject}}</span>: {{/if}}{{message}}</li>{{/each}}</ul>
          {{#if findingList.more.length}}<details class="more"><summary>{{findingList.more.length}} more findings (of {{findingList.count}})</summary><ul class="findings">{{#each findingList.more}}<li><span class="badge {{badge.cls}}">{{badge.icon}}</span> {{#if subject}}<span class="mono">{{subject}}</span>: {{/if}}{{message}}</li>{{/each}}</ul></details>{{/if}}{{/if}}
          {{#if facts}}<details id="{{factsAnchor}}"><summary>Observed facts (record #{{record.sequence}}, {{record.probeId}} {{record.probeVersion}})</summary><pre>{{facts.text}}</pre>{{#if facts.truncated}}<div class="trunc">Truncated: showing the first {{@root.factsLimitKb}} KB of {{facts.size}} characters; the full record is in the evidence folder (sha256 {{record.sha256}}).</div>{{/if}}</details>{{/if}}
          {{#if @root.print}}{{#if record}}<div class="rowsum">Evidence record #{{record.sequence}} · {{record.probeId}} {{record.probeVersion}} · sha256 {{record.sha256}}</div>{{/if}}{{/if}}
          {{#if factsShownAbove}}<div class="factsref"><a href="#{{factsAnchor}}">Observed facts: record #{{record.sequence}}, shown above</a></div>{{/if}}
        </td>
      </tr>{{/each}}
      </tbody>
    </table>
    {{#if compactPrint}}</details>{{/if}}
    {{else}}{{#if rowSummary}}<div class="rowsum">{{rowSummary}}</div>{{/if}}
    {{/if}}
  </article>
  {{/each}}
  {{/each}}
</section>
{{/each}}

<section id="notaudited">
  <h2>Not audited</h2>
  {{#if notAudited.length}}
  <p>These check × target results ended in error: the target could not be reached or read, or the probe could not decide. They are never counted as a pass.</p>
  <table>
    <thead><tr><th>Target</th><th>Reason</th><th>Checks</th></tr></thead>
    <tbody>{{#each notAudited}}<tr><td class="mono">{{targetId}}</td><td class="msg">{{reason}}</td><td>{{count}}: <span class="mono">{{#each checks}}{{#unless @first}}, {{/unless}}{{this}}{{/each}}</span></td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="none">Every check × target was decided.</p>{{/if}}
</section>

<section id="waivers">
  <h2>Waivers</h2>
  {{#if waivers.length}}
  <table>
    <thead><tr><th>Waiver</th><th>Applies to</th><th>Approver</th><th>Expires</th><th>Justification</th></tr></thead>
    <tbody>{{#each waivers}}<tr><td class="mono nowrap">{{id}}</td><td><a href="#{{anchor}}" class="mono">{{appliesTo}}</a></td><td>{{approver}}</td><td>{{expires}}{{#if expired}} <span class="expired-flag">⚠ expired</span>{{/if}}</td><td>{{justification}}</td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="none">No waiver applied in this run.</p>{{/if}}
</section>

<section id="manual">
  <h2>Requirements a person decides: evidence to request</h2>
  {{#if manual.length}}
  <table>
    <thead><tr><th>Requirement</th><th>Title</th><th>Evidence expected</th></tr></thead>
    <tbody>{{#each manual}}<tr><td><a href="#{{anchor}}"><b>{{label}}</b></a><br><span class="mono muted">{{id}}</span></td><td>{{title}}</td><td><ul style="margin:0;padding-left:18px">{{#each evidence}}<li>{{this}}</li>{{/each}}</ul></td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="none">Every requirement in this run has automated evidence.</p>{{/if}}
</section>

<section id="coverage">
  <h2>Coverage</h2>
  <table>
    <thead><tr><th>Framework</th><th>Requirements</th><th>Automated</th><th>Attested</th><th>Overdue</th><th>Unassessed</th><th>Automated share</th></tr></thead>
    <tbody>{{#each frameworks}}<tr><td>{{title}}</td><td>{{total}}</td><td>{{assessment.automated}}</td><td>{{assessment.attested}}</td><td>{{assessment.overdue}}</td><td>{{assessment.unassessed}}</td><td class="nowrap"><svg width="120" height="10" viewBox="0 0 100 10" preserveAspectRatio="none"><rect width="100" height="10" fill="#e6e9ee"/><rect width="{{automatedPct}}" height="10" fill="#1f5fa8"/></svg> {{automatedPct}}%</td></tr>{{/each}}</tbody>
  </table>
</section>

<section id="verification">
  <h2>Verification</h2>
  <div class="verify {{#if verification.ok}}ok{{else}}bad{{/if}}">
    {{#if verification.ok}}<div class="result ok">✓ Evidence verified: signature, record hashes, Merkle root and chain check out.</div>
    {{else}}<div class="result bad">✗ Evidence did NOT verify</div><ul>{{#each verification.problems}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
    <dl>
      <dt>Run id</dt><dd class="mono">{{run.runId}}</dd>
      <dt>Manifest SHA-256</dt><dd class="mono">{{verification.manifestSha256}}</dd>
      <dt>Merkle root</dt><dd class="mono">{{verification.merkleRoot}}</dd>
      <dt>Signing key id</dt><dd class="mono">{{verification.keyId}}</dd>
      <dt>Key used</dt><dd>{{keySourceText}}</dd>
      <dt>Key fingerprint</dt><dd class="mono">{{#if verification.keyFingerprint}}{{verification.keyFingerprint}} (JWK SHA-256 thumbprint){{else}}no public key was available when this report was built{{/if}}</dd>
      {{#if verification.checked.length}}<dt>Checked</dt><dd><ul class="checked">{{#each verification.checked}}<li>{{this}}</li>{{/each}}</ul></dd>{{/if}}
      <dt>Verify it yourself</dt><dd><pre>{{verification.command}}</pre></dd>
    </dl>
  </div>
</section>
<section id="signoff" class="signoff">
  <h2>Sign-off</h2>
  <dl>
    <dt>Assessor</dt><dd>{{#if signoff.assessor}}{{signoff.assessor}}{{else}}<span class="muted">not declared (project file: signoff.assessor)</span>{{/if}}</dd>
    <dt>Period covered</dt><dd>{{signoff.periodStart}} to {{signoff.periodEnd}}</dd>
    <dt>Scope</dt><dd>{{#if signoff.scope}}{{signoff.scope}}{{else}}<span class="muted">not declared (project file: signoff.scope)</span>{{/if}}</dd>
    <dt>Date</dt><dd>{{signoff.date}}</dd>
    <dt>Run signed by key</dt><dd class="mono">{{signoff.keyId}}{{#if signoff.keyFingerprint}}<br>fingerprint {{signoff.keyFingerprint}}{{/if}}</dd>
    <dt>Signature</dt><dd><div class="signline"></div></dd>
  </dl>
</section>
<footer>Generated by Assay {{run.assayVersion}} on {{generatedAt}} from the stored run {{run.runId}}. Run started {{run.startedAt}}, ended {{run.endedAt}}.</footer>
</main>
</body>
</html>
`;
