/** @module The catalog loader: valid projects resolve into an AuditSpec; every mistake is reported with file:line:col. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadSpec, type Problem } from "../../src/catalog/index.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const now = () => new Date("2026-11-24T10:00:00Z");

function short(p: Problem): string {
  return `${p.file.slice(fixtures.length)}:${p.line}:${p.col}: ${p.severity}: ${p.message}`;
}

describe("a valid project", () => {
  it("resolves into an AuditSpec with profile values merged over the parent and substituted", async () => {
    const r = await loadSpec(`${fixtures}valid/assay.yaml`, { now });
    assert.ok(r.ok, r.ok ? "" : r.problems.map(short).join("\n"));
    const { spec } = r;
    assert.equal(spec.projectName, "minimal");
    assert.deepEqual(
      spec.frameworks.map((f) => f.id),
      ["demo"],
    );
    assert.equal(spec.profile.id, "tight");
    assert.equal(spec.profile.values["jwt.max_lifetime_minutes"]?.value, 15);
    assert.equal(spec.profile.values["audit.days"]?.value, 365);
    const lifetime = spec.checks.get("config.jwt_lifetime_max");
    assert.deepEqual(lifetime?.params, { max_jwt_expiry_minutes: 15 });
    assert.deepEqual(lifetime?.source, { file: `${fixtures}valid/checks/config.yaml`, line: 2, col: 5 });
    // Target references stay for the plan stage; an absent selector type becomes the probe's types.
    const algorithms = spec.checks.get("config.jwt_algorithm_allowed");
    assert.deepEqual(algorithms?.params, { allowed_jwt_algorithms: "${target:jwt_algorithms}" });
    assert.deepEqual(algorithms?.targets, { types: ["file"], tags: ["app-config"] });
    assert.deepEqual(
      spec.waivers.map((w) => [w.id, w.control, w.expires]),
      [["W-1", "demo-1", "2030-12-31"]],
    );
    assert.deepEqual(spec.targets[0]?.attributes, { jwt_algorithms: ["RS256", "ES256"] });
  });

  it("fills run settings with defaults, folders resolved against the project folder", async () => {
    const r = await loadSpec(`${fixtures}valid/assay.yaml`, { now });
    assert.ok(r.ok);
    assert.deepEqual(r.spec.settings, {
      evidenceDir: `${fixtures}valid/out/evidence`,
      reportsDir: `${fixtures}valid/reports`,
      signingKey: "${file:keys/private.jwk}",
      concurrency: { global: 4, perTarget: 2 },
      timeoutMs: 30_000,
    });
  });

  it("records the SHA-256 of every input file it read, parent profiles included", async () => {
    const r = await loadSpec(`${fixtures}valid/assay.yaml`, { now });
    assert.ok(r.ok);
    const files = [
      "assay.yaml",
      "catalog.yaml",
      "checks/config.yaml",
      "profiles/tight.yaml",
      "profiles/base.yaml",
      "waivers.yaml",
    ].map((f) => `${fixtures}valid/${f}`);
    assert.deepEqual([...r.spec.inputs.keys()].sort(), files.sort());
    for (const f of files)
      assert.equal(r.spec.inputs.get(f), createHash("sha256").update(readFileSync(f)).digest("hex"));
  });

  it("turns an expired waiver into a warning, not an error", async () => {
    const r = await loadSpec(`${fixtures}valid/assay.yaml`, { now: () => new Date("2031-01-01T00:00:00Z") });
    assert.ok(r.ok);
    assert.deepEqual(r.warnings.map(short), [
      'valid/waivers.yaml:7:14: warning: waiver "W-1" expired on 2030-12-31; it no longer applies',
    ]);
  });

  it("uses the profile given as an option instead of the project's", async () => {
    const r = await loadSpec(`${fixtures}valid/assay.yaml`, { now, profile: `${fixtures}valid/profiles/base.yaml` });
    assert.ok(r.ok);
    assert.equal(r.spec.profile.id, "base");
    assert.deepEqual(r.spec.checks.get("config.jwt_lifetime_max")?.params, { max_jwt_expiry_minutes: 60 });
  });
});

describe("a project full of mistakes", () => {
  // Every mistake of the fixture, in the order the loader sorts them (file, line, column).
  const expected: readonly [string, string][] = [
    ["broken/assay.yaml:7:1: error", 'unknown key "reprots" (did you mean "reports"?)'],
    ["broken/assay.yaml:12:43: error", 'file connection: unknown key "mode"'],
    [
      "broken/assay.yaml:14:23: error",
      'target "app" attribute "jwt_algorithms" (param "allowed_jwt_algorithms" of check "config.algorithms"): allowed_jwt_algorithms must be a list (got number 42)',
    ],
    ["broken/assay.yaml:15:9: error", 'duplicate target id "app" (first defined at assay.yaml:9:9)'],
    ["broken/assay.yaml:19:11: error", 'unknown target type "postgress" (did you mean "postgres"?)'],
    [
      "broken/assay.yaml:20:77: error",
      "unknown reference ${evn:PG_PASSWORD} (allowed here: ${env:NAME}, ${file:PATH})",
    ],
    ["broken/assay.yaml:21:26: error", "signing_key must be a ${file:PATH} or ${env:NAME} reference"],
    ["broken/catalog.yaml:6:9: error", 'missing required key "severity" in requirements[0]'],
    [
      "broken/catalog.yaml:10:9: error",
      'unknown key "sevrity" (did you mean "severity"?) (allowed: id, label, title, review, description, severity, checks, manual, references)',
    ],
    ["broken/catalog.yaml:16:19: error", 'severity must be one of critical, high, medium, low, info (got "urgent")'],
    ["broken/catalog.yaml:17:18: error", 'requirement "demo-2" cites unknown check "config.encryption_missing"'],
    ["broken/catalog.yaml:18:9: error", 'missing required key "title" in requirements[2]'],
    ["broken/catalog.yaml:23:13: error", 'duplicate requirement id "demo-1" (first defined at catalog.yaml:6:13)'],
    ["broken/catalog.yaml:29:13: error", 'requirement "demo-5" has neither checks nor manual evidence'],
    ["broken/checks.yaml:5:27: error", 'probe "app_config" has no aspect "jwt_lifetime"'],
    [
      "broken/checks.yaml:8:31: error",
      'check "config.jwt_lifetime_max": max_jwt_expiry_minutes must be a number (got string "soon")',
    ],
    ["broken/checks.yaml:9:7: error", 'check "config.jwt_lifetime_max": unknown key "max_jwt_lifetime"'],
    [
      "broken/checks.yaml:9:25: error",
      'unknown profile key "jwt.max_lifetime" in ${profile:jwt.max_lifetime} (profile "broken")',
    ],
    [
      "broken/checks.yaml:12:12: error",
      'check "config.unknown_probe" uses unknown probe "app_confg" (did you mean "app_config"?)',
    ],
    [
      "broken/checks.yaml:19:9: error",
      'duplicate check id "config.jwt_lifetime_max" (first defined at checks.yaml:2:9)',
    ],
    [
      "broken/extra.yaml:5:5: error",
      "YAML syntax error: Flow sequence in block collection must be sufficiently indented",
    ],
    ["broken/mapping.yaml:5:15: error", 'unknown demo requirement "demo-9"'],
    ["broken/waivers.yaml:3:14: error", 'waiver "W-1" names unknown control "demo-42"'],
    ["broken/waivers.yaml:9:15: error", 'waiver "W-2" names unknown target "nowhere"'],
  ];

  it("reports every problem of every file in one pass, each at its file:line:col", async () => {
    const r = await loadSpec(`${fixtures}broken/assay.yaml`, { now });
    assert.equal(r.ok, false);
    const got = r.ok ? [] : r.problems.map(short);
    for (const [i, [where, text]] of expected.entries()) {
      const line = got[i] ?? "(missing)";
      assert.ok(
        line.startsWith(`${where}: `) && line.includes(text),
        `problem ${i}: expected ${where}: …${text}…\n   got ${line}`,
      );
    }
    assert.equal(got.length, expected.length, `unexpected extra problems:\n${got.slice(expected.length).join("\n")}`);
  });

  it("reports the expired waiver and the checks no requirement cites as warnings beside the errors", async () => {
    const r = await loadSpec(`${fixtures}broken/assay.yaml`, { now });
    assert.deepEqual(r.warnings.map(short), [
      `broken/checks.yaml:10:9: warning: check "config.unknown_probe" is cited by no requirement of the loaded catalogs, so it never runs; add it to a requirement's "checks" or remove it`,
      `broken/checks.yaml:13:9: warning: check "config.algorithms" is cited by no requirement of the loaded catalogs, so it never runs; add it to a requirement's "checks" or remove it`,
      'broken/waivers.yaml:12:14: warning: waiver "W-2" expired on 2025-01-31; it no longer applies',
    ]);
  });
});

describe("profiles that cannot be resolved", () => {
  const cases = [
    {
      name: "an extends cycle",
      project: "cycle",
      expect: /^cycle\/b\.yaml:1:\d+: error: profile "extends" forms a cycle: a → b → a$/,
    },
    {
      name: "an unknown parent",
      project: "orphan",
      expect:
        /^orphan\/child\.yaml:1:\d+: error: profile "child" extends unknown profile "no-such-parent" \(not found at .*controls\/profiles\/no-such-parent.yaml; shipped profiles: .*\)$/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at the extends key`, async () => {
      const r = await loadSpec(`${fixtures}${c.project}/assay.yaml`, { now });
      assert.equal(r.ok, false);
      const got = r.ok ? [] : r.problems.map(short);
      assert.equal(got.length, 1, got.join("\n"));
      assert.match(got[0] ?? "", c.expect);
    });
  }
});

describe("a misspelt key", () => {
  it("is reported once with did-you-mean; the secret reference inside it is not reported again", async () => {
    const r = await loadSpec(`${fixtures}typo/assay.yaml`, { now });
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.problems.map(short), [
      'typo/assay.yaml:3:5: error: missing required key "connection" in targets[0]',
      'typo/assay.yaml:5:5: error: unknown key "conection" (did you mean "connection"?) (allowed: id, type, tags, connection, attributes)',
    ]);
  });
});
