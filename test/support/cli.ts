/** @module The CLI as a process, for tests: from source (`assay`) or as installed (`assayBin`), and what a run left on disk. */
import { execFile, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the CLI from source (no build needed) in the repository root. */
export function assay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = 'import("./src/cli/main.ts").then((m) => m.main(process.argv))';
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "-e", entry, "assay", ...args],
      { cwd: root },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === "number" ? err.code : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `bin/assay.js` (the build) in `cwd` and waits: exit code, stdout and stderr apart. */
export function assayAt(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, "bin/assay.js"), ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `bin/assay.js` (the build) with `env` added and colours off; stdout and stderr as one text. */
export function assayBin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "bin/assay.js"), ...args], {
      env: { ...process.env, ...env, NO_COLOR: "1" },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 3, out }));
  });
}

/** `assay run` of the project in `dir` with every text report and debug logs: the widest output a run gives. */
export const runEverything = (dir: string): string[] => [
  "run",
  "-p",
  join(dir, "assay.yaml"),
  "--report",
  "html,json,md,junit,sarif,oscal",
  "--report-dir",
  join(dir, "reports"),
  "--log-level",
  "debug",
];

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Everything a run in `dir` produced (its output, evidence, reports), but the project file: where nothing secret may appear. */
export function everythingWritten(
  dir: string,
  out: string,
  encoding: BufferEncoding = "utf8",
): { readonly name: string; readonly text: string }[] {
  return [
    { name: "stdout+stderr", text: out },
    ...filesUnder(dir)
      .filter((f) => !f.endsWith("assay.yaml"))
      .map((f) => ({ name: f, text: readFileSync(f, encoding) })),
  ];
}
