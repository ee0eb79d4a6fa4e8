/**
 * One browser per command, and nothing left behind: `bin/assay.js` as a process on a copy of the
 * config example. Chromium is started through a wrapper script (ASSAY_CHROME) that logs each start
 * before exec-ing the real browser, so the count of browsers does not rest on Assay's word; every
 * process Assay started carries a marker in its environment, so a survivor is found even after it
 * was re-parented. `run --report`, `report` and `bundle` each write the report and SoA PDFs with
 * one browser; SIGINT or SIGTERM during rendering leaves no Chromium process and no profile folder.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { findChrome } from "../../src/report/pdf/chrome.js";
import { chromeMissing, pdfFileText, processesMarked } from "../support/chromium.js";

const skip = chromeMissing();
const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-browser-"));
const launches = join(dir, "launches.log");
/** The CLI's temp folder, where the browser profile goes: empty again after every command. */
const tmp = join(dir, "tmp");
const MARK = "ASSAY_TEST_BROWSER_MARK";
const month = new Date().toISOString().slice(0, 7);

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Browser starts logged by the wrapper during the command. */
  readonly browsers: number;
}

/** Runs the CLI; `interrupt` sends that signal once the browser has been started. */
async function assay(args: readonly string[], interrupt?: NodeJS.Signals): Promise<Ended> {
  writeFileSync(launches, "");
  const mark = randomUUID();
  const child = spawn(process.execPath, [join(root, "bin/assay.js"), ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", ASSAY_CHROME: join(dir, "chrome.sh"), TMPDIR: tmp, [MARK]: mark },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  if (interrupt) {
    const poll = setInterval(() => {
      if (readFileSync(launches, "utf8") === "") return;
      clearInterval(poll);
      child.kill(interrupt);
    }, 20);
    child.on("close", () => clearInterval(poll));
  }
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  // SIGKILLed processes vanish within moments; the bound only keeps a failure from hanging.
  let left = processesMarked(MARK, mark);
  for (let i = 0; i < 100 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesMarked(MARK, mark);
  }
  assert.deepEqual(left, [], `no process of ${args.join(" ")} outlives it`);
  assert.deepEqual(readdirSync(tmp), [], "the browser profile is removed");
  const browsers = readFileSync(launches, "utf8").split("\n").filter(Boolean).length;
  return { code, signal, stdout, stderr, browsers };
}

before(() => {
  if (skip) return;
  cpSync(join(root, "examples/config"), dir, { recursive: true });
  mkdirSync(tmp);
  writeFileSync(
    join(dir, "assay.yaml"),
    "project: { name: browser }\nprofile: assay:baseline\ntargets:\n  - { id: loader, type: file, tags: [app-config], connection: { path: noncompliant.env } }\nevidence: { dir: evidence }\nreports: { dir: reports }\n",
  );
  writeFileSync(join(dir, "chrome.sh"), `#!/bin/sh\necho "$$" >> '${launches}'\nexec '${findChrome()}' "$@"\n`);
  chmodSync(join(dir, "chrome.sh"), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("PDFs of one command share one browser", { skip }, () => {
  let runId = "";

  it("run --report pdf,soa-pdf: one browser, two real PDFs", async () => {
    const r = await assay(["run", "--report", "pdf,soa-pdf,md"]);
    assert.equal(r.code, 1, r.stderr); // the loader's config fails the gate; every report is written
    assert.equal(r.browsers, 1);
    runId = /^Assay run (\S+)/m.exec(r.stdout)?.[1] ?? "";
    const report = pdfFileText(join(dir, "reports", runId, "report.pdf")).text;
    assert.ok(report.includes(`run ${runId}`), "the footer names the run");
    assert.match(report, /Gate failed[\s\S]*gdpr-32\.1\.a/);
    assert.match(pdfFileText(join(dir, "reports", runId, "soa.pdf")).text, /Statement of Applicability/);
  });

  it("report -f pdf,soa-pdf: one browser", async () => {
    rmSync(join(dir, "reports"), { recursive: true });
    const r = await assay(["report", "latest", "-f", "pdf,soa-pdf"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.browsers, 1);
    assert.match(pdfFileText(join(dir, "reports", runId, "report.pdf")).text, /Gate failed[\s\S]*gdpr-32\.1\.a/);
    assert.ok(existsSync(join(dir, "reports", runId, "soa.pdf")));
  });

  it("bundle (report and SoA PDFs inside): one browser", async () => {
    const r = await assay(["bundle", month, "-o", "audit.zip"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.browsers, 1);
    assert.match(r.stdout, /wrote audit\.zip/);
    const verify = await assay(["verify", "audit.zip", "--key", ".assay/keys/assay-public.jwk"]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal(verify.browsers, 0);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    it(`${signal} while PDFs render: the command ends and takes its browser with it`, async () => {
      const r = await assay(["report", "latest", "-f", "pdf,soa-pdf"], signal);
      assert.equal(r.browsers, 1);
      // Ended by the signal (the default action, after the browser was killed), never a success.
      assert.ok(r.signal === signal || (r.code !== null && r.code !== 0), `ended ${r.code ?? r.signal}`);
    });
});
