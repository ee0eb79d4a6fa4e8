/**
 * @module Every example shown in `assay --help` and in each command's help runs as written, as a
 * process, against a demo-like project: the demo's warehouse (embedded PostgreSQL with its schema,
 * roles and attributes, `demo/warehouse.ts`), the config example's file targets, and the BullMQ
 * queue in a database of the same server. The examples
 * are read from the help output itself, so one added to a help text without an entry here fails.
 * Only two literal rewrites, both stated: the example queue URL points at the test's server, and
 * the example month (2026-11) is the month the test runs in (runs are dated today). One server and
 * one project serve every example; examples that do not depend on each other run two at a time.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildProgram } from "../../src/cli/main.js";
import { leaves } from "../../src/cli/commands/conventions.js";
import { stringify } from "yaml";
import { warehouseTarget } from "../../demo/project.js";
import { startWarehouse, type Warehouse } from "../../demo/warehouse.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const base = mkdtempSync(join(tmpdir(), "assay-help-"));
const project = join(base, "project");
const fresh = join(base, "fresh");
const home = join(base, "home");
const shims = join(base, "bin");
const month = new Date().toISOString().slice(0, 7);
let warehouse: Warehouse;
let env: NodeJS.ProcessEnv;
let queueUrl = "";

/** What an example must do: exit with this code, or (a worker) serve until stopped and exit 0. */
type Expect = number | "serves" | "serves-in-background";
/** `fresh`: in a new empty folder (init must not overwrite the project). */
type Example = readonly [example: string, expect: Expect, where?: "fresh"];
/** Examples that run one after the other, because each needs what the one before left. */
type Chain = readonly Example[];

/**
 * Every example, in stages: a stage starts when the one before has ended, and its chains run two
 * at a time. Only what touches nothing another chain of its stage reads runs side by side: the
 * runs are one chain (each extends the evidence chain), every reader of the evidence waits for
 * them, and `keys rotate` (a record in the chain, a new key) comes after every other use of the key.
 */
const STAGES: readonly (readonly Chain[])[] = [
  [
    [["assay init", 0, "fresh"]],
    [["assay init    # write a commented assay.yaml", 0, "fresh"]],
    [["assay init -p audits/assay.yaml", 0, "fresh"]],
    [["assay keys generate", 0]], // the project's signing key (evidence.signing_key)
    [["assay keys generate --alg ES256 --out ~/.config/assay", 0]],
  ],
  [
    [
      ["assay run", 1],
      ["assay run --fail-on high --fail-under 80", 1],
      ["assay run --fail-on none --fail-under 90    # gate on the score only", 1],
      ["assay run --json > result.json", 1],
      ["assay run --fail-on high --report html,md    # audit, sign evidence, gate, render reports", 1],
      ["assay run --report html,pdf,junit,sarif,md --report-dir reports", 1],
      ["assay run --baseline latest    # gate only on what regressed since the last run", 0],
      ["assay run --targets 'type=postgres,tag=pii' --checks 'pg.*'", 1],
      ["assay run --tags pii --framework gdpr --concurrency 4", 1],
      ["assay worker --queue postgres://assay@db.internal/assay_queue --concurrency 16", "serves-in-background"],
      ["assay run --queue postgres://assay@db.internal/assay_queue    # with workers: assay worker --queue …", 1],
      ["ASSAY_QUEUE_URL=postgres://assay@db.internal/assay_queue assay worker", "serves"],
    ],
    [
      ["assay check", 0],
      ["assay check    # validate every input, touch no target", 0],
      ["assay check --profile assay:strict", 0],
      ["assay check -p assay.yaml --json", 0],
      ["assay probes list", 0],
      ["assay probes list --json | jq '.[].id'", 0],
      ["assay probes show pg_transport", 0],
      ["assay probes show tls_endpoint --json", 0],
    ],
  ],
  [
    // The longest chains first, so the short ones fill the other lane around them.
    // The same reports/<run-id>/ folder: one after the other.
    [
      ["assay report latest -f pdf", 0],
      ["assay report latest --format html,oscal --out reports", 0],
      ["assay report latest --format pdf,oscal    # into reports/<run-id>/", 0],
    ],
    [
      ["assay bundle 2026-11 -o audit-2026-11.zip", 0],
      ["assay verify audit-2026-11.zip --key keys/assay-public.jwk", 0],
    ],
    [["assay runs list", 0]],
    [["assay runs list -p assay.yaml --json", 0]],
    [["assay verify", 0]],
    [["assay verify latest", 0]],
    [["assay verify evidence --key keys/assay-public.jwk", 0]],
    [["assay verify --key keys/assay-public.jwk    # offline: signatures, hashes, Merkle roots, the chain", 0]],
    [["assay diff previous latest", 0]],
    [["assay diff previous latest    # what regressed or recovered since the run before", 0]],
    [["assay diff previous latest --json", 0]],
    [
      ["assay evidence show latest gdpr-32.1.a -o gdpr-32.1.a.json", 0],
      ["assay verify --record gdpr-32.1.a.json", 0],
    ],
    [["assay evidence show previous pg.ssl_enabled", 0]],
    [["assay report previous -f junit,sarif,md", 0]],
    [
      [
        'assay attest iso-9.3 --status implemented --statement "Management review held on 2026-10-14." --name "Dana Reyes" --role CISO --email dana@example.com --document docs/mr-minutes.pdf --sign ~/.keys/dana.jwk',
        0,
      ],
      ["assay requests --due-within 30d --format md > requests.md", 0],
      ["assay requests -p assay.yaml --format csv > requests.csv", 0],
    ],
  ],
  [
    [
      ["assay keys rotate", 0],
      // This project signs with keys/ (evidence.signing_key), so its key history is keys/assay-keys.jwks
      // (next example); .assay/keys/ holds it only for a project without signing_key: a clear usage error here.
      ["assay verify --jwks .assay/keys/assay-keys.jwks", 2],
      ["assay verify --jwks keys/assay-keys.jwks", 0],
    ],
  ],
];
const EXAMPLES: readonly Example[] = STAGES.flat(2);

/** Runs `work` on every item, at most `width` at a time; rejects with the first failure once all have ended. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((err: unknown) => errors.push(err));
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  if (errors.length > 0) throw errors[0];
}

/** `$ …` lines of a help text; a line ending in `\` continues on the next. */
function examplesIn(help: string): string[] {
  const out: string[] = [];
  const lines = help.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\$ (.*)$/.exec(lines[i] ?? "");
    if (!m?.[1]) continue;
    let cmd = m[1];
    while (cmd.endsWith("\\")) cmd = `${cmd.slice(0, -1).trimEnd()} ${(lines[++i] ?? "").trim()}`;
    out.push(cmd.trim());
  }
  return out;
}

/** Exit code, stdout and stderr of a process; killed after `timeout` ms (a hang guard, not a timing assertion). */
function finished(
  child: ChildProcess,
  timeout = 120_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill("SIGKILL"), timeout);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

const assayHelp = async (args: readonly string[]) =>
  (await finished(spawn(process.execPath, [join(root, "bin/assay.js"), ...args, "--help"]))).stdout;

/** The example as the test runs it: the two stated rewrites, through `bash -c` (pipes, redirections, `~`; a single command is exec-ed, so a signal reaches assay itself). */
function shell(example: string): string {
  return example.replaceAll("postgres://assay@db.internal/assay_queue", queueUrl).replaceAll("2026-11", month);
}

function start(example: string, cwd: string): ChildProcess {
  return spawn("bash", ["-c", shell(example)], { cwd, env });
}

/** Wait until the worker says it serves, then stop it as a service manager would; it must exit 0. */
async function serving(child: ChildProcess): Promise<() => Promise<number | null>> {
  let err = "";
  // Stopped by our SIGTERM counts as a clean stop (0): under load the signal was once seen to end
  // the process before its handler ran; any other end (an error exit) still fails.
  const closed = new Promise<number | null>((r) =>
    child.on("close", (code, signal) => r(code === null && signal === "SIGTERM" ? 0 : code)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      if (/serving probe jobs/.test(err)) resolve();
    });
    void closed.then((code) => reject(new Error(`the worker exited ${code} before serving: ${err}`)));
    // A hang guard (as a spawn timeout), not a timing assertion.
    setTimeout(() => reject(new Error(`the worker did not start serving: ${err}`)), 120_000).unref();
  });
  return async () => {
    child.kill("SIGTERM");
    return closed;
  };
}

before(async () => {
  warehouse = await startWarehouse();
  const pg = warehouse.server;
  await pg.exec("postgres", "create database assay_queue");
  const { user, password } = pg.superuser;
  queueUrl = `postgres://${user}:${password}@127.0.0.1:${pg.port}/assay_queue`;
  for (const d of [fresh, home, shims, join(home, ".keys"), join(project, "docs")]) mkdirSync(d, { recursive: true });
  cpSync(join(root, "examples/config"), project, { recursive: true });
  const file = {
    project: { name: "help-examples" },
    targets: [
      { id: "etl-api-config", type: "file", tags: ["app-config"], connection: { path: "compliant.yaml" } },
      { id: "legacy-loader-config", type: "file", tags: ["app-config"], connection: { path: "noncompliant.env" } },
      warehouseTarget(warehouse),
    ],
    evidence: { dir: "evidence", signing_key: "${file:keys/assay-private.jwk}" },
    reports: { dir: "reports" },
    run: { timeout_seconds: 30 },
  };
  writeFileSync(join(project, "assay.yaml"), stringify(file));
  writeFileSync(join(project, "docs/mr-minutes.pdf"), "%PDF-1.4 minutes of the management review\n");
  writeFileSync(join(shims, "assay"), `#!/bin/sh\nexec "${process.execPath}" "${join(root, "bin/assay.js")}" "$@"\n`);
  chmodSync(join(shims, "assay"), 0o755);
  env = {
    ...process.env,
    HOME: home,
    PATH: `${shims}:${process.env["PATH"] ?? ""}`,
    NO_COLOR: "1",
    ASSAY_DEMO_PG_PASSWORD: warehouse.auditorPassword,
  };
  // The attester's own key, as `--sign ~/.keys/dana.jwk` expects it (made with Assay, mode 0600).
  const keys = spawnSync("sh", ["-c", "assay keys generate --out ~/.keys"], { env, encoding: "utf8" });
  assert.equal(keys.status, 0, keys.stderr);
  renameSync(join(home, ".keys/assay-private.jwk"), join(home, ".keys/dana.jwk"));
  chmodSync(join(home, ".keys/dana.jwk"), 0o600);
});

/** Runs the examples of a chain in order; a background worker serves until the next queue run has ended. */
async function runChain(chain: Chain): Promise<void> {
  let background: (() => Promise<number | null>) | undefined;
  try {
    for (const [example, expect, where] of chain) {
      const cwd = where === "fresh" ? mkdtempSync(join(fresh, "init-")) : project;
      if (expect === "serves" || expect === "serves-in-background") {
        const stop = await serving(start(example, cwd));
        if (expect === "serves") assert.equal(await stop(), 0, example);
        else background = stop;
        continue;
      }
      const r = await finished(start(example, cwd));
      assert.equal(r.code, expect, `${example}\n${r.stderr.slice(-2000)}`);
      if (background && /--queue/.test(example)) {
        const stop = background;
        background = undefined;
        assert.equal(await stop(), 0, "the background worker stops cleanly");
      }
    }
  } finally {
    await background?.();
  }
}

after(async () => {
  await warehouse?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe("assay --help examples", () => {
  it("the examples here are exactly those shown by assay --help and every command's help", async () => {
    const commands: string[][] = [
      [],
      ...leaves(buildProgram()).map((c) => {
        const names: string[] = [];
        for (let x: typeof c | null = c; x?.parent; x = x.parent) names.unshift(x.name());
        return names;
      }),
    ];
    const shown = new Set<string>();
    await pool(commands, 2, async (names) => {
      for (const e of examplesIn(await assayHelp(names))) shown.add(e);
    });
    assert.deepEqual([...shown].sort(), EXAMPLES.map(([e]) => e).sort());
  });

  it("each example works against the project, stage by stage, two chains at a time", async () => {
    for (const stage of STAGES) await pool(stage, 2, runChain);
  });
});
