/**
 * @module The first hour of a new user, as processes of `bin/assay.js`: `assay init` gives targets
 * that real checks select and a .gitignore for private keys; `assay check` names what a run would
 * trip on (unset variables, missing or non-regular secret files, targets no check applies to, paths
 * outside the project folder) as warnings with file:line:col.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const assay = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });

interface CheckJson {
  valid: boolean;
  warnings: { file: string; line: number; col: number; message: string }[];
}

describe("assay init and assay check", () => {
  it("init writes a project whose targets real checks select, and a .gitignore for private keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-init-"));
    const r = assay(["init"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\*-private\.jwk$/m);
    // Uncomment every example target, as a user filling in the template would.
    const text = readFileSync(join(dir, "assay.yaml"), "utf8").replace(/^ {2}# (?=- id:| {2,}\S)/gm, "  ");
    writeFileSync(join(dir, "assay.yaml"), text);
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config/app.yaml"), "jwt: { expiry_minutes: 15 }\n");
    const check = assay(["check", "--json"], dir, { ASSAY_PG_PASSWORD: "set" });
    assert.equal(check.status, 0, check.stderr);
    const out = JSON.parse(check.stdout) as CheckJson;
    const targets = ["api-config", "warehouse", "public-api"];
    assert.ok(
      targets.every((t) => text.includes(`id: ${t}`)),
      "the template declares its three example targets",
    );
    assert.deepEqual(
      out.warnings.filter((w) => /is not audited/.test(w.message)),
      [],
      "every template target is selected by some check",
    );
    // A second init does not duplicate the .gitignore lines.
    assert.equal(assay(["init", "--force"], dir).status, 0);
    assert.equal(readFileSync(join(dir, ".gitignore"), "utf8").match(/\*-private\.jwk/g)?.length, 1);
  });

  it("check warns, with file:line:col, about unset variables, bad secret files, unaudited targets and outside paths", () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-preflight-"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
    writeFileSync(join(dir, "big.secret"), Buffer.alloc(70 * 1024, 0x61));
    writeFileSync(
      join(dir, "assay.yaml"),
      [
        "project: { name: preflight }",
        "targets:",
        "  - id: db",
        "    type: postgres",
        "    connection:",
        "      host: 127.0.0.1",
        "      database: d",
        "      user: u",
        "      password: ${env:ASSAY_TEST_SURELY_UNSET}",
        "  - id: db2",
        "    type: postgres",
        "    connection: { host: 127.0.0.1, database: d, user: u, password: '${file:pipe}' }",
        "  - id: db3",
        "    type: postgres",
        "    connection: { host: 127.0.0.1, database: d, user: u, password: '${file:big.secret}' }",
        "  - id: site",
        "    type: endpoint",
        "    tags: [internet-facing]",
        "    connection: { url: 'https://127.0.0.1:1/' }",
        "evidence: { dir: ../shared-evidence }",
        "",
      ].join("\n"),
    );
    // Opening the FIFO for reading would block forever: a hang fails by the spawn timeout, not by
    // a wall-clock bound that a loaded test machine can exceed.
    const r = spawnSync(process.execPath, [bin, "check"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 20_000,
    });
    assert.equal(r.signal, null, "a FIFO is never opened for reading");
    assert.equal(r.status, 0, "warnings do not fail check");
    const lines = r.stderr.split("\n");
    const has = (re: RegExp) =>
      assert.ok(
        lines.some((l) => re.test(l)),
        `${String(re)} in:\n${r.stderr}`,
      );
    has(
      /^assay\.yaml:9:17: warning: \$\{env:ASSAY_TEST_SURELY_UNSET\} is not set in this environment; assay run would fail target db/,
    );
    has(/^assay\.yaml:12:\d+: warning: \$\{file:pipe\}: the secret file is a named pipe \(FIFO\), not a regular file/);
    has(/^assay\.yaml:15:\d+: warning: \$\{file:big\.secret\}: the secret file is larger than the 64 KiB limit/);
    has(
      /^assay\.yaml:16:\d+: warning: target site \(endpoint\) is not audited: no check applies to it \(checks for endpoint targets select the tags .*tls.*web/,
    );
    has(/^assay\.yaml:20:\d+: warning: evidence folder .*shared-evidence is outside the project folder/);
    has(/warning: \d+ checks for oracle targets apply to no target: ora\./);
    has(
      /^assay\.yaml:3:5: warning: target db declares no attribute role_matrix, which 4 checks applying to it need \(db\.no_public_grants, db\.role_matrix, pg\.database_connect, pg\.effective_privileges\)/,
    );
    assert.doesNotMatch(r.stderr, /aaaa/, "no secret file content is echoed");
  });
});
