/**
 * The real node-oracledb thin driver, without an Oracle server: a refused port and a server that
 * never answers must both become clear errors; and `assay --version` must not load the driver.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { test } from "node:test";
import { promisify } from "node:util";
import { invoke } from "../../src/engine/invoke.js";
import { TargetSessions } from "../../src/engine/sessions.js";
import type { TargetDecl } from "../../src/model/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { PROBES } from "../../src/probes/registry.js";
import { CONNECTORS } from "../../src/targets/index.js";
import { oracleConnector, DatabaseError } from "../../src/targets/oracle.js";
import { Redactor } from "../../src/targets/secrets.js";

const PASSWORD = "Not-The-Real-Pw-42";

async function listen(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  assert.ok(addr && typeof addr === "object");
  return { server, port: addr.port };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen(() => undefined);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const open = (port: number, timeoutMs: number) =>
  oracleConnector.open(
    { host: "127.0.0.1", port, service_name: "FREEPDB1", user: "assay_audit", password: PASSWORD },
    { signal: new AbortController().signal, timeoutMs, baseDir: "/" },
  );

test("a closed local port gives 'connection refused' through the real thin driver", async () => {
  const port = await closedPort();
  await assert.rejects(open(port, 5000), (err: unknown) => {
    assert.ok(err instanceof DatabaseError);
    assert.equal(err.kind, "connection");
    assert.equal(err.message, `connection refused: cannot reach Oracle at 127.0.0.1:${port}/FREEPDB1 (NJS-503)`);
    return true;
  });
});

test("through the engine, a refused Oracle target is an error observation without the password", async () => {
  const port = await closedPort();
  const target: TargetDecl = {
    id: "wms",
    type: "oracle",
    tags: [],
    attributes: {},
    source: { file: "assay.yaml", line: 1, col: 1 },
    connection: { host: "127.0.0.1", port, service_name: "FREEPDB1", user: "assay_audit", password: "${env:ORA_PW}" },
  };
  const redactor = new Redactor();
  const signal = new AbortController().signal;
  const sessions = new TargetSessions({
    connectors: CONNECTORS,
    secrets: { env: { ORA_PW: PASSWORD }, readFile: () => "", baseDir: "/" },
    redactor,
    timeoutMs: 5000,
    signal,
  });
  const probe = PROBES.get("ora_privileges") as AnyProbe;
  const obs = await invoke(
    { id: "i", probeId: probe.meta.id, targetId: "wms", params: {}, checkIds: [] },
    { probe, target, sessions, redactor, timeoutMs: 5000, signal, now: () => new Date() },
  );
  assert.match(obs.error ?? "", /^connection refused: cannot reach Oracle at 127\.0\.0\.1:\d+\/FREEPDB1/);
  assert.doesNotMatch(JSON.stringify(obs), new RegExp(PASSWORD));
  await sessions.closeAll([target]);
});

test("a listener that accepts but never answers gives a timeout error", async () => {
  const sockets: Socket[] = [];
  const { server, port } = await listen((s) => void sockets.push(s));
  try {
    await assert.rejects(open(port, 1000), (err: unknown) => {
      assert.ok(err instanceof DatabaseError, String(err));
      assert.equal(err.kind, "timeout", err.message);
      assert.match(err.message, new RegExp(`^timeout: 127\\.0\\.0\\.1:${port}/FREEPDB1 did not answer`));
      return true;
    });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("assay --version does not load oracledb (the detector does see it once imported)", async () => {
  const script = [
    "import { createRequire } from 'node:module';",
    "const cache = createRequire(import.meta.url).cache;",
    "const loaded = () => Object.keys(cache).some((k) => /[\\\\/]node_modules[\\\\/]oracledb[\\\\/]/.test(k));",
    "const { main } = await import('./src/cli/main.ts');",
    "await main(['node', 'assay', '--version']);",
    "const before = loaded();",
    "await import('oracledb');",
    "process.stderr.write(JSON.stringify({ before, after: loaded() }));",
  ].join("\n");
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    { cwd: new URL("../../", import.meta.url) },
  );
  assert.match(stdout, /^\d+\.\d+\.\d+/);
  assert.deepEqual(JSON.parse(stderr), { before: false, after: true });
});

test("the connector describes a target without its password and rejects ambiguous connection settings", async () => {
  const { Ajv2020 } = await import("ajv/dist/2020.js");
  const validate = new Ajv2020({ strict: false }).compile(oracleConnector.connectionSchema);
  const ok = { host: "db", service_name: "WMSPDB", user: "ASSAY_AUDIT", password: PASSWORD };
  assert.deepEqual(oracleConnector.describe(ok), { address: "db:1521/WMSPDB", user: "ASSAY_AUDIT" });
  assert.equal(validate(ok), true);
  assert.equal(validate({ connect_string: "db:1521/WMSPDB", user: "u", password: "p" }), true);
  assert.equal(validate({ ...ok, connect_string: "db:1521/WMSPDB" }), false, "both a connect string and host/service");
  assert.equal(validate({ host: "db", user: "u", password: "p" }), false, "no service");
  assert.equal(validate({ ...ok, sid: "ORCL" }), false, "unknown key");
});
