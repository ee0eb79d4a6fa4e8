/**
 * @module `assay diff <runA> <runB>`: requirements that regressed, recovered, changed, appeared or
 * disappeared, and check × target results that regressed (newly failing, or a new failing finding
 * inside a check that already failed) or recovered. Exit 0: a diff is information, not a gate.
 */
import { EvidenceError, readRun, resolveRunDir, verifyRun } from "../evidence/index.js";
import { describeCheckChange } from "../evaluate/baseline.js";
import {
  type CheckChange,
  diffableStored,
  diffRuns,
  type DiffableRun,
  type RequirementChange,
} from "../evaluate/index.js";
import { EXIT } from "./exit.js";
import { projectStores, trustedKeys, type StoreOptions } from "./stores.js";

export interface DiffCliOptions extends StoreOptions {
  /** `--key`, repeatable. */
  readonly key?: readonly string[];
  readonly json?: boolean;
}

async function load(
  run: string,
  evidenceDir: string,
  opts: DiffCliOptions,
): Promise<{ runId: string; run: DiffableRun }> {
  const dir = await resolveRunDir(run, evidenceDir);
  const stored = await readRun(dir);
  if (!stored.complete || stored.manifest === null)
    throw new EvidenceError(`run ${stored.runId} is incomplete (interrupted while being written)`);
  const v = await verifyRun(dir, trustedKeys(opts.key));
  if (!v.ok)
    process.stderr.write(
      `assay diff: warning: run ${stored.runId} did NOT verify: ${v.problem?.message ?? "unknown problem"}\n`,
    );
  return { runId: stored.manifest.runId, run: diffableStored(stored.manifest, stored.records) };
}

const line = (c: RequirementChange): string =>
  `  ${c.frameworkId.padEnd(14)} ${c.id.padEnd(16)} ${c.severity.padEnd(8)} ${(c.before ?? "—").padEnd(14)} → ${(c.after ?? "—").padEnd(14)} ${c.label} ${c.title}\n`;

const checkLines = (c: CheckChange): string =>
  `  ${describeCheckChange(c)}\n${c.findings.map((f) => `    - ${f.message}\n`).join("")}`;

export async function diffCommand(runA: string, runB: string, opts: DiffCliOptions): Promise<number> {
  const { evidenceDir } = await projectStores(opts);
  const a = await load(runA, evidenceDir, opts);
  const b = await load(runB, evidenceDir, opts);
  const d = diffRuns(a.run, b.run);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ from: a.runId, to: b.runId, ...d }, null, 2)}\n`);
    return EXIT.ok;
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
  process.stdout.write(`\nchecks × targets regressed (${d.checks.regressed.length})\n`);
  for (const c of d.checks.regressed) process.stdout.write(checkLines(c));
  process.stdout.write(`\nchecks × targets recovered (${d.checks.recovered.length})\n`);
  for (const c of d.checks.recovered) process.stdout.write(checkLines(c));
  return EXIT.ok;
}
