/** @module Runs the CLI from source (no build needed) in the repository root, as test/cli does. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

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
