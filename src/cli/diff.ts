/** @module `assay diff <runA> <runB>`: requirements that regressed, recovered, changed, appeared or disappeared. */
import { EvidenceError, readRun, resolveRunDir, verifyRun } from "../evidence/index.js";
import type { RunManifest } from "../model/index.js";
import { diffRuns } from "../report/index.js";
import type { RequirementChange } from "../report/index.js";

export interface DiffCliOptions {
  readonly evidence: string;
  readonly key?: string;
  readonly json?: boolean;
}

async function load(run: string, opts: DiffCliOptions): Promise<RunManifest> {
  const dir = await resolveRunDir(run, opts.evidence);
  const stored = await readRun(dir, { records: false });
  if (!stored.complete || stored.manifest === null)
    throw new EvidenceError(`run ${stored.runId} is incomplete (interrupted while being written)`);
  const v = await verifyRun(dir, opts.key !== undefined ? { publicKey: opts.key } : {});
  if (!v.ok)
    process.stderr.write(
      `assay diff: warning: run ${stored.runId} did NOT verify: ${v.problem?.message ?? "unknown problem"}\n`,
    );
  return stored.manifest;
}

const line = (c: RequirementChange): string =>
  `  ${c.frameworkId.padEnd(14)} ${c.id.padEnd(16)} ${c.severity.padEnd(8)} ${(c.before ?? "—").padEnd(14)} → ${(c.after ?? "—").padEnd(14)} ${c.label} ${c.title}\n`;

export async function diffCommand(runA: string, runB: string, opts: DiffCliOptions): Promise<number> {
  try {
    const a = await load(runA, opts);
    const b = await load(runB, opts);
    const d = diffRuns(a.summary, b.summary);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ from: a.runId, to: b.runId, ...d }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`diff ${a.runId} → ${b.runId}\n`);
    for (const s of d.scores)
      process.stdout.write(`  score ${s.frameworkId}: ${s.before ?? "n/a"} → ${s.after ?? "n/a"}\n`);
    const sections: [string, readonly RequirementChange[]][] = [
      ["regressed", d.regressed],
      ["recovered", d.recovered],
      ["changed", d.changed],
      ["appeared", d.appeared],
      ["disappeared", d.disappeared],
    ];
    for (const [name, list] of sections) {
      process.stdout.write(`\n${name} (${list.length})\n`);
      for (const c of list) process.stdout.write(line(c));
    }
    return 0;
  } catch (err) {
    if (err instanceof EvidenceError) {
      process.stderr.write(`assay diff: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
