/**
 * Driver-level failures through the engine's own invocation path: each becomes an `error`
 * observation with a clear reason and no secret.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { invoke } from "../../src/engine/invoke.js";
import { TargetSessions } from "../../src/engine/sessions.js";
import type { TargetDecl } from "../../src/model/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { PROBES } from "../../src/probes/registry.js";
import { runOnce } from "../../src/probes/tester.js";
import type { AnyConnector } from "../../src/targets/index.js";
import { oracleConnector } from "../../src/targets/oracle.js";
import { SESSION_UTC_SQL } from "../../src/targets/oracle/dates.js";
import { mapOracleError } from "../../src/targets/oracle/errors.js";
import { Redactor } from "../../src/targets/secrets.js";
import { AUTH_FAILED, CALL_TIMEOUT, REFUSED, TABLESPACES_DENIED } from "./errors.fixtures.js";
import { recordedSession, type Recording } from "./recorded.js";

const PASSWORD = "S3cret-Warehouse-Pw";

const target: TargetDecl = {
  id: "wms-oracle",
  type: "oracle",
  tags: [],
  connection: { host: "db.example.test", service_name: "WMSPDB", user: "ASSAY_AUDIT", password: "${env:ORA_PW}" },
  attributes: {},
  source: { file: "assay.yaml", line: 1, col: 1 },
};

async function observe(probeId: string, rec: Recording, params: Record<string, unknown> = {}) {
  const probe = PROBES.get(probeId) as AnyProbe;
  const redactor = new Redactor();
  const connector: AnyConnector = {
    ...(oracleConnector as AnyConnector),
    open: () => Promise.resolve(recordedSession(rec).handle),
  };
  const sessions = new TargetSessions({
    connectors: { oracle: connector },
    secrets: { env: { ORA_PW: PASSWORD }, readFile: () => "", baseDir: "/" },
    redactor,
    timeoutMs: 5000,
    signal: new AbortController().signal,
  });
  const inv = { id: "inv-1", probeId, targetId: target.id, params: params as never, checkIds: ["ora.x"] };
  return invoke(inv, {
    probe,
    target,
    sessions,
    redactor,
    timeoutMs: 5000,
    signal: new AbortController().signal,
    now: () => new Date(),
  });
}

test("wrong credentials (ORA-01017) give an error naming the user, never the password", async () => {
  const obs = await observe("ora_vpd", AUTH_FAILED, { personal_data_tables: ["WMS.CUSTOMERS"] });
  assert.equal(obs.findings.length, 0);
  assert.match(
    obs.error ?? "",
    /^authentication failed for user ASSAY_AUDIT at db\.example\.test:1521\/WMSPDB \(ORA-01017\)/,
  );
  assert.doesNotMatch(JSON.stringify(obs), new RegExp(PASSWORD));
});

test("a missing dictionary grant (ORA-00942) names the view and the grant to give", async () => {
  const obs = await observe("ora_encryption_at_rest", TABLESPACES_DENIED);
  assert.equal(
    obs.error,
    "missing privilege: user ASSAY_AUDIT cannot read DBA_TABLESPACES (ORA-00942) — grant SELECT_CATALOG_ROLE or SELECT ON SYS.DBA_TABLESPACES to ASSAY_AUDIT",
  );
});

test("a refused connection gives a connection-refused error without the driver's connection id", async () => {
  const obs = await observe("ora_privileges", REFUSED);
  assert.equal(obs.error, "connection refused: cannot reach Oracle at db.example.test:1521/WMSPDB (NJS-503)");
});

test("a call timeout gives a timeout error", async () => {
  const obs = await observe("ora_privileges", CALL_TIMEOUT);
  assert.match(obs.error ?? "", /^timeout: db\.example\.test:1521\/WMSPDB did not answer after 5000 ms \(NJS-123\)/);
});

test("an unexpected statement fails loudly instead of passing", async () => {
  const obs = await observe("ora_network_encryption", {});
  assert.match(obs.error ?? "", /unexpected SQL statement ora_network_encryption\.self/);
});

test("V$ views are advised as their grantable V_$ names; unknown errors keep the code but drop secrets", () => {
  const e = mapOracleError(Object.assign(new Error("ORA-01031: insufficient privileges"), { code: "ORA-01031" }), {
    user: "A",
    address: "h:1/s",
    views: ["V$SESSION_CONNECT_INFO"],
  });
  assert.match(e.message, /SELECT ON SYS\.V_\$SESSION_CONNECT_INFO/);
  const other = mapOracleError(new Error(`ORA-12345: weird failure for ${PASSWORD}`), {
    user: "A",
    address: "h:1/s",
    secrets: [PASSWORD],
  });
  assert.equal(other.message, "Oracle error at h:1/s: ORA-12345: weird failure for ***");
  assert.equal(other.code, "ORA-12345");
});

test("a result set whose columns differ from the statement's declaration is an error, not a guess", async () => {
  const obs = await observe(
    "ora_vpd",
    { "ora_vpd.policies": { rows: [{ OBJECT_OWNER: "WMS", OBJECT_NAME: "CUSTOMERS", POLICY_NAME: "P" }] } },
    { personal_data_tables: ["WMS.CUSTOMERS"] },
  );
  assert.match(
    obs.error ?? "",
    /^statement ora_vpd\.policies returned columns OBJECT_OWNER,OBJECT_NAME,POLICY_NAME, expected OBJECT_OWNER,OBJECT_NAME,POLICY_NAME,SEL,/,
  );
});

test("every probe's work is one read-only transaction, rolled back at the end", async () => {
  const { handle, log } = recordedSession(TABLESPACES_DENIED);
  await assert.rejects(
    handle.readOnly(async (s) => {
      const { wallet, tablespaces } = await import("../../src/probes/ora_encryption_at_rest/queries.js");
      await s.query(wallet);
      await s.query(tablespaces);
    }),
  );
  assert.deepEqual(log, [
    SESSION_UTC_SQL,
    "SET TRANSACTION READ ONLY",
    "ora_encryption_at_rest.wallet",
    "ora_encryption_at_rest.tablespaces",
    "ROLLBACK",
  ]);
});

test("an aborted probe breaks the running call on the server and still rolls back", async () => {
  const { handle, log } = recordedSession({ "ora_privileges.role_grants": { hang: true } });
  const ac = new AbortController();
  const probe = PROBES.get("ora_privileges") as AnyProbe;
  const running = runOnce(probe, { type: "oracle", handle }, {}, { signal: ac.signal });
  setImmediate(() => ac.abort());
  const out = await running;
  assert.ok(!out.ok && out.error === "run cancelled", JSON.stringify(out));
  // runProbe answers the cancel at once; the probe's own transaction still ends with a rollback.
  for (let i = 0; i < 100 && !log.includes("ROLLBACK"); i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(log, [
    SESSION_UTC_SQL,
    "SET TRANSACTION READ ONLY",
    "ora_privileges.role_grants",
    "BREAK",
    "ROLLBACK",
  ]);
});
