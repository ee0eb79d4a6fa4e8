/**
 * Every pg_* probe against two real PostgreSQL servers: passing on the compliant cluster, failing
 * with the expected message ids on the misconfigured one.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { fileConnector } from "../../src/targets/file.js";
import { chainLines } from "../support/audit-chain.js";
import pgAuditConfig from "../../src/probes/pg_audit_config/index.js";
import auditChain from "../../src/probes/audit_chain/index.js";
import roleMatrix from "../../src/probes/role_matrix/index.js";
import pgPasswordStorage from "../../src/probes/pg_password_storage/index.js";
import pgPrivilegedRoles from "../../src/probes/pg_privileged_roles/index.js";
import retention from "../../src/probes/retention/index.js";
import pgRls from "../../src/probes/pg_rls/index.js";
import pgTransport from "../../src/probes/pg_transport/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { RETENTION, ROLE_MATRIX, startCluster } from "./fixtures.js";

const [good, bad] = await Promise.all([startCluster("compliant"), startCluster("misconfigured")]);
const goodSuper = await good.open("postgres", good.server.superuser.password);
const badSuper = await bad.open("postgres", bad.server.superuser.password);
const dir = await mkdtemp(join(tmpdir(), "assay-chain-"));
const jsonl = [...chainLines(50)].map((l) => {
  const [seq, ts, actor, action, hash] = l.trimEnd().split("\t");
  return JSON.stringify({ seq: Number(seq), ts, actor, action, hash });
});
await writeFile(join(dir, "matrix.yaml"), JSON.stringify(ROLE_MATRIX));
await writeFile(join(dir, "good.jsonl"), jsonl.join("\n") + "\n");
await writeFile(
  join(dir, "bad.jsonl"),
  [...jsonl.slice(0, 10), jsonl[11], jsonl[10], ...jsonl.slice(12)].join("\n") + "\n",
);
const file = async (name: string) => ({
  type: "file" as const,
  handle: await fileConnector.open(
    { path: name },
    { baseDir: dir, signal: AbortSignal.timeout(1000), timeoutMs: 1000 },
  ),
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
  await Promise.all([goodSuper.end(), badSuper.end()]);
  await Promise.all([good.close(), bad.close()]);
});

const on = (handle: typeof good.auditor) => ({ type: "postgres" as const, handle });
const CHAIN = {
  table: "audit.events",
  sequence_column: "seq",
  hash_column: "hash",
  columns: ["seq", "ts", "actor", "action"],
};
const PII = ["staging.customers"];

testProbe(pgTransport, {
  cases: [
    {
      name: "compliant: ssl on, TLS floor met, hostssl-only rules, every session on SSL",
      target: on(good.auditor),
      params: { min_protocol: "TLSv1.2" },
      expect: { sslOn: "pass", protocolOk: "pass", hbaOk: "pass", sessionsOk: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: ssl off, plain host, remote trust, md5 rules and a hostssl rule the server cannot use",
      target: on(bad.auditor),
      params: { min_protocol: "TLSv1.2" },
      expect: {
        sslOff: "fail",
        protocolSslOff: "fail",
        hbaMd5: "fail",
        hbaTrustRemote: "fail",
        hbaUnencrypted: "fail",
        hbaRuleError: "fail", // hostssl … password cannot match while ssl is off
        sessionsLow: "fail",
      },
      exact: true,
    },
    {
      name: "a TLSv1.3 floor (strict profile) fails on a server that still accepts TLSv1.2",
      target: on(good.auditor),
      params: { min_protocol: "TLSv1.3" },
      expect: { protocolLow: "fail" },
    },
  ],
  invalidParams: [{ name: "a TLS floor below 1.2", params: { min_protocol: "TLSv1" } }],
});

testProbe(pgPasswordStorage, {
  cases: [
    {
      name: "compliant: scram-sha-256, no MD5 hash (seen as superuser)",
      target: on(goodSuper),
      params: { password_encryption: "scram-sha-256" },
      expect: { encryptionOk: "pass", md5None: "pass" },
      exact: true,
    },
    {
      name: "compliant, auditor without pg_authid: MD5 check not applicable with the reason",
      target: on(good.auditor),
      params: { password_encryption: "scram-sha-256" },
      expect: { encryptionOk: "pass", md5NotVisible: "not_applicable" },
      exact: true,
    },
    {
      name: "misconfigured: md5 encryption and roles holding MD5 hashes",
      target: on(badSuper),
      params: { password_encryption: "scram-sha-256" },
      expect: { encryptionBad: "fail", md5Found: "fail" },
      exact: true,
    },
  ],
});

const allow = { allowed_superusers: ["postgres"], allowed_risky_roles: [] };
testProbe(pgPrivilegedRoles, {
  cases: [
    {
      name: "compliant: only postgres is superuser, no risky attribute, no server-file role",
      target: on(good.auditor),
      params: allow,
      expect: { superusersOk: "pass", riskyOk: "pass", serverFilesOk: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: extra superuser, CREATEDB/CREATEROLE role, pg_read_server_files member",
      target: on(bad.auditor),
      params: allow,
      expect: { superuserExtra: "fail", riskyExtra: "fail", serverFilesExtra: "fail" },
      exact: true,
    },
  ],
});

testProbe(roleMatrix, {
  cases: [
    {
      name: "compliant: grants equal the role matrix, nothing for PUBLIC",
      target: on(good.auditor),
      params: { role_matrix: ROLE_MATRIX },
      expect: {
        matrixOk: "pass",
        effectiveOk: "pass",
        connectUndeclared: "not_applicable",
        publicOk: "pass",
        publicCreateOff: "pass",
      },
      exact: true,
    },
    {
      name: "misconfigured: excess and missing grants, PUBLIC SELECT, PUBLIC CREATE on public",
      target: on(bad.auditor),
      params: { role_matrix: ROLE_MATRIX },
      expect: {
        grantExcess: "fail",
        grantMissing: "fail",
        effectiveOk: "pass",
        connectUndeclared: "not_applicable",
        publicGrant: "fail",
        publicCreateOn: "fail",
      },
      exact: true,
    },
    {
      name: "the matrix may be a YAML file path",
      target: on(good.auditor),
      params: { role_matrix: join(dir, "matrix.yaml") },
      expect: { matrixOk: "pass" },
    },
    {
      name: "an invalid matrix is an error, not a pass",
      target: on(good.auditor),
      params: { role_matrix: { schemas: ["staging"], roles: { x: [{ tables: "*" }] } } },
      expect: { matrixInvalid: "error" },
    },
  ],
});

testProbe(pgRls, {
  cases: [
    {
      name: "compliant: RLS enabled and forced on personal data",
      target: on(good.auditor),
      params: { rls_tables: PII, require_force: true },
      expect: { rlsOn: "pass", forced: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: RLS off",
      target: on(bad.auditor),
      params: { rls_tables: PII, require_force: true },
      expect: { rlsOff: "fail", notForced: "fail" },
      exact: true,
    },
    {
      name: "a declared table that does not exist is an error",
      target: on(good.auditor),
      params: { rls_tables: ["staging.nope"] },
      expect: { tableMissing: "error" },
    },
  ],
});

const audit = {
  required_pgaudit_classes: ["ddl", "role", "write"],
  audit_trigger_tables: PII,
  audit_table: "audit.events",
  app_role: "app_writer",
};
testProbe(pgAuditConfig, {
  cases: [
    // The embedded server ships without pgaudit: that aspect fails on both, with that reason.
    {
      name: "compliant: connections logged, triggers on PII, audit table append-only; pgaudit absent fails",
      target: on(good.auditor),
      params: audit,
      expect: { pgauditNotLoaded: "fail", loggingOk: "pass", triggersOk: "pass", appendOnlyOk: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: no connection logging, INSERT-only trigger, app role can UPDATE and DELETE audit rows",
      target: on(bad.auditor),
      params: audit,
      expect: { pgauditNotLoaded: "fail", loggingOff: "fail", triggersMissing: "fail", appendOnlyBad: "fail" },
      exact: true,
    },
  ],
});

testProbe(retention, {
  cases: [
    {
      name: "compliant: no row past retention, audit log retention within range, every entry since the log started kept",
      target: on(good.auditor),
      params: RETENTION,
      expect: { datasetOk: "pass", logOkSince: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: overdue personal data and an audit row past retention",
      target: on(bad.auditor),
      params: RETENTION,
      expect: { datasetOverdue: "fail", logOverdue: "fail" },
      exact: true,
    },
    {
      name: "audit-log retention declared outside the range",
      target: on(good.auditor),
      params: { ...RETENTION, audit_log: { ...RETENTION.audit_log, retention_days: 30 } },
      expect: { logOutOfRange: "fail" },
    },
  ],
});

testProbe(auditChain, {
  cases: [
    {
      name: "compliant: 200-record chain verifies",
      target: on(good.auditor),
      params: { chain: CHAIN },
      expect: { chainOk: "pass" },
      exact: true,
    },
    {
      name: "misconfigured: modified and deleted records break the chain",
      target: on(bad.auditor),
      params: { chain: CHAIN },
      expect: { recordsModified: "fail", recordsDeleted: "fail", recordsUnchecked: "fail" },
      exact: true,
    },
    {
      name: "a JSON Lines audit file verifies with the same canonical form",
      target: await file("good.jsonl"),
      params: { chain: CHAIN },
      expect: { chainOk: "pass" },
      exact: true,
    },
    {
      name: "a JSON Lines file with two records swapped is reported reordered",
      target: await file("bad.jsonl"),
      params: { chain: CHAIN },
      expect: { recordsReordered: "fail", recordsUnchecked: "fail" },
      exact: true,
    },
  ],
});

void describe("audit_chain counts (PostgreSQL)", () => {
  const run = (
    handle: Parameters<typeof on>[0] | Awaited<ReturnType<typeof file>>["handle"],
    type: "postgres" | "file",
  ) =>
    auditChain.run({
      params: { chain: CHAIN },
      target: { id: "t", type, tags: [], handle },
      signal: AbortSignal.timeout(30_000),
      now: () => new Date(),
    });

  void it("locates tampering in the table: two modified records (seq 1 and 40) and two deleted (70, 71)", async () => {
    const { facts } = await run(bad.auditor, "postgres");
    assert.deepEqual(
      [facts["modified"], facts["deleted"], facts["inserted"], facts["reordered"], facts["records"]],
      [2, 2, 0, 0, 198],
    );
    assert.deepEqual((facts["firstBrokenLink"] as { sequence: number }).sequence, 1);
  });

  void it("recognises a swapped pair in a file as one reordered record, nothing deleted", async () => {
    const { facts } = await run((await file("bad.jsonl")).handle, "file");
    assert.deepEqual([facts["modified"], facts["deleted"], facts["inserted"], facts["reordered"]], [0, 0, 0, 1]);
  });
});
