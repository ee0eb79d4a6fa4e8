/** @module Child process for the interruption test: writes a run and stops mid-way, waiting to be killed. */
import { writeEvidenceRun } from "../../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey } from "../fixtures.js";

const [projectDir, evidenceDir, runId] = process.argv.slice(2) as [string, string, string];
const key = await memoryKey();
await writeEvidenceRun({
  result: fixtureResult(runId, 400),
  spec: fixtureSpec(projectDir),
  key,
  evidenceDir,
  assayVersion: "0.1.0-test",
  afterRecord: async (sequence) => {
    if (sequence < 40) return;
    process.stdout.write("records-written\n");
    await new Promise(() => undefined); // hold here until the parent kills us
  },
});
