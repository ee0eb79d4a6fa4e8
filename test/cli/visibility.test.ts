/**
 * Every result visible (issue 11), through `bin/assay.js` as a process on one project: a
 * check-level waiver and every finding of a two-check requirement reach the terminal and all seven
 * report formats; a new failing check (and a new failing finding) inside an already-failing
 * requirement is a regression for `assay diff` and `--baseline`; an unreadable target exits 4 even
 * under `--fail-on none`; a PDF that cannot be rendered leaves the HTML, the gate line and exit 5.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { findChrome } from "../../src/report/pdf/chrome.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const dir = mkdtempSync(join(tmpdir(), "assay-visible-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const assay = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });

cpSync(join(root, "examples/config"), dir, { recursive: true });
const env = readFileSync(join(dir, "noncompliant.env"), "utf8");
/** The loader's config; run A has a 30-minute token and a long DB password, later runs regress both. */
const loader = (jwtMinutes: number, dbPassword: string) =>
  writeFileSync(
    join(dir, "loader.env"),
    env
      .replace(/JWT_EXPIRY_MINUTES=\d+/, `JWT_EXPIRY_MINUTES=${jwtMinutes}`)
      .replace(/DB_PASSWORD=\S+/, `DB_PASSWORD=${dbPassword}`),
  );
writeFileSync(
  join(dir, "waivers.yaml"),
  `waivers:
  - id: W-CHK-7
    control: config.rate_limit_set
    targets: [loader]
    justification: Rate limiting is enforced by the API gateway in front of the loader.
    approver: jane.doe@example.com (CISO)
    expires: 2099-12-31
`,
);
const project = (extra = "") => {
  writeFileSync(
    join(dir, "assay.yaml"),
    `project: { name: visibility }
profile: assay:baseline
waivers: waivers.yaml
targets:
  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }
  - { id: loader, type: file, tags: [app-config], connection: { path: loader.env } }
${extra}evidence: { dir: evidence }
reports: { dir: reports }
`,
  );
  return join(dir, "assay.yaml");
};
const runIdOf = (stdout: string): string => /Assay run (\S+)/.exec(stdout)?.[1] ?? "";

const SECRET_FINDINGS = [/db_password is only 5 characters/i, /jwt_secret is a known default or weak value/i];
const CRYPTO_FINDING = /Encryption algorithm AES-128-CBC is not in the allowlist/;

test("a check-level waiver and every finding of a two-check requirement reach the terminal and all seven formats", (t) => {
  loader(1440, "short");
  const chrome = (() => {
    try {
      return findChrome();
    } catch {
      return null;
    }
  })();
  const formats = ["html", "json", "md", "junit", "sarif", "oscal", ...(chrome ? ["pdf"] : [])];
  const r = assay(["run", "-p", project(), "--report", formats.join(",")]);
  assert.equal(r.status, 1, r.stderr); // non-compliant, nothing unaudited, every report written
  // Terminal: the waiver with its id, counted; both failing checks of Art. 5(1)(f) with every finding.
  assert.match(r.stdout, /checks × targets: 12 .* waived 1/);
  assert.match(
    r.stdout,
    /config\.rate_limit_set @ loader \(was fail\) — W-CHK-7 \(jane\.doe@example\.com \(CISO\), until 2099-12-31\)/,
  );
  const art5 = r.stdout.slice(r.stdout.indexOf("gdpr-5.1.f"), r.stdout.indexOf("gdpr-32.1.a"));
  assert.match(art5, /config\.secrets_strong @ loader: 2 failures/);
  for (const f of [...SECRET_FINDINGS, CRYPTO_FINDING]) assert.match(art5, f);
  assert.doesNotMatch(r.stdout, /and \d+ more failures/);

  const out = join(dir, "reports", runIdOf(r.stdout));
  const text = (file: string) => readFileSync(join(out, file), "utf8");

  // JSON: the row is waived, keeps its underlying result and carries the waiver; findings are all there.
  const json = JSON.parse(text("report.json"));
  type Row = {
    checkId: string;
    targetId: string;
    status: string;
    underlying: string;
    waiver: { id: string } | null;
    findings: { status: string; message: string }[];
  };
  const rows: Row[] = json.frameworks.flatMap((f: { requirements: { checks: Row[] }[] }) =>
    f.requirements.flatMap((q) => q.checks),
  );
  const waived = rows.find((c) => c.checkId === "config.rate_limit_set" && c.targetId === "loader");
  assert.deepEqual([waived?.status, waived?.underlying, waived?.waiver?.id], ["waived", "fail", "W-CHK-7"]);
  assert.equal(json.checkTotals.waived, 1);
  const req = json.frameworks[0].requirements.find((q: { id: string }) => q.id === "gdpr-5.1.f");
  const failing = req.checks
    .filter((c: Row) => c.status === "fail")
    .map((c: Row) => c.checkId)
    .sort();
  assert.deepEqual(failing, ["config.encryption_algorithm_allowed", "config.secrets_strong"]);
  const secrets = req.checks.find((c: Row) => c.checkId === "config.secrets_strong" && c.targetId === "loader");
  assert.equal(secrets.findings.filter((f: { status: string }) => f.status === "fail").length, 2);

  // Every other format: the waiver id and every finding of both checks, as plain text.
  const xml = new XMLParser({ ignoreAttributes: false });
  const junit = text("junit.xml");
  assert.doesNotThrow(() => xml.parse(junit));
  const sarif = JSON.parse(text("report.sarif"));
  const sarifText = JSON.stringify(sarif);
  const pdfText = chrome
    ? spawnSync("pdftotext", ["-layout", join(out, "report.pdf"), "-"], { encoding: "utf8" })
    : null;
  const bodies: [string, string][] = [
    ["html", text("report.html")],
    ["md", text("summary.md").replace(/\\(.)/g, "$1")], // Markdown escapes are not part of the text
    ["junit", junit],
    ["sarif", sarifText],
    ["oscal", text("assessment-results.json")],
    ["json", text("report.json")],
  ];
  if (pdfText && pdfText.status === 0)
    bodies.push(["pdf", pdfText.stdout.replace(/\s+/g, " ").replace(/- /g, "-")]); // undo line wraps
  else t.diagnostic(`PDF not checked: ${chrome ? "pdftotext is missing" : "no Chromium on this machine"}`);
  for (const [name, body] of bodies) {
    assert.match(body, /W-CHK-7/, `${name}: waiver id`);
    for (const f of [...SECRET_FINDINGS, CRYPTO_FINDING]) assert.match(body, f, `${name}: ${f.source}`);
  }
  // SARIF: the waived failure is kept as a result with an accepted external suppression.
  const suppressed = sarif.runs[0].results.find(
    (x: { ruleId: string; properties: { targetId: string } }) =>
      x.ruleId === "config.rate_limit_set" && x.properties.targetId === "loader",
  );
  assert.equal(suppressed.suppressions[0].kind, "external");
  assert.match(suppressed.suppressions[0].justification, /W-CHK-7 .*API gateway/);
  // JUnit: inside a failing case, the waived check is listed with its waiver and the underlying result.
  assert.match(
    junit,
    /WAIVED \(underlying fail\) config\.rate_limit_set on loader: .*\n {2}waived by jane\.doe@example\.com \(CISO\) until 2099-12-31 \(W-CHK-7\)/,
  );
  // Markdown: the failing checks with their targets.
  assert.match(
    text("summary.md").replace(/\\(.)/g, "$1"),
    /\*\*fail\*\* `config\.secrets_strong` @ `loader` — 2 findings/,
  );
});

test("a new failing check and a new failing finding inside failing requirements are regressions for diff and --baseline", () => {
  loader(30, "Zq8vLr2mXw9TnB4pKs7HdJ3cFy6GuE1aVo5");
  const a = assay(["run", "-p", project()]);
  const runA = runIdOf(a.stdout);
  assert.ok(runA, a.stderr);
  loader(1440, "short");
  const b = assay(["run", "-p", project(), "--baseline", runA]);
  assert.equal(b.status, 1, b.stderr);
  assert.match(
    b.stdout,
    new RegExp(`Gate against baseline ${runA}: FAILED — .*config\\.jwt_lifetime_max @ loader pass→fail`),
  );
  assert.match(b.stdout, /config\.secrets_strong @ loader fail→fail \(1 new failing finding\)/);
  assert.match(b.stdout, /- db_password is only 5 characters/i);
  const d = assay(["diff", runA, runIdOf(b.stdout)]);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, /checks × targets regressed \(2\)/);
  assert.match(d.stdout, /config\.jwt_lifetime_max @ loader pass→fail/);
  assert.match(
    d.stdout,
    /config\.secrets_strong @ loader fail→fail \(1 new failing finding\)\n {4}- db_password is only 5 characters/i,
  );
  // The same run compared to itself regresses nothing, and the baseline gate passes naming it.
  const c = assay(["run", "-p", project(), "--baseline", runIdOf(b.stdout)]);
  assert.match(c.stdout, new RegExp(`Gate against baseline ${runIdOf(b.stdout)}: passed \\(no regressions\\)`));
  assert.equal(c.status, 0, c.stderr);
});

test("an unreadable target exits 4 (could not audit), also under --fail-on none, unless --allow-errors", () => {
  loader(30, "Zq8vLr2mXw9TnB4pKs7HdJ3cFy6GuE1aVo5");
  const p = project("  - { id: gone, type: file, tags: [app-config], connection: { path: missing.yaml } }\n");
  const r = assay(["run", "-p", p, "--fail-on", "none"]);
  assert.equal(r.status, 4, r.stderr);
  assert.match(r.stdout, /Could not audit \(\d+ checks on 1 target\):\n {2}gone: .*ENOENT.* — \d+ checks/);
  assert.match(r.stdout, /settings: target gone \(file\) at assay\.yaml:\d+:\d+/);
  assert.equal(assay(["run", "-p", p, "--fail-on", "none", "--allow-errors"]).status, 0);
});

test("a PDF that cannot be rendered leaves the other formats, the score and the gate line, and exits 5", () => {
  loader(1440, "short");
  const r = assay(["run", "-p", project(), "--report", "pdf,html"], { ASSAY_CHROME: "/nonexistent" });
  assert.equal(r.status, 5, r.stderr);
  assert.match(r.stdout, /score .* over \d+ of \d+ requirements/);
  assert.match(r.stdout, /Gate: FAILED/);
  assert.match(r.stdout, /pdf: NOT WRITTEN — ASSAY_CHROME is set to "\/nonexistent"/);
  assert.match(r.stderr, /the pdf report could not be written: .*\n {2}hint: install Chromium/);
  const out = join(dir, "reports", runIdOf(r.stdout));
  assert.ok(existsSync(join(out, "report.html")));
  assert.ok(!existsSync(join(out, "report.pdf")));
  assert.equal(assay(["verify", join(dir, "evidence")]).status, 0); // the evidence is never lost
});
