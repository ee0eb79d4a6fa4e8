/**
 * @module Fleet audit on loopback, end to end through the CLI with evidence signed: half TLS
 * endpoints (one server per port, all in this process), 30 % PostgreSQL databases (one embedded
 * cluster), 20 % application config files, read from inventory files with group templates
 * (bench/support/fleet-loopback.ts). At 100, 300 and 1,000 targets: wall time, peak RSS of the
 * `assay run` process (GNU time), its CPU time, records/s, and the `error` results per probe (a
 * check that errs is reported here, never hidden; the run then exits 4).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRun } from "../../src/evidence/index.js";
import { startLoopbackFleet, type LoopbackFleet } from "../support/fleet-loopback.js";
import type { Figure, Scenario } from "../harness.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SIZES = (process.env["ASSAY_BENCH_FLEET"] ?? "100,300,1000").split(",").map(Number);
/** Profile one kind of target: e.g. ASSAY_BENCH_FLEET_TARGETS=type=endpoint. */
const SELECT = process.env["ASSAY_BENCH_FLEET_TARGETS"];

export const fleetAudit: Scenario = {
  name: "fleet audit (loopback, CLI, evidence signed)",
  async run() {
    const fleet = await startLoopbackFleet(Math.max(...SIZES));
    const figures: Figure[] = [];
    const walls: [number, number][] = [];
    try {
      for (const n of SIZES) {
        const once = await auditOnce(n, fleet);
        figures.push(...once.figures);
        walls.push([n, once.wallS]);
      }
    } finally {
      await fleet.stop();
    }
    return [...figures, ...linearFit(walls)];
  },
};

/**
 * Least-squares line through (targets, wall s): the intercept is what a run costs whatever its size
 * (start-up, loading, signing), the slope what each target adds; the worst point's distance from
 * the line says how linear the series is.
 */
function linearFit(points: readonly [number, number][]): Figure[] {
  if (points.length < 2) return [];
  const k = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / k;
  const my = points.reduce((a, [, y]) => a + y, 0) / k;
  const slope =
    points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const intercept = my - slope * mx;
  const worst = Math.max(...points.map(([x, y]) => Math.abs(y - (intercept + slope * x)) / y));
  return [
    { name: "fit: fixed cost per run (intercept)", value: Math.round(intercept * 10) / 10, unit: "s" },
    { name: "fit: cost per target (slope)", value: Math.round(slope * 1e4) / 10, unit: "ms" },
    { name: "fit: worst point off the line", value: Math.round(worst * 100), unit: "%" },
  ];
}

async function auditOnce(n: number, fleet: LoopbackFleet): Promise<{ figures: Figure[]; wallS: number }> {
  const dir = fleet.project(n);
  try {
    // GNU time reports the peak RSS (KiB) and the CPU seconds of the assay process it runs.
    const timeFile = join(dir, "time");
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const args = [join(root, "bin/assay.js"), "run", "-p", join(dir, "assay.yaml"), "--quiet", "--fail-on", "none"];
      const child = spawn(
        "/usr/bin/time",
        ["-f", "%M %U %S", "-o", timeFile, process.execPath, ...args, ...(SELECT ? ["--targets", SELECT] : [])],
        { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, PG_PASSWORD: fleet.pg.superuser.password } },
      );
      child.on("close", resolve);
    });
    const wall = performance.now() - t0;
    if (code !== 0 && code !== 4) throw new Error(`assay run exited ${code} at ${n} targets`);
    const evidence = join(dir, "evidence");
    const runDir = join(
      evidence,
      readdirSync(evidence)
        .filter((d) => /^\d{4}-/.test(d))
        .pop() ?? "",
    );
    const { records } = await readRun(runDir);
    const errors = new Map<string, number>();
    for (const r of records) if (r.status === "error") errors.set(r.probeId, (errors.get(r.probeId) ?? 0) + 1);
    const [kib, user, sys] = (/(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(timeFile, "utf8")) ?? [])
      .slice(1)
      .map(Number);
    const total = [...errors.values()].reduce((a, b) => a + b, 0);
    const figures: Figure[] = [
      {
        name: `${n} targets: wall time (exit ${code})`,
        value: Math.round(wall / 100) / 10,
        unit: "s",
        ...(n === 1000 ? { target: "< 30 s" } : {}),
      },
      {
        name: `${n} targets: CPU time of assay run (user + sys)`,
        value: Math.round(((user ?? 0) + (sys ?? 0)) * 10) / 10,
        unit: "s",
      },
      {
        name: `${n} targets: peak RSS of assay run`,
        value: Math.round((kib ?? 0) / 1024),
        unit: "MB",
        ...(n === 1000 ? { target: "< 400 MB" } : {}),
      },
      {
        name: `${n} targets: ${records.length} records`,
        value: Math.round(records.length / (wall / 1000)),
        unit: "records/s",
      },
      { name: `${n} targets: error results`, value: total, unit: "records", target: "0" },
      ...[...errors]
        .sort()
        .map(([probe, count]) => ({ name: `${n} targets: error results of ${probe}`, value: count, unit: "records" })),
    ];
    return { figures, wallS: wall / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
