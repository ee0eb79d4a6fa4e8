/**
 * @module Child process for the interruption tests: writes a run and stops at a given point (`record`:
 * after 40 records; `records-durable`: once every record is durable; `manifest-durable`: once the
 * signed manifest is, before HEAD and the marker), waiting there to be killed.
 */
import { writeEvidenceRun } from "../../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey } from "../fixtures.js";

const [projectDir, evidenceDir, runId, stopAt = "record"] = process.argv.slice(2) as [string, string, string, string?];
const key = await memoryKey();
const hold = async (): Promise<void> => {
  process.stdout.write("stopped\n");
  await new Promise(() => undefined); // hold here until the parent kills us
};
await writeEvidenceRun({
  result: fixtureResult(runId, 400),
  spec: fixtureSpec(projectDir),
  key,
  evidenceDir,
  assayVersion: "0.1.0-test",
  afterRecord: async (sequence) => {
    if (stopAt === "record" && sequence >= 40) await hold();
  },
  afterStage: async (stage) => {
    if (stage === stopAt) await hold();
  },
});
