/** @module Inline CSS of the HTML report: calm, readable on screen, printable (page breaks, no backgrounds needed). */
export const CSS = `
:root{--ink:#1d2430;--muted:#5d6673;--line:#dde2e8;--soft:#f5f7fa;--accent:#1f5fa8;
--pass:#2f7d4f;--fail:#b4322d;--error:#b86b00;--na:#7a8089;--manual:#3f5e9e;--waived:#7b5aa6}
*{box-sizing:border-box}
html{font:15px/1.5 "Inter","Segoe UI",system-ui,-apple-system,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
body{margin:0}
main{max-width:1080px;margin:0 auto;padding:0 28px 48px}
h1,h2,h3{line-height:1.25;margin:0}
h1{font-size:24px;font-weight:650}
h2{font-size:19px;font-weight:650;margin:36px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
h3{font-size:15px;font-weight:600}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,pre,.mono{font-family:"JetBrains Mono","SFMono-Regular",Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:var(--muted)}
header.top{border-bottom:1px solid var(--line);background:var(--soft)}
header.top .inner{max-width:1080px;margin:0 auto;padding:20px 28px;display:flex;gap:24px;align-items:flex-start;justify-content:space-between}
header.top dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:8px 0 0;font-size:13px}
header.top dt{color:var(--muted)}header.top dd{margin:0}
.gate{border-radius:6px;padding:10px 14px;font-weight:600;min-width:220px;border:2px solid}
.gate.passed{border-color:var(--pass);color:var(--pass)}.gate.failed{border-color:var(--fail);color:var(--fail)}
.gate ul{margin:6px 0 0;padding-left:18px;font-weight:400;font-size:13px;color:var(--ink)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px;margin-top:20px}
.card{border:1px solid var(--line);border-radius:8px;padding:14px 16px;display:flex;gap:16px;align-items:center;break-inside:avoid}
.card .body{flex:1;min-width:0}
.card h3{margin-bottom:6px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12.5px;margin-top:6px}
.legend span{white-space:nowrap}.legend span.wrap{white-space:normal}
.nowrap{white-space:nowrap}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:baseline}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0}
.total{border:1px solid var(--line);border-radius:6px;padding:6px 12px;font-size:13px}
.total b{font-size:18px;margin-right:4px}
.trend{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin-top:16px;break-inside:avoid}
.trend svg{max-width:760px;height:auto;display:block}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:12px;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.badge.pass{color:var(--pass)}.badge.fail{color:var(--fail)}.badge.error{color:var(--error)}
.badge.not_applicable{color:var(--na)}.badge.manual{color:var(--manual)}.badge.waived{color:var(--waived)}
.badge.fail,.badge.error{background:#fff4f3}
.sev{display:inline-block;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);min-width:72px}
.sev.critical{color:var(--fail);font-weight:700}.sev.high{color:#8f3d1f;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
table.failing td:first-child{white-space:nowrap}
.none{padding:10px 12px;border:1px dashed var(--line);border-radius:6px;color:var(--muted)}
h3.group{margin:22px 0 4px;color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.05em}
nav.toc{margin-top:20px;font-size:13.5px}
nav.toc a{margin-right:14px}
.req{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0;break-inside:avoid-page}
.req.fail{border-left-color:var(--fail)}.req.error{border-left-color:var(--error)}.req.pass{border-left-color:var(--pass)}
.req.waived{border-left-color:var(--waived)}.req.manual{border-left-color:var(--manual)}.req.not_applicable{border-left-color:var(--na)}
.req .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.req .head .title{font-weight:600;flex:1;min-width:240px}
.req .note{font-size:13px;margin-top:6px}
.req .note.expired{color:var(--error)}
.req table{margin-top:8px}
.msg{overflow-wrap:anywhere}
details{margin-top:4px}
details summary{cursor:pointer;color:var(--accent);font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:8px 10px;overflow:auto;max-height:360px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0 0}
.checked{margin:0;padding-left:18px;font-size:13px}
details.rows>summary{color:var(--muted);margin-top:2px}
.rowsum{font-size:12.5px;color:var(--muted);margin-top:4px}
.factsref{font-size:12.5px;margin-top:4px}
.trunc{font-size:12px;color:var(--error);margin-top:4px}
.verify{border:2px solid var(--line);border-radius:8px;padding:14px 18px;break-inside:avoid}
.verify.ok{border-color:var(--pass)}.verify.bad{border-color:var(--fail)}
.verify dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:10px 0 0}
.verify dt{color:var(--muted);font-size:13px}.verify dd{margin:0;overflow-wrap:anywhere;font-size:13.5px}
.result{font-weight:700}.result.ok{color:var(--pass)}.result.bad{color:var(--fail)}
.expired-flag{color:var(--error);font-weight:600}
.gate .basis{font-weight:400;font-size:12.5px;margin-top:2px}
.coverage{font-size:13px;font-weight:600;margin-top:4px}
.scope{font-size:13.5px}
.selection{border-left:4px solid #b86b00;background:#fff6e5;padding:6px 10px}
ul.findings{margin:4px 0 0;padding-left:0;list-style:none;font-size:12.5px}
ul.findings li{margin:1px 0}
ul.findings .badge{padding:0 4px;font-size:10.5px}
.note.waived-row{color:var(--waived)}
h1,.gate,header.top dd{overflow-wrap:normal;word-break:normal;hyphens:manual}
.verify dd.mono{overflow-wrap:anywhere;word-break:break-all}
footer{margin-top:40px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:10px}
@media print{
  html{font-size:11pt}
  main{max-width:none;padding:0}
  header.top{background:none}
  header.top .inner{padding:0 0 12px}
  a{color:inherit}
  nav.toc,.screen-only,.factsref,tr.row-pass,tr.row-not_applicable{display:none}
  section.framework+section.framework{break-before:page}
  .verify dd.mono,.verify .checked{font-size:10px}
  h2{break-after:avoid}
  tr,.card,.verify,.req .head{break-inside:avoid}
  .req .head{break-after:avoid}
  details summary{color:var(--muted);list-style:none;cursor:auto}
  details summary::-webkit-details-marker{display:none}
  .req{padding:6px 10px;margin:6px 0}
  th,td{padding:4px 6px}
  pre{max-height:none}
  details:not([open]) pre{display:none}
  details.more>summary{display:none}
  ul.findings{font-size:9pt}
  header.top .inner{flex-wrap:wrap}
  .badge.fail,.badge.error{background:none}
}
@page{size:A4;margin:16mm 14mm 18mm}
.signoff dl{display:grid;grid-template-columns:180px 1fr;gap:8px 16px;font-size:14px}.signoff dt{color:var(--muted)}.signoff dd{margin:0}
.signline{border-bottom:1px solid var(--ink);height:42px;max-width:360px}
.badge.overdue{color:#a34a00}.badge.unassessed{color:var(--manual)}.req.overdue{border-left-color:#a34a00}.req.unassessed{border-left-color:var(--manual)}
.note.attest{border-left:3px solid var(--accent)}
section.signoff{break-inside:avoid}
`;
