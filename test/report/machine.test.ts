/** Machine formats validate against their published schemas: report JSON, SARIF 2.1.0, OSCAL 1.0.6 assessment-results. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { renderJson } from "../../src/report/json/index.js";
import { renderOscal } from "../../src/report/oscal/index.js";
import { renderSarif } from "../../src/report/sarif/index.js";
import { failingRequirements } from "../../src/report/model.js";
import { fixtureModel } from "./fixtures/model.js";

const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as Record<string, unknown>;

const errorsText = (errors: unknown): string => JSON.stringify(errors, null, 1).slice(0, 2000);

test("the JSON report validates against schemas/report.schema.json", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(json("../../schemas/report.schema.json"));
  const doc: unknown = JSON.parse(renderJson(fixtureModel({ facts: { nested: { deep: [1, "two", null] } } })));
  assert.ok(validate(doc), errorsText(validate.errors));
  const broken = { ...(doc as object), gate: { passed: "yes" } };
  assert.equal(validate(broken), false, "the schema must reject a malformed gate");
});

test("SARIF validates against the official 2.1.0 schema, one rule per check, one result per failing check × target", () => {
  // The schema's `language` pattern has a stray `]` that is a syntax error in unicode mode; its
  // patterns use no \p{…} classes, so plain (non-`u`) regular expressions read it as intended.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(json("./fixtures/vendor/sarif-2.1.0-rtm.5.json"));
  const model = fixtureModel({ failRate: 0.35 });
  const log = JSON.parse(renderSarif(model)) as {
    runs: [
      {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          suppressions?: unknown[];
        }[];
      },
    ];
  };
  assert.ok(validate(log), errorsText(validate.errors));
  const run = log.runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    model.checks.map((c) => c.id),
  );
  const failingRows = new Set(
    model.frameworks.flatMap((f) =>
      f.requirements.flatMap((r) =>
        r.checks.filter((c) => c.status === "fail" || c.status === "error").map((c) => `${c.checkId}|${c.targetId}`),
      ),
    ),
  );
  assert.equal(run.results.length, failingRows.size);
  assert.ok(run.results.length > 0);
  const first = run.results[0];
  assert.equal(first?.locations?.[0]?.physicalLocation.artifactLocation.uri, "checks/pg.yaml");
  assert.ok((first?.locations?.[0]?.physicalLocation.region.startLine ?? 0) >= 3);
  assert.ok(run.results.every((r) => r.suppressions === undefined || r.level !== "none"));
});

test("SARIF keeps failures under a waiver visible, as results with an accepted suppression", () => {
  const base = fixtureModel({ failRate: 0.35 });
  const waiver = { id: "W-1", justification: "migration in Q1", approver: "ciso@example.com", expires: "2027-01-31" };
  const model = {
    ...base,
    frameworks: base.frameworks.map((f) => ({
      ...f,
      requirements: f.requirements.map((r) =>
        r.status === "fail" || r.status === "error" ? { ...r, status: "waived" as const, waiver } : r,
      ),
    })),
  };
  const log = JSON.parse(renderSarif(model)) as {
    runs: [{ results: { suppressions?: { status: string; justification: string }[] }[] }];
  };
  assert.ok(log.runs[0].results.length > 0);
  for (const r of log.runs[0].results) {
    assert.equal(r.suppressions?.[0]?.status, "accepted");
    assert.match(r.suppressions?.[0]?.justification ?? "", /^W-[\d-]+ approved by .+ until \d{4}-\d{2}-\d{2}: /);
  }
});

test("OSCAL assessment-results validate against NIST's 1.0.6 schema: an observation per record, a finding per decided requirement", () => {
  // Draft-07; its token patterns use \p{L} and \p{N}, which need ajv's default unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(json("./fixtures/vendor/oscal_assessment-results_schema.json"));
  const model = fixtureModel({ failMessage: "  leading spaces and <b>markup</b>\nnewline " });
  const doc = JSON.parse(renderOscal(model)) as {
    "assessment-results": {
      results: [
        {
          observations: { methods: string[]; "relevant-evidence": { props: { value: string }[] }[] }[];
          findings: { target: { "target-id": string; status: { state: string } } }[];
        },
      ];
    };
  };
  assert.ok(validate(doc), errorsText(validate.errors));
  const result = doc["assessment-results"].results[0];
  assert.equal(result.observations.length, model.records.length);
  assert.ok(result.observations.every((o) => o.methods[0] === "TEST"));
  assert.equal(result.observations[0]?.["relevant-evidence"][0]?.props[0]?.value, model.records[0]?.sha256);
  const failing = failingRequirements(model).map((f) => f.requirement.id);
  for (const id of failing) {
    assert.equal(result.findings.find((f) => f.target["target-id"] === id)?.target.status.state, "not-satisfied", id);
  }
  assert.ok(result.findings.some((f) => f.target.status.state === "satisfied"));
  const invalid = structuredClone(doc);
  invalid["assessment-results"].results[0].findings[0]!.target.status.state = "maybe";
  assert.equal(validate(invalid), false, "the schema must reject an unknown finding state");
});

test("OSCAL rendering is deterministic: the same run gives the same document", () => {
  assert.equal(renderOscal(fixtureModel()), renderOscal(fixtureModel()));
});
