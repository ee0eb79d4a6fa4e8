/** JUnit XML is well-formed and shaped as CI viewers read it; the Markdown summary; diffRuns. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { renderJunit } from "../../src/report/junit/index.js";
import { renderMarkdown, MD_TOP } from "../../src/report/md/index.js";
import { diffRuns } from "../../src/evaluate/diff.js";
import { failingRequirements } from "../../src/report/model.js";
import { fixtureModel } from "./fixtures/model.js";

interface Case {
  "@_classname": string;
  "@_name": string;
  failure?: { "@_message": string };
  error?: { "@_message": string };
  skipped?: { "@_message": string };
}
interface Suite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_skipped": string;
  testcase: Case[];
}

function parseJunit(xml: string): Suite[] {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml) as { testsuites: { testsuite: Suite[] } };
  return doc.testsuites.testsuite;
}

test("JUnit: one suite per framework, one case per requirement × target, counts matching the cases", () => {
  const model = fixtureModel({ failRate: 0.2 });
  const suites = parseJunit(renderJunit(model));
  assert.deepEqual(
    suites.map((s) => s["@_name"]),
    model.frameworks.map((f) => f.title),
  );
  for (const [i, s] of suites.entries()) {
    const f = model.frameworks[i]!;
    const expected = f.requirements.reduce((n, r) => n + Math.max(1, new Set(r.checks.map((c) => c.targetId)).size), 0);
    assert.equal(s.testcase.length, expected);
    assert.equal(Number(s["@_tests"]), s.testcase.length);
    assert.equal(Number(s["@_failures"]), s.testcase.filter((c) => c.failure).length);
    assert.equal(Number(s["@_errors"]), s.testcase.filter((c) => c.error).length);
    assert.equal(Number(s["@_skipped"]), s.testcase.filter((c) => c.skipped).length);
    assert.ok(s.testcase.every((c) => c["@_classname"].startsWith(`${f.id}/`)));
  }
  const all = suites.flatMap((s) => s.testcase);
  for (const { framework, requirement } of failingRequirements(model)) {
    const cases = all.filter((c) => c["@_classname"] === `${framework.id}/${requirement.id}`);
    assert.ok(
      cases.some((c) => c.failure ?? c.error),
      `${requirement.id} has a failing case`,
    );
    assert.ok(
      cases.every((c) => /\[[\w-]+\]$/.test(c["@_name"])),
      "case names carry the target",
    );
  }
  const waived = all.filter((c) => c.skipped?.["@_message"].startsWith("waived by"));
  const manual = all.filter((c) => c.skipped?.["@_message"].startsWith("unassessed: no probe decides it"));
  assert.ok(waived.length > 0 && manual.length > 0);
});

test("JUnit stays well-formed with markup, quotes, control characters and CDATA ends in messages", () => {
  const nasty = `</failure><x a="1">&amp; ]]> \u0001\u0008 'quoted' "double"\nsecond line`;
  const suites = parseJunit(renderJunit(fixtureModel({ failMessage: nasty, failRate: 0.3 })));
  const failure = suites.flatMap((s) => s.testcase).find((c) => c.failure)?.failure;
  assert.ok(failure?.["@_message"].includes(`</failure><x a="1">&amp; ]]>`), "markup comes back as the original text");
});

test("Markdown: scores, counts, the failing requirements (top N), gate and verify command; table cells escaped", () => {
  const model = fixtureModel({ failRate: 0.2 });
  const md = renderMarkdown(model);
  assert.match(md, /❌ gate failed/);
  assert.match(md, /\| General Data Protection Regulation \| \*\*[\d.]+\*\* \|/);
  for (const { requirement } of failingRequirements(model).slice(0, MD_TOP))
    assert.ok(md.includes(`\`${requirement.id}\``), requirement.id);
  assert.ok(md.includes("assay verify evidence/run"));
  const hostile = renderMarkdown({ ...model, run: { ...model.run, projectName: "a|b <img src=x> [x](javascript:y)" } });
  assert.ok(hostile.includes("a\\|b \\<img src=x\\> \\[x\\](javascript:y)"));
});

test("diffRuns lists regressed, recovered, changed, appeared and disappeared requirements", () => {
  const req = (id: string, status: "pass" | "fail" | "error" | "waived" | "unassessed") => ({
    id,
    label: id,
    title: id,
    severity: "high" as const,
    status,
  });
  const a = {
    frameworks: [
      {
        id: "gdpr",
        score: 80,
        requirements: [
          req("r1", "pass"),
          req("r2", "fail"),
          req("r3", "pass"),
          req("gone", "pass"),
          req("r5", "error"),
        ],
      },
    ],
  };
  const b = {
    frameworks: [
      {
        id: "gdpr",
        score: 60,
        requirements: [
          req("r1", "fail"),
          req("r2", "pass"),
          req("r3", "waived"),
          req("new", "fail"),
          req("r5", "fail"),
        ],
      },
    ],
  };
  const d = diffRuns(a, b);
  assert.deepEqual(
    d.regressed.map((c) => [c.id, c.before, c.after]),
    [["r1", "pass", "fail"]],
  );
  assert.deepEqual(
    d.recovered.map((c) => [c.id, c.before, c.after]),
    [["r2", "fail", "pass"]],
  );
  assert.deepEqual(d.changed.map((c) => c.id).sort(), ["r3", "r5"]);
  assert.deepEqual(
    d.appeared.map((c) => [c.id, c.after]),
    [["new", "fail"]],
  );
  assert.deepEqual(
    d.disappeared.map((c) => [c.id, c.before]),
    [["gone", "pass"]],
  );
  assert.deepEqual(d.scores, [{ frameworkId: "gdpr", before: 80, after: 60 }]);
  assert.deepEqual(diffRuns(b, b).regressed, []);
});
