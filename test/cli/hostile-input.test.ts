/**
 * @module Hostile and mistaken input, as processes of `bin/assay.js`: devices, FIFOs, folders,
 * huge, binary and deeply nested files. Each ends with a clear message and the documented exit
 * code, in under 5 s and 200 MB peak RSS, and no file content is echoed beyond a short excerpt.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
// Peak RSS and CPU time of the CLI process itself, written when it exits. CPU time, not wall time,
// is compared with the 5 s bound: the test machine is shared, and a hang (a FIFO read, /dev/zero)
// shows as the 20 s spawn timeout or as CPU burnt, never as a pass.
const RSS_HOOK =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeFileSync(process.env.ASSAY_TEST_RSS_OUT,JSON.stringify([u.maxRSS,u.userCPUTime+u.systemCPUTime]))})';

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** CPU time (user + system) of the CLI process. */
  readonly ms: number;
  readonly wallMs: number;
  readonly rssMb: number;
}

function assay(args: readonly string[], cwd: string): Outcome {
  const rssOut = join(cwd, ".rss");
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", RSS_HOOK, bin, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: "1", ASSAY_TEST_RSS_OUT: rssOut },
  });
  const wallMs = Date.now() - started;
  const [rssKb = 0, cpuUs = 0] = JSON.parse(readFileSync(rssOut, "utf8")) as number[];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: cpuUs / 1000, wallMs, rssMb: rssKb / 1024 };
}

function bounded(o: Outcome, exit: number): void {
  assert.equal(o.status, exit, o.stderr);
  assert.ok(o.ms < 5000, `took ${o.ms} ms of CPU (${o.wallMs} ms wall)`);
  assert.ok(o.wallMs < 20_000, `took ${o.wallMs} ms wall`);
  assert.ok(o.rssMb < 200, `peak RSS ${o.rssMb.toFixed(0)} MB`);
}

const project = (body: string): string => {
  const dir = mkdtempSync(join(tmpdir(), "assay-hostile-"));
  writeFileSync(join(dir, "assay.yaml"), `project: { name: hostile }\n${body}`);
  return dir;
};

describe("hostile input", () => {
  it("a secret read from /dev/zero, a FIFO or a folder fails its target at once; the run goes on", () => {
    const dir = project(
      [
        "targets:",
        "  - { id: zero, type: postgres, connection: { host: 127.0.0.1, port: 1, database: d, user: u, password: '${file:/dev/zero}' } }",
        "  - { id: fifo, type: postgres, connection: { host: 127.0.0.1, port: 1, database: d, user: u, password: '${file:pipe}' } }",
        "  - { id: folder, type: postgres, connection: { host: 127.0.0.1, port: 1, database: d, user: u, password: '${file:.}' } }",
        "",
      ].join("\n"),
    );
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const o = assay(["run", "--no-evidence", "--fail-on", "none", "--json"], dir);
    bounded(o, 4);
    const text = o.stdout;
    assert.match(text, /secret file \/dev\/zero is a device, not a regular file/);
    assert.match(text, /secret file .*pipe is a named pipe \(FIFO\), not a regular file/);
    assert.match(text, /secret file .* is a directory, not a regular file/);
  });

  it("a file target on /dev/zero or larger than its max_bytes is an error, not a hang", () => {
    const dir = project(
      [
        "targets:",
        "  - { id: zero, type: file, tags: [app-config], connection: { path: /dev/zero } }",
        "  - { id: big, type: file, tags: [app-config], connection: { path: big.yaml, max_bytes: 1024 } }",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "big.yaml"), `a: "${"x".repeat(4096)}"\n`);
    const o = assay(["run", "--no-evidence", "--fail-on", "none", "--json"], dir);
    bounded(o, 4);
    assert.match(o.stdout, /file target \/dev\/zero is a device, not a regular file/);
    assert.match(o.stdout, /file target .*big\.yaml is larger than the 1 KiB limit \(4 KiB\)/);
    assert.doesNotMatch(o.stdout, /xxxxxxxxxx/, "no file content in the result");
  });

  it("a profile pointing at /etc/passwd quotes at most a short excerpt of it", () => {
    const o = assay(["check"], project("profile: /etc/passwd\n"));
    bounded(o, 2);
    assert.match(o.stderr, /passwd:1:1: error: the file must hold a mapping/);
    const second = readFileSync("/etc/passwd", "utf8").split("\n")[1] ?? "";
    assert.ok(second.length > 0 && !o.stderr.includes(second), "the second line of /etc/passwd is never printed");
  });

  it("200 KB of random bytes is refused as binary: one error, no binary on the terminal", () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-hostile-"));
    writeFileSync(join(dir, "assay.yaml"), randomBytes(200 * 1024));
    const o = assay(["check"], dir);
    bounded(o, 2);
    assert.match(o.stderr, /cannot read project file .*assay\.yaml: it is not a text file \(binary content\)/);
    assert.ok(o.stderr.length < 1000, `${o.stderr.length} characters of errors`);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(o.stderr, /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
  });

  it("errors are capped per file: the first 50, then how many more", () => {
    const keys = Array.from({ length: 300 }, (_, i) => `unknown_key_${i}: 1`).join("\n");
    const o = assay(["check"], project(`${keys}\n`));
    bounded(o, 2);
    const lines = o.stderr.trimEnd().split("\n");
    assert.equal(lines.filter((l) => /error: unknown key "unknown_key_\d+"/.test(l)).length, 50);
    assert.ok(
      lines.some((l) => /assay\.yaml:\d+:\d+: error: and 250 more errors in this file/.test(l)),
      o.stderr,
    );
    assert.equal(lines.at(-1), "300 errors; nothing was run.");
  });

  it("a 100,000-level nested YAML list is a clear limit error, not a stack overflow", () => {
    const dir = project("profile: deep.yaml\n");
    writeFileSync(join(dir, "deep.yaml"), `values: ${"[".repeat(100_000)}\n`);
    const o = assay(["check"], dir);
    bounded(o, 2);
    assert.match(o.stderr, /cannot read profile deep\.yaml: it nests deeper than 200 levels \(from line 1\)/);
    assert.doesNotMatch(o.stderr, /call stack/i);
  });

  it("a 50 MB project file is refused by its size, quickly and in little memory", () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-hostile-"));
    const line = "# padding padding padding padding padding padding padding padding padding padding\n";
    writeFileSync(join(dir, "assay.yaml"), `project: { name: big }\n${line.repeat(Math.ceil(50e6 / line.length))}`);
    const o = assay(["check"], dir);
    bounded(o, 2);
    assert.match(o.stderr, /cannot read project file assay\.yaml: it is larger than the 4 MiB limit \(\d+ MiB|KiB\)/);
  });
});
