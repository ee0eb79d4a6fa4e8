/**
 * @module A simulation worker for the fleet-queue bench: the real queue plumbing of `assay worker`
 * (openFleetQueue, the invocations queue, job ids, results as observations) around a probe that
 * only waits its declared latency. Args: <queue url> <concurrency> <latency ms>.
 */
import type { Job } from "bullmq";
import type { InvocationJob } from "../../src/fleet/jobs.js";
import { INVOCATIONS, openFleetQueue } from "../../src/fleet/queue.js";

const [url = "", concurrency = "50", latency = "20"] = process.argv.slice(2);
const fleet = await openFleetQueue(url);
const worker = fleet.worker(
  INVOCATIONS,
  async (job: Job) => {
    const { invocation } = job.data as InvocationJob;
    const startedAt = new Date().toISOString();
    await new Promise((r) => setTimeout(r, Number(latency)));
    return {
      invocationId: invocation.id,
      probeId: invocation.probeId,
      probeVersion: "0.0.0",
      targetId: invocation.targetId,
      params: invocation.params,
      startedAt,
      endedAt: new Date().toISOString(),
      facts: { waitedMs: Number(latency) },
      findings: [{ aspect: "wait", status: "pass", messageId: "waited", message: "waited" }],
    };
  },
  { concurrency: Number(concurrency), lockMs: 30_000, maxStalledCount: 3 },
);
await worker.waitUntilReady();
process.stdout.write("ready\n");
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
