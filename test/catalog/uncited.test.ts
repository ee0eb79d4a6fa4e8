/**
 * @module A check no requirement cites never runs. Every shipped check is cited by a shipped
 * requirement; in a project's own check files, `assay check` warns about each uncited one.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadSpec } from "../../src/catalog/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-uncited-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("checks cited by requirements", () => {
  it("every shipped check is cited by a requirement of the shipped catalogs", async () => {
    writeFileSync(join(dir, "shipped.yaml"), "project: { name: shipped }\n");
    const r = await loadSpec(join(dir, "shipped.yaml"));
    assert.ok(r.ok);
    const cited = new Set(
      r.spec.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements.flatMap((q) => q.checks))),
    );
    const uncited = [...r.spec.checks.keys()].filter((id) => !cited.has(id)).sort();
    assert.deepEqual(uncited, [], `shipped checks cited by no requirement (they never run): ${uncited.join(", ")}`);
  });

  it("assay check warns, with file:line:col, about a check of the project's own files that no requirement cites", async () => {
    writeFileSync(
      join(dir, "catalog.yaml"),
      [
        "framework: { id: acme, title: ACME policy, version: '1' }",
        "groups:",
        "  - id: acme-auth",
        "    title: Authentication",
        "    requirements:",
        "      - id: acme-1",
        "        label: '1'",
        "        title: Tokens are short-lived",
        "        description: Access tokens expire within an hour.",
        "        severity: high",
        "        checks: [acme.jwt_lifetime]",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "checks.yaml"),
      [
        "checks:",
        "  - id: acme.jwt_lifetime",
        "    title: JWT lifetime",
        "    probe: app_config",
        "    params: { max_jwt_expiry_minutes: 60 }",
        "  - id: acme.token_lifespan",
        "    title: Realm token lifespan",
        "    probe: app_config",
        "    params: { max_jwt_expiry_minutes: 15 }",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "assay.yaml"),
      "project: { name: acme }\ncatalogs: [catalog.yaml]\nchecks: [checks.yaml]\nmappings: []\n",
    );
    const r = await loadSpec(join(dir, "assay.yaml"));
    assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => p.message).join("\n"));
    assert.deepEqual(
      r.warnings.map((w) => `${w.line}:${w.col}: ${w.message}`),
      [
        '6:9: check "acme.token_lifespan" is cited by no requirement of the loaded catalogs, so it never runs; add it to a requirement\'s "checks" or remove it',
      ],
    );

    const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [
          "--import",
          "tsx",
          "-e",
          'import("./src/cli/main.ts").then((m) => m.main(process.argv))',
          "assay",
          "check",
          "-p",
          join(dir, "assay.yaml"),
        ],
        { cwd: root },
        (err, stdout, stderr) => done({ code: err && typeof err.code === "number" ? err.code : 0, stdout, stderr }),
      ),
    );
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(
      cli.stdout + cli.stderr,
      /checks\.yaml:6:9: warning: check "acme\.token_lifespan" is cited by no requirement/,
    );
  });
});
