/** @module Evidence store: write and sign a 10,000-record run (fsync on), then verify it, in-process. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKeys, signingKeyFromJwkText, verifyRun, writeEvidenceRun } from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec } from "../../test/evidence/fixtures.js";
import type { Scenario } from "../harness.js";

const RECORDS = 10_000;
const ROUNDS = 3;

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
      // For context: the same write without per-record fsync shows how much of it is the disk.
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
      return [
        {
          name: `store + sign ${RECORDS} records, fsync (median of ${ROUNDS})`,
          value: median(writes),
          unit: "ms",
          target: "< 1000 ms",
        },
        { name: `  of which CPU time of this process (user+sys)`, value: median(cpus), unit: "ms" },
        { name: `store + sign ${RECORDS} records, no fsync (context)`, value: nosync, unit: "ms" },
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
