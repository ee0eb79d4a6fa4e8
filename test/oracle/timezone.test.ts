/**
 * Evidence does not depend on the auditor's time zone: the same recordings (dates as the UTC
 * session's text) give byte-identical facts and findings under TZ=America/New_York and
 * TZ=Asia/Kolkata, and the hash chain recomputes over the UTC instants.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const child = fileURLToPath(new URL("./timezone-evidence.ts", import.meta.url));

function evidenceIn(tz: string): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", child], {
    env: { ...process.env, TZ: tz },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("Oracle evidence is identical under TZ=America/New_York and TZ=Asia/Kolkata", () => {
  const ny = evidenceIn("America/New_York");
  const kolkata = evidenceIn("Asia/Kolkata");
  assert.equal(ny, kolkata);
  const out = JSON.parse(ny) as {
    chain: { findings: { messageId: string }[] };
    keys: { facts: { master_keys: { active_key_activation: string } } };
  };
  // The chain was written over the UTC text of each timestamp: it verifies only if read as UTC.
  assert.equal(out.chain.findings[0]?.messageId, "chainOk");
  assert.equal(out.keys.facts.master_keys.active_key_activation, "2026-08-01T09:00:00.000Z");
});
