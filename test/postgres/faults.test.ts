/**
 * Faults against a real server: wrong password, nothing listening, missing table, a role without
 * the needed privilege, writes refused, server stopped mid-run. Each gives a clear reason without
 * the password.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ProbeContext } from "../../src/probes/define.js";
import auditChain from "../../src/probes/audit_chain/index.js";
import pgPrivilegedRoles from "../../src/probes/pg_privileged_roles/index.js";
import retention from "../../src/probes/retention/index.js";
import pgTransport from "../../src/probes/pg_transport/index.js";
import { openPg, type PgHandle } from "../../src/targets/postgres.js";
import { statement } from "../../src/targets/sql/sql.js";
import { makeCaAndLeaf } from "../support/tls.js";
import { PASSWORD, RETENTION, startCluster, type Cluster } from "./fixtures.js";

const ctx = <P>(handle: PgHandle, params: P): ProbeContext<P, "postgres"> => ({
  params,
  target: { id: "pg", type: "postgres", tags: [], handle },
  signal: AbortSignal.timeout(30_000),
  now: () => new Date(),
});
const reason = (d?: Readonly<Record<string, unknown>>): string =>
  typeof d?.["reason"] === "string" ? d["reason"] : "";
const CHAIN = { sequence_column: "seq", hash_column: "hash", columns: ["seq", "ts", "actor", "action"] };

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err);
    assert.ok(!m.includes(PASSWORD) && !m.includes("wrong-Secret-77"), `message leaks a password: ${m}`);
    return m;
  }
  assert.fail("expected a rejection");
}

describe("postgres faults", () => {
  let cl: Cluster;
  before(async () => {
    cl = await startCluster("compliant");
  });
  after(async () => {
    await cl.close();
  });

  it("a wrong password names the user, never the password", async () => {
    const m = await rejection(cl.open("assay_ro", "wrong-Secret-77"));
    assert.match(m, /authentication failed for user assay_ro at 127\.0\.0\.1:\d+/);
  });

  it("nothing listening gives connection refused with host and port", async () => {
    const m = await rejection(
      openPg(
        { host: "127.0.0.1", port: 1, database: "dwh", user: "assay_ro", password: PASSWORD },
        { timeoutMs: 5000, baseDir: "." },
      ),
    );
    assert.equal(m, "connection refused at 127.0.0.1:1 (is the server running?)");
  });

  it("verify-full accepts the server's CA and rejects a certificate from another CA", async () => {
    const dir = await mkdtemp(join(tmpdir(), "assay-ca-"));
    try {
      await writeFile(join(dir, "ca.pem"), cl.server.caPem ?? "");
      await writeFile(join(dir, "other.pem"), (await makeCaAndLeaf()).ca.cert);
      const conn = (ca: string) => ({
        host: "127.0.0.1",
        port: cl.server.port,
        database: "dwh",
        user: "assay_ro",
        password: PASSWORD,
        ssl: { mode: "verify-full" as const, ca },
      });
      const ok = await openPg(conn("ca.pem"), { timeoutMs: 10_000, baseDir: dir });
      assert.deepEqual(ok.description["ssl"], "verify-full");
      await ok.end();
      const m = await rejection(openPg(conn("other.pem"), { timeoutMs: 10_000, baseDir: dir }));
      assert.match(m, /certificate/i);
      assert.match(
        await rejection(openPg(conn("missing.pem"), { timeoutMs: 10_000, baseDir: dir })),
        /CA file .*missing\.pem cannot be read/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("streams rows as decoded text through COPY (SqlSource.stream)", async () => {
    const rows: (string | null)[][] = [];
    const select = statement({
      name: "test.copy",
      sql: "SELECT g, NULL, E'tab\\there' || g FROM generate_series(1, 3) g",
      views: [],
      columns: [],
    });
    for await (const r of cl.auditor.stream(select)) rows.push([...r]);
    assert.deepEqual(rows, [
      ["1", null, "tab\there1"],
      ["2", null, "tab\there2"],
      ["3", null, "tab\there3"],
    ]);
  });

  it("sessions are read-only: a write is refused by the server", async () => {
    const m = await rejection(
      cl.auditor.query(
        statement({ name: "test.write", sql: "CREATE TABLE staging.x (id int)", views: [], columns: [] }),
      ),
    );
    assert.match(m, /read-only transaction/);
  });

  it("a missing table is an error finding naming the table", async () => {
    const out = await retention.run(
      ctx(cl.auditor, {
        grace_days: 0,
        datasets: [{ table: "staging.nope", timestamp_column: "at", retention_days: 1 }],
      }),
    );
    const f = out.findings.find((x) => x.aspect === "datasets");
    assert.equal(f?.status, "error");
    assert.equal(f?.messageId, "datasetError");
    assert.match(reason(f?.data), /relation "staging.nope" does not exist/);
    const chain = await auditChain.run(ctx(cl.auditor, { chain: { ...CHAIN, table: "audit.nope" } }));
    assert.deepEqual(
      chain.findings.map((x) => `${x.messageId}:${x.status}`),
      ["chainUnreadable:error"],
    );
  });

  it("a missing table (42P01) and a denied table (42501) fail only their dataset; the probe goes on", async () => {
    // "lost_found" reads like a lost connection to a rule that looks at message text; the kind comes from the SQLSTATE.
    const out = await retention.run(
      ctx(cl.auditor, {
        grace_days: 0,
        datasets: [
          { table: "staging.lost_found", timestamp_column: "at", retention_days: 1 },
          { table: "mart.daily", timestamp_column: "day", retention_days: 30 },
          { table: "staging.customers", timestamp_column: "created_at", retention_days: 3650 },
        ],
      }),
    );
    const by = Object.fromEntries(out.findings.filter((f) => f.aspect === "datasets").map((f) => [f.subject, f]));
    assert.equal(by["staging.lost_found"]?.status, "error");
    assert.match(reason(by["staging.lost_found"]?.data), /relation "staging.lost_found" does not exist/);
    assert.equal(by["mart.daily"]?.status, "error");
    assert.match(
      reason(by["mart.daily"]?.data),
      /insufficient privilege for user assay_ro: permission denied for schema mart/,
    );
    assert.equal(by["staging.customers"]?.status, "pass");
    assert.deepEqual(out.facts["datasets"], {
      "staging.lost_found": { error: reason(by["staging.lost_found"]?.data) },
      "mart.daily": { error: reason(by["mart.daily"]?.data) },
      "staging.customers": (out.facts["datasets"] as Record<string, unknown>)["staging.customers"],
    });
  });

  it("a role without the needed privileges gets errors with the reason, never a pass", async () => {
    const weak = await cl.open("nopriv");
    try {
      const t = await pgTransport.run(
        ctx(weak, { min_protocol: "TLSv1.2", min_ssl_share: 1, allow_loopback_trust: true }),
      );
      const by = Object.fromEntries(t.findings.map((f) => [f.aspect, f]));
      assert.equal(by["hba"]?.status, "error");
      assert.match(reason(by["hba"]?.data), /insufficient privilege for user nopriv: permission denied/);
      assert.equal(by["ssl_sessions"]?.status, "error");
      const r = await retention.run(ctx(weak, RETENTION));
      assert.ok(
        r.findings.every((f) => f.status === "error"),
        JSON.stringify(r.findings),
      );
      const c = await auditChain.run(ctx(weak, { chain: { ...CHAIN, table: "audit.events" } }));
      assert.equal(c.findings[0]?.status, "error");
      assert.match(reason(c.findings[0]?.data), /permission denied for (schema audit|table events)/);
    } finally {
      await weak.end();
    }
  });

  it("a server stopped mid-run makes the next probe fail with a clear, redacted reason", async () => {
    const handle = await cl.open("assay_ro");
    await pgPrivilegedRoles.run(
      ctx(handle, { allowed_superusers: ["postgres"], allowed_risky_roles: [], allowed_server_file_roles: [] }),
    );
    await cl.server.stop();
    const m = await rejection(
      pgPrivilegedRoles.run(
        ctx(handle, { allowed_superusers: ["postgres"], allowed_risky_roles: [], allowed_server_file_roles: [] }),
      ),
    );
    assert.match(m, /connection (refused|to 127\.0\.0\.1:\d+ was lost)/);
    await handle.end();
  });
});
