/** @module The loader on small broken inputs: one mistake per case, reported in plain words at the right place. */
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadSpec } from "../../src/catalog/index.js";

const valid = fileURLToPath(new URL("./fixtures/valid/", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "assay-catalog-"));
after(() => rmSync(root, { recursive: true, force: true }));

const head = `project: { name: t }\ncatalogs: [${valid}catalog.yaml]\nprofile: ${valid}profiles/tight.yaml\nmappings: []\n`;
const checksHead = `checks: [${valid}checks]\n`;

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** `file:line:col: severity: message` with the file relative to the case folder; `*` matches anything. */
  readonly expect: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: "a missing project file",
    files: {},
    expect: ["assay.yaml:1:1: error: cannot read project file assay.yaml: no such file"],
  },
  {
    name: "an empty project file",
    files: { "assay.yaml": "" },
    expect: ["assay.yaml:1:1: error: the file must hold a mapping of keys at the top level (got nothing)"],
  },
  {
    name: "a key written twice",
    files: { "assay.yaml": `${head}${checksHead}project: { name: again }\n` },
    expect: ["assay.yaml:6:1: error: YAML: Map keys must be unique (a key appears twice in the same mapping)"],
  },
  {
    name: "a list written as a single string, without follow-on errors",
    files: { "assay.yaml": `${head}checks: c.yaml\n`, "c.yaml": readFileSync(`${valid}checks/config.yaml`, "utf8") },
    expect: ['assay.yaml:5:9: error: checks must be a list (got string "c.yaml")'],
  },
  {
    name: "a missing checks folder",
    files: { "assay.yaml": `${head}checks: [nowhere/]\n` },
    expect: ["assay.yaml:5:10: error: cannot read checks file nowhere: no such file"],
  },
  {
    name: "misplaced references in check params",
    files: {
      "assay.yaml": `${head}checks: [${valid}checks, c.yaml]\n`,
      "c.yaml":
        'checks:\n  - id: config.x\n    title: X\n    probe: app_config\n    params: { secret_key_pattern: "${env:PATTERN}", secret_min_length: "${profile:}" }\n' +
        '  - id: config.y\n    title: Y\n    probe: app_config\n    params: { secret_key_pattern: "^${target:prefix}_key$" }\n',
    },
    expect: [
      "c.yaml:5:35: error: ${env:PATTERN}: secrets do not belong in check params; put them in the target's connection",
      'c.yaml:5:72: error: malformed reference ${profile:}: "" is not a valid profile name',
      "c.yaml:9:35: error: ${target:prefix} must be the whole value, not part of a longer string",
    ],
  },
  {
    name: "a selector type the probe cannot serve",
    files: {
      "assay.yaml": `${head}checks: [${valid}checks, c.yaml]\n`,
      "c.yaml":
        "checks:\n  - id: config.x\n    title: X\n    probe: app_config\n    targets: { types: [postgres, mainframe] }\n",
    },
    expect: [
      'c.yaml:5:24: error: probe "app_config" cannot check postgres targets (it runs on: file)',
      'c.yaml:5:34: error: unknown target type "mainframe"',
    ],
  },
  {
    name: "secret references outside connections",
    files: {
      "assay.yaml": `${head}${checksHead}targets:\n  - id: t\n    type: file\n    connection: { path: "\${file:p}" }\n    attributes: { owner: "\${env:OWNER}" }\n`,
    },
    expect: [
      "assay.yaml:10:26: error: ${env:OWNER}: secret references are only resolved in targets[].connection and evidence.signing_key",
    ],
  },
  {
    name: "literal secrets, without ever quoting them",
    files: {
      "assay.yaml":
        `${head}${checksHead}targets:\n  - id: db\n    type: postgres\n    connection: { host: h, database: d, user: u, password: hunter22, port: "hunter23" }\n` +
        `  - id: api\n    type: endpoint\n    connection: { url: "https://svc:hunter24@api.example" }\n`,
    },
    expect: [
      'assay.yaml:9:60: error: "password" holds a literal value; write secrets as ${env:NAME} or ${file:PATH}, never in the project file',
      "assay.yaml:9:76: error: postgres connection: port must be a whole number (got string (value hidden))",
      'assay.yaml:12:24: error: "url" has a password inside a URL; use ${env:NAME} or ${file:PATH} for it',
    ],
  },
  {
    name: "a mapping between frameworks that are not loaded",
    files: {
      "assay.yaml": `project: { name: t }\ncatalogs: [${valid}catalog.yaml]\nprofile: ${valid}profiles/tight.yaml\n${checksHead}mappings: [m.yaml]\n`,
      "m.yaml": "mapping: { id: m, source: demo, target: nist, method: human, status: draft }\nmaps: []\n",
    },
    expect: ['m.yaml:1:41: error: mapping target framework "nist" is not among the loaded catalogs (demo)'],
  },
  {
    name: "a waiver that expires on a day that does not exist",
    files: {
      "assay.yaml": `${head}${checksHead}waivers: w.yaml\n`,
      "w.yaml": "waivers:\n  - { id: W, control: demo-1, justification: j, approver: a, expires: 2027-02-30 }\n",
    },
    expect: ['w.yaml:2:71: error: expires "2027-02-30" is not a real date'],
  },
  {
    name: "run settings out of range",
    files: { "assay.yaml": `${head}${checksHead}run: { concurrency: 0, timeout_seconds: fast }\n` },
    expect: [
      "assay.yaml:6:21: error: concurrency must be at least 1 (got 0)",
      'assay.yaml:6:41: error: timeout_seconds must be a number (got string "fast")',
    ],
  },
];

describe("one mistake per project", () => {
  for (const [i, c] of cases.entries()) {
    it(`reports ${c.name}`, async () => {
      const dir = join(root, String(i));
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const r = await loadSpec(join(dir, "assay.yaml"));
      const got = r.ok
        ? []
        : r.problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.col}: ${p.severity}: ${p.message}`);
      assert.deepEqual(got, c.expect);
      for (const line of got) assert.doesNotMatch(line, /hunter2/, "a secret was quoted");
    });
  }
});

describe("secret references", () => {
  it("accepts ${env:…} in a connection without reading the environment", async () => {
    const dir = join(root, "env");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "assay.yaml"),
      `${head}${checksHead}targets:\n  - { id: t, type: file, connection: { path: "\${env:ASSAY_UNSET_FOR_TEST}" } }\n`,
    );
    const r = await loadSpec(join(dir, "assay.yaml"));
    assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => p.message).join("\n"));
    assert.deepEqual(r.spec.targets[0]?.connection, { path: "${env:ASSAY_UNSET_FOR_TEST}" });
  });
});
