/**
 * End to end: `assay run` on a project with a real PostgreSQL target, a target whose password is
 * wrong and a JSON Lines audit file. The good target's pg.* checks decide, the wrong-password
 * target errors with a redacted reason while the rest of the run goes on, and the password appears
 * nowhere (stdout, stderr, evidence files).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { chainLines } from "../support/audit-chain.js";
import { PASSWORD, ROLE_MATRIX, startCluster, type Cluster } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const WRONG = "Not-The-Password-4411";
let cl: Cluster;
let dir: string;

before(async () => {
  cl = await startCluster("compliant");
  dir = await mkdtemp(join(tmpdir(), "assay-pg-run-"));
  const lines = [...chainLines(20)].map((l) => {
    const [seq, ts, actor, action, hash] = l.trimEnd().split("\t");
    return JSON.stringify({ seq: Number(seq), ts, actor, action, hash });
  });
  await writeFile(join(dir, "audit.jsonl"), lines.join("\n") + "\n");
  const conn = (env: string) =>
    JSON.stringify({
      host: "127.0.0.1",
      port: cl.server.port,
      database: "dwh",
      user: "assay_ro",
      password: `\${env:${env}}`,
      ssl: { mode: "require" },
    });
  const chain = {
    table: "audit.events",
    sequence_column: "seq",
    hash_column: "hash",
    columns: ["seq", "ts", "actor", "action"],
  };
  const attributes = JSON.stringify({
    personal_data_tables: ["staging.customers"],
    rls_tables: ["staging.customers"],
    audit_trigger_tables: ["staging.customers"],
    role_matrix: ROLE_MATRIX,
    retention_datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 30 }],
    audit_table: "audit.events",
    app_role: "app_writer",
    audit_log: { table: "audit.events", timestamp_column: "ts", retention_days: 400, since: "2026-01-01" },
    audit_chain: chain,
  });
  await writeFile(
    join(dir, "assay.yaml"),
    `project: { name: pg-e2e }
profile: assay:baseline
targets:
  - { id: dwh, type: postgres, tags: [pii, audit-trail], connection: ${conn("PG_E2E_PASSWORD")}, attributes: ${attributes} }
  - { id: dwh-wrong-password, type: postgres, connection: ${conn("PG_E2E_WRONG")}, attributes: ${attributes} }
  - { id: audit-file, type: file, tags: [audit-trail], connection: { path: audit.jsonl }, attributes: { audit_chain: ${JSON.stringify(chain)} } }
evidence: { dir: evidence }
reports: { dir: reports }
`,
  );
});
after(async () => {
  await cl.close();
  await rm(dir, { recursive: true, force: true });
});

type Row = { checkId: string; targetId: string; status: string; message: string };

test("assay run decides the pg checks, isolates a failing target and never leaks a password", async () => {
  const r = spawnSync(
    process.execPath,
    [join(root, "bin/assay.js"), "run", "-p", join(dir, "assay.yaml"), "--json", "--fail-on", "none"],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PG_E2E_PASSWORD: PASSWORD, PG_E2E_WRONG: WRONG, NO_COLOR: "1" },
    },
  );
  // --fail-on none does not hide the unreachable target: exit 4, "could not audit".
  assert.equal(r.status, 4, r.stderr);
  const out = JSON.parse(r.stdout) as { frameworks: { requirements: { checks: Row[] }[] }[] };
  const rows = new Map<string, Row>();
  for (const f of out.frameworks)
    for (const q of f.requirements) for (const c of q.checks) rows.set(`${c.checkId}@${c.targetId}`, c);
  const status = (id: string) => rows.get(id)?.status;

  for (const id of [
    "pg.ssl_enabled",
    "pg.tls_min_protocol",
    "pg.hba_no_plaintext",
    "pg.ssl_sessions_share",
    "pg.password_encryption",
    "pg.superusers_allowlist",
    "pg.risky_role_attributes",
    "pg.server_file_roles",
    "db.role_matrix",
    "db.no_public_grants",
    "pg.public_schema_no_create",
    "pg.connection_logging",
    "pg.pii_audit_triggers",
    "pg.audit_table_append_only",
    "db.retention_overdue_zero",
    "db.audit_log_retention_range",
    "db.audit_chain_intact",
  ])
    assert.equal(status(`${id}@dwh`), "pass", `${id}: ${rows.get(`${id}@dwh`)?.message ?? "not run"}`);
  assert.equal(status("pg.pgaudit_enabled@dwh"), "fail"); // no pgaudit in the embedded server
  assert.equal(status("pg.rls_personal_data@dwh"), "not_applicable"); // baseline does not require RLS
  assert.equal(status("pg.no_md5_hashes@dwh"), "not_applicable"); // pg_authid hidden from assay_ro
  assert.equal(status("db.audit_chain_intact@audit-file"), "pass");

  const wrong = [...rows.values()].filter((c) => c.targetId === "dwh-wrong-password");
  assert.ok(wrong.length > 0);
  for (const c of wrong) {
    assert.equal(c.status, "error");
    assert.match(c.message, /authentication failed for user assay_ro/);
  }

  const evidence: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else evidence.push(await readFile(join(d, e.name), "utf8"));
    }
  };
  await walk(join(dir, "evidence"));
  assert.ok(evidence.length > 0, "evidence was written");
  for (const text of [r.stdout, r.stderr, ...evidence]) {
    assert.ok(!text.includes(PASSWORD), "the password leaked");
    assert.ok(!text.includes(WRONG), "the wrong password leaked");
  }
});
