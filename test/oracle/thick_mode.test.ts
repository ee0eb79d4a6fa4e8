/**
 * Thick mode is an option, never the default: a connection with `thick_mode` makes the real
 * node-oracledb call `initOracleClient` before the pool is created. No Instant Client is installed
 * here, so the driver's own DPI-1047 must come back as a clear `error` naming the folder and the
 * way back to thin mode. Thick mode is process-wide, so each case runs in its own Node process.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { oracleConnector } from "../../src/targets/oracle.js";
import { validate } from "../../src/schema/ajv.js";

const run = promisify(execFile);
const CONNECTOR = new URL("../../src/targets/oracle.ts", import.meta.url).pathname;

/** Open a target in a fresh process; print the error's kind and message (or "opened"). */
async function openInChild(connection: Record<string, unknown>): Promise<{ kind: string; message: string }> {
  const dir = mkdtempSync(join(tmpdir(), "assay-thick-"));
  const script = join(dir, "open.ts");
  writeFileSync(
    script,
    `import { oracleConnector } from ${JSON.stringify(CONNECTOR)};
const c = ${JSON.stringify(connection)};
oracleConnector.open(c, { signal: new AbortController().signal, timeoutMs: 3000, baseDir: ${JSON.stringify(dir)} })
  .then(() => console.log(JSON.stringify({ kind: "opened", message: "" })))
  .catch((e) => console.log(JSON.stringify({ kind: e.kind ?? "thrown", message: e.message })));`,
  );
  const { stdout } = await run(process.execPath, ["--import", "tsx", script], { timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { kind: string; message: string };
}

const base = { host: "127.0.0.1", port: 1, service_name: "FREEPDB1", user: "assay_audit", password: "Pw-Not-Shown-7" };

test("thick_mode with a folder that holds no Instant Client: DPI-1047 from the real driver, mapped with the folder and the way back to thin", async () => {
  const out = await openInChild({ ...base, thick_mode: { lib_dir: "instantclient_missing" } });
  assert.equal(out.kind, "connection");
  assert.match(
    out.message,
    /^thick mode: Oracle Instant Client could not be loaded from \/.*instantclient_missing \(DPI-1047\)/,
  );
  assert.match(out.message, /remove thick_mode to use thin mode/);
  assert.doesNotMatch(out.message, /Pw-Not-Shown-7/);
});

test("without thick_mode the driver stays in thin mode: a refused port is NJS-503, never an Instant Client error", async () => {
  const out = await openInChild(base);
  assert.equal(out.kind, "connection");
  assert.match(out.message, /connection refused: cannot reach Oracle at 127\.0\.0\.1:1\/FREEPDB1 \(NJS-503\)/);
});

test("thick_mode is validated: only lib_dir and config_dir, non-empty", () => {
  const issues = (c: unknown) => validate(oracleConnector.connectionSchema, c).length;
  assert.equal(issues({ ...base, thick_mode: {} }), 0);
  assert.equal(issues({ ...base, thick_mode: { lib_dir: "/opt/oracle/instantclient_23_7" } }), 0);
  assert.ok(issues({ ...base, thick_mode: { libDir: "/opt" } }) > 0);
  assert.ok(issues({ ...base, thick_mode: { lib_dir: "" } }) > 0);
});
