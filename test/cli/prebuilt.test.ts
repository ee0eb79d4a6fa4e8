/**
 * @module The built CLI (one bundle, probe metas instead of the probes, precompiled validators, the
 * record of validations, the index of shipped controls) answers `assay check` exactly as the code
 * run from src/, which uses none of them: same stdout, stderr and exit code, byte for byte.
 * Needs `npm run build`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import Module from "node:module";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { inputSchema } from "../../src/catalog/schema.js";
import { schemaKey } from "../../src/schema/ajv.js";
import { CONNECTORS } from "../../src/targets/index.js";
import { assay } from "../support/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-prebuilt-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function built(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, "bin/assay.js"), ...args], { cwd: root }, (err, stdout, stderr) => {
      done({ code: err && typeof err.code === "number" ? err.code : 0, stdout, stderr });
    });
  });
}

/** Shipped catalogs, one target per type; attributes of the wrong type so params fail at the target. */
function wrongAttributes(): string {
  const file = join(dir, "attributes.yaml");
  writeFileSync(
    file,
    [
      "project: { name: prebuilt }",
      "profile: assay:strict",
      "targets:",
      "  - id: db",
      "    type: postgres",
      "    tags: [pii, audit-trail]",
      '    connection: { host: 127.0.0.1, database: d, user: u, password: "${env:ASSAY_PREBUILT_UNSET}" }',
      "    attributes: { personal_data_tables: 5, retention_days: nope }",
      "  - { id: api, type: endpoint, tags: [tls, web, api], connection: { url: 'https://127.0.0.1:1' } }",
      "  - { id: cfg, type: file, tags: [app-config, idp], connection: { path: missing.yaml } }",
      "",
    ].join("\n"),
  );
  return file;
}

describe("the built CLI and the code from src/ check alike", () => {
  const cases: [string, () => string[]][] = [
    ["the example project", () => ["check", "-p", "examples/config/assay.yaml"]],
    [
      "the example with the strict profile, as JSON",
      () => ["check", "-p", "examples/config/assay.yaml", "--profile", "assay:strict", "--json"],
    ],
    ["a project whose every input is broken", () => ["check", "-p", "test/catalog/fixtures/broken/assay.yaml"]],
    ["target attributes that fail the checks' params", () => ["check", "-p", wrongAttributes()]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const a = args();
      const [live, prebuilt] = await Promise.all([assay(...a), built(...a)]);
      assert.equal(prebuilt.stderr, live.stderr);
      assert.equal(prebuilt.stdout, live.stdout);
      assert.equal(prebuilt.code, live.code);
    });
  }
});

it("the bundle's code cache is accepted by this node, and the bundle has no import() a cached script cannot run", () => {
  const file = join(root, "dist/bundle/main.cjs");
  const source = readFileSync(file, "utf8");
  const cache = readFileSync(`${file}.v8cache`);
  const cachedData = cache.subarray(32);
  assert.deepEqual(cache.subarray(0, 32), createHash("sha256").update(cachedData).digest(), "the cache's checksum");
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  assert.equal(script.cachedDataRejected, false, "V8 rejected dist/bundle/main.cjs.v8cache: rebuild with this node");
  assert.doesNotMatch(source, /\bimport\(/);
  // The validators every check runs are inside (so in the cache): the project file's and each connection's.
  for (const schema of [inputSchema("project"), ...Object.values(CONNECTORS).map((c) => c.connectionSchema)])
    assert.ok(
      source.includes(`validators/${schemaKey(schema)}.cjs`),
      `validator ${schemaKey(schema)} is in the bundle`,
    );
});
