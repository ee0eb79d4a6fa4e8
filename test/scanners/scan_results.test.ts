/**
 * The `scan_results` probe on real scanner outputs: `npm audit --json`, `npm sbom` and ESLint's SARIF
 * formatter run here; Trivy, Grype, ZAP and CycloneDX VEX outputs are captured from those projects'
 * own test suites (test/fixtures/scanners/README.md names each source).
 */
import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import probe from "../../src/probes/scan_results/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";
import { eslintSarif, npmAudit, npmSbom, vulnerableProject } from "../support/scanners.js";

const tmp = await mkdtemp(join(tmpdir(), "assay-scans-"));
after(() => rm(tmp, { recursive: true, force: true }));
const fixtures = new URL("../fixtures/scanners/", import.meta.url);
const DAY = 86_400_000;

const project = await vulnerableProject(tmp, "shop-api");
const [audit, sbom, sarif, sarifBare] = await Promise.all([
  npmAudit(project),
  npmSbom(project),
  eslintSarif(join(tmp, "eslint")),
  eslintSarif(join(tmp, "eslint-bare"), false),
]);

async function folder(name: string, files: Record<string, string>, ages: Record<string, number> = {}): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await writeFile(join(dir, file), text);
    const days = ages[file];
    if (days !== undefined) {
      const t = new Date(Date.now() - days * DAY);
      await utimes(join(dir, file), t, t);
    }
  }
  return dir;
}

const current = await folder("current", { "npm-audit.json": audit, "sbom.cdx.json": sbom, "eslint.sarif": sarif });
const history = await folder(
  "history",
  { "audit-2026-10.json": audit, "audit-now.json": audit },
  { "audit-2026-10.json": 45 },
);
const captured = join(tmp, "captured");
await mkdir(captured);
for (const f of [
  "trivy-npm-with-suppressed.json",
  "grype-dirs.json",
  "zap-basic-traditional.json",
  "cyclonedx-vex-affected.json",
  "cyclonedx-vex-not-affected.json",
  "osv-scanner-results-some.json",
])
  await copyFile(new URL(f, fixtures), join(captured, f));
const broken = JSON.parse(sbom) as { components: { type: string }[] };
if (broken.components[0]) broken.components[0].type = "banana";
const bad = await folder("bad", {
  "fake.sarif": JSON.stringify({ version: "2.1.0", runs: [{ results: [] }] }),
  "truncated.json": audit.slice(0, 200),
  "other.json": JSON.stringify({ hello: "world" }),
  "sbom-broken.json": JSON.stringify(broken),
});
const bare = await folder("bare", { "eslint.sarif": sarifBare });
const empty = await folder("empty", {});

const target = async (path: string) => ({
  type: "file" as const,
  handle: await fileConnector.open({ path }, { baseDir: tmp, signal: AbortSignal.timeout(5000), timeoutMs: 5000 }),
});
const params = {
  critical_max_days: 30,
  high_max_days: 30,
  max_scan_age_days: 90,
  components: ["shop-api", "billing-worker"],
};

testProbe(probe, {
  cases: [
    {
      name: "fresh npm audit, npm sbom and ESLint SARIF: within deadlines, SBOM for shop-api only, suppression justified",
      target: await target(current),
      params,
      expect: {
        withinDeadline: "pass",
        fresh: "pass",
        sbomPresent: "pass",
        sbomMissing: "fail",
        justified: "pass",
        noSuppressions: "not_applicable",
      },
      exact: true,
    },
    {
      name: "the same critical advisory in an audit from 45 days ago and today is overdue",
      target: await target(history),
      params,
      expect: { overdue: "fail", fresh: "pass" },
    },
    {
      name: "captured Trivy, Grype, ZAP and CycloneDX VEX outputs: overdue highs and criticals, stale scans, VEX justified",
      target: await target(captured),
      params,
      expect: { overdue: "fail", withinDeadline: "pass", stale: "fail", fresh: "pass", justified: "pass" },
    },
    {
      name: "a file that is not what it claims, not JSON or of no known format is an error with the reason",
      target: await target(bad),
      params,
      expect: { badFile: "error", sbomMissing: "fail" },
      exact: true,
    },
    {
      name: "an ESLint suppression without a reason fails the justification rule",
      target: await target(bare),
      params: { components: [] },
      expect: { unjustified: "fail", withinDeadline: "pass", noComponents: "not_applicable" },
    },
    {
      name: "an empty folder has no scans",
      target: await target(empty),
      params,
      expect: { noScans: "fail", sbomMissing: "fail" },
    },
    {
      name: "one file as the target",
      target: await target(join(captured, "trivy-npm-with-suppressed.json")),
      params,
      expect: { overdue: "fail", stale: "fail", justified: "pass" },
    },
  ],
  invalidParams: [
    { name: "negative days", params: { critical_max_days: -1 } },
    { name: "unknown key", params: { max_days: 3 } },
  ],
});

const runOn = async (path: string) =>
  probe.run({
    params: params,
    target: { id: "t", type: "file", tags: [], handle: (await target(path)).handle },
    signal: AbortSignal.timeout(30_000),
    now: () => new Date(),
  });

test("facts: counts by severity, tool, oldest open finding; never a snippet, message text or payload", async () => {
  const out = await runOn(current);
  const streams = out.facts["streams"] as {
    label: string;
    openBySeverity: Record<string, number>;
    suppressed: number;
  }[];
  const npm = streams.find((s) => s.label === "npm audit");
  assert.deepEqual(npm?.openBySeverity, { critical: 1, high: 0, medium: 0, low: 1, info: 0, unknown: 0 });
  const eslint = streams.find((s) => s.label === "ESLint");
  assert.equal(eslint?.openBySeverity["high"], 1, "an ESLint error is a high finding");
  assert.equal(eslint?.suppressed, 1);
  const files = out.facts["files"] as { format: string; tool: string; toolVersion: string | null }[];
  assert.ok(files.some((f) => f.format === "cyclonedx" && f.tool === "cli" && f.toolVersion !== null));
  const text = JSON.stringify(out);
  assert.doesNotMatch(text, /eval\(|harmful|SEC-12/);

  const cap = JSON.stringify(await runOn(captured));
  assert.doesNotMatch(cap, /Evidence|Attack|inefficient regular expression/);
  assert.match(cap, /"oldestOpen":\{"id":"CVE-2017-20165","severity":"high","days":\d{3,}\}/);
  // OSV-Scanner: no severity in this advisory (unknown, so no deadline), open since its 2021 publication.
  assert.match(
    cap,
    /"label":"osv-scanner"[^}]*"unknown":1\}[^}]*"oldestOpen":\{"id":"GO-2021-0053","severity":"unknown","days":\d{3,}\}/,
  );
});

test("a broken CycloneDX file names the schema problem, not its contents", async () => {
  const out = await runOn(bad);
  const reasons = (out.facts["badFiles"] as { file: string; reason: string }[])
    .map((b) => `${b.file}: ${b.reason}`)
    .sort();
  assert.equal(reasons.length, 4);
  assert.match(reasons[0] ?? "", /^fake\.sarif: claims to be sarif but/);
  assert.match(reasons[1] ?? "", /^other\.json: not a known scanner output/);
  assert.match(reasons[2] ?? "", /^sbom-broken\.json: claims to be cyclonedx but \/components\/0\/type/);
  assert.match(reasons[3] ?? "", /^truncated\.json: not JSON/);
  assert.doesNotMatch(JSON.stringify(out), /banana/);
  assert.ok((await readFile(join(bad, "sbom-broken.json"), "utf8")).includes("banana"));
});
