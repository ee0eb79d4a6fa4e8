/** @module `assay runs list`: the runs of an evidence folder with date, scores and verification status. */
import { EXIT } from "./exit.js";
import { listRuns, verifyRun } from "../evidence/index.js";
import { projectStores, trustedKeys, type StoreOptions } from "./stores.js";

export interface RunsListOptions extends StoreOptions {
  /** `--key`, repeatable. */
  readonly key?: readonly string[];
  readonly json?: boolean;
}

export async function runsList(opts: RunsListOptions): Promise<number> {
  const evidence = (await projectStores(opts)).evidenceDir;
  const runs = await listRuns(evidence);
  const report = await verifyRun(evidence, trustedKeys(opts.key));
  const status = new Map(report.runs.map((r) => [r.runId, r]));
  const chainProblems = report.problems.filter((p) => p.runId !== undefined && !status.get(p.runId)?.problem);
  const rows = runs.map((r) => {
    const v = status.get(r.runId);
    const chain = chainProblems.find((p) => p.runId === r.runId);
    const verification = !r.complete ? "incomplete" : v?.ok && !chain ? "verified" : "FAILED";
    const scores = (r.manifest?.summary?.frameworks ?? []).map((f) => ({ id: f.id, score: f.score }));
    return {
      runId: r.runId,
      startedAt: r.manifest?.startedAt ?? null,
      scores,
      verification,
      problem: v?.problem?.message ?? chain?.message ?? null,
    };
  });
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ evidence, ok: report.ok, runs: rows, problems: report.problems }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  if (rows.length === 0) {
    process.stdout.write(`no runs in ${evidence}\n`);
    return EXIT.ok;
  }
  process.stdout.write(`${"RUN".padEnd(28)} ${"STARTED".padEnd(25)} ${"EVIDENCE".padEnd(10)} SCORE PER FRAMEWORK\n`);
  for (const r of rows) {
    const scores = r.scores.map((s) => `${s.id} ${s.score === null ? "n/a" : s.score.toFixed(1)}`).join("  ");
    process.stdout.write(
      `${r.runId.padEnd(28)} ${(r.startedAt ?? "-").padEnd(25)} ${r.verification.padEnd(10)} ${scores}\n`,
    );
    if (r.problem) process.stdout.write(`    ${r.problem}\n`);
  }
  const storeWide = report.problems.filter((p) => p.runId === undefined);
  for (const p of storeWide) process.stdout.write(`store: ${p.message}\n`);
  return EXIT.ok;
}
