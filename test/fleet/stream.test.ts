/**
 * @module Streamed evidence: `runAudit` turns each observation into its records as it arrives (the
 * run is opened in the store with the first one), keeps no facts in memory for the final
 * evaluation, writes a redelivered observation once, records an unanswered invocation as `error`,
 * and leaves no run folder when it stops before signing. Observations come from the real engine on
 * real file targets, handed over one at a time as a fleet coordinator does.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { runPlan } from "../../src/engine/index.js";
import { readRun } from "../../src/evidence/index.js";
import type { AuditSpec, Observation } from "../../src/model/index.js";
import { runAudit, type ObservationSource } from "../../src/pipeline.js";
import type { Plan } from "../../src/plan/index.js";
import { PROBES } from "../../src/probes/registry.js";
import { CONNECTORS } from "../../src/targets/index.js";
import { defaultSecretPorts } from "../../src/targets/secrets.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "assay-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(root, "examples/config/compliant.yaml"), join(dir, "app.yaml"));
writeFileSync(
  join(dir, "assay.yaml"),
  `project: { name: stream }
targets:
${[1, 2, 3].map((i) => `  - { id: cfg-${i}, type: file, tags: [app-config], connection: { path: app.yaml } }`).join("\n")}
`,
);

const runFolders = (evidenceDir: string) =>
  existsSync(evidenceDir) ? readdirSync(evidenceDir).filter((n) => /^\d{4}-/.test(n)) : [];

/**
 * The engine's observations of the plan, handed over one at a time: `each` says what to hand over
 * for an observation (default: itself), `after` runs once the run took them in.
 */
function source(o: {
  each?: (obs: Observation, i: number) => Observation[];
  after?: (obs: Observation, i: number, evidenceDir: string) => void;
}): ObservationSource {
  return async function* (plan: Plan, spec: AuditSpec) {
    const all = await runPlan(plan, spec, {
      probes: PROBES,
      connectors: CONNECTORS,
      secrets: defaultSecretPorts(dirname(spec.projectFile)),
    });
    for (const [i, obs] of all.entries()) {
      yield* o.each?.(obs, i) ?? [obs];
      o.after?.(obs, i, spec.settings.evidenceDir);
    }
  };
}

describe("streamed evidence", () => {
  it("each observation reaches the open run as it arrives; the result keeps no facts, the records keep them all", async () => {
    const seen: Observation[] = [];
    const states: string[] = [];
    const out = await runAudit({
      projectFile: join(dir, "assay.yaml"),
      runId: () => "2026-11-30T20-00-00Z-stream",
      observe: source({
        after: (o, _i, evidenceDir) => {
          seen.push(o);
          const run = join(evidenceDir, "2026-11-30T20-00-00Z-stream");
          states.push(existsSync(join(run, ".incomplete")) ? "open" : "absent");
        },
      }),
    });
    assert.ok(out.ok && out.evidence);
    assert.ok(seen.length >= 3, "one observation per target at least");
    assert.deepEqual(new Set(states), new Set(["open"]), "the run was open in the store from the first observation");
    assert.ok(out.result.observations.every((o) => Object.keys(o.facts).length === 0));
    const { records, complete } = await readRun(out.evidence.runDir);
    assert.equal(complete, true);
    assert.equal(records.length, out.plan.bindings.length);
    for (const r of records) {
      const o = seen.find((s) => s.targetId === r.targetId && s.probeId === r.probeId);
      assert.deepEqual(r.facts, o?.facts);
      assert.notEqual(r.status, "error");
    }
  });

  it("a redelivered observation gives its records once; an invocation never answered is an error record", async () => {
    const out = await runAudit({
      projectFile: join(dir, "assay.yaml"),
      observe: source({ each: (o, i) => (i === 0 ? [o, o] : i === 1 ? [] : [o]) }),
    });
    assert.ok(out.ok && out.evidence);
    const { records } = await readRun(out.evidence.runDir);
    assert.equal(records.length, out.plan.bindings.length);
    const skipped = out.plan.invocations[1];
    const errors = records.filter((r) => r.status === "error");
    assert.ok(errors.length > 0);
    for (const r of errors) {
      assert.equal(r.targetId, skipped?.targetId);
      assert.match(r.message, /no observation came back for probe/);
    }
  });

  it("a run that stops before it is signed leaves no run folder behind", async () => {
    const evidenceDir = join(dir, "evidence");
    const before = runFolders(evidenceDir);
    await assert.rejects(
      runAudit({
        projectFile: join(dir, "assay.yaml"),
        observe: source({
          after: (_o, i) => {
            if (i === 1) throw new Error("the queue went away");
          },
        }),
      }),
      /the queue went away/,
    );
    assert.deepEqual(runFolders(evidenceDir), before);
  });
});
