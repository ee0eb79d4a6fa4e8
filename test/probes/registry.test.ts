import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { PROBES } from "../../src/probes/registry.js";
import { conventionProblems } from "../../src/probes/tester.js";
import { CONNECTORS } from "../../src/targets/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const probeDir = join(root, "src/probes");
/** Folders under src/probes/ that hold shared code, not a probe. */
const NOT_PROBES = new Set(["shared"]);

test("every probe folder is in the registry under its folder name, and nothing else is", () => {
  const folders = readdirSync(probeDir)
    .filter((f) => statSync(join(probeDir, f)).isDirectory() && !NOT_PROBES.has(f))
    .sort();
  assert.deepEqual([...PROBES.keys()].sort(), folders);
});

test("every probe is documented under docs/probes/ with a heading naming it", () => {
  const docs = readdirSync(join(root, "docs/probes"))
    .map((f) => readFileSync(join(root, "docs/probes", f), "utf8"))
    .join("\n");
  for (const id of PROBES.keys())
    assert.match(docs, new RegExp(`^#+ .*\`${id}\``, "m"), `docs/probes has no heading for \`${id}\``);
});

test("every probe follows the probe convention and names known target types", () => {
  for (const p of PROBES.values()) {
    assert.deepEqual(conventionProblems(p), []);
    for (const t of p.meta.targetTypes)
      assert.ok(Object.hasOwn(CONNECTORS, t), `${p.meta.id}: unknown target type ${t}`);
  }
});
