import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { PROBES } from "../../src/probes/registry.js";
import { paramsProblems } from "../../src/probes/params.js";
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

test("every probe declares privileges, no side effects, a closed params schema and known target types", () => {
  for (const p of PROBES.values()) {
    assert.ok(p.meta.privileges.length > 0, `${p.meta.id}: privileges`);
    assert.equal(p.meta.sideEffects, "none");
    assert.equal(
      (p.meta.params as { additionalProperties?: unknown }).additionalProperties,
      false,
      `${p.meta.id}: params must be closed`,
    );
    assert.doesNotThrow(() => paramsProblems(p, {}));
    for (const t of p.meta.targetTypes)
      assert.ok(Object.hasOwn(CONNECTORS, t), `${p.meta.id}: unknown target type ${t}`);
    for (const template of Object.values(p.meta.messages as Record<string, string>)) assert.ok(template.length > 0);
  }
});
