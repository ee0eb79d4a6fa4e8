/** @module Hand-built AuditSpec and AuditResult for evidence tests (the engine is built elsewhere). */
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditResult, AuditSpec, CheckResult, Observation, StatusCounts } from "../../src/model/index.js";

const created: string[] = [];
// Every test file runs in its own process: remove its temporary folders when it ends.
process.on("exit", () => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

export async function tempDir(prefix = "assay-evidence-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

const src = (file: string, line: number) => ({ file, line, col: 5 });

/** A project with one framework, two requirements, two checks and two targets (one with a password reference). */
export function fixtureSpec(projectDir: string): AuditSpec {
  const checks = new Map([
    ["config.jwt_lifetime_max", { id: "config.jwt_lifetime_max", title: "Access tokens expire quickly", probe: "app_config", targets: { tags: ["app-config"] }, params: { max_minutes: 15 }, source: src(join(projectDir, "checks/config.yaml"), 3) }],
    ["pg.ssl_enabled", { id: "pg.ssl_enabled", title: "PostgreSQL requires TLS", probe: "pg_transport", targets: { types: ["postgres"] }, params: {}, source: src(join(projectDir, "checks/pg.yaml"), 7) }],
  ]);
  return {
    projectFile: join(projectDir, "assay.yaml"),
    projectName: "fixture",
    frameworks: [
      {
        id: "gdpr", title: "GDPR", version: "2016/679", file: join(projectDir, "gdpr.yaml"),
        groups: [{
          id: "gdpr-ch4", title: "Security",
          requirements: [
            { id: "gdpr-32.1.a", frameworkId: "gdpr", groupId: "gdpr-ch4", label: "Art. 32(1)(a)", title: "Encrypt personal data", description: "d", severity: "high", checks: ["pg.ssl_enabled"], source: src(join(projectDir, "gdpr.yaml"), 10) },
            { id: "gdpr-25.1", frameworkId: "gdpr", groupId: "gdpr-ch4", label: "Art. 25(1)", title: "Privacy by design", description: "d", severity: "medium", checks: ["config.jwt_lifetime_max", "pg.ssl_enabled"], source: src(join(projectDir, "gdpr.yaml"), 20) },
          ],
        }],
      },
    ],
    checks,
    profile: { id: "baseline", title: "Baseline", values: {}, file: join(projectDir, "baseline.yaml") },
    mappings: [],
    waivers: [],
    targets: [
      { id: "app-config", type: "file", tags: ["app-config"], connection: { path: "config/app.yaml" }, attributes: {}, source: src(join(projectDir, "assay.yaml"), 4) },
      { id: "warehouse-pg", type: "postgres", tags: ["pii"], connection: { host: "db.internal", port: 5432, user: "ro", password: "${env:PG_PASSWORD}", url: "postgres://ro:hunter22@db.internal/dwh" }, attributes: {}, source: src(join(projectDir, "assay.yaml"), 9) },
    ],
    inputs: new Map([[join(projectDir, "assay.yaml"), "a".repeat(64)], [join(projectDir, "gdpr.yaml"), "b".repeat(64)]]),
    settings: { evidenceDir: join(projectDir, "evidence"), reportsDir: join(projectDir, "reports"), concurrency: { global: 4, perTarget: 2 }, timeoutMs: 30000 },
  };
}

const zero: StatusCounts = { pass: 0, fail: 0, error: 0, overdue: 0, not_applicable: 0, unassessed: 0, waived: 0, not_selected: 0 };

/** A result with `extra` additional synthetic check × target rows (for large runs). */
export function fixtureResult(runId: string, extra = 0): AuditResult {
  const observations: Observation[] = [
    { invocationId: "inv-1", probeId: "app_config", probeVersion: "1.0.0", targetId: "app-config", params: { max_minutes: 15 }, startedAt: "2026-11-24T07:00:01.000Z", endedAt: "2026-11-24T07:00:02.000Z", facts: { jwt_expiry_minutes: 10 }, findings: [] },
    { invocationId: "inv-2", probeId: "pg_transport", probeVersion: "1.2.0", targetId: "warehouse-pg", params: {}, startedAt: "2026-11-24T07:00:01.500Z", endedAt: "2026-11-24T07:00:03.000Z", facts: { ssl: false, version: "17.2" }, findings: [] },
  ];
  const checkResults: CheckResult[] = [
    { checkId: "config.jwt_lifetime_max", targetId: "app-config", invocationId: "inv-1", status: "pass", underlying: "pass", message: "tokens expire after 10 min (max 15)", findings: [{ aspect: "jwt_expiry", status: "pass", messageId: "ok", message: "tokens expire after 10 min (max 15)" }] },
    { checkId: "pg.ssl_enabled", targetId: "warehouse-pg", invocationId: "inv-2", status: "fail", underlying: "fail", message: "ssl is off", findings: [{ aspect: "ssl", status: "fail", messageId: "off", message: "ssl is off", subject: "server" }] },
  ];
  for (let i = 0; i < extra; i++) {
    const inv = `bulk-${i}`;
    observations.push({ invocationId: inv, probeId: "app_config", probeVersion: "1.0.0", targetId: `t-${String(i).padStart(5, "0")}`, params: { max_minutes: 15 }, startedAt: "2026-11-24T07:00:01.000Z", endedAt: "2026-11-24T07:00:02.000Z", facts: { jwt_expiry_minutes: i % 30, issuer: "https://idp.example.com" }, findings: [] });
    checkResults.push({ checkId: "config.jwt_lifetime_max", targetId: `t-${String(i).padStart(5, "0")}`, invocationId: inv, status: i % 30 > 15 ? "fail" : "pass", underlying: i % 30 > 15 ? "fail" : "pass", message: `tokens expire after ${i % 30} min`, findings: [] });
  }
  const req = (id: string, label: string, severity: "high" | "medium", status: "pass" | "fail", rows: CheckResult[]) => ({ requirementId: id, frameworkId: "gdpr", label, title: id, severity, status, underlying: status, checks: rows, assessment: "automated" as const });
  return {
    runId, projectName: "fixture", profileId: "baseline",
    startedAt: "2026-11-24T07:00:00.000Z", endedAt: "2026-11-24T07:00:04.000Z",
    frameworks: [{
      frameworkId: "gdpr", title: "GDPR", score: 0, counts: { ...zero, fail: 2 }, automated: 2, manual: 0, assessment: { automated: 2, attested: 0, overdue: 0, unassessed: 0 }, coverage: 100,
      requirements: [req("gdpr-32.1.a", "Art. 32(1)(a)", "high", "fail", [checkResults[1]!]), req("gdpr-25.1", "Art. 25(1)", "medium", "fail", checkResults.slice(0, 2))],
    }],
    checkResults, observations,
    gate: { passed: false, reasons: ["gdpr-32.1.a (high) fails"] },
  };
}

/** An in-memory signing key (EdDSA unless asked otherwise). */
export async function memoryKey(alg: "EdDSA" | "ES256" = "EdDSA") {
  const { generateSigningKeys, signingKeyFromJwkText } = await import("../../src/evidence/index.js");
  const keys = await generateSigningKeys(alg);
  return signingKeyFromJwkText(JSON.stringify(keys.privateJwk), "test");
}

/** Writes runs `ids` in order into `<dir>/evidence` and returns the evidence folder. */
export async function writeChain(dir: string, ids: readonly string[], key: Awaited<ReturnType<typeof memoryKey>>): Promise<string> {
  const { writeEvidenceRun } = await import("../../src/evidence/index.js");
  const evidenceDir = join(dir, "evidence");
  for (const id of ids) await writeEvidenceRun({ result: fixtureResult(id), spec: fixtureSpec(dir), key, evidenceDir, assayVersion: "0.1.0-test" });
  return evidenceDir;
}
