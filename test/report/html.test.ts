/** The HTML report: hostile observations render inert, the page stays well-formed and self-contained. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "parse5";
import type { DefaultTreeAdapterMap, ParserError } from "parse5";
import { renderHtml } from "../../src/report/html/index.js";
import { FACTS_LIMIT } from "../../src/report/html/view.js";
import { failingRequirements } from "../../src/report/model.js";
import { fixtureModel } from "./fixtures/model.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  const kids = "childNodes" in node ? node.childNodes : [];
  for (const k of kids) elements(k, out);
  if ("content" in node && node.content) elements(node.content, out);
  return out;
}

function text(node: Node): string {
  if (node.nodeName === "#text" && "value" in node) return node.value;
  return ("childNodes" in node ? node.childNodes : []).map(text).join("");
}

const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;

const HOSTILE = {
  script: "<script>alert(1)</script>",
  style: "</style><script>alert(2)</script><style>",
  mustache: "{{constructor.constructor('alert(3)')()}} {{{raw}}}",
  url: "javascript:alert(4)",
  img: '"><img src=x onerror=alert(5)>',
  big: "A".repeat(1024 * 1024),
};

function hostilePage() {
  const model = fixtureModel({
    facts: HOSTILE,
    failMessage: `${HOSTILE.img} ${HOSTILE.script} ${HOSTILE.url}`,
    failRate: 0.2,
  });
  const errors: ParserError[] = [];
  const html = renderHtml(model);
  const doc = parse(html, { onParseError: (e) => errors.push(e) });
  return { model, html, doc, errors, all: elements(doc) };
}

test("a hostile observation renders inert: no script element, no event handler, no external or javascript: URL", () => {
  const { all, html } = hostilePage();
  assert.equal(all.filter((e) => e.tagName === "script").length, 0);
  assert.equal(all.filter((e) => e.tagName === "img" || e.tagName === "iframe" || e.tagName === "object").length, 0);
  assert.deepEqual(
    all.flatMap((e) => e.attrs.filter((a) => a.name.startsWith("on")).map((a) => `${e.tagName}[${a.name}]`)),
    [],
  );
  for (const e of all) {
    const href = attr(e, "href");
    if (href !== undefined) assert.match(href, /^#[a-z0-9]+$/, `href ${href.slice(0, 80)} must be an in-page anchor`);
    assert.equal(attr(e, "src"), undefined, `${e.tagName} must not load anything`);
  }
  assert.equal(all.filter((e) => e.tagName === "link").length, 0);
  assert.doesNotMatch(html, /<script/i);
});

test("hostile catalog values, waivers and project names are escaped too", () => {
  const base = fixtureModel({ failRate: 0.3 });
  const evil = '<script>alert("x")</script>"><svg onload=alert(1)>';
  const waiver = { id: evil, justification: evil, approver: evil, expires: "2027-01-01" };
  const model = {
    ...base,
    run: { ...base.run, projectName: evil, profileId: evil },
    gate: { passed: false, reasons: [evil] },
    frameworks: base.frameworks.map((f) => ({
      ...f,
      title: evil,
      requirements: f.requirements.map((r) => ({
        ...r,
        title: evil,
        label: evil,
        waiver,
        manualEvidence: [evil],
        checks: r.checks.map((c) => ({ ...c, targetId: evil, message: evil })),
      })),
    })),
  };
  const html = renderHtml(model);
  const errors: ParserError[] = [];
  const all = elements(parse(html, { onParseError: (e) => errors.push(e) }));
  assert.deepEqual(errors, []);
  assert.equal(all.filter((e) => e.tagName === "script").length, 0);
  assert.deepEqual(
    all.flatMap((e) => e.attrs.filter((a) => a.name.startsWith("on")).map((a) => a.name)),
    [],
  );
});

test("hostile text is shown as text, escaped, not dropped", () => {
  const { doc } = hostilePage();
  const body = text(doc);
  assert.ok(body.includes(HOSTILE.script), "the script tag is visible as text");
  assert.ok(body.includes("{{constructor.constructor('alert(3)')()}}"), "handlebars syntax in data is not evaluated");
  assert.ok(body.includes(HOSTILE.url));
});

test("the page is well-formed HTML with one style element and a strict CSP", () => {
  const { errors, all } = hostilePage();
  assert.deepEqual(
    errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`),
    [],
  );
  const styles = all.filter((e) => e.tagName === "style");
  assert.equal(styles.length, 1, "a </style> in data must not open or close a style element");
  assert.doesNotMatch(text(styles[0]!), /alert/);
  const csp = all.find((e) => e.tagName === "meta" && attr(e, "http-equiv") === "Content-Security-Policy");
  assert.equal(attr(csp!, "content"), "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
});

test("a 1 MB observation is cut to the facts limit with a note pointing at the full record", () => {
  const { html, model, all } = hostilePage();
  assert.ok(html.length < model.records.length * (FACTS_LIMIT + 4000) + 500_000, `page is ${html.length} characters`);
  const pres = all.filter(
    (e) => e.tagName === "pre" && e.parentNode && "tagName" in e.parentNode && e.parentNode.tagName === "details",
  );
  assert.ok(pres.length > 0);
  assert.ok(pres.every((p) => text(p).length <= FACTS_LIMIT));
  assert.match(
    html,
    /Truncated: showing the first 20 KB of \d+ characters; the full record is in the evidence folder \(sha256 [0-9a-f]{64}\)/,
  );
});

test("every failing requirement is listed in the executive summary, before the requirement tree, with a working anchor", () => {
  const { html, model, all } = hostilePage();
  const failing = failingRequirements(model);
  assert.ok(failing.length > 0);
  const summaryEnd = html.indexOf('<section class="framework"');
  const ids = new Set(all.map((e) => attr(e, "id")).filter((x) => x !== undefined));
  for (const { requirement } of failing) {
    const at = html.indexOf(`>${requirement.id}<`);
    assert.ok(at > 0 && at < summaryEnd, `${requirement.id} is in the summary`);
  }
  const table = all.find((e) => e.tagName === "table" && attr(e, "class") === "failing");
  const links = elements(table!)
    .filter((e) => e.tagName === "a")
    .map((e) => attr(e, "href")?.slice(1) ?? "");
  assert.equal(links.length, failing.length);
  for (const l of links) assert.ok(ids.has(l), `anchor ${l} exists`);
});

test("the verification box shows run id, manifest SHA-256, key fingerprint, the verify command and the result", () => {
  const ok = renderHtml(fixtureModel());
  const section = ok.slice(ok.indexOf('<section id="verification"'));
  for (const needle of [
    "Evidence verified",
    "assay verify evidence/run",
    "Manifest SHA-256",
    "fp (JWK SHA-256 thumbprint)",
    "2026-11-24T07-00-00Z-a1b2c3",
  ])
    assert.ok(section.includes(needle), needle);
  const bad = renderHtml(
    fixtureModel(
      {},
      {
        verification: {
          ok: false,
          problems: ["record 3 does not match its hash"],
          checked: [],
          keySource: "published",
        },
      },
    ),
  );
  assert.match(bad, /Evidence did NOT verify/);
  assert.match(bad, /record 3 does not match its hash/);
});
