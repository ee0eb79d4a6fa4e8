/**
 * @module Evidence store: write and sign a 10,000-record run (durable), then verify it, in-process;
 * and stream 100,000 records through `openEvidenceRun` to show that memory stays bounded.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  generateSigningKeys,
  openEvidenceRun,
  signingKeyFromJwkText,
  verifyRun,
  writeEvidenceRun,
} from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec } from "../../test/evidence/fixtures.js";
import type { Scenario } from "../harness.js";

const RECORDS = 10_000;
const ROUNDS = 3;

const STREAMED = 100_000;

/** Appends STREAMED records one by one, as an engine or fleet coordinator hands them over, and seals the run. */
async function streamRecords(
  evidenceDir: string,
  key: Parameters<typeof writeEvidenceRun>[0]["key"],
  spec: ReturnType<typeof fixtureSpec>,
) {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  let early = rss0;
  const t0 = performance.now();
  const writer = await openEvidenceRun({ evidenceDir, runId: "bench-stream", key });
  for (let i = 0; i < STREAMED; i++) {
    await writer.append({
      checkId: "config.jwt_lifetime_max",
      requirementIds: ["gdpr-25.1"],
      targetId: `t-${i}`,
      probeId: "app_config",
      probeVersion: "1.0.0",
      params: { max_minutes: 15 },
      facts: { jwt_expiry_minutes: i % 30, issuer: "https://idp.example.com", claims: ["sub", "aud", "exp", "iat"] },
      status: i % 30 > 15 ? "fail" : "pass",
      message: `tokens expire after ${i % 30} min`,
      findings: [],
      startedAt: "2026-11-24T07:00:01.000Z",
      endedAt: "2026-11-24T07:00:02.000Z",
    });
    if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (i === STREAMED / 5) early = peak;
  }
  await writer.seal({ result: fixtureResult("bench-stream"), spec, assayVersion: "bench" });
  const ms = Math.round(performance.now() - t0);
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { ms, earlyMb: mb(early - rss0), rssMb: mb(Math.max(peak, process.memoryUsage().rss) - rss0) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.floor(s.length / 2)] ?? 0) * 10) / 10;
}

export const evidenceStore: Scenario = {
  name: "evidence store",
  async run() {
    const dir = await mkdtemp(join(tmpdir(), "assay-bench-evidence-"));
    try {
      const keys = await generateSigningKeys("EdDSA");
      const key = await signingKeyFromJwkText(JSON.stringify(keys.privateJwk), "bench");
      const spec = fixtureSpec(dir);
      const writes: number[] = [];
      const verifies: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i <= ROUNDS; i++) {
        const result = fixtureResult(`bench-${i}`, RECORDS - 2);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const w = await writeEvidenceRun({
          result,
          spec,
          key,
          evidenceDir: join(dir, "evidence"),
          assayVersion: "bench",
        });
        const t1 = performance.now();
        const cpu = process.cpuUsage(c0);
        const report = await verifyRun(w.runDir, { publicKey: keys.publicJwk });
        const t2 = performance.now();
        if (!report.ok) throw new Error(`verification failed: ${report.problem?.message ?? "?"}`);
        if (i === 0) continue; // warm-up
        writes.push(t1 - t0);
        cpus.push((cpu.user + cpu.system) / 1000);
        verifies.push(t2 - t1);
      }
      // For context: the same write without the durability barrier shows how much of it is the disk.
      const t3 = performance.now();
      await writeEvidenceRun({
        result: fixtureResult("bench-nosync", RECORDS - 2),
        spec,
        key,
        evidenceDir: join(dir, "evidence"),
        assayVersion: "bench",
        durable: false,
      });
      const nosync = Math.round((performance.now() - t3) * 10) / 10;
      const streamed = await streamRecords(join(dir, "evidence"), key, spec);
      return [
        {
          name: `store + sign ${RECORDS} records, fsync (median of ${ROUNDS})`,
          value: median(writes),
          unit: "ms",
          target: "< 1000 ms",
        },
        { name: `  of which CPU time of this process (user+sys)`, value: median(cpus), unit: "ms" },
        { name: `store + sign ${RECORDS} records, no fsync (context)`, value: nosync, unit: "ms" },
        { name: `stream ${STREAMED} records (append → seal), durable`, value: streamed.ms, unit: "ms" },
        { name: `  RSS growth after ${STREAMED / 5} of them`, value: streamed.earlyMb, unit: "MB" },
        { name: `  RSS growth after all ${STREAMED}`, value: streamed.rssMb, unit: "MB" },
        {
          name: `verify ${RECORDS}-record run + chain (median of ${ROUNDS})`,
          value: median(verifies),
          unit: "ms",
          target: "< 1000 ms",
        },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
