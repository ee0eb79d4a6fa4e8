/** @module Inventory files (CSV, JSON Lines, YAML) with group templates, read by the real loader. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { loadSpec } from "../../src/catalog/index.js";

const root = mkdtempSync(join(tmpdir(), "assay-inventory-"));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function project(files: Record<string, string>): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, "assay.yaml");
}

const head = `project: { name: fleet }
inventory:
  groups:
    pg-eu:
      type: postgres
      tags: [pii]
      connection: { port: 5432, user: assay_ro, password: "\${env:PG_PASSWORD}" }
      attributes: { personal_data_tables: [public.customers] }
    edge:
      type: endpoint
      tags: [internet-facing]
`;

describe("inventory files", () => {
  it("reads CSV, JSON Lines and YAML rows onto their group templates, secrets kept as references", async () => {
    const file = project({
      "assay.yaml": `${head}  files:
    - { path: dbs.csv, group: pg-eu }
    - edges.jsonl
    - more.yaml
`,
      "dbs.csv": `id,host,database,port,tags,ssl.mode,attributes.personal_data_tables
db-1,10.0.0.1,app,,billing,require,
db-2,10.0.0.2,crm,6432,,,"[""crm.people""]"
`,
      "edges.jsonl": `{"id":"api-1","group":"edge","connection":{"url":"https://api-1.example:8443"}}

{"id":"api-2","group":"edge","tags":["pci"],"connection":{"url":"https://api-2.example"}}
`,
      "more.yaml": `targets:\n  - { id: cfg, type: file, connection: { path: app.yaml }, tags: [app-config] }\n`,
    });
    const r = await loadSpec(file);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    const by = new Map(r.spec.targets.map((t) => [t.id, t]));
    assert.deepEqual([...by.keys()], ["db-1", "db-2", "api-1", "api-2", "cfg"]);
    assert.deepEqual(by.get("db-1")?.connection, {
      port: 5432,
      user: "assay_ro",
      password: "${env:PG_PASSWORD}",
      host: "10.0.0.1",
      database: "app",
      ssl: { mode: "require" },
    });
    assert.deepEqual(by.get("db-1")?.tags, ["pii", "billing"]);
    assert.equal(by.get("db-1")?.group, "pg-eu");
    assert.deepEqual(by.get("db-1")?.attributes, { personal_data_tables: ["public.customers"] });
    assert.equal(by.get("db-2")?.connection["port"], 6432);
    assert.deepEqual(by.get("db-2")?.attributes, { personal_data_tables: ["crm.people"] });
    assert.deepEqual(by.get("api-2")?.tags, ["internet-facing", "pci"]);
    assert.equal(by.get("api-2")?.type, "endpoint");
    const dir = file.replace(/assay\.yaml$/, "");
    assert.deepEqual(
      [...r.spec.targets].map((t) => `${relative(dir, t.source.file)}:${t.source.line}`),
      ["dbs.csv:2", "dbs.csv:3", "edges.jsonl:1", "edges.jsonl:3", "more.yaml:2"],
    );
    // every inventory file is an input of the run (hashed into the evidence manifest)
    for (const f of ["dbs.csv", "edges.jsonl", "more.yaml"]) assert.ok(r.spec.inputs.has(join(dir, f)), f);
  });

  it("reports every bad row at its file:line:col without quoting values", async () => {
    const file = project({
      "assay.yaml": `${head}  files:
    - { path: dbs.csv, group: pg-eu }
    - edges.jsonl
    - { path: x.csv, group: pg-us }
    - hosts.txt
`,
      "dbs.csv": `id,host,database,port,password
db-1,10.0.0.1,app,99999,
db-2,10.0.0.2,,5432,hunter2-literal
db-1,10.0.0.3,app,,
`,
      "edges.jsonl": `{"id":"api-1","group":"egde","connection":{"url":"https://a"}}
{"id": "api-2", "password": "sk_live_x
`,
      "x.csv": "id\n",
    });
    const r = await loadSpec(file);
    assert.ok(!r.ok);
    const dir = file.replace(/assay\.yaml$/, "");
    const lines = r.problems.map((p) => `${relative(dir, p.file)}:${p.line}:${p.col}: ${p.message}`);
    const expect = [
      /^assay\.yaml:\d+:\d+: unknown inventory group "pg-us"/,
      /^assay\.yaml:\d+:\d+: inventory file hosts\.txt: use \.yaml/,
      /^dbs\.csv:2:19: postgres connection: port must be at most 65535 \(got \(value hidden\)\)/,
      /^dbs\.csv:3:1: postgres connection: .*database/,
      /^dbs\.csv:3:21: "password" holds a literal value/,
      /^dbs\.csv:4:1: duplicate target id "db-1" \(first defined at dbs\.csv:2:1\)/,
      /^edges\.jsonl:1:\d+: unknown inventory group "egde" \(did you mean "edge"\?\)/,
      /^edges\.jsonl:2:1: JSON Lines: this line is not one JSON value$/,
    ];
    for (const re of expect)
      assert.ok(
        lines.some((l) => re.test(l)),
        `${re} not in\n${lines.join("\n")}`,
      );
    assert.ok(!lines.join("\n").includes("hunter2"), "a literal secret was quoted");
    assert.ok(!lines.join("\n").includes("sk_live"), "a line's text was quoted");
  });

  it("refuses an inventory path that is not a regular file", async () => {
    const file = project({ "assay.yaml": `${head}  files: [sub.csv]\n` });
    mkdirSync(join(file, "..", "sub.csv"));
    const r = await loadSpec(file);
    assert.ok(!r.ok);
    assert.match(r.problems.map((p) => p.message).join("\n"), /cannot read inventory file sub\.csv: EISDIR/);
  });

  it("reads run.limits; a literal secret in a group template is an error", async () => {
    const file = project({
      "assay.yaml": `project: { name: fleet }
inventory:
  groups:
    g: { type: postgres, connection: { password: plain } }
run:
  limits:
    - { per: host, concurrency: 2 }
    - { tag: pii, rate_per_second: 5 }
`,
    });
    const r = await loadSpec(file);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => `${p.line}:${p.col} ${p.message.slice(0, 40)}`),
      ['4:50 "password" holds a literal value; write '],
    );
    const ok = await loadSpec(
      project({
        "assay.yaml":
          "project: { name: f }\nrun:\n  limits: [{ per: host, concurrency: 2 }, { group: g, rate_per_second: 5 }]\n",
      }),
    );
    assert.ok(ok.ok);
    assert.deepEqual(ok.spec.settings.limits, [
      { scope: { per: "host" }, concurrency: 2 },
      { scope: { group: "g" }, ratePerSecond: 5 },
    ]);
  });
});
