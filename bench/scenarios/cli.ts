/** @module CLI start-up: `assay --version` and `assay check` on the shipped catalogs, as processes. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { interleavedMedianMs, type Scenario } from "../harness.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = `${root}bin/assay.js`;

export const cliStartup: Scenario = {
  name: "cli startup",
  async run() {
    // Interleaved: node, --version, check, node, --version, check… (15 rounds).
    const [node = 0, version = 0, check = 0] = await interleavedMedianMs(15, [
      () => run(process.execPath, ["-e", "0"]),
      () => run(process.execPath, [bin, "--version"]),
      () => run(process.execPath, [bin, "check", "-p", `${root}examples/config/assay.yaml`]),
    ]);
    return [
      { name: "node -e 0 (reference, median of 15)", value: node, unit: "ms" },
      { name: "assay --version (median of 15)", value: version, unit: "ms", target: "< 150 ms" },
      { name: "assay check, full catalogs (median of 15)", value: check, unit: "ms", target: "< 500 ms" },
      // Ratios measured in the same run, so a busy machine slows both sides alike (issue 14).
      { name: "assay --version / node -e 0", value: version / node, unit: "x", target: "<= 1.2" },
      { name: "assay check / node -e 0", value: check / node, unit: "x", target: "<= 2" },
    ];
  },
};
