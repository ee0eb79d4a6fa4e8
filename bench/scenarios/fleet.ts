/**
 * @module Fleet audit on loopback, end to end through the CLI with evidence signed: half TLS
 * endpoints (one server per port, all in this process), 30 % PostgreSQL databases (one embedded
 * cluster), 20 % application config files, read from inventory files with group templates.
 * At 100, 300 and 1,000 targets: wall time, peak RSS of the `assay run` process (GNU time), records/s.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync, readdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { startPostgres } from "../../test/support/postgres.js";
import { makeCaAndLeaf } from "../../test/support/tls.js";
import type { Figure, Scenario } from "../harness.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SIZES = (process.env["ASSAY_BENCH_FLEET"] ?? "100,300,1000").split(",").map(Number);
/** Profile one kind of target: e.g. ASSAY_BENCH_FLEET_TARGETS=type=endpoint. */
const SELECT = process.env["ASSAY_BENCH_FLEET_TARGETS"];

export const fleetAudit: Scenario = {
  name: "fleet audit (loopback, CLI, evidence signed)",
  async run() {
    const largest = Math.max(...SIZES);
    const nTls = Math.ceil(largest * 0.5);
    const nPg = Math.ceil(largest * 0.3);
    const { ca, leaf } = await makeCaAndLeaf();
    const servers = await Promise.all(
      Array.from({ length: nTls }, async () => {
        const s = tls.createServer({ key: leaf.key, cert: leaf.cert, minVersion: "TLSv1.2" }, (c) => c.end());
        s.on("tlsClientError", () => undefined);
        await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
        return s;
      }),
    );
    const pg = await startPostgres({ conf: { max_connections: "300" } });
    const figures: Figure[] = [];
    try {
      const admin = await pg.superuserClient();
      for (let i = 1; i <= nPg; i++) await admin.query(`create database db${i}`);
      await admin.end();
      for (const n of SIZES) figures.push(...(await auditOnce(n, servers, pg, ca.cert)));
    } finally {
      for (const s of servers) s.close();
      await pg.stop();
    }
    return figures;
  },
};

async function auditOnce(
  n: number,
  servers: readonly tls.Server[],
  pg: Awaited<ReturnType<typeof startPostgres>>,
  caPem: string,
): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-fleet-"));
  try {
    cpSync(join(root, "examples/config/compliant.yaml"), join(dir, "app.yaml"));
    writeFileSync(join(dir, "ca.pem"), caPem);
    const nTls = Math.round(n * 0.5);
    const nPg = Math.round(n * 0.3);
    const nFile = n - nTls - nPg;
    const port = (s: tls.Server | undefined) => (s?.address() as AddressInfo).port;
    writeFileSync(
      join(dir, "endpoints.csv"),
      `id,url\n${servers
        .slice(0, nTls)
        .map((s, i) => `tls-${i},https://127.0.0.1:${port(s)}/`)
        .join("\n")}\n`,
    );
    writeFileSync(
      join(dir, "databases.csv"),
      `id,database\n${Array.from({ length: nPg }, (_, i) => `pg-${i},db${i + 1}`).join("\n")}\n`,
    );
    writeFileSync(
      join(dir, "configs.jsonl"),
      Array.from({ length: nFile }, (_, i) => JSON.stringify({ id: `cfg-${i}`, group: "cfg" })).join("\n") + "\n",
    );
    writeFileSync(
      join(dir, "assay.yaml"),
      `project: { name: fleet-bench }
inventory:
  groups:
    tls: { type: endpoint, tags: [tls], connection: { ca: ca.pem, servername: localhost } }
    pg: { type: postgres, tags: [pii], connection: { host: 127.0.0.1, port: ${pg.port}, user: ${pg.superuser.user}, password: "\${env:PG_PASSWORD}", pool_max: 2 } }
    cfg: { type: file, tags: [app-config], connection: { path: app.yaml } }
  files:
    - { path: endpoints.csv, group: tls }
    - { path: databases.csv, group: pg }
    - configs.jsonl
run: { concurrency: 16, per_target_concurrency: 2, timeout_seconds: 60 }
`,
    );
    const rssFile = join(dir, "rss");
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      // GNU time reports the peak RSS (KiB) of the assay process it runs.
      const child = spawn(
        "/usr/bin/time",
        [
          "-f",
          "%M",
          "-o",
          rssFile,
          process.execPath,
          join(root, "bin/assay.js"),
          "run",
          "-p",
          join(dir, "assay.yaml"),
          "--quiet",
          "--fail-on",
          "none",
          ...(SELECT ? ["--targets", SELECT] : []),
        ],
        { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, PG_PASSWORD: pg.superuser.password } },
      );
      child.on("close", resolve);
    });
    const wall = performance.now() - t0;
    if (code !== 0 && code !== 4) throw new Error(`assay run exited ${code} at ${n} targets`);
    const evidence = join(dir, "evidence");
    const run = readdirSync(evidence)
      .filter((d) => /^\d{4}-/.test(d))
      .pop();
    const manifest = JSON.parse(readFileSync(join(evidence, run ?? "", "manifest.json"), "utf8")) as {
      recordCount: number;
    };
    const rssMb = Number(/(\d+)\s*$/.exec(readFileSync(rssFile, "utf8"))?.[1]) / 1024;
    return [
      {
        name: `${n} targets: wall time (exit ${code})`,
        value: Math.round(wall / 100) / 10,
        unit: "s",
        ...(n === 1000 ? { target: "< 30 s" } : {}),
      },
      {
        name: `${n} targets: peak RSS of assay run`,
        value: Math.round(rssMb),
        unit: "MB",
        ...(n === 1000 ? { target: "< 400 MB" } : {}),
      },
      {
        name: `${n} targets: ${manifest.recordCount} records`,
        value: Math.round(manifest.recordCount / (wall / 1000)),
        unit: "records/s",
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
