/** @module `npm run bench`: runs every scenario (or those named on the command line) and prints figures. */
import type { Scenario } from "./harness.js";
import { apiCheck } from "./scenarios/api.js";
import { cliStartup } from "./scenarios/cli.js";
import { piiDiscovery } from "./scenarios/discovery.js";
import { evidenceStore } from "./scenarios/evidence.js";
import { fleetAudit } from "./scenarios/fleet.js";
import { fleetQueue } from "./scenarios/fleet-queue.js";
import { hashChain } from "./scenarios/hashchain.js";
import { reportRender } from "./scenarios/report.js";
import { tlsCheck } from "./scenarios/tls.js";

const scenarios: readonly Scenario[] = [
  cliStartup,
  evidenceStore,
  tlsCheck,
  apiCheck,
  reportRender,
  hashChain,
  piiDiscovery,
  fleetAudit,
  fleetQueue,
];

const wanted = process.argv.slice(2);
for (const s of scenarios) {
  if (wanted.length > 0 && !wanted.some((w) => s.name.includes(w))) continue;
  process.stdout.write(`\n## ${s.name}\n`);
  try {
    for (const f of await s.run()) {
      process.stdout.write(
        `  ${f.name.padEnd(48)} ${String(f.value).padStart(12)} ${f.unit}${f.target ? `   (target ${f.target})` : ""}\n`,
      );
    }
  } catch (err) {
    process.stdout.write(`  FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
